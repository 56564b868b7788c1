/**
 * The process behind tests/helpers/sharedStack.ts (not a test): the embedded engine and the three seeded regional
 * subgraphs of one jest worker, shared by the suites that call `sharedStack()` in that worker. Started by the first
 * of them as `node -r @swc-node/register tests/helpers/sharedRegionsServer.ts` with
 *   JJJ_SHARED_REGIONS_INFO    the file to write (atomically) once the regions serve: URLs, databases, control URL;
 *   JJJ_SHARED_REGIONS_PARENT  the jest worker's pid: when that process is gone, everything stops;
 *   JJJ_SHARED_REGIONS_LOG     this process's output, removed after a clean stop.
 * A small HTTP control endpoint leases the regions to one suite at a time (POST /acquire, POST /release); they stop
 * when released with ?last=1 (the run's last sharing suite), or once no suite has held them for IDLE_STOP_MS, because
 * idle regions still poll each other (about a third of a core for a stack).
 */
import { createServer } from 'node:http';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startSystem, systemOptions } from '../../scripts/system';
import { KEEP_SEED_PERSONAL_DATA_DAYS } from './regionalSubgraph';
import { SHARED_REGION_ENV, type SharedRegionsInfo } from './sharedRegionsInfo';
import { TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './stack';

/** Without a plan that says the run's last sharing suite is done, idle regions wait this long for another suite. */
const IDLE_STOP_MS = Number(process.env.JJJ_SHARED_REGIONS_IDLE_MS ?? 60_000);
const infoFile = process.env.JJJ_SHARED_REGIONS_INFO!;
const parentPid = Number(process.env.JJJ_SHARED_REGIONS_PARENT);

function log(message: string): void {
  process.stdout.write(`[shared regions ${new Date().toISOString()}] ${message}\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (!infoFile || !parentPid) throw new Error('JJJ_SHARED_REGIONS_INFO and JJJ_SHARED_REGIONS_PARENT must be set');
  const started = Date.now();
  const system = await startSystem(systemOptions({ jwtSecret: TEST_JWT_SECRET, internalIdentitySecret: TEST_INTERNAL_SECRET }, {
    ports: { gateway: 0, engine: 0, BJ: 0, TJ: 0, HE: 0 },
    metricsPorts: { gateway: 0, BJ: 0, TJ: 0, HE: 0 },
    inProcess: true,
    gateway: false,
    seed: 'always',
    regionEnv: { LOG_LEVEL: 'info', PERSONAL_DATA_RETENTION_DAYS: String(KEEP_SEED_PERSONAL_DATA_DAYS), ...SHARED_REGION_ENV },
    startTimeoutMs: 150_000,
    forwardOutput: process.env.STACK_LOG_LEVEL ? (line) => process.stdout.write(`${line}\n`) : undefined,
    progress: log,
  }));
  log(`regions ready in ${Date.now() - started} ms`);

  let leased = false;
  let stopping = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let parentWatch: NodeJS.Timeout | undefined;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(idleTimer);
    clearInterval(parentWatch);
    log(`stopping: ${reason}`);
    try {
      // Only our own info file: a successor may already have written its own.
      if ((JSON.parse(readFileSync(infoFile, 'utf8')) as SharedRegionsInfo).pid === process.pid) rmSync(infoFile, { force: true });
    } catch {
      // already gone
    }
    control.close();
    await system.stop();
    // A clean stop leaves nothing behind (the log is for a start that failed).
    if (process.env.JJJ_SHARED_REGIONS_LOG) rmSync(process.env.JJJ_SHARED_REGIONS_LOG, { force: true });
    process.exit(0);
  };
  const idle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stop(`no suite for ${IDLE_STOP_MS} ms`), IDLE_STOP_MS);
  };
  const control = createServer((request, response) => {
    const answer = (status: number) => response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    if (request.method !== 'POST') return answer(405);
    if (request.url === '/acquire') {
      // One suite at a time (a worker runs one file at a time); a stopping server sends the suite to start another.
      if (stopping || leased) return answer(409);
      leased = true;
      clearTimeout(idleTimer);
      return answer(200);
    }
    if (request.url === '/release' || request.url === '/release?last=1') {
      leased = false;
      answer(200);
      if (request.url.endsWith('last=1')) void stop('the last sharing suite is done');
      else idle();
      return;
    }
    return answer(404);
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const info: SharedRegionsInfo = {
    pid: process.pid,
    parentPid,
    controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    regionUrls: system.regionUrls,
    databaseUris: system.databaseUris,
    databaseNames: system.databaseNames,
    gatewayStoreUri: system.gatewayStoreUri,
  };
  writeFileSync(`${infoFile}.tmp`, JSON.stringify(info));
  renameSync(`${infoFile}.tmp`, infoFile);
  idle();
  parentWatch = setInterval(() => {
    if (!alive(parentPid)) void stop(`the jest process ${parentPid} is gone`);
  }, 500);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
