import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LOG_LEVEL, DEFAULT_PORTS, integer, LOG_LEVELS, oneOf, port, readEnvironment, text, type LogLevel } from '../../platform/config';

export interface EngineProcessConfig {
  host: string;
  port: number;
  dataDir: string;
  /** The journal size at which it is folded into a new snapshot. */
  compactAfterBytes: number;
  logLevel: LogLevel;
}

const ENGINE_ENVIRONMENT = {
  ENGINE_HOST: text(DEFAULT_HOST),
  ENGINE_PORT: port(DEFAULT_PORTS.engine),
  ENGINE_DATA_DIR: text(`${DEFAULT_DATA_DIR}/engine`),
  ENGINE_COMPACT_AFTER_BYTES: integer(64 * 1024 * 1024, 4096, 2 ** 40),
  LOG_LEVEL: oneOf(LOG_LEVELS, DEFAULT_LOG_LEVEL),
};

/** The engine process's environment: ENGINE_HOST, ENGINE_PORT, ENGINE_DATA_DIR, ENGINE_COMPACT_AFTER_BYTES, LOG_LEVEL. */
export function engineConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EngineProcessConfig {
  const values = readEnvironment('engine', ENGINE_ENVIRONMENT, env);
  return { host: values.ENGINE_HOST, port: values.ENGINE_PORT, dataDir: values.ENGINE_DATA_DIR, compactAfterBytes: values.ENGINE_COMPACT_AFTER_BYTES, logLevel: values.LOG_LEVEL };
}
