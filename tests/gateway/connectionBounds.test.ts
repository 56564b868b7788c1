/**
 * The gateway bounds what unauthenticated connections can hold: at most MAX_CONNECTIONS open at once (more are closed
 * as they arrive, and a freed slot is usable again), and a client that trickles a request's headers is answered 408
 * as JSON and closed after HEADERS_TIMEOUT_MS (checked every second, not Node's 30 s).
 */
import { expectConnectionCap, expectTrickledHeadersTimedOut } from '../helpers/rawSocket';
import { sharedStack, type SharedStack } from '../helpers/sharedStack';

const MAX_CONNECTIONS = 4;
const HEADERS_TIMEOUT_MS = 500;

let stack: SharedStack;
let host: string;
let port: number;

beforeAll(async () => {
  stack = await sharedStack({ gateway: { maxConnections: MAX_CONNECTIONS, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: 2000 } });
  const url = new URL(stack.gatewayUrl);
  host = url.hostname;
  port = Number(url.port);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function graphqlStatus(): Promise<number> {
  const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.BJ}` }, body: JSON.stringify({ query: '{ recalls(first: 1) { edges { node { id } } } }' }) });
  await response.text();
  return response.status;
}

test(`at most ${MAX_CONNECTIONS} connections at once: the next is closed at once, and a freed slot serves again`, async () => {
  await expectConnectionCap(host, port, MAX_CONNECTIONS, HEADERS_TIMEOUT_MS, async () => expect(await graphqlStatus()).toBe(200));
});

test('a client trickling its headers gets 408 as JSON (BAD_REQUEST: request timed out), within the timeout and a check interval', async () => {
  await expectTrickledHeadersTimedOut(host, port, HEADERS_TIMEOUT_MS);
});
