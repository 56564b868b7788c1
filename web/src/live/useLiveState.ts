import { useRef, useSyncExternalStore } from 'react';
import { useLiveConnection } from '../api/services';
import type { LiveState } from '../api/liveConnection';

/** The live connection's state, and whether it has ever been open (to tell 正在连接 from 正在重连). */
export function useLiveState(): { state: LiveState; everOpen: boolean } {
  const connection = useLiveConnection();
  const state = useSyncExternalStore(connection.onStateChange, connection.currentState);
  const everOpen = useRef(false);
  if (state === 'open') everOpen.current = true;
  return { state, everOpen: everOpen.current };
}
