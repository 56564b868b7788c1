import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LOG_LEVEL, DEFAULT_PORTS, LOG_LEVELS, oneOf, port, readEnvironment, text, type LogLevel } from '../../platform/config';

export interface EngineProcessConfig {
  host: string;
  port: number;
  dataDir: string;
  logLevel: LogLevel;
}

const ENGINE_ENVIRONMENT = {
  ENGINE_HOST: text(DEFAULT_HOST),
  ENGINE_PORT: port(DEFAULT_PORTS.engine),
  ENGINE_DATA_DIR: text(`${DEFAULT_DATA_DIR}/engine`),
  LOG_LEVEL: oneOf(LOG_LEVELS, DEFAULT_LOG_LEVEL),
};

/** The engine process's environment: ENGINE_HOST, ENGINE_PORT, ENGINE_DATA_DIR, LOG_LEVEL. */
export function engineConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EngineProcessConfig {
  const values = readEnvironment('engine', ENGINE_ENVIRONMENT, env);
  return { host: values.ENGINE_HOST, port: values.ENGINE_PORT, dataDir: values.ENGINE_DATA_DIR, logLevel: values.LOG_LEVEL };
}
