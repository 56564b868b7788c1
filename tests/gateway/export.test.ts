import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { equals } from '@jest/expect-utils';
import { ALL_REGION_CODES, PRODUCT_CATEGORY_LABELS, RECALL_STATUS_LABELS, REGION_CHINESE_NAMES, regionNameOf, type RegionCode } from '../../kernel';
import { insertGeneratedRecalls } from '../../seeds/bulkRecalls';
import { getExport, parseCsv, type ExportAnswer } from '../helpers/exportClient';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Bulk export through the real gateway over the three regional processes: 15,000 generated recalls per region on
 * top of the seed, exported whole, merge-sorted, as the regions' own list fields give them.
 */
jest.setTimeout(300_000);

const EXTRA_RECALLS_PER_REGION = 15_000;
let stack: Stack;

interface RecallDocument {
  _id: string;
  region: RegionCode;
  announcedAt: Date;
  quantityToRecall: number;
  productName: string;
  productCategory: string;
  status: string;
  manufacturer: { name: string; creditCode: string; contact: { person: string; phone: string } };
}

async function allRecalls(regions: readonly RegionCode[] = ALL_REGION_CODES): Promise<RecallDocument[]> {
  const perRegion = await Promise.all(regions.map((region) => stack.db(region).collection<RecallDocument>('recalls').find({}, { projection: { _id: 1, region: 1, announcedAt: 1, quantityToRecall: 1, productName: 1, productCategory: 1, status: 1, manufacturer: 1 } }).toArray()));
  return perRegion.flat();
}

/** The list's order: sort value, then ID, both in the direction. */
function byKey<T extends { _id: string }>(value: (document: T) => number, direction: 1 | -1): (left: T, right: T) => number {
  return (left, right) => (value(left) - value(right) || (left._id < right._id ? -1 : left._id > right._id ? 1 : 0)) * direction;
}

/** The answer's status, with its body in the failure message when it is not the expected one. */
function expectStatus(answer: ExportAnswer, status: number): void {
  expect({ status: answer.status, body: answer.status === status ? '' : answer.body.toString('utf8').slice(0, 500) }).toEqual({ status, body: '' });
}

/**
 * Every row's fields against what its document says, with jest's own equality (that of toBe/toEqual here), in one
 * assertion: one expect() per field of each of 61,200 rows took 40 s of a loaded two-core machine. Names the first
 * rows that differ, and how.
 */
