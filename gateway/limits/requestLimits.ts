import { createHash } from 'node:crypto';
import { getOperationAST, GraphQLError, parse, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CallerLimits, LimitedCallerKind } from '../../platform/config';
import type { Identity } from '../../platform/identity';
import { callerMayRead } from '../../contract';
import { measureOperation, type OperationMeasure, type PricingModel } from './operationAnalysis';
import { TokenBuckets } from './tokenBuckets';
import { checkTrusted } from './trustedDocuments';

/** Why a request was refused before it ran (the `reason` label of jjj_gateway_rejected_requests_total). */
export type RefusalReason = 'rate' | 'concurrency' | 'sockets' | 'subscriptions' | 'tokens' | 'aliases' | 'directives' | 'depth' | 'cost' | 'exports';

const callerNoun = (identity: Identity) => (identity.kind === 'public' ? 'public token' : 'agency');

export class RequestRefusal extends GraphQLError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    code: string,
    status: number,
    extensions: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    super(message, { extensions: { code, reason, ...extensions, http: { status, headers: new Map(Object.entries(headers)) } } });
  }
}

/** Documents whose parse outcome is remembered (by text); a document over the token limit is remembered as such. */
const MAX_REMEMBERED_DOCUMENTS = 1000;
const MAX_REMEMBERED_TEXT = 64 * 1024;
/** Measures remembered per document (one per caller kind, operation name and values of the variables the measure reads). */
const MEASURES_PER_DOCUMENT = 50;

/** A document as parsed once, its measures, and per caller kind and operation the variables its measure reads. */
interface RememberedDocument {
  outcome: ParseOutcome;
  measures: LRUCache<string, OperationMeasure>;
  variablesRead: Map<string, string[]>;
}

type ParseOutcome = { document: DocumentNode } | { tooManyTokens: true } | { syntaxError: true };

/**
 * The limits a request meets before anything else runs (before Apollo's validation and query planning): the
 * caller's rate and concurrency, then the document's size in tokens, its aliases, directives, depth and cost as
 * the contract prices it. Each kind of caller has its row in CALLER_LIMITS; the service identity has none.
 */
export class RequestLimits {
  private readonly buckets: TokenBuckets;
  private readonly running = new Map<string, number>();
  private readonly sockets = new Map<string, number>();
  private readonly exports = new Map<string, number>();
  private readonly documents = new LRUCache<string, RememberedDocument>({ max: MAX_REMEMBERED_DOCUMENTS });

  constructor(
    private readonly model: PricingModel,
    private readonly table: Readonly<Record<LimitedCallerKind, CallerLimits>>,
    /** Operation hashes the public kind is limited to (trusted documents); null: any operation. */
    private readonly trustedForPublic: ReadonlySet<string> | null = null,
    /** The rate buckets: this process's own, or shared by all gateway processes (SharedTokenBuckets). */
    buckets: TokenBuckets = new TokenBuckets(),
  ) {
    this.buckets = buckets;
  }

  limitsFor(identity: Identity): CallerLimits | null {
    return identity.kind === 'service' ? null : this.table[identity.kind];
  }

  /**
   * Whom the limits count against: an agency (each district bureau its own), or one issued public token (a page
   * that renews its token starts a new bucket, and issuing tokens is itself limited per client address).
   */
  callerKey(identity: Identity, token: string | undefined): string {
    if (identity.kind === 'public') return `public:${createHash('sha256').update(token ?? '').digest('base64url').slice(0, 22)}`;
    return `${identity.kind}:${identity.agency}`;
  }

  /** Rate and concurrency: returns the release to call when the request ends, or throws a 429 refusal. */
  admit(identity: Identity, key: string): () => void {
    const limits = this.limitsFor(identity);
    if (!limits) return () => undefined;
    this.takeRate(identity, key);
    const releaseCaller = this.occupy(this.running, key, limits.maxConcurrentRequests, () =>
      new RequestRefusal('concurrency', `Too many requests at once: at most ${limits.maxConcurrentRequests} may run together for this ${callerNoun(identity)}`, 'RATE_LIMITED', 429, { retryAfterSeconds: 1, limit: limits.maxConcurrentRequests }, { 'retry-after': '1' }),
    );
    try {
      const releaseKind = this.occupy(this.running, `kind:${identity.kind}`, limits.maxConcurrentRequestsOfKind, () =>
        new RequestRefusal('concurrency', `Too many ${identity.kind === 'public' ? 'public ' : ''}requests at once on this gateway (at most ${limits.maxConcurrentRequestsOfKind}); retry shortly`, 'RATE_LIMITED', 429, { retryAfterSeconds: 1, limit: limits.maxConcurrentRequestsOfKind }, { 'retry-after': '1' }),
      );
      return () => {
        releaseKind();
        releaseCaller();
      };
    } catch (refusal) {
      releaseCaller();
      throw refusal;
    }
  }

