import { useElderMode } from './elderMode';

export function ElderModeToggle() {
  const [enabled, toggle] = useElderMode();
  return (
    <button type="button" className="elder-toggle" data-testid="elder-toggle" aria-pressed={enabled} onClick={toggle}>
      <span aria-hidden="true" className="elder-toggle-icon">
        {enabled ? '大' : 'A'}
      </span>
      适老化模式
    </button>
  );
}
