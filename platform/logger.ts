import pino, { type Logger } from 'pino';

/** Structured JSON logs (pino) for every process; LOG_LEVEL sets the level, tests default to silent. */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info');
  return pino({ name, level, base: { pid: process.pid, ...bindings } });
}

/**
 * Logs the line that tells a parent process (npm start, tests, benchmarks) that a server is ready; it is written
 * whatever the log level, since other processes wait for it.
 */
export function logReady(logger: Logger, fields: Record<string, unknown>, message: string): void {
  logger.child({}, { level: 'info' }).info(fields, message);
}