  /** One request's share of the caller's rate (an operation sent over a WebSocket takes one as well). */
  takeRate(identity: Identity, key: string): void {
    const limits = this.limitsFor(identity);
    if (!limits) return;
    const taken = this.buckets.take(key, limits.rate.burst, limits.rate.perSecond);
    if (taken.ok) return;
    const retry = Number.isFinite(taken.retryAfterSeconds) ? taken.retryAfterSeconds : 3600;
    throw new RequestRefusal('rate', `Too many requests: at most ${limits.rate.burst} at once and ${limits.rate.perSecond} a second for this ${callerNoun(identity)}; retry in ${retry} s`, 'RATE_LIMITED', 429, { retryAfterSeconds: retry, limit: limits.rate }, { 'retry-after': String(retry) });
  }

  /** An open WebSocket of the caller: returns its release, or throws when the caller has its maximum open. */
  openSocket(identity: Identity, key: string): () => void {
    const limits = this.limitsFor(identity);
    if (!limits) return () => undefined;
    return this.occupy(this.sockets, key, limits.maxSockets, () =>
      new RequestRefusal('sockets', `Too many connections: at most ${limits.maxSockets} WebSockets may be open for this ${callerNoun(identity)}`, 'RATE_LIMITED', 429, { limit: limits.maxSockets }),
    );
  }

  /** A running bulk export of the caller: returns its release, or throws when the caller has its maximum running. */
  openExport(identity: Identity, key: string): () => void {
    const limits = this.limitsFor(identity);
    if (!limits) return () => undefined;
    return this.occupy(this.exports, key, limits.maxConcurrentExports, () =>
      new RequestRefusal('exports', `Too many exports at once: at most ${limits.maxConcurrentExports} may run together for this ${callerNoun(identity)}; wait for the running one to finish`, 'RATE_LIMITED', 429, { retryAfterSeconds: 5, limit: limits.maxConcurrentExports }, { 'retry-after': '5' }),
    );
  }

