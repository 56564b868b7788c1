/**
 * A regional request's database work is bounded and stops with the request, over the real service and the
 * embedded engine: every command carries maxTimeMS, a scan past it is stopped by the database, and a client that
 * goes away mid-scan (the gateway aborting its call) stops the scan at once instead of letting it run out.
 */
import { request as httpRequest } from 'node:http';
import type { CommandStartedEvent, Document } from 'mongodb';
import { MongoClient } from 'mongodb';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { IDENTITY_HEADER, signInternalIdentity } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';
import { calendarFromEnv, type RegionalServiceConfig } from '../../services/regional/config';
import { startRegionalService, type RunningRegionalService } from '../../services/regional/server';
import { waitUntil } from '../subscriptions/subscriptionHelpers';

jest.setTimeout(120_000);

const SECRET = 'cancellation-test-secret-0123456789';
const DATABASE = 'cancel_tj';
const RECALLS = 50_000;
/** Matches no recall: counting it scans every document. */
const SCAN_QUERY = '{ recalls(filter: { text: "并不存在的产品名称" }, first: 1) { totalCount } }';

let engine: RunningEngine;
const services: RunningRegionalService[] = [];
const commands: CommandStartedEvent[] = [];

function config(dbCommandTimeoutMs: number): RegionalServiceConfig {
  return { region: 'TJ', host: '127.0.0.1', port: 0, mongodbUri: engine.uri, databaseName: DATABASE, internalIdentitySecret: SECRET, calendar: calendarFromEnv({}), dbCommandTimeoutMs, mongoClientOptions: { monitorCommands: true } };
}

const identity = () => signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SECRET, { region: 'TJ', endpoint: 'regional' });

async function post(service: RunningRegionalService, query: string): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const response = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity() }, body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.json(), ms: Date.now() - started };
}

beforeAll(async () => {
  engine = await startEngine({ port: 0 });
  const client = await MongoClient.connect(engine.uri);
  const recalls = client.db(DATABASE).collection<Document>('recalls');
  for (let start = 0; start < RECALLS; start += 10_000) {
    await recalls.insertMany(Array.from({ length: 10_000 }, (_, offset) => ({ _id: `TJ-RCL-2026-${String(start + offset).padStart(6, '0')}` as never, productName: `产品${start + offset}`, brand: '品牌', recallNumber: `津召字〔2026〕第${start + offset}号`, announcedAt: new Date(Date.UTC(2026, 0, 1)), manufacturer: { creditCode: '91120116MA05JXYZ1L', name: '天津某厂', contact: { person: '张', phone: '022-12345678' } }, riskAlertIds: [] })));
  }
  await client.close();
  for (const timeout of [150, 60_000]) {
    const service = await startRegionalService(config(timeout));
    service.client.on('commandStarted', (event: CommandStartedEvent) => commands.push(event));
    services.push(service);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await engine?.close();
});

test('every command a request sends carries maxTimeMS', async () => {
  const before = commands.length;
  const answer = await post(services[1]!, '{ recalls(first: 2) { totalCount edges { node { id } } } recall(id: "TJ-RCL-2026-000001") { id } }');
  expect(answer.body.errors).toBeUndefined();
  // The request's commands (the outbox relays of both services poll meanwhile, unbounded by design: their own small batches).
  const isRelayPoll = (event: CommandStartedEvent) => JSON.stringify(event.command.filter ?? event.command.pipeline ?? {}).includes('outboxPending');
  const sent = commands.slice(before).filter((event) => ['find', 'aggregate', 'count', 'distinct'].includes(event.commandName) && !isRelayPoll(event));
  expect(sent.length).toBeGreaterThan(0);
  for (const event of sent) expect({ command: event.commandName, maxTimeMS: event.command.maxTimeMS }).toEqual({ command: event.commandName, maxTimeMS: 60_000 });
});

test('a scan past the request’s bound is stopped by the database (MaxTimeMSExpired), not run to its end', async () => {
  const stoppedBefore = engine.operations.stats().stopped.maxTimeMSExpired;
  const answer = await post(services[0]!, SCAN_QUERY);
  // eslint-disable-next-line no-console
  console.log(`scan with maxTimeMS 150: answered in ${answer.ms} ms`);
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
  expect(answer.ms).toBeLessThan(5000);
  expect(engine.operations.stats().stopped.maxTimeMSExpired).toBeGreaterThan(stoppedBefore);
});

test('a client that goes away mid-scan stops the scan: the engine records a stop for a closed connection', async () => {
  const completedScan = await post(services[1]!, SCAN_QUERY);
  expect(completedScan.body.data.recalls.totalCount).toBe(0);
  // eslint-disable-next-line no-console
  console.log(`the same scan, run to its end: ${completedScan.ms} ms`);
  const stoppedBefore = engine.operations.stats().stopped.clientDisconnected;
  const request = httpRequest(services[1]!.url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity() } });
  request.on('error', () => undefined);
  request.end(JSON.stringify({ query: SCAN_QUERY }));
  await waitUntil(() => engine.operations.stats().inProgress > 0, 'the scan to start', 10_000);
  const abandoned = Date.now();
  request.destroy();
  await waitUntil(() => engine.operations.stats().stopped.clientDisconnected > stoppedBefore, 'the engine to stop the abandoned scan', 10_000);
  const stopMs = Date.now() - abandoned;
  // eslint-disable-next-line no-console
  console.log(`abandoned scan stopped ${stopMs} ms after the client went away`);
  await waitUntil(() => engine.operations.stats().inProgress === 0, 'nothing left running');
  expect(stopMs).toBeLessThan(Math.max(1000, completedScan.ms));
});
