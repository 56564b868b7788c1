import pino, { type Logger } from 'pino';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './config';

/** True inside jest's own processes (not in the servers they spawn, which inherit JEST_WORKER_ID). */
function isJestProcess(): boolean {
  return Boolean(process.env.JEST_WORKER_ID) && /jest/.test(process.argv[1] ?? '');
}

function levelFromEnv(name: string): LogLevel | undefined {
  const value = process.env[name]?.toLowerCase();
  return LOG_LEVELS.find((level) => level === value);
}

/**
 * Structured JSON logs (pino) for every process at `level` (each process's config validates LOG_LEVEL and
 * passes it); servers run inside jest are silent unless TEST_LOG_LEVEL says otherwise.
 */
export function createLogger(name: string, bindings: Record<string, unknown> = {}, level?: LogLevel): Logger {
  const chosen = isJestProcess() ? (levelFromEnv('TEST_LOG_LEVEL') ?? 'silent') : (level ?? levelFromEnv('LOG_LEVEL') ?? DEFAULT_LOG_LEVEL);
  // Buffered asynchronous writes: lines go out 4 KB at a time (and at least every 200 ms) instead of one blocking
  // write per line on the request path. pino flushes what is left synchronously on exit.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 200 });
  destinations.add(destination);
  return pino({ name, level: chosen, base: { pid: process.pid, ...bindings } }, destination);
}

const destinations = new Set<ReturnType<typeof pino.destination>>();

/**
 * Drops all further log output of this process, buffered lines included. For when nobody reads it any more (the
 * parent died): otherwise the flush at exit retries a write that cannot complete, forever, and the process never
 * exits. (pino does the same to a destination whose reader has closed the pipe.)
 */
export function discardLogOutput(): void {
  const noop = () => undefined;
  for (const destination of destinations) Object.assign(destination, { write: () => true, flush: noop, flushSync: noop, end: noop });
}

/**
 * Logs the line that tells a parent process (npm start, tests, benchmarks) that a server is ready; it is written
 * whatever the log level, since other processes wait for it.
 */
export function logReady(logger: Logger, fields: Record<string, unknown>, message: string): void {
  (isJestProcess() ? logger : logger.child({}, { level: 'info' })).info(fields, message);
  logger.flush();
}
