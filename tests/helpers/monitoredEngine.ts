import { MongoClient } from 'mongodb';
import { startEngine, type RunningEngine } from '../../services/engine';

export interface MonitoredEngine {
  /** The driver client (set once beforeAll has run). */
  readonly client: MongoClient;
  /** The names of the commands the client sent, in order (tests empty it before the part they count). */
  readonly commands: string[];
}

/**
 * An embedded engine on a loopback port for one test file, and a driver client that records the commands it sends:
 * for tests that count what a piece of code asks of its database.
 */
export function useMonitoredEngine(): MonitoredEngine {
  let engine: RunningEngine | undefined;
  let client: MongoClient | undefined;
  const commands: string[] = [];
  beforeAll(async () => {
    engine = await startEngine({ port: 0 });
    client = await MongoClient.connect(engine.uri, { monitorCommands: true });
    client.on('commandStarted', (event) => commands.push(event.commandName));
  });
  afterAll(async () => {
    await client?.close();
    await engine?.close();
  });
  return {
    get client(): MongoClient {
      if (!client) throw new Error('the monitored engine starts in beforeAll');
      return client;
    },
    commands,
  };
}
