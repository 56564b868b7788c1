/** A server process always ends: on SIGTERM even when a stop step cannot finish, and when its parent dies. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { REPO_ROOT, startTsProcess } from '../../platform/childProcess';
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

/** Whether a process has ended (gone, or a zombie its new parent has not reaped). */
function hasEnded(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

test('a regional service exits within the grace period when its parent dies without stopping it', async () => {
  // The parent stops reading the child's output and exits abruptly; the child's buffered log lines then have no reader.
  const parent = spawn(process.execPath, ['-r', '@swc-node/register', 'tests/helpers/crashingParent.ts'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: parent.stdout! }).once('line', resolve);
    parent.once('exit', (code) => reject(new Error(`the parent exited with ${code} before starting its child`)));
  });
  const childPid = (JSON.parse(firstLine) as { childPid: number }).childPid;
  try {
    await new Promise((resolve) => parent.once('exit', resolve));
    const deadline = Date.now() + 15_000;
    while (!hasEnded(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hasEnded(childPid)).toBe(true);
  } finally {
    if (!hasEnded(childPid)) process.kill(childPid, 'SIGKILL');
  }
}, 150_000);
