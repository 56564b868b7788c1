/**
 * Fuzz (issue 14, "one request cannot take the regions down"): schema-aware requests from tests/fuzz/operationArbitrary.ts
 * against one real stack — FUZZ_RUNS (2,000) of them with a fixed seed (FUZZ_SEED overrides it), over HTTP and a share
 * over the WebSocket, to a gateway whose rate limits are raised (so the fuzz reaches the regions) and to one with the
 * production defaults (429s, trusted documents). Both gateways run as processes of their own, so a request that
 * freezes one shows as a request without an answer (and the gateway is restarted for the shrinking) instead of
 * freezing the test. Every answer must be below HTTP 500, JSON, with a string `extensions.code` on every error (never
 * INTERNAL_SERVER_ERROR) and no stack trace; no regional or gateway process may die or be restarted.
 * A failure is shrunk, printed with its seed and saved under tests/fuzz/regressions/; every saved regression is sent
 * again first, so a bug found once stays fixed. `npm run bench fuzz` runs 10,000.
 */
import fc from 'fast-check';
import { inspect } from 'node:util';
import { ALL_REGION_CODES } from '../../kernel';
import type { ManagedProcess } from '../../platform/childProcess';
import { generateSeedData } from '../../seeds/generate';
import { startStack, TEST_JWT_SECRET, type Stack } from '../helpers/stack';
import { loadRegressions, OutcomeTally, replayProblems, saveRegression, sendFuzzRequest, type FuzzTarget } from './fuzzClient';
import { fuzzRequestArbitrary, fuzzSchema, samplesFromSeed, type FuzzGateway, type FuzzRequest } from './operationArbitrary';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_214);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** Limits that the fuzz's own rate does not reach (the production gateway keeps the defaults). */
const RAISED_RATE = { rate: { burst: 100_000, perSecond: 100_000 } };
const GATEWAY_ENV: Record<FuzzGateway, NodeJS.ProcessEnv> = {
  open: { CALLER_LIMITS_JSON: JSON.stringify({ public: RAISED_RATE, agency: RAISED_RATE }) },
  production: { TRUSTED_DOCUMENTS: 'public', GRAPHIQL: 'false' },
};

jest.setTimeout(600_000);

let stack: Stack;
let target: FuzzTarget;
const gateways = new Map<FuzzGateway, ManagedProcess>();
const logs: string[] = [];
const startPids = new Map<string, number | undefined>();
/** Processes restarted during the run because a request took them down (the shrinking needs them back). */
const restarted: string[] = [];

async function startFuzzGateway(name: FuzzGateway): Promise<void> {
  const gateway = stack.system.startGatewayProcess(GATEWAY_ENV[name]);
  target.gateways[name] = String(((await gateway.ready) as { url: string }).url);
  gateways.set(name, gateway);
}

/** Each regional process and each fuzzed gateway, by name. */
function processes(): Array<[string, ManagedProcess | undefined]> {
  return [...ALL_REGION_CODES.map((region): [string, ManagedProcess | undefined] => [`regional ${region}`, stack.system.regionProcess(region)]), ...[...gateways].map(([name, gateway]): [string, ManagedProcess] => [`${name} gateway`, gateway])];
}

