import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { startTsProcess, type ManagedProcess } from '../../platform/childProcess';
import { freePort } from '../../platform/httpListen';
import { startWithStack } from '../../platform/shutdownStack';
import { gatewayConfig } from '../../gateway/config';
import { GATEWAY_STORE_DEFAULTS } from '../../platform/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { defaultDatabaseName } from '../../services/regional/model';
import { seedDatabases, startDatabases } from './databases';
import type { SystemOptions, SystemSecrets } from './options';

export interface RunningSystem {
  /** The gateway's /graphql URL ('' when no gateway was started). */
  gatewayUrl: string;
  /** The in-process gateway (tests), when `inProcess`. */
  gateway?: RunningGateway;
  /** The gateway process, when not `inProcess`. */
  gatewayProcess?: ManagedProcess;
  /** Base URL of each regional deployment. */
  regionUrls: Record<RegionCode, string>;
  /** Each regional service's Prometheus /metrics URL. */
  regionMetricsUrls: Partial<Record<RegionCode, string>>;
  regionProcess(region: RegionCode): ManagedProcess | undefined;
  /** The engine process of a region listed in `separateEngineRegions`. */
  engineProcess(region: RegionCode): ManagedProcess | undefined;
  databaseUris: Record<RegionCode, string>;
  databaseNames: Record<RegionCode, string>;
  /** The gateway's operational database (revoked tokens, shared rate counts). */
  gatewayStoreUri: string;
  secrets: SystemSecrets;
  /** Stops one region (SIGTERM waits for a clean stop; SIGKILL does not). */
  stopRegion(region: RegionCode, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** (Re)starts one region on the port it had. */
  startRegion(region: RegionCode): Promise<void>;
  /** Another gateway process over these regions (stopped with the system); `env` overrides its environment. */
  startGatewayProcess(env?: NodeJS.ProcessEnv): ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine, in order: the databases (embedded engines unless URIs are given), seeding,
 * the three regional subgraphs as processes, then the gateway. Used by `npm start`, the tests and the
 * benchmarks; a step that fails stops everything started before it.
 */
export function startSystem(options: SystemOptions): Promise<RunningSystem> {
  return startWithStack(async (stack) => {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'jjj-system-'));
    if (options.dataDir) mkdirSync(dataDir, { recursive: true });
    else stack.defer('temporary data folder', dataDir, (folder) => rmSync(folder, { recursive: true, force: true }));

    options.progress(`starting the database${options.engines === 'per-region' ? 's' : ''}`);
    const { uris: databaseUris, engineProcesses, gatewayUri } = await startDatabases(options, dataDir, stack);
    const databaseNames = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, options.databaseNames[region] ?? defaultDatabaseName(region)])) as Record<RegionCode, string>;
    await seedDatabases(options, databaseUris, databaseNames, options.seedData);

    const regionProcesses = new Map<RegionCode, ManagedProcess>();
    const regionPorts = { ...options.ports };
    // Each region follows the others' event streams (back-links), so every region's URL is known before any starts.
    const choosePorts = async () => {
      for (const region of ALL_REGION_CODES) if (options.ports[region] === 0) regionPorts[region] = await freePort(options.host);
    };
    await choosePorts();
    const peerUrlEnv = () => Object.fromEntries(ALL_REGION_CODES.map((region) => [`PEER_URL_${region}`, `http://${options.host}:${regionPorts[region]}`]));
    const regionUrls = {} as Record<RegionCode, string>;
    const regionMetricsUrls: Partial<Record<RegionCode, string>> = {};
    const startRegion = async (region: RegionCode) => {
      const child = startTsProcess(`regional-${region}`, 'services/regional/main.ts', {
        REGION: region,
        HOST: options.host,
        PORT: String(regionPorts[region]),
        MONGODB_URI: databaseUris[region],
        MONGODB_DB: databaseNames[region],
        INTERNAL_IDENTITY_SECRET: options.secrets.internalIdentitySecret,
        METRICS_PORT: String(options.metricsPorts[region]),
        ...peerUrlEnv(),
        ...options.regionEnv,
      }, { readyMessage: 'regional subgraph listening', startTimeoutMs: options.startTimeoutMs, forwardOutput: options.forwardOutput });
      regionProcesses.set(region, child);
      const ready = (await child.ready) as { url: string; metricsUrl?: string };
      const base = String(ready.url).replace(/\/graphql$/, '');
      if (ready.metricsUrl) regionMetricsUrls[region] = ready.metricsUrl;
      regionPorts[region] = Number(new URL(base).port);
      regionUrls[region] = base;
    };
    const stopRegion = async (region: RegionCode, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
      const child = regionProcesses.get(region);
      if (!child) return;
      regionProcesses.delete(region);
      if (signal === 'SIGKILL') {
        child.kill('SIGKILL');
        await child.exited;
      } else await child.stop();
    };
    stack.defer('regional services', regionProcesses, (children) => Promise.all([...children.values()].map((child) => child.stop(2000))));
    options.progress('starting the regional subgraphs');
    for (let attempt = 1; ; attempt++) {
      const started = await Promise.allSettled(ALL_REGION_CODES.map(startRegion));
      const failure = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (!failure) break;
      // A port chosen free can be taken by another process before the region binds it; the regions know each
      // other's ports, so all of them restart on newly chosen ones.
      if (attempt >= PORT_CHOICE_ATTEMPTS || !chosenPortWasTaken(failure.reason, options.ports)) throw failure.reason;
      options.progress(`a chosen port was taken before a region bound it; choosing again (attempt ${attempt + 1})`);
      await Promise.all(ALL_REGION_CODES.map((region) => stopRegion(region)));
      await choosePorts();
    }

    const startGatewayProcess = (env: NodeJS.ProcessEnv = {}) =>
      stack.defer('gateway', startTsProcess('gateway', 'gateway/main.ts', {
        HOST: options.host,
        PORT: String(options.ports.gateway),
        METRICS_PORT: String(options.metricsPorts.gateway),
        JWT_SECRET: options.secrets.jwtSecret,
        INTERNAL_IDENTITY_SECRET: options.secrets.internalIdentitySecret,
        GATEWAY_MONGODB_URI: gatewayUri,
        ...Object.fromEntries(ALL_REGION_CODES.map((region) => [`REGION_URL_${region}`, regionUrls[region]])),
        ...options.gatewayEnv,
        ...env,
      }, { readyMessage: 'gateway listening', startTimeoutMs: options.startTimeoutMs, forwardOutput: options.forwardOutput }), (started) => started.stop());

    let gateway: RunningGateway | undefined;
    let gatewayProcess: ManagedProcess | undefined;
    let gatewayUrl = '';
    if (options.gateway) {
      if (options.buildWebApp) {
        // Loaded only here: the web build needs esbuild, a development dependency a production install lacks.
        const { buildWeb, webBuildIsStale } = await import('../buildWeb');
        if (webBuildIsStale()) {
          options.progress('building the web app');
          await buildWeb();
        }
      }
      options.progress('starting the gateway');
      if (options.inProcess) {
        const config = gatewayConfig({ regionBaseUrls: regionUrls, ...options.secrets }, { host: options.host, port: options.ports.gateway, metricsPort: options.metricsPorts.gateway, gatewayStore: { uri: gatewayUri, databaseName: GATEWAY_STORE_DEFAULTS.databaseName, syncMs: GATEWAY_STORE_DEFAULTS.syncMs }, ...options.gatewayConfig, regionBaseUrls: regionUrls });
        gateway = stack.defer('gateway', await startGateway(config, { logger: options.gatewayLogger }), (started) => started.stop());
        gatewayUrl = gateway.url;
      } else {
        gatewayProcess = startGatewayProcess();
        gatewayUrl = String(((await gatewayProcess.ready) as { url: string }).url);
      }
    }
    return {
      gatewayUrl,
      gateway,
      gatewayProcess,
      regionUrls,
      regionMetricsUrls,
      regionProcess: (region) => regionProcesses.get(region),
      engineProcess: (region) => engineProcesses[region],
      databaseUris,
      databaseNames,
      gatewayStoreUri: gatewayUri,
      secrets: options.secrets,
      stopRegion,
      startRegion,
      startGatewayProcess,
      stop: () => stack.stop(),
    };
  });
}

const PORT_CHOICE_ATTEMPTS = 3;

function chosenPortWasTaken(reason: unknown, configuredPorts: SystemOptions['ports']): boolean {
  return ALL_REGION_CODES.some((region) => configuredPorts[region] === 0) && String(reason instanceof Error ? reason.message : reason).includes('EADDRINUSE');
}
