import type { Dispatcher } from 'undici';
import type { CancelSignal } from './callCancellation';

export interface BufferedAnswer {
  statusCode: number;
  text: string;
}

/**
 * One request through undici's `dispatch`, its answer read whole into a string: no body stream, no async iterator
 * and no AbortController per call (undici's `request` builds all three). Cancelling rejects at once with the
 * signal's reason; a request already on a socket is aborted there too.
 */
export function bufferedRequest(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: CancelSignal): Promise<BufferedAnswer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let statusCode = 0;
    const chunks: Buffer[] = [];
    const onCancelled = () => {
      if (settled) return;
      settled = true;
      controller?.abort(signal.reason as Error);
      reject(signal.reason);
    };
    const settle = (error: Error | undefined) => {
      signal.removeEventListener('abort', onCancelled);
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve({ statusCode, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
    };
    signal.addEventListener('abort', onCancelled, { once: true });
    dispatcher.dispatch(options, {
      onRequestStart(started) {
        controller = started;
        if (settled) started.abort(signal.reason as Error);
      },
      onResponseStart(_controller, status) {
        statusCode = status;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle(undefined);
      },
      onResponseError(_controller, error) {
        settle(error);
      },
    });
  });
}
