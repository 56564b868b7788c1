import { connect, type Socket } from 'node:net';

export interface OpenedSocket {
  socket: Socket;
  /** Everything the server sent, once it closed the connection, and when (ms after opening). */
  closed: Promise<{ text: string; afterMs: number }>;
}

/** A raw TCP connection to an HTTP server, for requests no HTTP client would send (held, trickled, refused). */
export function openRawSocket(host: string, port: number): Promise<OpenedSocket> {
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

/**
 * Checks a server's connection cap: with `max` connections each holding a request's first line, the next is closed
 * at once without a byte; once they are gone, `servesAgain` (a real request) succeeds.
 */
export async function expectConnectionCap(host: string, port: number, max: number, headersTimeoutMs: number, servesAgain: () => Promise<void>): Promise<void> {
  const held = await Promise.all(Array.from({ length: max }, () => openRawSocket(host, port)));
  for (const { socket } of held) socket.write('POST /graphql HTTP/1.1\r\n');
  const refused = await openRawSocket(host, port);
  const { text, afterMs } = await refused.closed;
  expect(text).toBe('');
  expect(afterMs).toBeLessThan(headersTimeoutMs);
  for (const { socket } of held) socket.destroy();
  await Promise.all(held.map(({ closed }) => closed));
  // The server counts a connection gone once its close is processed: a moment later the slots are free again.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await servesAgain();
}

/** Checks that a client trickling header lines is answered 408 as JSON and closed within the timeout and a check interval (1 s). */
export async function expectTrickledHeadersTimedOut(host: string, port: number, headersTimeoutMs: number): Promise<void> {
  const trickler = await openRawSocket(host, port);
  trickler.socket.write(`POST /graphql HTTP/1.1\r\nHost: ${host}:${port}\r\n`);
  const timer = setInterval(() => trickler.socket.write('x-trickle: a\r\n'), 100);
  try {
    const { text, afterMs } = await trickler.closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toMatchObject({ message: 'request timed out', extensions: { code: 'BAD_REQUEST' } });
    expect(afterMs).toBeGreaterThanOrEqual(headersTimeoutMs);
    expect(afterMs).toBeLessThan(headersTimeoutMs + 1500);
  } finally {
    clearInterval(timer);
  }
}
