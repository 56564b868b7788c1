/**
 * Sends a fuzz request (operationArbitrary.ts) to a running hub and judges the answer (a helper of the fuzz test and
 * `npm run bench fuzz`, not a test). What every answer must be: an HTTP status below 500, a JSON body, every error
 * with a string `extensions.code` that is not INTERNAL_SERVER_ERROR, no stack trace or file path in any message, no
 * REGION_UNAVAILABLE while every region is up (unless the gateway says it was overloaded); over the WebSocket, no
 * error without a code and no close for an internal error or a dropped connection.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DEVELOPMENT_AGENCIES, DISTRICT_AGENCIES, PUBLIC_IDENTITY } from '../../platform/agencies';
import { signClientToken, type Identity } from '../../platform/identity';
import type { RegionCode } from '../../kernel';
import type { FuzzCaller, FuzzGateway, FuzzRequest, SignedVariant } from './operationArbitrary';

/** A running hub to fuzz: its gateways' /graphql URLs and what makes tokens for them. */
export interface FuzzTarget {
  gateways: Record<FuzzGateway, string>;
  jwtSecret: string;
  /** Tokens of the development identities (BJ, TJ, HE, PUBLIC), made once for the run. */
  tokens: Record<'BJ' | 'TJ' | 'HE' | 'PUBLIC', string>;
}

/** What came back, for statistics: HTTP statuses (or `ws`) and error codes. */
export interface FuzzOutcome {
  statuses: string[];
  codes: string[];
  /** Everything the answer broke; empty when it was fine. */
  problems: string[];
}

const REQUEST_TIMEOUT_MS = 10_000;
const SUBSCRIPTION_WAIT_MS = 250;
const OPERATION_WAIT_MS = 5_000;

const signedTokens = new Map<string, string>();

function signedIdentity(variant: SignedVariant): { identity: Identity; seconds: number } {
  const bj = DEVELOPMENT_AGENCIES.BJ;
  switch (variant) {
    case 'expired':
      return { identity: bj, seconds: -60 };
    case 'service-kind':
      return { identity: { ...bj, kind: 'service' }, seconds: 3600 };
    case 'bad-district':
      return { identity: { ...bj, district: '999999' }, seconds: 3600 };
    case 'no-scopes':
      return { identity: { ...bj, scopes: [] }, seconds: 3600 };
    case 'public-with-write':
      return { identity: { ...PUBLIC_IDENTITY, scopes: [...PUBLIC_IDENTITY.scopes, 'records:write'] }, seconds: 3600 };
    case 'unknown-region':
      return { identity: { ...bj, region: 'SH' as RegionCode }, seconds: 3600 };
    case 'agency-without-region':
      return { identity: { ...bj, region: null }, seconds: 3600 };
    case 'read-only':
      return { identity: { ...DEVELOPMENT_AGENCIES.TJ, agency: 'tj-fuzz-readonly', scopes: ['records:read'] }, seconds: 3600 };
    case 'district-bureau':
      return { identity: DISTRICT_AGENCIES.TJ_BINHAI, seconds: 3600 };
  }
}

/** The Authorization header value a caller sends (undefined: none). */
export function authorizationOf(target: FuzzTarget, caller: FuzzCaller): string | undefined {
  switch (caller.kind) {
    case 'agency':
      return `Bearer ${target.tokens[caller.region]}`;
    case 'public':
      return `Bearer ${target.tokens.PUBLIC}`;
    case 'none':
      return undefined;
    case 'raw':
      return caller.authorization;
    case 'signed': {
      const key = `${target.jwtSecret}|${caller.variant}`;
      let token = signedTokens.get(key);
      if (!token) {
        const { identity, seconds } = signedIdentity(caller.variant);
        token = signClientToken(identity, target.jwtSecret, seconds);
        signedTokens.set(key, token);
      }
      return `Bearer ${token}`;
    }
  }
}

