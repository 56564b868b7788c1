import { useSyncExternalStore } from 'react';

/**
 * The analyst's agency token for the console (/analysis): typed or pasted by the analyst, kept in this tab's
 * sessionStorage (gone when the tab closes; never in a URL, the page or the bundle) and sent only as the
 * Authorization header. Without storage (private mode, a policy) it lasts as long as the page.
 */
export const ANALYST_TOKEN_KEY = 'jjj-hub.analysis.token';

let memoryToken: string | null = null;
const listeners = new Set<() => void>();

function readStored(): string | null {
  try {
    return window.sessionStorage.getItem(ANALYST_TOKEN_KEY);
  } catch {
    return memoryToken;
  }
}

function writeStored(token: string | null): void {
  memoryToken = token;
  try {
    if (token) window.sessionStorage.setItem(ANALYST_TOKEN_KEY, token);
    else window.sessionStorage.removeItem(ANALYST_TOKEN_KEY);
  } catch {
    // storage off: the in-memory copy serves
  }
  for (const listener of listeners) listener();
}

/** The token as typed, without a leading "Bearer " and surrounding space. */
export function normaliseToken(input: string): string {
  return input.trim().replace(/^Bearer\s+/i, '').trim();
}

export const setAnalystToken = (token: string): void => writeStored(normaliseToken(token) || null);
export const clearAnalystToken = (): void => writeStored(null);

export function useAnalystToken(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    readStored,
  );
}

export interface TokenClaims {
  kind: 'agency' | 'public' | 'unknown';
  agency: string | null;
  agencyName: string | null;
  /** Milliseconds since the epoch, when the token says. */
  expiresAtMs: number | null;
}

/** What the token says about itself (read, not verified: the gateway verifies it), for the status line. */
export function readTokenClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (character) => character.charCodeAt(0));
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { kind?: unknown; agency?: unknown; agencyName?: unknown; exp?: unknown };
    return {
      kind: json.kind === 'public' || json.kind === 'agency' ? json.kind : 'unknown',
      agency: typeof json.agency === 'string' ? json.agency : null,
      agencyName: typeof json.agencyName === 'string' ? json.agencyName : null,
      expiresAtMs: typeof json.exp === 'number' ? json.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}
