import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { MongoClient } from 'mongodb';
import { ALL_REGION_CODES } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import type { RunningSystem } from '../scripts/system';
import { insertGeneratedRecalls } from '../seeds/bulkRecalls';
import { checkTarget, info, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

const ROWS_PER_REGION = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const FORMAT = process.env.BENCH_EXPORT_FORMAT === 'ndjson' ? 'ndjson' : 'csv';

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMegabytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** Reads an export to its end, counting rows (line ends outside quoted fields are CRLF in CSV, LF in NDJSON). */
function readExport(url: string, token: string, onProgress: (rows: number) => void): Promise<{ status: number; rows: number; complete: boolean }> {
  const lineEnd = FORMAT === 'csv' ? Buffer.from('\r\n') : Buffer.from('\n');
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent: false, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let rows = 0;
      let carry: Buffer = Buffer.alloc(0);
      response.on('data', (chunk: Buffer) => {
        const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        let position = data.indexOf(lineEnd);
        let last = 0;
        while (position !== -1) {
          rows += 1;
          last = position + lineEnd.length;
          position = data.indexOf(lineEnd, last);
        }
        carry = data.subarray(last);
        onProgress(rows);
      });
      response.on('close', () => resolve({ status: response.statusCode ?? 0, rows: FORMAT === 'csv' ? rows - 1 : rows, complete: response.complete }));
    });
    request.on('error', reject);
    request.end();
  });
}

/**
 * Export benchmark: ROWS_PER_REGION generated recalls in each region (BENCH_EXPORT_ROWS, default 100,000), exported
 * whole through a gateway process as CSV (BENCH_EXPORT_FORMAT=ndjson for NDJSON): rows per second and the gateway's RSS.
 */
export async function benchExport(): Promise<TargetResult[]> {
  console.log(`\n== export (${ROWS_PER_REGION.toLocaleString()} recalls per region, ${FORMAT}) ==`);
  let system: RunningSystem | undefined;
  const results: TargetResult[] = [];
  try {
    system = await startBenchSystem({ seed: 'never', dataDir: null });
    const running = system;
    progress(`inserting ${ROWS_PER_REGION.toLocaleString()} recalls into each region`);
    const insertStarted = Date.now();
    await Promise.all(
      ALL_REGION_CODES.map(async (region) => {
        const client = await MongoClient.connect(running.databaseUris[region]);
        try {
          await insertGeneratedRecalls(client.db(running.databaseNames[region]), region, ROWS_PER_REGION, (inserted) => {
            if (inserted % 20_000 === 0) progress(`${region}: ${inserted.toLocaleString()} recalls inserted`);
          });
        } finally {
          await client.close();
        }
      }),
    );
    info('insert', (Date.now() - insertStarted) / 1000, 's');
    const gatewayPid = pidOf(system.gatewayProcess);
    const token = signClientToken(DEVELOPMENT_AGENCIES.BJ, BENCH_SECRETS.jwtSecret);
    const url = new URL(`/export/recalls?format=${FORMAT}`, system.gatewayUrl).toString();
    const regionPids = ALL_REGION_CODES.map((region) => pidOf(running.regionProcess(region)));
    const cpuBefore = { gateway: cpuSeconds(gatewayPid), regions: regionPids.map(cpuSeconds) };
    const baselineRss = rssMegabytes(gatewayPid);
    let peakRss = baselineRss;
    let lastReport = Date.now();
    const started = Date.now();
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMegabytes(gatewayPid));
    }, 100);
    const answer = await readExport(url, token, (rows) => {
      if (Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      const seconds = (Date.now() - started) / 1000;
      progress(`${rows.toLocaleString()} rows in ${seconds.toFixed(0)} s (${Math.round(rows / seconds).toLocaleString()} rows/s), gateway RSS ${rssMegabytes(gatewayPid).toFixed(0)} MiB`);
    }).finally(() => clearInterval(sampler));
    const seconds = (Date.now() - started) / 1000;
    info('export duration', seconds, 's');
    const thousands = Math.max(1, answer.rows) / 1000;
    info('gateway CPU per 1,000 rows', ((cpuSeconds(gatewayPid) - cpuBefore.gateway) * 1000) / thousands, 'ms');
    info('regions\' CPU per 1,000 rows (all three)', (regionPids.reduce((sum, pid, index) => sum + cpuSeconds(pid) - cpuBefore.regions[index]!, 0) * 1000) / thousands, 'ms');
    info('gateway RSS before', baselineRss, 'MiB');
    info('gateway RSS peak', peakRss, 'MiB');
    results.push(checkTarget('export complete (HTTP 200, clean end)', answer.status === 200 && answer.complete ? 1 : 0, '', '>=', 1));
    results.push(checkTarget('rows exported', answer.rows, 'rows', '>=', ROWS_PER_REGION * ALL_REGION_CODES.length));
    results.push(checkTarget('export throughput', Math.round(answer.rows / seconds), 'rows/s', '>=', 2_000));
    results.push(checkTarget('gateway RSS growth during the export', peakRss - baselineRss, 'MiB', '<=', 50));
  } finally {
    await system?.stop();
  }
  return results;
}