/** A stack frame, a source file path, the project's folders: what no client may see. */
const LEAK_PATTERNS = [/\n\s*at\s+\S/, /\bat\s+(?:async\s+)?[\w$.<>[\]]+\s+\((?:\/|node:|file:)/, /(?:\/[\w.@-]+){2,}\.(?:ts|js|mjs|cjs)\b/, /node_modules/, /\bstacktrace\b/i, /\/work\//];

/** Problems with one GraphQL error as a client receives it (`sent` is the request's text: what it echoes is not a leak). */
function errorProblems(error: unknown, where: string, sent: string, overloadAllowed: boolean): { problems: string[]; code: string | null } {
  if (!error || typeof error !== 'object') return { problems: [`${where}: an error that is not an object: ${JSON.stringify(error)}`], code: null };
  const { message, extensions } = error as { message?: unknown; extensions?: Record<string, unknown> };
  const problems: string[] = [];
  const code = extensions && typeof extensions.code === 'string' ? extensions.code : null;
  if (!code) problems.push(`${where}: an error without a string extensions.code: ${JSON.stringify(error).slice(0, 400)}`);
  if (code === 'INTERNAL_SERVER_ERROR') problems.push(`${where}: INTERNAL_SERVER_ERROR (an unexpected failure): ${JSON.stringify(error).slice(0, 400)}`);
  if (code === 'REGION_UNAVAILABLE' && !(overloadAllowed && /overloaded|too many calls/i.test(String(message)))) {
    problems.push(`${where}: REGION_UNAVAILABLE while every region is up: ${String(message).slice(0, 300)}`);
  }
  if (typeof message !== 'string') problems.push(`${where}: an error whose message is not a string: ${JSON.stringify(error).slice(0, 300)}`);
  if (extensions && ('stacktrace' in extensions || 'exception' in extensions)) problems.push(`${where}: an error with a stack trace in its extensions`);
  const text = typeof message === 'string' ? message : '';
  for (const pattern of LEAK_PATTERNS) {
    const match = pattern.exec(text);
    if (match && !sent.includes(match[0].trim())) problems.push(`${where}: a message that shows the server's insides (${JSON.stringify(match[0])}): ${text.slice(0, 300)}`);
  }
  return { problems, code };
}

/** Problems with one JSON answer (a GraphQL response, or an array of them). */
function bodyProblems(body: unknown, where: string, sent: string, overloadAllowed: boolean, codes: string[]): string[] {
  if (Array.isArray(body)) return body.flatMap((part, index) => bodyProblems(part, `${where}[${index}]`, sent, overloadAllowed, codes));
  if (!body || typeof body !== 'object') return [`${where}: a JSON body that is not an object: ${JSON.stringify(body).slice(0, 200)}`];
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (data === undefined && errors === undefined) return [`${where}: a body with neither data nor errors: ${JSON.stringify(body).slice(0, 200)}`];
  if (errors === undefined) return [];
  if (!Array.isArray(errors) || errors.length === 0) return [`${where}: errors that are not a non-empty list: ${JSON.stringify(errors).slice(0, 200)}`];
  return errors.flatMap((error, index) => {
    const judged = errorProblems(error, `${where} error ${index}`, sent, overloadAllowed);
    if (judged.code) codes.push(judged.code);
    return judged.problems;
  });
}

function decodedText(request: FuzzRequest): string {
  if (request.transport === 'ws') return JSON.stringify(request.payload);
  let text = request.body;
  try {
    text += `\n${JSON.stringify(JSON.parse(request.body))}`;
  } catch {
    // Not JSON: the text is what was sent.
  }
  try {
    text += `\n${decodeURIComponent(request.body)}`;
  } catch {
    // Not URL-encoded.
  }
  return text;
}

async function sendHttp(target: FuzzTarget, request: FuzzRequest & { transport: 'http' }, sent: string): Promise<FuzzOutcome> {
  const headers: Record<string, string> = {};
  const authorization = authorizationOf(target, request.caller);
  if (authorization !== undefined) headers.authorization = authorization;
  if (request.contentType !== null) headers['content-type'] = request.contentType;
  if (request.accept !== null) headers.accept = request.accept;
  const url = request.method === 'GET' ? `${target.gateways[request.gateway]}?${request.body}` : target.gateways[request.gateway];
  const outcome: FuzzOutcome = { statuses: [], codes: [], problems: [] };
  const one = async (copy: number) => {
    const where = request.copies > 1 ? `copy ${copy + 1} of ${request.copies}` : 'answer';
    let response: Response;
    let text: string;
    const send = async () => {
      const answer = await fetch(url, { method: request.method, headers, body: request.method === 'POST' ? request.body : undefined, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      return { answer, body: await answer.text() };
    };
    try {
      let sentOnce;
      try {
        sentOnce = await send();
      } catch (error) {
        // A server may answer early and close while the body is still being written (HTTP allows it); undici then
        // reports EPIPE/ECONNRESET instead of the answer. Sent once more: a gateway that is really down fails again.
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
        sentOnce = await send();
      }
      response = sentOnce.answer;
      text = sentOnce.body;
    } catch (error) {
      outcome.problems.push(`${where}: no answer (${(error as Error).message}${(error as { cause?: Error }).cause ? `: ${(error as { cause: Error }).cause.message}` : ''})`);
      return;
    }
    outcome.statuses.push(String(response.status));
    if (response.status >= 500) outcome.problems.push(`${where}: HTTP ${response.status}: ${text.slice(0, 400)}`);
    // GraphiQL answers a browser's GET of /graphql with its page.
    if (request.method === 'GET' && (response.headers.get('content-type') ?? '').startsWith('text/html') && (request.accept ?? '').includes('text/html')) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      outcome.problems.push(`${where}: HTTP ${response.status} with a body that is not JSON (${response.headers.get('content-type')}): ${text.slice(0, 300)}`);
      return;
    }
    outcome.problems.push(...bodyProblems(body, where, sent, request.copies > 1, outcome.codes));
  };
  await Promise.all(Array.from({ length: request.copies }, (_, copy) => one(copy)));
  return outcome;
}

/** One operation over its own graphql-ws connection: what arrives until it ends, errs or has had its time. */
async function sendWebSocket(target: FuzzTarget, request: FuzzRequest & { transport: 'ws' }, sent: string): Promise<FuzzOutcome> {
  const outcome: FuzzOutcome = { statuses: ['ws'], codes: [], problems: [] };
  const authorization = authorizationOf(target, request.caller);
  let closed: { code: number; reason: string } | undefined;
  const client = createClient({
    url: target.gateways[request.gateway].replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: authorization === undefined ? {} : { authorization },
    on: {
      closed: (event) => {
        const close = event as { code?: number; reason?: string };
        closed = { code: close.code ?? 0, reason: String(close.reason ?? '') };
      },
    },
  });
  const waitMs = /^\s*subscription\b/m.test(request.payload.query) ? SUBSCRIPTION_WAIT_MS : OPERATION_WAIT_MS;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    const end = () => {
      clearTimeout(timer);
      resolve();
    };
    client.subscribe<Record<string, unknown>>(request.payload, {
      next: (result) => {
        outcome.problems.push(...bodyProblems(result, 'next', sent, false, outcome.codes));
      },
      error: (error) => {
        if (Array.isArray(error)) outcome.problems.push(...bodyProblems({ errors: error }, 'error message', sent, false, outcome.codes));
        else if (error instanceof Error) outcome.problems.push(`the socket failed: ${error.message}`);
        end();
      },
      complete: end,
    });
  });
  // dispose() awaits the connection attempt, which rejects with the close event when the server refused the
  // connection (4401 and the like) in the instant before the error sink ran; that close is already in `closed`.
  await Promise.resolve(client.dispose()).catch(() => undefined);
  if (closed) {
    outcome.codes.push(`close ${closed.code}`);
    // 1006: dropped without a close frame; 1011 and 4500: the server failed.
    if (closed.code === 1006 || closed.code === 1011 || closed.code === 4500) outcome.problems.push(`the WebSocket closed with ${closed.code} ${closed.reason}`);
    for (const pattern of LEAK_PATTERNS) if (pattern.test(closed.reason)) outcome.problems.push(`a close reason that shows the server's insides: ${closed.reason}`);
  }
  return outcome;
}

/** Sends one fuzz request and judges every answer to it. */
export function sendFuzzRequest(target: FuzzTarget, request: FuzzRequest): Promise<FuzzOutcome> {
  const sent = decodedText(request);
  return request.transport === 'http' ? sendHttp(target, request, sent) : sendWebSocket(target, request, sent);
}

/* ---------- regressions ---------- */

export const REGRESSIONS_DIR = join(__dirname, 'regressions');

/** A shrunk failure as saved: enough to send the request again. */
export interface FuzzRegression {
  seed: number;
  path: string | null;
  found: string;
  /** What the answer broke when the failure was found. */
  problems: string[];
  request: FuzzRequest;
  /** What the bug was and how it was fixed (written by whoever fixed it). */
  note?: string;
  /** Codes the answer must carry since the fix (HTTP statuses as `HTTP 400`, errors by `extensions.code`). */
  codes?: string[];
}

/** What a replayed regression's answer breaks: the properties, and the codes it must carry. */
export async function replayProblems(target: FuzzTarget, regression: FuzzRegression): Promise<string[]> {
  const outcome = await sendFuzzRequest(target, regression.request);
  const seen = new Set([...outcome.statuses.map((status) => (status === 'ws' ? 'ws' : `HTTP ${status}`)), ...outcome.codes]);
  const missing = (regression.codes ?? []).filter((code) => !seen.has(code));
  return [...outcome.problems, ...(missing.length > 0 ? [`the answer lacks ${missing.join(', ')} (it carried ${[...seen].join(', ')})`] : [])];
}

/** Writes a shrunk counterexample to tests/fuzz/regressions/<hash>.json; returns the file's path. */
export function saveRegression(regression: FuzzRegression, directory = REGRESSIONS_DIR): string {
  mkdirSync(directory, { recursive: true });
  const hash = createHash('sha256').update(JSON.stringify(regression.request)).digest('hex').slice(0, 12);
  const file = join(directory, `${hash}.json`);
  writeFileSync(file, `${JSON.stringify(regression, null, 2)}\n`);
  return file;
}

/** Every saved regression, by file name. */
export function loadRegressions(directory = REGRESSIONS_DIR): Array<{ file: string; regression: FuzzRegression }> {
  let files: string[];
  try {
    files = readdirSync(directory).filter((file) => file.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => ({ file, regression: JSON.parse(readFileSync(join(directory, file), 'utf8')) as FuzzRegression }));
}

/** Counts of statuses and codes, most frequent first, for a summary line. */
export class OutcomeTally {
  private readonly counts = new Map<string, number>();
  requests = 0;
  failures = 0;

  add(outcome: FuzzOutcome): void {
    this.requests += 1;
    if (outcome.problems.length > 0) this.failures += 1;
    for (const key of [...outcome.statuses.map((status) => (status === 'ws' ? 'ws' : `HTTP ${status}`)), ...new Set(outcome.codes)]) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  summary(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key} ${count}`).join(', ');
  }
}
