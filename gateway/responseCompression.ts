import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';

/** Responses under this size are sent as they are: compressing them saves less than it costs. */
const COMPRESSION_THRESHOLD_BYTES = 1024;

/** The encodings `compression` can produce; a request accepting none of them is never compressed. */
const COMPRESSIBLE_ENCODING = /\b(?:br|gzip|deflate)\b|\*/;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Compresses responses (br or gzip, as the client's Accept-Encoding allows; the `compression` middleware) over
 * the threshold. Streamed responses call `response.flush()` after each part so nothing waits in the compressor.
 */
export function withResponseCompression(handler: Handler): Handler {
  const compress = compression({ threshold: COMPRESSION_THRESHOLD_BYTES });
  return (request, response) => {
    // Not wrapping the response at all when no encoding would be chosen saves the middleware's per-request cost.
    const accepted = request.headers['accept-encoding'];
    if (!accepted || !COMPRESSIBLE_ENCODING.test(accepted)) {
      handler(request, response);
      return;
    }
    compress(request as Parameters<typeof compress>[0], response as Parameters<typeof compress>[1], () => handler(request, response));
  };
}