beforeAll(async () => {
  stack = await startStack({ captureLogs: logs });
  target = { gateways: { open: '', production: '' }, jwtSecret: TEST_JWT_SECRET, tokens: stack.tokens };
  await Promise.all((['open', 'production'] as const).map(startFuzzGateway));
  for (const [name, managed] of processes()) startPids.set(name, managed?.child.pid);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

/**
 * What is down after a request: a process that exited, or the gateway that did not answer it. Each is restarted
 * (and recorded), so that the shrinking that follows meets a running system.
 */
async function processProblems(request: FuzzRequest, problems: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const region of ALL_REGION_CODES) {
    const child = stack.system.regionProcess(region)?.child;
    if (child && child.exitCode === null && child.signalCode === null) continue;
    found.push(`the ${region} regional process ${child ? `exited (${child.exitCode ?? child.signalCode})` : 'is gone'}`);
    restarted.push(`regional ${region}`);
    await stack.system.stopRegion(region, 'SIGKILL');
    await stack.system.startRegion(region);
  }
  for (const [name, gateway] of [...gateways]) {
    const exited = gateway.child.exitCode !== null || gateway.child.signalCode !== null;
    const unanswered = request.gateway === name && problems.some((problem) => problem.includes('no answer'));
    if (!exited && !unanswered) continue;
    found.push(`the ${name} gateway process ${exited ? `exited (${gateway.child.exitCode ?? gateway.child.signalCode})` : 'did not answer'}`);
    restarted.push(`${name} gateway`);
    gateway.kill('SIGKILL');
    await gateway.exited;
    await startFuzzGateway(name);
  }
  return found;
}

test('every saved regression (tests/fuzz/regressions/) still passes', async () => {
  for (const { file, regression } of loadRegressions()) {
    const problems = await replayProblems(target, regression);
    problems.push(...(await processProblems(regression.request, problems)));
    expect({ file, problems }).toEqual({ file, problems: [] });
  }
});

test(`${RUNS} schema-aware operations (seed ${SEED}): no 5xx, every error with a code, no stack trace, no process down`, async () => {
  const schema = fuzzSchema();
  const samples = samplesFromSeed(generateSeedData());
  const tally = new OutcomeTally();
  const started = performance.now();
  const details = await fc.check(
    fc.asyncProperty(fuzzRequestArbitrary(schema, samples), async (request) => {
      const outcome = await sendFuzzRequest(target, request);
      tally.add(outcome);
      const problems = [...outcome.problems, ...(await processProblems(request, outcome.problems))];
      if (problems.length > 0) throw new Error(problems.join('\n'));
    }),
    { seed: SEED, numRuns: RUNS },
  );
  const seconds = (performance.now() - started) / 1000;
  // eslint-disable-next-line no-console
  console.log(`fuzz: ${details.numRuns} runs, seed ${SEED}, ${tally.requests} requests in ${seconds.toFixed(1)} s (${(tally.requests / seconds).toFixed(0)}/s); ${tally.summary()}`);
  if (details.failed) {
    const request = details.counterexample![0];
    const problems = (details.errorInstance instanceof Error ? details.errorInstance.message : `the property threw a non-Error: ${inspect(details.errorInstance, { depth: 3 })}`).split('\n');
    const file = saveRegression({ seed: SEED, path: details.counterexamplePath, found: new Date().toISOString(), problems, request });
    throw new Error(
      [
        `fuzz failed with seed ${SEED} (replay: FUZZ_SEED=${SEED}), path ${details.counterexamplePath}, after ${details.numRuns} runs and ${details.numShrinks} shrinks`,
        `saved as ${file}`,
        'problems:',
        ...problems.map((problem) => `  ${problem}`),
        'request:',
        JSON.stringify(request, null, 2).slice(0, 6000),
      ].join('\n'),
    );
  }
});

test('after the fuzz: the same regional and gateway processes, ready, answering a normal query, and no process logged an error', async () => {
  expect(restarted).toEqual([]);
  for (const [name, managed] of processes()) expect({ name, pid: managed?.child.pid }).toEqual({ name, pid: startPids.get(name) });
  for (const url of Object.values(target.gateways)) expect((await fetch(url.replace(/\/graphql$/, '/health/ready'))).status).toBe(200);
  const response = await fetch(target.gateways.open, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.BJ}` },
    body: JSON.stringify({ query: '{ recalls(first: 3) { totalCount edges { node { id region productName } } } }' }),
  });
  const answer = (await response.json()) as { data?: { recalls: { edges: unknown[] } }; errors?: unknown[] };
  expect(answer.errors).toBeUndefined();
  expect(answer.data!.recalls.edges).toHaveLength(3);
  const errors = logs.filter((line) => /"level":(50|60)/.test(line));
  expect(errors.map((line) => line.slice(0, 600))).toEqual([]);
});