  /**
   * Takes one request of the caller's rate for a page of a bulk export (contract/cost.ts), waiting for the bucket to
   * refill rather than failing; rejects when `signal` aborts meanwhile.
   */
  async takeRateWaiting(identity: Identity, key: string, signal: AbortSignal): Promise<void> {
    const limits = this.limitsFor(identity);
    if (!limits) return;
    for (;;) {
      signal.throwIfAborted();
      const taken = this.buckets.take(key, limits.rate.burst, limits.rate.perSecond);
      if (taken.ok) return;
      const waitMs = Number.isFinite(taken.retryAfterSeconds) ? Math.min(taken.retryAfterSeconds, 5) * 1000 : 5000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Refuses one more subscription on a socket that already holds `open`. */
  checkSubscriptionsPerSocket(identity: Identity, open: number): void {
    const limits = this.limitsFor(identity);
    if (limits && open >= limits.maxSubscriptionsPerSocket) {
      throw new RequestRefusal('subscriptions', `Too many subscriptions on this connection: at most ${limits.maxSubscriptionsPerSocket}`, 'RATE_LIMITED', 429, { limit: limits.maxSubscriptionsPerSocket });
    }
  }

  private occupy(counts: Map<string, number>, key: string, max: number, refusal: () => RequestRefusal): () => void {
    const count = counts.get(key) ?? 0;
    if (count >= max) throw refusal();
    counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (counts.get(key) ?? 1) - 1;
      if (left <= 0) counts.delete(key);
      else counts.set(key, left);
    };
  }

  /**
   * The document's limits. Returns the measure of the operation that will run, or null when the document does
   * not parse or names no operation (Apollo then reports that as usual). Throws a 400 refusal over a limit.
   */
  check(identity: Identity, query: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): OperationMeasure | null {
    const limits = this.limitsFor(identity);
    const remembered = this.parsed(query, limits?.maxTokens);
    const { outcome } = remembered;
    if ('tooManyTokens' in outcome) {
      throw new RequestRefusal('tokens', `Query too complex: more than ${limits!.maxTokens} tokens`, 'QUERY_TOO_COMPLEX', 400, { limit: limits!.maxTokens });
    }
    if ('syntaxError' in outcome) return null;
    const operation = getOperationAST(outcome.document, operationName ?? undefined);
    if (!operation) return null;
    if (this.trustedForPublic && identity.kind === 'public') checkTrusted(this.trustedForPublic, outcome.document, operation);
    // Measures depend on what the caller may read (fields it may not are priced as refusals).
    // Only the variables the measure reads (page sizes, region filters, groupBy) tell measures apart: a by-ID query
    // asked for a thousand IDs, or a subscription resumed from a thousand cursors, is measured once.
    const operationKey = `${identity.kind}\u0000${operationName ?? ''}`;
    const read = remembered.variablesRead.get(operationKey);
    const measureKey = read ? `${operationKey}\u0000${JSON.stringify(read.map((name) => variables?.[name] ?? null))}` : undefined;
    let measure = measureKey === undefined ? undefined : remembered.measures.get(measureKey);
    if (!measure) {
      const variablesRead = new Set<string>();
      measure = measureOperation(this.model, outcome.document, operation, variables ?? {}, (entity) => callerMayRead(identity, entity), variablesRead);
      const names = [...variablesRead].sort();
      remembered.variablesRead.set(operationKey, names);
      const key = `${operationKey}\u0000${JSON.stringify(names.map((name) => variables?.[name] ?? null))}`;
      if (key.length <= MAX_REMEMBERED_TEXT) remembered.measures.set(key, measure);
    }
    if (!limits) return measure;
    if (measure.aliases > limits.maxAliases) {
      throw new RequestRefusal('aliases', `Query too complex: ${measure.aliases} aliased fields (fragments expanded), the limit is ${limits.maxAliases}`, 'QUERY_TOO_COMPLEX', 400, { limit: limits.maxAliases, aliases: measure.aliases });
    }
    if (measure.directives > limits.maxDirectives) {
      throw new RequestRefusal('directives', `Query too complex: ${measure.directives} directives (fragments expanded), the limit is ${limits.maxDirectives}`, 'QUERY_TOO_COMPLEX', 400, { limit: limits.maxDirectives, directives: measure.directives });
    }
    if (measure.depth > limits.maxDepth) {
      throw new RequestRefusal('depth', `Query depth ${measure.depth} exceeds the limit of ${limits.maxDepth} by ${measure.depth - limits.maxDepth}`, 'QUERY_TOO_DEEP', 400, { limit: limits.maxDepth, depth: measure.depth });
    }
    // Not `>`: a cost that is not a number (a pricing bug) must not pass as cheap.
    if (!(measure.cost.total <= limits.maxCost)) {
      const { total, ...parts } = measure.cost;
      throw new RequestRefusal(
        'cost',
        `Query cost ${total} exceeds the limit of ${limits.maxCost} by ${total - limits.maxCost}; ask for smaller pages, fewer regions, statistics or nested lists`,
        'QUERY_TOO_COSTLY',
        400,
        { limit: limits.maxCost, cost: total, costParts: parts },
      );
    }
    return measure;
  }

  private parsed(query: string, maxTokens: number | undefined): RememberedDocument {
    const cacheKey = `${maxTokens ?? 'any'}\u0000${query}`;
    const known = this.documents.get(cacheKey);
    if (known) return known;
    let outcome: ParseOutcome;
    try {
      const document = parse(query, { noLocation: true, ...(maxTokens ? { maxTokens } : {}) });
      outcome = { document };
    } catch (error) {
      outcome = /contains more th\w+ \d+ tokens/i.test((error as Error).message) ? { tooManyTokens: true } : { syntaxError: true };
    }
    const entry: RememberedDocument = { outcome, measures: new LRUCache<string, OperationMeasure>({ max: MEASURES_PER_DOCUMENT }), variablesRead: new Map() };
    if (query.length <= MAX_REMEMBERED_TEXT) this.documents.set(cacheKey, entry);
    return entry;
  }
}
