import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import type { GatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/server';
import { REPO_ROOT } from '../../platform/childProcess';
import { GATEWAY_STORE_DEFAULTS } from '../../platform/config';
import type { SharedRegionsInfo } from './sharedRegionsInfo';
import { stackClient, testGatewayConfig, type Stack } from './stack';

/**
 * One seeded stack per jest worker for the suites that can share it (the team's rule: read-only suites share one
 * seeded stack per worker). The engine and the three seeded regional subgraphs run in a process of the worker's own
 * (tests/helpers/sharedRegionsServer.ts), started by the first suite that asks and found by the next ones through a
 * file in the temporary folder named after the worker's pid. Each suite still gets a gateway of its own, in its own
 * process as with `startStack` (its own configuration, subscription hub, rate counts and export slots; its own
 * operational database), so only the regions' data is shared: a suite may share them when its writes cannot change
 * what another sharing suite asserts, whatever the order. Suites that write what others count, stop or restart
 * regions, or need other regional settings start their own stack with `startStack`.
 *
 * Jest's sequencer (tests/helpers/sequencer.js) runs the sharing suites first, one after another, and writes down
 * which they are: the regions stop when the last of them is done with them (or 60 s after a suite handed them back
 * without a plan saying so, or when the worker exits).
 */
export type SharedStack = Omit<Stack, 'system' | 'stopRegion' | 'startRegion'>;

export interface SharedStackOptions {
  /** Settings of this suite's gateway over the shared defaults. */
  gateway?: Partial<GatewayConfig>;
  /** Collects every log line of this suite's gateway (at info). */
  captureLogs?: string[];
  /** Build web/dist first when stale, so the gateway serves the public pages. */
  buildWebApp?: boolean;
}

const START_TIMEOUT_MS = 180_000;
const infoFile = join(tmpdir(), `jjj-shared-regions-${process.pid}.json`);

/** The run's plan (tests/helpers/sequencer.js): the jest process that sorted the tests is this worker's parent, or this process. */
function planFiles(): { plan: string; started: string } | null {
  for (const pid of [process.ppid, process.pid]) {
    const plan = join(tmpdir(), `jjj-shared-plan-${pid}`);
    if (existsSync(plan)) return { plan, started: join(tmpdir(), `jjj-shared-started-${pid}`) };
  }
  return null;
}

const lines = (file: string) => new Set(readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0));

/** Records this suite as started; after it, whether every sharing suite of the run has started. */
function startedSuite(): () => boolean {
  const files = planFiles();
  if (!files) return () => false;
  appendFileSync(files.started, `${expect.getState().testPath}\n`);
  return () => {
    const started = lines(files.started);
    return [...lines(files.plan)].every((path) => started.has(path));
  };
}

function readInfo(): SharedRegionsInfo | null {
  try {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as SharedRegionsInfo;
    return info.parentPid === process.pid ? info : null;
  } catch {
    return null;
  }
}

async function acquire(info: SharedRegionsInfo): Promise<boolean> {
  try {
    return (await fetch(`${info.controlUrl}/acquire`, { method: 'POST', signal: AbortSignal.timeout(10_000) })).status === 200;
  } catch {
    return false;
  }
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts this worker's shared regions and waits until they serve. */
async function startSharedRegions(): Promise<SharedRegionsInfo> {
  const logFile = join(tmpdir(), `jjj-shared-regions-${process.pid}-${Date.now()}.log`);
  const output = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tests/helpers/sharedRegionsServer.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, JJJ_SHARED_REGIONS_INFO: infoFile, JJJ_SHARED_REGIONS_PARENT: String(process.pid), JJJ_SHARED_REGIONS_LOG: logFile },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  // Nothing of the child keeps this process alive: the child watches for this process to go away instead.
  child.unref();
  let exit: string | null = null;
  child.once('exit', (code, signal) => {
    exit = `exited with ${code ?? signal}`;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const info = existsSync(infoFile) ? readInfo() : null;
    if (info && info.pid === child.pid) return info;
    if (exit || Date.now() > deadline) throw new Error(`the shared regions ${exit ?? `did not serve within ${START_TIMEOUT_MS} ms`}; ${logFile} ends:\n${logTail(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * This worker's seeded regions (started on first use) with a gateway of this suite's own; `stop()` stops the
 * gateway and hands the regions back. Call it in `beforeAll` and `stop()` in `afterAll`.
 */
export async function sharedStack(options: SharedStackOptions = {}): Promise<SharedStack> {
  let info = readInfo();
  if (!info || !(await acquire(info))) {
    info = await startSharedRegions();
    if (!(await acquire(info))) throw new Error(`the shared regions (pid ${info.pid}) refused the lease`);
  }
  const regions = info;
  const allStarted = startedSuite();
  // The last sharing suite of the run stops the regions at once; others leave them for the next.
  const release = () => fetch(`${regions.controlUrl}/release${allStarted() ? '?last=1' : ''}`, { method: 'POST' }).then(() => undefined, () => undefined);
  let mongo: MongoClient | undefined;
  try {
    if (options.buildWebApp) {
      const { buildWeb, webBuildIsStale } = await import('../../scripts/buildWeb');
      if (webBuildIsStale()) await buildWeb();
    }
    // The gateway's operational database (revoked tokens, shared rate counts) is this suite's alone.
    const gatewayStore = { uri: regions.gatewayStoreUri, databaseName: `jjj_gateway_${randomUUID().slice(0, 8)}`, syncMs: GATEWAY_STORE_DEFAULTS.syncMs };
    const captureLogs = options.captureLogs;
    const logger = captureLogs ? pino({ name: 'gateway', level: 'info' }, { write: (line: string) => captureLogs.push(line.trimEnd()) }) : undefined;
    mongo = await MongoClient.connect(regions.databaseUris.BJ);
    const gateway = await startGateway(testGatewayConfig(regions.regionUrls, { gatewayStore, ...options.gateway }), { logger });
    const client = mongo;
    return {
      ...stackClient(gateway, regions.regionUrls, regions.databaseNames, client),
      stop: async () => {
        await gateway.stop();
        await client.db(gatewayStore.databaseName).dropDatabase().catch(() => undefined);
        await client.close(true);
        await release();
      },
    };
  } catch (error) {
    await mongo?.close(true);
    await release();
    throw error;
  }
}
