/**
 * The page's short-lived public token from `POST /public-token`, never stored in the page or the bundle.
 * It is renewed at 70 % of its lifetime (measured on this machine's clock, so a skewed clock does not matter);
 * listeners hear of every renewal so the live connection can reconnect with the new token.
 */

interface IssuedToken {
  token: string;
  renewAtMs: number;
  expiresAtMs: number;
}

interface TokenResponse {
  token?: unknown;
  expiresInSeconds?: unknown;
  retryAfterSeconds?: unknown;
}

const RENEW_AT_FRACTION = 0.7;
/** A token this close to its end is not handed out any more. */
const EXPIRY_MARGIN_MS = 1_000;
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

class TokenRequestError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class PublicTokenSource {
  private issued: IssuedToken | null = null;
  private pendingRenewal: Promise<IssuedToken> | null = null;
  private renewalTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly renewalListeners = new Set<() => void>();

  constructor(private readonly endpoint = '/public-token') {
    // Timers of a background tab may fire late: catch up as soon as the reader comes back.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.issued && Date.now() >= this.issued.renewAtMs) void this.renew();
    });
  }

  /** A token valid now, waiting for one only when there is none that is still valid. */
  async bearer(): Promise<string> {
    const issued = this.issued;
    if (issued && Date.now() < issued.expiresAtMs - EXPIRY_MARGIN_MS) {
      if (Date.now() >= issued.renewAtMs) void this.renew();
      return issued.token;
    }
    return (await this.renew()).token;
  }

  /** Fetches a new token (one request at a time, retried until it succeeds). */
  renew(): Promise<IssuedToken> {
    this.pendingRenewal ??= this.fetchUntilIssued().finally(() => {
      this.pendingRenewal = null;
    });
    return this.pendingRenewal;
  }

  /** Called after each renewal that replaced an earlier token. */
  onRenewed(listener: () => void): () => void {
    this.renewalListeners.add(listener);
    return () => this.renewalListeners.delete(listener);
  }

  private async fetchUntilIssued(): Promise<IssuedToken> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const issued = await this.requestToken();
        const replaced = this.issued !== null;
        this.issued = issued;
        this.scheduleRenewal(issued);
        if (replaced) for (const listener of this.renewalListeners) listener();
        return issued;
      } catch (error) {
        const retryAfterMs = error instanceof TokenRequestError ? error.retryAfterMs : null;
        await wait(retryAfterMs ?? RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!);
      }
    }
  }

  private async requestToken(): Promise<IssuedToken> {
    const requestedAt = Date.now();
    const response = await fetch(this.endpoint, { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (response.status === 429) {
      const seconds = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : Number(response.headers.get('retry-after') ?? 5);
      throw new TokenRequestError('public token rate-limited', Math.max(1, seconds) * 1000);
    }
    if (!response.ok || typeof body.token !== 'string' || typeof body.expiresInSeconds !== 'number' || body.expiresInSeconds <= 0) {
      throw new TokenRequestError(`public token request failed (HTTP ${response.status})`, null);
    }
    const lifetimeMs = body.expiresInSeconds * 1000;
    return { token: body.token, renewAtMs: requestedAt + lifetimeMs * RENEW_AT_FRACTION, expiresAtMs: requestedAt + lifetimeMs };
  }

  private scheduleRenewal(issued: IssuedToken): void {
    clearTimeout(this.renewalTimer);
    this.renewalTimer = setTimeout(() => void this.renew(), Math.max(0, issued.renewAtMs - Date.now()));
  }
}
