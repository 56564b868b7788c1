/**
 * The gateway bounds what unauthenticated connections can hold: at most MAX_CONNECTIONS open at once (more are closed
 * as they arrive, and a freed slot is usable again), and a client that trickles a request's headers is answered 408
 * as JSON and closed after HEADERS_TIMEOUT_MS (checked every second, not Node's 30 s).
 */
import { connect, type Socket } from 'node:net';
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

interface OpenedSocket {
  socket: Socket;
  /** Everything the gateway sent, once it closed the connection. */
  closed: Promise<{ text: string; afterMs: number }>;
}

function open(): Promise<OpenedSocket> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, host);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<{ text: string; afterMs: number }>((done) => socket.once('close', () => done({ text: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - started })));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

async function graphqlStatus(): Promise<number> {
  const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.BJ}` }, body: JSON.stringify({ query: '{ recalls(first: 1) { edges { node { id } } } }' }) });
  await response.text();
  return response.status;
}

test(`at most ${MAX_CONNECTIONS} connections at once: the next is closed at once, and a freed slot serves again`, async () => {
  // Each holds a request's first line and waits: open, not yet timed out.
  const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open()));
  for (const { socket } of held) socket.write('POST /graphql HTTP/1.1\r\n');
  const refused = await open();
  const { text, afterMs } = await refused.closed;
  expect(text).toBe('');
  expect(afterMs).toBeLessThan(HEADERS_TIMEOUT_MS);
  for (const { socket } of held) socket.destroy();
  await Promise.all(held.map(({ closed }) => closed));
  // The server counts a connection gone once its close is processed: a moment later the slots are free again.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await graphqlStatus()).toBe(200);
});

test('a client trickling its headers gets 408 as JSON (BAD_REQUEST: request timed out), within the timeout and a check interval', async () => {
  const trickler = await open();
  trickler.socket.write(`POST /graphql HTTP/1.1\r\nHost: ${host}:${port}\r\n`);
  const timer = setInterval(() => trickler.socket.write('x-trickle: a\r\n'), 100);
  try {
    const { text, afterMs } = await trickler.closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toMatchObject({ message: 'request timed out', extensions: { code: 'BAD_REQUEST' } });
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1500);
  } finally {
    clearInterval(timer);
  }
  // Others are served meanwhile and after.
  expect(await graphqlStatus()).toBe(200);
});
