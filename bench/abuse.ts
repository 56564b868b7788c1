import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { ALL_REGION_CODES } from '../kernel';
import { signClientToken } from '../platform/identity';
import type { RunningSystem } from '../scripts/system';
import { generateSeedData } from '../seeds/generate';
import { cpuMs } from './measure';
import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

const PHASE_SECONDS = Number(process.env.BENCH_ABUSE_SECONDS ?? 8);
const AGENCY_IN_FLIGHT = 4;
const ATTACKER_IN_FLIGHT = 10;
/** Public tokens the attacker gets from POST /public-token before it starts (the per-address limit allows 20 a minute). */
const ATTACKER_TOKENS = 20;

const BY_ID_QUERY = 'query Recall($id: ID!) { recall(id: $id) { id region recallNumber productName brand announcedAt status } }';
const MERGED_PAGE_QUERY = '{ recalls(first: 20) { totalCount edges { node { id region productName brand announcedAt } } } }';
/**
 * About the costliest request the public limits allow (cost ~1,400 of 1,500; statistics are beyond them): merged
 * pages of 100 recalls and 40 risk alerts from every region. Checked to be accepted before the attack starts.
 */
const ATTACK_QUERY =
  '{ recalls(first: 100) { totalCount edges { node { id productName brand announcedAt recallNumber defect hazard models batches salesAreas } } } riskAlerts(first: 40) { totalCount edges { node { id title description } } } }';

interface Answer {
  status: number;
  ms: number;
  ok: boolean;
}

function post(agent: Agent, url: string, token: string, body: string): Promise<Answer> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        let ok = response.statusCode === 200;
        try {
          ok &&= !(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: unknown[] }).errors;
        } catch {
          ok = false;
        }
        resolve({ status: response.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6, ok });
      });
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, ok: false }));
    req.end(body);
  });
}

/** Runs `send` with `inFlight` loops until `until()` says stop; returns every answer. */
async function load(inFlight: number, until: () => boolean, send: (index: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (!until()) answers.push(await send(next++));
  }));
  return answers;
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * One request cannot take the regions down: a well-behaved agency (by-ID queries and merged pages, 4 in flight)
 * runs alone, then again while an attacker holding public tokens sends the costliest request the public limits
 * allow, 10 in flight; regions each on an engine of their own, the gateway with the production limits. Agency
 * p99 with the attacker within 3× of without, no agency request failing, the gateway under 600 MiB, and the
 * engines back to idle within 2 s of the attacker stopping.
 */
