/** A server process always ends on SIGTERM, even when a stop step cannot finish (its database is gone). */
import { startTsProcess } from '../../platform/childProcess';
import { startEngine } from '../../services/engine';
import { TEST_INTERNAL_SECRET } from '../helpers/stack';

test('a regional service whose database has gone away still exits on SIGTERM within the grace period', async () => {
  const engine = await startEngine({ port: 0 });
  const child = startTsProcess('regional-TJ', 'services/regional/main.ts', { REGION: 'TJ', PORT: '0', METRICS_PORT: '0', MONGODB_URI: engine.uri, INTERNAL_IDENTITY_SECRET: TEST_INTERNAL_SECRET, LOG_LEVEL: 'info' }, {
    readyMessage: 'regional subgraph listening',
    startTimeoutMs: 120_000,
  });
  try {
    await child.ready;
    await engine.close();
    const started = Date.now();
    child.kill('SIGTERM');
    const exited = await Promise.race([child.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000))]);
    expect(exited).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
  } finally {
    child.kill('SIGKILL');
    await engine.close();
  }
}, 150_000);
