/**
 * A parent process that dies abruptly (process.exit without stopping anything) once a regional service it started
 * serves, after the service has written log lines nobody will read. Prints the child's pid first.
 */
import { startTsProcess } from '../../platform/childProcess';
import { startEngine } from '../../services/engine';
import { TEST_INTERNAL_SECRET } from './stack';

async function main(): Promise<void> {
  const engine = await startEngine({ port: 0 });
  const child = startTsProcess('regional-TJ', 'services/regional/main.ts', { REGION: 'TJ', PORT: '0', METRICS_PORT: '0', MONGODB_URI: engine.uri, INTERNAL_IDENTITY_SECRET: TEST_INTERNAL_SECRET, LOG_LEVEL: 'debug' }, {
    readyMessage: 'regional subgraph listening',
    startTimeoutMs: 120_000,
  });
  await child.ready;
  process.stdout.write(`${JSON.stringify({ childPid: child.child.pid })}\n`);
  // Stop reading the child's output, as a dead parent does, and let it fill the pipe before dying.
  child.child.stdout?.pause();
  child.child.stderr?.pause();
  setTimeout(() => process.exit(1), 500);
}

void main();
