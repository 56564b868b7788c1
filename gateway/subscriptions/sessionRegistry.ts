import type { Identity } from '../../platform/identity';

/** The close code of a WebSocket whose token expired or was revoked: authenticate again, then resume by cursor. */
export const SESSION_ENDED_CLOSE_CODE = 4403;
export const TOKEN_EXPIRED_REASON = 'Forbidden: token expired; connect with a new token and resume from your last cursor';
export const TOKEN_REVOKED_REASON = 'Forbidden: token revoked; connect with a new token and resume from your last cursor';

/** setTimeout's longest delay (about 24.8 days); a later expiry re-arms the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One authenticated WebSocket connection as the registry holds it. */
export interface Session {
  readonly identity: Identity;
  /** Whether its token has expired (the expiry timer may not have fired yet on a busy event loop). */
  readonly expired: boolean;
  /** Closes the connection with 4403 and the expiry reason (for a message that arrives after the expiry). */
  closeExpired(): void;
  /** Forgets the session and its timer (the connection closed). */
  end(): void;
}

interface Entry {
  identity: Identity;
  close: (code: number, reason: string) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The gateway's open, authenticated WebSocket connections, each with the token it authenticated with: a
 * connection is closed with 4403 when its token expires (a timer per connection, cleared when it closes), and
 * `closeRevoked` closes those whose token id (`jti`) has been revoked.
 */
export class SessionRegistry {
  private readonly entries = new Set<Entry>();

  /** Open authenticated connections. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers an authenticated connection; `close` closes it (called at most once, by the registry). A token
   * that expires while the connection is open closes it with 4403.
   */
  open(identity: Identity, close: (code: number, reason: string) => void): Session {
    const entry: Entry = { identity, close, timer: undefined };
    this.entries.add(entry);
    const expiresAtMs = identity.session ? identity.session.expiresAtSeconds * 1000 : Number.POSITIVE_INFINITY;
    const arm = () => {
      const remainingMs = expiresAtMs - Date.now();
      if (remainingMs <= 0) {
        this.closeEntry(entry, TOKEN_EXPIRED_REASON);
        return;
      }
      entry.timer = setTimeout(arm, Math.min(remainingMs, MAX_TIMER_MS));
      entry.timer.unref();
    };
    if (Number.isFinite(expiresAtMs)) arm();
    const registry = this;
    return {
      identity,
      get expired() {
        return Date.now() >= expiresAtMs;
      },
      closeExpired: () => registry.closeEntry(entry, TOKEN_EXPIRED_REASON),
      end: () => registry.forget(entry),
    };
  }

  /**
   * Closes, with 4403 "token revoked", every open connection whose token id `isRevoked` names; returns how many
   * were closed. Connections whose token carries no id (`jti`) cannot be named and stay open until they expire.
   */
  closeRevoked(isRevoked: (tokenId: string) => boolean): number {
    let closed = 0;
    for (const entry of [...this.entries]) {
      const tokenId = entry.identity.session?.tokenId;
      if (!tokenId || !isRevoked(tokenId)) continue;
      this.closeEntry(entry, TOKEN_REVOKED_REASON);
      closed += 1;
    }
    return closed;
  }

  private closeEntry(entry: Entry, reason: string): void {
    if (!this.entries.has(entry)) return;
    this.forget(entry);
    entry.close(SESSION_ENDED_CLOSE_CODE, reason);
  }

  private forget(entry: Entry): void {
    clearTimeout(entry.timer);
    this.entries.delete(entry);
  }
}

const registries = new WeakMap<object, SessionRegistry>();

/** The session registry `attachSubscriptions` uses for this WebSocket server (RunningGateway.webSocketServer). */
export function sessionRegistryOf(webSocketServer: object): SessionRegistry {
  const registry = registries.get(webSocketServer);
  if (!registry) throw new Error('this WebSocket server was not set up by attachSubscriptions');
  return registry;
}

export function registerSessionRegistry(webSocketServer: object, registry: SessionRegistry): void {
  registries.set(webSocketServer, registry);
}
