import pino, { type Logger } from 'pino';

/** True inside jest's own processes (not in the servers they spawn, which inherit JEST_WORKER_ID). */
function isJestProcess(): boolean {
  return Boolean(process.env.JEST_WORKER_ID) && /jest/.test(process.argv[1] ?? '');
}

/** Structured JSON logs (pino) for every process; LOG_LEVEL sets the level, servers run inside jest are silent. */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  const level = isJestProcess() ? (process.env.TEST_LOG_LEVEL ?? 'silent') : (process.env.LOG_LEVEL ?? 'info');
  return pino({ name, level, base: { pid: process.pid, ...bindings } });
}

/**
 * Logs the line that tells a parent process (npm start, tests, benchmarks) that a server is ready; it is written
 * whatever the log level, since other processes wait for it.
 */
export function logReady(logger: Logger, fields: Record<string, unknown>, message: string): void {
  (isJestProcess() ? logger : logger.child({}, { level: 'info' })).info(fields, message);
}