function expectRowsMatch<R>(rows: readonly R[], fields: (row: R) => Record<string, [actual: unknown, expected: unknown]>, idOf: (row: R) => string): void {
  const mismatches: string[] = [];
  for (const row of rows) {
    for (const [field, [actual, expected]] of Object.entries(fields(row))) {
      if (!equals(actual, expected)) mismatches.push(`${idOf(row)} ${field}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  }
  expect({ mismatches: mismatches.length, first: mismatches.slice(0, 20) }).toEqual({ mismatches: 0, first: [] });
}

function ndjsonRows(answer: ExportAnswer): Array<Record<string, any>> {
  return answer.body.toString('utf8').split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, any>);
}

beforeAll(async () => {
  // Each region's engine a process of its own: the databases' work stays off the event loop of the gateway under test.
  // 15,000 more rows per region on a shared two-core machine: a count may take longer than the interactive default.
  stack = await startStack({ separateEngineRegions: [...ALL_REGION_CODES], regionEnv: { DB_COMMAND_TIMEOUT_MS: '30000' } });
  const started = Date.now();
  await Promise.all(ALL_REGION_CODES.map((region) => insertGeneratedRecalls(stack.db(region), region, EXTRA_RECALLS_PER_REGION)));
  console.log(`inserted ${EXTRA_RECALLS_PER_REGION * 3} recalls in ${Date.now() - started} ms`);
});

afterAll(async () => {
  await stack?.stop();
});

test('NDJSON: every recall of the three regions exactly once, newest first, as the databases hold them and the API lists them', async () => {
  const started = Date.now();
  const answer = await getExport(stack.gatewayUrl, stack.tokens.BJ, 'recalls?format=ndjson');
  const seconds = (Date.now() - started) / 1000;
  expectStatus(answer, 200);
  expect(answer.complete).toBe(true);
  expect(answer.headers['content-type']).toContain('application/x-ndjson');
  const rows = ndjsonRows(answer);
  const documents = (await allRecalls()).sort(byKey((document) => document.announcedAt.getTime(), -1));
  console.log(`exported ${rows.length} recalls as NDJSON in ${seconds.toFixed(1)} s (${Math.round(rows.length / seconds)} rows/s)`);
  expect(documents.length).toBeGreaterThanOrEqual(EXTRA_RECALLS_PER_REGION * 3);
  expect(Number(answer.headers['x-jjj-export-rows'])).toBe(documents.length);
  expect(rows.map((row) => row.id)).toEqual(documents.map((document) => document._id));
  const byId = new Map(documents.map((document) => [document._id, document]));
  expectRowsMatch(rows, (row) => {
    const document = byId.get(row.id)!;
    return {
      region: [row.region, regionNameOf(document.region)],
      announcedAt: [row.announcedAt, document.announcedAt.toISOString()],
      productName: [row.productName, document.productName],
      // Recalls are public safety information: the API masks nothing of them, and neither does the export.
      manufacturer: [row.manufacturer, { name: document.manufacturer.name, creditCode: document.manufacturer.creditCode, contact: document.manufacturer.contact }],
    };
  }, (row) => String(row.id));
  // The same rows as the API's first page.
  const page = await stack.query(stack.tokens.BJ, '{ recalls(first: 100) { edges { node { id productName manufacturer { contact { phone } } announcedAt } } } }');
  expect(page.data!.recalls.edges.map((edge: any) => edge.node.id)).toEqual(rows.slice(0, 100).map((row) => row.id));
  expect(page.data!.recalls.edges.map((edge: any) => edge.node.manufacturer.contact.phone)).toEqual(rows.slice(0, 100).map((row) => row.manufacturer.contact.phone));
});

test('CSV for Excel: UTF-8 with a byte-order mark, Chinese headers and labels, Shanghai times, quoted fields, formulas kept as text; raw values on request', async () => {
  // One month of the generated recalls (about a tenth): the whole set is already compared in the NDJSON test.
  const from = new Date('2025-03-01T00:00:00+08:00');
  const to = new Date('2025-04-01T00:00:00+08:00');
  const window = `announcedFrom=${encodeURIComponent(from.toISOString())}&announcedTo=${encodeURIComponent(to.toISOString())}`;
  const answer = await getExport(stack.gatewayUrl, stack.tokens.TJ, `recalls?regions=TIANJIN,HEBEI&orderBy=QUANTITY_TO_RECALL&direction=ASC&${window}`);
  expectStatus(answer, 200);
  expect(answer.complete).toBe(true);
  expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="recalls-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''%E7%BC%BA/);
  expect([...answer.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(answer.body.toString('utf8').slice(1));
  expect(header!.slice(0, 4)).toEqual(['编号', '地区', '召回公告号', '产品名称']);
  const documents = (await allRecalls(['TJ', 'HE']))
    .filter((document) => document.announcedAt >= from && document.announcedAt <= to)
    .sort(byKey((document) => document.quantityToRecall, 1));
  expect(documents.length).toBeGreaterThan(1000);
  expect(rows.map((row) => row[0])).toEqual(documents.map((document) => document._id));
  const column = (name: string) => header!.indexOf(name);
  const byId = new Map(documents.map((document) => [document._id, document]));
  expectRowsMatch(rows, (row) => {
    const document = byId.get(row[0]!)!;
    return {
      地区: [row[column('地区')], REGION_CHINESE_NAMES[document.region]],
      产品名称: [row[column('产品名称')], document.productName],
      产品类别: [row[column('产品类别')], PRODUCT_CATEGORY_LABELS[document.productCategory as keyof typeof PRODUCT_CATEGORY_LABELS]],
      状态: [row[column('状态')], RECALL_STATUS_LABELS[document.status as keyof typeof RECALL_STATUS_LABELS]],
      发布时间: [row[column('发布时间')], new Date(document.announcedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')],
    };
  }, (row) => row[0]!);
  const formula = rows.find((row) => row[column('缺陷')]!.includes('HYPERLINK'))!;
  expect(formula[column('缺陷')]).toBe('\'=HYPERLINK("http://example.com")\n第二行');

  const raw = await getExport(stack.gatewayUrl, stack.tokens.TJ, `recalls?regions=TIANJIN&raw=true&orderBy=ID&${window}`);
  const [rawHeader, first] = parseCsv(raw.body.toString('utf8').slice(1));
  expect(rawHeader!.slice(0, 3)).toEqual(['id', 'region', 'recallNumber']);
  expect(first![1]).toBe('TIANJIN');
  expect(first![rawHeader!.indexOf('announcedAt')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});

function errorOf(answer: ExportAnswer): { message: string; extensions: Record<string, any> } {
  expect(answer.headers['content-type']).toContain('application/json');
  return (JSON.parse(answer.body.toString('utf8')) as { errors: Array<{ message: string; extensions: Record<string, any> }> }).errors[0]!;
}

test('refusals before any byte, as JSON with a code: parameters checked at the edge, the row limit from the merged totalCount, authorisation', async () => {
  const refused = async (token: string | null, path: string, status: number, code: string, field?: string) => {
    const answer = await getExport(stack.gatewayUrl, token, path);
    expect({ path, status: answer.status, body: answer.status === status ? '' : answer.body.toString('utf8').slice(0, 300) }).toEqual({ path, status, body: '' });
    const error = errorOf(answer);
    expect(error.extensions.code).toBe(code);
    if (field) expect(error.extensions.field).toBe(field);
    return error;
  };
  await refused(null, 'recalls', 401, 'UNAUTHENTICATED');
  await refused(stack.tokens.BJ, 'auditLog', 404, 'NOT_FOUND');
  await refused(stack.tokens.PUBLIC, 'complaints', 403, 'FORBIDDEN');
  await refused(stack.tokens.BJ, 'recalls?category=TOYS', 400, 'BAD_USER_INPUT', 'category');
  await refused(stack.tokens.BJ, 'recalls?categories=TOYS,TOY', 400, 'BAD_USER_INPUT', 'filter.categories');
  await refused(stack.tokens.BJ, 'recalls?announcedFrom=yesterday', 400, 'BAD_USER_INPUT', 'filter.announcedFrom');
  await refused(stack.tokens.BJ, 'recalls?orderBy=PRODUCT_NAME', 400, 'BAD_USER_INPUT', 'orderBy');
  await refused(stack.tokens.BJ, 'recalls?direction=UP', 400, 'BAD_USER_INPUT', 'direction');
  await refused(stack.tokens.BJ, 'recalls?format=xlsx', 400, 'BAD_USER_INPUT', 'format');
  await refused(stack.tokens.BJ, 'recalls?after=not-a-cursor', 400, 'BAD_USER_INPUT', 'after');
  await refused(stack.tokens.BJ, 'complaints?overdue=maybe', 400, 'BAD_USER_INPUT', 'filter.overdue');
  // What only the regions check comes back from their first page, before any byte.
  await refused(stack.tokens.BJ, 'recalls?enterpriseCreditCode=12345', 400, 'BAD_USER_INPUT', 'filter.enterpriseCreditCode');
  // The public token may export recalls, up to its 10,000 rows: the merged totalCount is over that.
  const tooLarge = await refused(stack.tokens.PUBLIC, 'recalls', 400, 'EXPORT_TOO_LARGE');
  expect(tooLarge.extensions).toMatchObject({ limit: 10_000, totalCount: expect.any(Number) });
  expect(tooLarge.extensions.totalCount).toBeGreaterThan(EXTRA_RECALLS_PER_REGION * 3);

  // Accept chooses the format when no format= is given; an unencoded + in an offset is read as one.
  const ndjson = await getExport(stack.gatewayUrl, stack.tokens.PUBLIC, 'recalls?regions=BEIJING,HEBEI&announcedFrom=2026-01-01T00:00:00+08:00', { accept: 'application/x-ndjson' });
  expectStatus(ndjson, 200);
  expect(ndjson.headers['content-type']).toContain('application/x-ndjson');
  const rows = ndjsonRows(ndjson);
  const expected = (await allRecalls(['BJ', 'HE'])).filter((document) => document.announcedAt.getTime() >= Date.parse('2026-01-01T00:00:00+08:00'));
  expect(expected.length).toBeGreaterThan(0);
  expect(rows.map((row) => row.id).sort()).toEqual(expected.map((document) => document._id).sort());
});

interface ComplaintDocument {
  _id: string;
  receivingRegion: RegionCode;
  handlingRegion: RegionCode;
  anonymisedAt?: Date | null;
  subject: string;
  consumer: { name: string; phone: string; address: string };
}

test('complaints are exported as the API masks them for the caller, and each region audits the export once: rows and masked rows', async () => {
  const answer = await getExport(stack.gatewayUrl, stack.tokens.BJ, 'complaints?format=ndjson&orderBy=ID&direction=ASC');
  expectStatus(answer, 200);
  expect(answer.complete).toBe(true);
  const exportId = String(answer.headers['x-jjj-export-id']);
  const rows = ndjsonRows(answer);
  const documents = (await Promise.all(ALL_REGION_CODES.map((region) => stack.db(region).collection<ComplaintDocument>('complaints').find({}).toArray()))).flat();
  expect(rows.map((row) => row.id)).toEqual(documents.map((document) => document._id).sort());
  const byId = new Map(documents.map((document) => [document._id, document]));
  const masked = new Map<RegionCode, number>(ALL_REGION_CODES.map((region) => [region, 0]));
  for (const row of rows) {
    const document = byId.get(row.id)!;
    const involved = document.receivingRegion === 'BJ' || document.handlingRegion === 'BJ';
    if (involved && !document.anonymisedAt) {
      expect(row.consumer).toEqual({ ...document.consumer, masked: false });
    } else {
      expect(row.consumer.masked).toBe(true);
      expect(row.consumer.phone).not.toBe(document.consumer.phone);
      masked.set(document.receivingRegion, masked.get(document.receivingRegion)! + 1);
    }
  }
  expect([...masked.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  // The same values as the API's list gives this caller.
  const page = await stack.query(stack.tokens.BJ, '{ complaints(first: 100) { edges { node { id subject consumer { name phone address masked } } } } }');
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const nodes = page.data!.complaints.edges.map((edge: any) => edge.node) as Array<{ id: string }>;
  expect(nodes).toHaveLength(100);
  expect(nodes).toEqual(nodes.map((node) => ({ id: node.id, subject: rowsById.get(node.id)!.subject, consumer: rowsById.get(node.id)!.consumer })));
  // One audit entry per region for this export: who, what, the rows it served and how many were masked.
  for (const region of ALL_REGION_CODES) {
    const entries = await stack.db(region).collection('auditLog').find({ action: 'EXPORT', _id: `export:${exportId}` as never }).toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ agency: 'bj-samr', agencyRegion: 'BJ', entity: 'ConsumerComplaint', recordId: 'complaints', rows: rows.filter((row) => row.receivingRegion === regionNameOf(region)).length, maskedRows: masked.get(region) });
    expect(entries[0]!.detail).toContain('"field":"ID"');
  }
});

function rssMegabytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** Rows each region has served to an export so far, from its audit entry. */
async function rowsServed(exportId: string): Promise<Record<RegionCode, number>> {
  const entries = await Promise.all(ALL_REGION_CODES.map((region) => stack.db(region).collection('auditLog').findOne({ _id: `export:${exportId}` as never })));
  return Object.fromEntries(ALL_REGION_CODES.map((region, index) => [region, Number(entries[index]?.rows ?? 0)])) as Record<RegionCode, number>;
}

/** An export whose client stops reading once `pauseAfterBytes` arrived; `resume()` reads on to the end (or the abort). */
function pausedExport(gatewayUrl: string, token: string, path: string, pauseAfterBytes: number) {
  let resolvePaused!: (headers: Record<string, unknown>) => void;
  const paused = new Promise<Record<string, unknown>>((resolve) => {
    resolvePaused = resolve;
  });
  const chunks: Buffer[] = [];
  let received = 0;
  let pausedOnce = false;
  let response: import('node:http').IncomingMessage | undefined;
  const finished = new Promise<{ body: Buffer; complete: boolean; status: number }>((resolve, reject) => {
    const request = httpRequest(new URL(`/export/${path}`, gatewayUrl), { agent: false, headers: { authorization: `Bearer ${token}` } }, (incoming) => {
      response = incoming;
      if (incoming.statusCode !== 200) resolvePaused(incoming.headers);
      incoming.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= pauseAfterBytes && !pausedOnce) {
          pausedOnce = true;
          incoming.pause();
          resolvePaused(incoming.headers);
        }
      });
      incoming.on('error', () => undefined);
      incoming.on('close', () => resolve({ body: Buffer.concat(chunks), complete: incoming.complete, status: incoming.statusCode ?? 0 }));
    });
    request.on('error', reject);
    request.end();
  });
  void finished.then(() => resolvePaused({}), () => resolvePaused({}));
  return { paused, finished, received: () => received, resume: () => response?.resume(), destroy: () => response?.destroy() };
}

test('a client that stops reading after 1 MiB for 5 s: the gateway process grows < 30 MiB and asks each region for ≤ 3 more pages', async () => {
  const gatewayProcess = stack.system.startGatewayProcess({ LOG_LEVEL: 'warn' });
  try {
    const { url } = (await gatewayProcess.ready) as { url: string };
    const pid = gatewayProcess.child.pid!;
    const client = pausedExport(url, stack.tokens.HE, 'recalls', 1024 * 1024);
    const headers = await client.paused;
    const exportId = String(headers['x-jjj-export-id']);
    const rssBefore = rssMegabytes(pid);
    let peak = rssBefore;
    const sample = async (ms: number) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      peak = Math.max(peak, rssMegabytes(pid));
    };
    // Right after the client stops, the loopback sockets' kernel buffers (about a megabyte here, outside any process)
    // take what the gateway writes; once they are full the gateway cannot write and must stop asking the regions.
    const servedAtStop = await rowsServed(exportId);
    let servedFull = servedAtStop;
    for (let unchangedMs = 0, waitedMs = 0; unchangedMs < 2500 && waitedMs < 20_000; waitedMs += 250) {
      await sample(250);
      const served = await rowsServed(exportId);
      unchangedMs = ALL_REGION_CODES.every((region) => served[region] === servedFull[region]) ? unchangedMs + 250 : 0;
      servedFull = served;
    }
    for (let elapsed = 0; elapsed < 5000; elapsed += 250) await sample(250);
    const servedAfter = await rowsServed(exportId);
    const pagesFilling = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, Math.ceil((servedFull[region] - servedAtStop[region]) / 100)]));
    const pages = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, Math.ceil((servedAfter[region] - servedFull[region]) / 100)]));
    console.log(`stalled after ${client.received()} bytes: gateway RSS ${rssBefore.toFixed(1)} → peak ${peak.toFixed(1)} MiB; pages asked while the socket buffers filled ${JSON.stringify(pagesFilling)}, in the 5 s after ${JSON.stringify(pages)}; rows served ${JSON.stringify(servedAfter)}`);
    expect(peak - rssBefore).toBeLessThan(30);
    for (const region of ALL_REGION_CODES) expect(pages[region]).toBeLessThanOrEqual(3);
    // Nothing like the whole export was read while the client did not read.
    expect(Object.values(servedAfter).reduce((sum, rows) => sum + rows, 0)).toBeLessThan((EXTRA_RECALLS_PER_REGION * 3) / 2);
    client.destroy();
    await client.finished;
  } finally {
    await gatewayProcess.stop();
  }
});

test('a region failing mid-stream aborts the response (NDJSON says so in its last line first); one down at start is refused with 503 naming it', async () => {
  const csv = pausedExport(stack.gatewayUrl, stack.tokens.BJ, 'recalls', 64 * 1024);
  const ndjson = pausedExport(stack.gatewayUrl, stack.tokens.TJ, 'recalls?format=ndjson', 64 * 1024);
  const phase = (name: string) => console.log(`mid-stream test: ${name} at ${new Date().toISOString()}`);
  await Promise.all([csv.paused, ndjson.paused]);
  phase('both exports paused');
  // One export at a time per caller.
  const second = await getExport(stack.gatewayUrl, stack.tokens.BJ, 'recalls?regions=BEIJING');
  expectStatus(second, 429);
  expect(errorOf(second).extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'exports' });

  await stack.stopRegion('HE', 'SIGKILL');
  phase('Hebei killed');
  try {
    csv.resume();
    ndjson.resume();
    const [csvAnswer, ndjsonAnswer] = await Promise.all([csv.finished, ndjson.finished]);
    phase('both exports ended');
    expect(csvAnswer.status).toBe(200);
    expect(csvAnswer.complete).toBe(false);
    expect(ndjsonAnswer.complete).toBe(false);
    const lines = ndjsonAnswer.body.toString('utf8').split('\n').filter((line) => line.length > 0);
    const last = JSON.parse(lines[lines.length - 1]!) as { error: Record<string, any> };
    expect(last.error).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'HEBEI', rowsWritten: lines.length - 1, resumeAfter: expect.any(String) });

    const down = await getExport(stack.gatewayUrl, stack.tokens.BJ, 'recalls');
    expectStatus(down, 503);
    const error = errorOf(down);
    expect(error.extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'HEBEI' });
    expect(error.message).toContain('HE');
    // The other regions' records can still be exported by leaving Hebei out.
    const partial = await getExport(stack.gatewayUrl, stack.tokens.BJ, 'recalls?regions=BEIJING,TIANJIN&orderBy=ID&direction=ASC&announcedFrom=2026-01-01T00:00:00%2B08:00');
    expectStatus(partial, 200);
    expect(partial.complete).toBe(true);
  } finally {
    phase('restarting Hebei');
    await stack.startRegion('HE');
    phase('Hebei restarted');
  }
});
