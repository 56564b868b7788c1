import fc from 'fast-check';
import { ALL_REGION_CODES } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import type { ManagedProcess } from '../platform/childProcess';
import type { RunningSystem } from '../scripts/system';
import { generateSeedData } from '../seeds/generate';
import { OutcomeTally, saveRegression, sendFuzzRequest, type FuzzTarget } from '../tests/fuzz/fuzzClient';
import { fuzzRequestArbitrary, fuzzSchema, samplesFromSeed, type FuzzRequest } from '../tests/fuzz/operationArbitrary';
import { checkTarget, info, progress, type TargetResult } from './report';
import { BENCH_SECRETS, startBenchSystem } from './system';

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_214);
const PROGRESS_EVERY = 1000;

interface Failure {
  run: number;
  problems: string[];
  request: FuzzRequest;
}

/** Processes that must live through the run: each region and both gateways. */
function processProblems(processes: ReadonlyArray<[string, ManagedProcess | undefined]>): string[] {
  return processes.flatMap(([name, process]) => {
    const child = process?.child;
    return child && child.exitCode === null && child.signalCode === null ? [] : [`the ${name} process ${child ? `exited (${child.exitCode ?? child.signalCode})` : 'is gone'}`];
  });
}

/**
 * The fuzz of tests/fuzz at bench scale: RUNS (10,000) schema-aware requests from tests/fuzz/operationArbitrary.ts
 * with a fixed seed (FUZZ_SEED), against the whole system as processes — a gateway with the per-caller limits lifted
 * (so requests reach the regions) and one with the production limits and trusted documents — over HTTP and
 * WebSocket. Target: no failure (HTTP 5xx, an error without `extensions.code`, INTERNAL_SERVER_ERROR, a stack trace,
 * a process down). The first failure is replayed and shrunk, and saved under tests/fuzz/regressions/.
 */
export async function benchFuzz(): Promise<TargetResult[]> {
  console.log(`\n== fuzz (${RUNS.toLocaleString()} schema-aware requests, seed ${SEED}; no 5xx, every error with a code, no process down) ==`);
  let system: RunningSystem | undefined;
  try {
    system = await startBenchSystem({ seed: 'always', dataDir: null });
    progress('starting a gateway with the production limits and trusted documents');
    const production = system.startGatewayProcess({ CALLER_LIMITS_JSON: '{}', TRUSTED_DOCUMENTS: 'public' });
    const productionUrl = String(((await production.ready) as { url: string }).url);
    const tokens = Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, BENCH_SECRETS.jwtSecret)])) as FuzzTarget['tokens'];
    const target: FuzzTarget = { gateways: { open: system.gatewayUrl, production: productionUrl }, jwtSecret: BENCH_SECRETS.jwtSecret, tokens };
    const running = system;
    const processes = (): Array<[string, ManagedProcess | undefined]> => [
      ...ALL_REGION_CODES.map((region): [string, ManagedProcess | undefined] => [`regional ${region}`, running.regionProcess(region)]),
      ['gateway', running.gatewayProcess],
      ['production-limits gateway', production],
    ];
    const startPids = processes().map(([name, process]) => [name, process?.child.pid] as const);

    const requests = fuzzRequestArbitrary(fuzzSchema(), samplesFromSeed(generateSeedData()));
    const tally = new OutcomeTally();
    const failures: Failure[] = [];
    let run = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const outcome = await sendFuzzRequest(target, request);
        tally.add(outcome);
        const problems = [...outcome.problems, ...processProblems(processes())];
        if (problems.length > 0) failures.push({ run, problems, request });
        run += 1;
        if (run % PROGRESS_EVERY === 0) progress(`${run.toLocaleString()} of ${RUNS.toLocaleString()} requests, ${failures.length} failing`);
        // A process down fails everything after it: stop there.
        if (problems.some((problem) => problem.includes(' process '))) throw new Error(problems.join('\n'));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    ).catch(() => undefined);
    const seconds = (performance.now() - started) / 1000;

    info('requests sent', tally.requests, '');
    info('requests per second', tally.requests / seconds, '/s');
    console.log(`INFO  seed: ${SEED} (FUZZ_SEED=${SEED} BENCH_FUZZ_RUNS=${RUNS} replays this run)`);
    console.log(`INFO  answers: ${tally.summary()}`);
    for (const failure of failures.slice(0, 5)) console.log(`FAIL  run ${failure.run}: ${failure.problems.join('; ').slice(0, 600)}\n      ${JSON.stringify(failure.request).slice(0, 600)}`);
    const restarted = processes().filter(([name, process]) => startPids.find(([startName]) => startName === name)?.[1] !== process?.child.pid);
    if (restarted.length > 0) console.log(`FAIL  processes not the ones that started: ${restarted.map(([name]) => name).join(', ')}`);

    if (failures.length > 0 && !failures[0]!.problems.some((problem) => problem.includes(' process '))) {
      progress(`shrinking the first failure (run ${failures[0]!.run})`);
      const details = await fc.check(
        fc.asyncProperty(requests, async (request) => {
          const outcome = await sendFuzzRequest(target, request);
          if (outcome.problems.length > 0) throw new Error(outcome.problems.join('\n'));
        }),
        { seed: SEED, path: String(failures[0]!.run), numRuns: 1 },
      );
      if (details.failed) {
        const problems = String((details.errorInstance as Error | null)?.message ?? details.errorInstance).split('\n');
        const file = saveRegression({ seed: SEED, path: details.counterexamplePath, found: new Date().toISOString(), problems, request: details.counterexample![0] });
        console.log(`INFO  the first failure, shrunk, saved as ${file}: ${problems.join('; ').slice(0, 400)}`);
      }
    }
    return [
      checkTarget('fuzz requests that failed (5xx, error without a code, internal error, stack trace, process down)', failures.length, '', '<=', 0),
      checkTarget('fuzz runs completed', run, '', '>=', RUNS),
      checkTarget('processes restarted or down after the fuzz', restarted.length, '', '<=', 0),
    ];
  } finally {
    await system?.stop();
  }
}