export async function benchAbuse(): Promise<TargetResult[]> {
  console.log(`\n== abuse (agency alone, then with an attacker: ${ATTACKER_IN_FLIGHT} in flight of the costliest public request; ${PHASE_SECONDS} s each) ==`);
  const results: TargetResult[] = [];
  let system: RunningSystem | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: AGENCY_IN_FLIGHT + ATTACKER_IN_FLIGHT + 4 });
  try {
    const seed = generateSeedData();
    // The production limits table: the attacker must meet it (other benchmarks lift it).
    system = await startBenchSystem({ seed: 'always', seedData: seed, dataDir: null, engines: 'per-region', gatewayEnv: { CALLER_LIMITS_JSON: '{}' } });
    const url = system.gatewayUrl;
    const base = url.replace(/\/graphql$/, '');
    const gatewayPid = pidOf(system.gatewayProcess);
    const enginePids = ALL_REGION_CODES.map((region) => pidOf(system!.engineProcess(region)));
    const agencyToken = signClientToken(DEVELOPMENT_AGENCIES.BJ, BENCH_SECRETS.jwtSecret);
    const ids = ALL_REGION_CODES.flatMap((region) => seed[region].recalls.slice(0, 50).map((recall) => recall._id));
    const agencyRequest = (index: number) =>
      post(agent, url, agencyToken, index % 2 === 0 ? JSON.stringify({ query: BY_ID_QUERY, variables: { id: ids[index % ids.length] } }) : JSON.stringify({ query: MERGED_PAGE_QUERY }));

    progress('warming up');
    await load(AGENCY_IN_FLIGHT, (() => { let sent = 0; return () => sent++ >= 200; })(), agencyRequest);

    progress(`agency alone for ${PHASE_SECONDS} s`);
    const aloneUntil = Date.now() + PHASE_SECONDS * 1000;
    const alone = await load(AGENCY_IN_FLIGHT, () => Date.now() >= aloneUntil, agencyRequest);

    progress(`the attacker gets ${ATTACKER_TOKENS} public tokens`);
    const attackerTokens: string[] = [];
    for (let index = 0; index < ATTACKER_TOKENS; index++) {
      const response = await fetch(`${base}/public-token`, { method: 'POST' });
      if (response.status !== 200) break;
      attackerTokens.push(((await response.json()) as { token: string }).token);
    }
    info('public tokens the attacker obtained', attackerTokens.length, '');
    const trial = await post(agent, url, attackerTokens[0]!, JSON.stringify({ query: ATTACK_QUERY }));
    if (!trial.ok) throw new Error(`the attack request is not within the public limits (HTTP ${trial.status}): make it cheaper`);
    info('one attack request alone', trial.ms, 'ms');

    progress(`agency with the attacker for ${PHASE_SECONDS} s`);
    let peakRss = rssMiB(gatewayPid);
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(gatewayPid))), 100);
    const attackUntil = Date.now() + PHASE_SECONDS * 1000;
    const attackBody = JSON.stringify({ query: ATTACK_QUERY });
    const [withAttacker, attack] = await Promise.all([
      load(AGENCY_IN_FLIGHT, () => Date.now() >= attackUntil, agencyRequest),
      load(ATTACKER_IN_FLIGHT, () => Date.now() >= attackUntil, (index) => post(agent, url, attackerTokens[index % attackerTokens.length]!, attackBody)),
    ]);
    clearInterval(rssTimer);
    const attackerStopped = Date.now();

    // Engines idle: CPU over 200 ms windows below 5 % of a core for every engine.
    let idleAfterMs = NaN;
    let previous = enginePids.map(cpuMs);
    for (let waited = 0; waited < 10_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = enginePids.map(cpuMs);
      const busiest = Math.max(...now.map((ms, index) => ms - previous[index]!));
      previous = now;
      if (busiest <= 10) {
        idleAfterMs = Date.now() - attackerStopped;
        break;
      }
    }

    const p = (answers: Answer[], q: number) => percentile(answers.map((answer) => answer.ms), q);
    info('agency requests alone', alone.length, '');
    info('agency p50 alone', p(alone, 50), 'ms');
    info('agency p99 alone', p(alone, 99), 'ms');
    info('agency requests with the attacker', withAttacker.length, '');
    info('agency p50 with the attacker', p(withAttacker, 50), 'ms');
    info('agency p99 with the attacker', p(withAttacker, 99), 'ms');
    info('attacker requests sent', attack.length, '');
    info('attacker requests served', attack.filter((answer) => answer.ok).length, '');
    info('attacker requests refused (429 rate / concurrency)', attack.filter((answer) => answer.status === 429).length, '');
    info('attacker requests refused otherwise', attack.filter((answer) => !answer.ok && answer.status !== 429).length, '');
    results.push(checkTarget('agency p99 with the attacker / alone', p(withAttacker, 99) / p(alone, 99), '×', '<=', 3));
    results.push(checkTarget('agency requests failed (both phases)', [...alone, ...withAttacker].filter((answer) => !answer.ok).length, '', '<=', 0));
    results.push(checkTarget('gateway peak RSS during the attack', peakRss, 'MiB', '<=', 600));
    results.push(checkTarget('engines back to idle after the attacker stopped', idleAfterMs, 'ms', '<=', 2000));
  } finally {
    agent.destroy();
    await system?.stop();
  }
  return results;
}
