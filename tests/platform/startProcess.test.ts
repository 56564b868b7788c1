/**
 * `npm start` as an operator or a supervisor stops it: SIGTERM to the npm process, or npm killed outright, leaves
 * no process of the system running (npm's script execs node, which stops its children and waits for them; a start
 * process whose parent is gone stops by itself).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../platform/childProcess';
import { waitUntil } from '../subscriptions/subscriptionHelpers';

jest.setTimeout(180_000);

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Every process below `pid` (children, grandchildren, …). */
function descendantsOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((line) => Number(line.trim())).filter((child) => child > 0);
  } catch {
    // ps exits 1 when there are none
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A harmless V8 flag the engine process must be started with (ENGINE_NODE_FLAGS). */
const ENGINE_FLAG = '--max-semi-space-size=24';

const commandLineOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
};

/** `npm start` on free ports with an empty data folder and no seeding; resolves once it printed that it runs. */
async function startWithNpm(): Promise<{ npm: ChildProcess; output: () => string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-start-'));
  dataDirs.push(dataDir);
  const ports = Object.fromEntries(['PORT', 'ENGINE_PORT', 'REGION_PORT_BJ', 'REGION_PORT_TJ', 'REGION_PORT_HE', 'METRICS_PORT', 'REGION_METRICS_PORT_BJ', 'REGION_METRICS_PORT_TJ', 'REGION_METRICS_PORT_HE'].map((name) => [name, '0']));
  const npm = spawn('npm', ['start'], { cwd: REPO_ROOT, env: { ...process.env, ...ports, DATA_DIR: dataDir, SEED: 'never', LOG_LEVEL: 'warn', ENGINE_NODE_FLAGS: ENGINE_FLAG }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntil(() => output.includes('JJJ Hub is running') || npm.exitCode !== null, 'npm start to be running', 150_000);
  if (!output.includes('JJJ Hub is running')) throw new Error(`npm start failed:\n${output}`);
  return { npm, output: () => output };
}

test('SIGTERM to the npm start process stops every process of the system', async () => {
  const { npm } = await startWithNpm();
  const processes = descendantsOf(npm.pid!);
  // The start process (node, exec'd by npm's shell), the engine, three regions and the gateway.
  expect(processes.length).toBeGreaterThanOrEqual(6);
  const engines = processes.map(commandLineOf).filter((args) => args.some((arg) => arg.endsWith('services/engine/main.ts')));
  expect(engines).toHaveLength(1);
  expect(engines[0].indexOf(ENGINE_FLAG)).toBeGreaterThan(0);
  expect(engines[0].indexOf(ENGINE_FLAG)).toBeLessThan(engines[0].findIndex((arg) => arg.endsWith('services/engine/main.ts')));
  npm.kill('SIGTERM');
  await waitUntil(() => processes.every((pid) => !isAlive(pid)) && npm.exitCode !== null, 'every process to stop after SIGTERM', 30_000, () => processes.filter(isAlive));
});

test('npm killed outright (SIGKILL): the start process notices and stops every process of the system', async () => {
  const { npm } = await startWithNpm();
  const processes = descendantsOf(npm.pid!);
  expect(processes.length).toBeGreaterThanOrEqual(6);
  npm.kill('SIGKILL');
  await waitUntil(() => processes.every((pid) => !isAlive(pid)), 'every process to stop after npm was killed', 30_000, () => processes.filter(isAlive));
});
