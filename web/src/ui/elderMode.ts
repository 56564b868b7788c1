import { useCallback, useState } from 'react';

/** 适老化模式: larger text and controls, remembered on this device. */
const STORAGE_KEY = 'jjj.elderMode';
const ROOT_CLASS = 'elder-mode';

function readStoredElderMode(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function applyElderMode(enabled: boolean): void {
  document.documentElement.classList.toggle(ROOT_CLASS, enabled);
}

/** Called before the first render, so the page never flashes at the smaller size. */
export function applyStoredElderMode(): void {
  applyElderMode(readStoredElderMode());
}

export function useElderMode(): [boolean, () => void] {
  const [enabled, setEnabled] = useState(readStoredElderMode);
  const toggle = useCallback(() => {
    setEnabled((current) => {
      const next = !current;
      applyElderMode(next);
      try {
        window.localStorage.setItem(STORAGE_KEY, next ? 'on' : 'off');
      } catch {
        // not remembered, still applied
      }
      return next;
    });
  }, []);
  return [enabled, toggle];
}
