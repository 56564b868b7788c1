import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export class RequestTooLargeError extends Error {}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * Deepest nesting of lists and objects a request may carry. The hub's inputs are a few levels deep; recursive code
 * further on (JSON.stringify, GraphQL input coercion) overflows the stack at a few thousand levels, which a body
 * of 256 KB can easily hold.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests lists or objects more than `maxDepth` levels deep (checked without recursion). */
export function jsonDeeperThan(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Answers what Node's HTTP parser refuses (headers or URL over its limit, a malformed request) with a JSON error and
 * a code, as the API answers everything else, instead of an empty 400/431.
 */
export function answerClientErrorsWithJson(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message = status === 431 ? 'request headers (the URL included) exceed the size limit' : status === 408 ? 'request timed out' : 'malformed HTTP request';
    const body = JSON.stringify({ errors: [{ message, extensions: { code: status === 431 ? 'REQUEST_TOO_LARGE' : 'BAD_REQUEST' } }] });
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}

/**
 * Reads a request body up to a limit; larger bodies are refused before they are buffered (the rest of such a body
 * is left unread: the refusal closes the connection). Read with listeners rather than `for await`: the stream's
 * async iterator was a measurable share of a small request's CPU.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(new RequestTooLargeError(`request body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      request.pause();
      reject(new RequestTooLargeError(`request body exceeds the limit of ${maxBytes} bytes`));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error('the request ended before its body was read'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

function sendJsonError(response: ServerResponse, status: number, code: string, message: string, closeConnection = false): void {
  // After refusing a body mid-stream the rest of it is still on the wire: the connection cannot be reused.
  response.writeHead(status, { 'content-type': 'application/json', ...(closeConnection ? { connection: 'close' } : {}) });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Serves one Apollo Server on a plain Node HTTP request (what `startStandaloneServer` does, but mountable
 * next to other routes such as /health and WebSocket upgrades on the same port).
 */
export function apolloRequestHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  /** Builds the request's context from the request and its parsed JSON body (a GraphQLError thrown here is answered as such). */
  context: (request: IncomingMessage, body: unknown, response: ServerResponse) => Promise<TContext>,
  options: {
    maxBodyBytes?: number;
    /**
     * Answers a request before Apollo would (true: answered). It gets the request's context the way Apollo would,
     * built once: a request it does not answer goes to Apollo with the same context (a failed one is answered by Apollo).
     */
    shortcut?: (request: IncomingMessage, body: unknown, response: ServerResponse, context: () => Promise<TContext>) => Promise<boolean>;
  } = {},
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    let body: unknown;
    try {
      const text = request.method === 'POST' ? await readBody(request, maxBodyBytes) : '';
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch (error) {
      if (error instanceof RequestTooLargeError) return sendJsonError(response, 413, 'REQUEST_TOO_LARGE', error.message, true);
      return sendJsonError(response, 400, 'BAD_REQUEST', 'request body is not valid JSON');
    }
    if (jsonDeeperThan(body)) return sendJsonError(response, 400, 'BAD_REQUEST', `request body nests lists or objects more than ${MAX_JSON_DEPTH} levels deep`);
    let built: Promise<TContext> | undefined;
    const contextOnce = () => (built ??= context(request, body, response));
    if (options.shortcut && (await options.shortcut(request, body, response, contextOnce))) return;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: contextOnce,
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) {
      response.write(chunk);
      // Under response compression each part is sent when it is ready, not when the compressor's buffer fills.
      (response as ServerResponse & { flush?: () => void }).flush?.();
    }
    response.end();
  };
}
