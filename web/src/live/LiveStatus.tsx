import { useLiveState } from './useLiveState';

export function LiveStatus() {
  const { state, everOpen } = useLiveState();
  const text = state === 'open' ? '实时连接中' : everOpen ? '已断开，正在重连…' : '正在连接实时推送…';
  return (
    <p className="live-status" data-testid="live-status" data-state={state} role="status">
      <span className="live-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
