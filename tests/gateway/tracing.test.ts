/**
 * OpenTelemetry across processes: one merged query is one trace — the gateway's request span, a region-call span
 * per region, each region's request span (parented through `traceparent`) and its database command spans —
 * exported over OTLP/HTTP (JSON) to a receiver started by the test.
 */
import { createServer, type Server } from 'node:http';
import { ALL_REGION_CODES } from '../../kernel';
import { startTsProcess, type ManagedProcess } from '../../platform/childProcess';
import { listen } from '../../platform/httpListen';
import { startStack, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type Stack } from '../helpers/stack';
import { CREATE_RECALL, recallInput, testCreditCode, randomTag, TestSubscription, waitUntil } from '../subscriptions/subscriptionHelpers';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

const received: ReceivedSpan[] = [];
let receiver: Server;
let stack: Stack;
let gateway: ManagedProcess;
let gatewayUrl: string;
let gatewayMetricsUrl: string;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'service'>> }> }>;
      };
      for (const resourceSpans of body.resourceSpans) {
        const service = resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
        for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) received.push({ ...span, service });
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  const endpoint = `http://127.0.0.1:${await listen(receiver, 0, '127.0.0.1')}`;
  stack = await startStack({ regionEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
  // A gateway process of its own: the OTLP exporter cannot load inside jest's module sandbox.
  gateway = startTsProcess('gateway', 'gateway/main.ts', {
    PORT: '0',
    METRICS_PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    INTERNAL_IDENTITY_SECRET: TEST_INTERNAL_SECRET,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(ALL_REGION_CODES.map((region) => [`REGION_URL_${region}`, stack.regionUrls[region]])),
  }, { readyMessage: 'gateway listening', startTimeoutMs: 120_000 });
  const ready = (await gateway.ready) as { url: string; metricsUrl: string };
  gatewayUrl = String(ready.url);
  gatewayMetricsUrl = String(ready.metricsUrl);
}, 240_000);

afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
}, 60_000);

test('one merged query is one trace across the gateway and the three regions, with database spans', async () => {
  const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.BJ}` }, body: JSON.stringify({ query: '{ recalls(first: 3) { totalCount edges { node { id } } } }' }) });
  expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  const requestSpan = () => received.find((span) => span.service === 'gateway' && span.name === 'POST /graphql');
  await waitUntil(() => {
    const root = requestSpan();
    return root !== undefined && received.filter((span) => span.traceId === root.traceId && span.name === 'POST /graphql' && span.service.startsWith('regional-')).length >= 3
      && received.filter((span) => span.traceId === root.traceId && span.name.startsWith('db ')).length >= 3;
  }, 'spans from the gateway and the three regions', 20_000, () => received.map((span) => `${span.service} ${span.name}`));
  const root = requestSpan()!;
  const inTrace = received.filter((span) => span.traceId === root.traceId);
  expect(inTrace.filter((span) => span.service === 'gateway' && span.name === 'POST /graphql')).toHaveLength(1);
  const regionCalls = inTrace.filter((span) => span.name === 'region call');
  expect(regionCalls).toHaveLength(3);
  const regionRequests = inTrace.filter((span) => span.service.startsWith('regional-') && span.name === 'POST /graphql');
  expect(new Set(regionRequests.map((span) => span.service))).toEqual(new Set(['regional-BJ', 'regional-TJ', 'regional-HE']));
  // Each region's request span is a child of one of the gateway's region-call spans (traceparent crossed the process).
  const callIds = new Set(regionCalls.map((span) => span.spanId));
  for (const span of regionRequests) expect(callIds.has(span.parentSpanId ?? '')).toBe(true);
  const databaseSpans = inTrace.filter((span) => span.name.startsWith('db '));
  expect(databaseSpans.length).toBeGreaterThanOrEqual(3);
  expect(new Set(databaseSpans.map((span) => span.service))).toEqual(new Set(['regional-BJ', 'regional-TJ', 'regional-HE']));
}, 60_000);

test('the trace of a write continues into the event path: the relay logging its event and the gateway delivering it', async () => {
  const subscription = new TestSubscription(gatewayUrl, stack.tokens.BJ, 'subscription { recallPublished { recordId recall { id recallNumber } } }');
  try {
    let metrics = '';
    await waitUntil(async () => {
      metrics = await (await fetch(gatewayMetricsUrl)).text();
      return /^jjj_gateway_subscribers{[^}]*} 1$/m.test(metrics) || subscription.error !== undefined;
    }, 'the subscription to be registered', 20_000, () => ({ error: String(subscription.error ?? ''), results: subscription.results, metrics: metrics.match(/^jjj_gateway_sub.*$/gm) }));
    expect(subscription.error).toBeUndefined();
    const input = recallInput({ category: 'TOYS', creditCode: testCreditCode('BJ', randomTag()) });
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.BJ}` },
      body: JSON.stringify({ query: CREATE_RECALL, variables: { input } }),
    });
    const created = (await response.json()) as { data?: { createRecall: { id: string } }; errors?: unknown };
    expect(created.errors).toBeUndefined();
    const [event] = await subscription.waitForEvents(1);
    expect(event.recordId).toBe(created.data!.createRecall.id);

    const mutationSpan = () => received.find((span) => span.service === 'gateway' && span.name === 'POST /graphql'
      && received.some((other) => other.traceId === span.traceId && other.name === 'event relay'));
    await waitUntil(() => {
      const root = mutationSpan();
      return root !== undefined && received.some((span) => span.traceId === root.traceId && span.name === 'event delivery');
    }, 'the relay and delivery spans in the trace of the mutation', 20_000, () => received.map((span) => `${span.service} ${span.name}`));
    const root = mutationSpan()!;
    const inTrace = received.filter((span) => span.traceId === root.traceId);
    const relay = inTrace.filter((span) => span.name === 'event relay');
    expect(relay.map((span) => span.service)).toEqual(['regional-BJ']);
    // The relay's own database command (appending to the log) is in the trace, under the relay span.
    expect(inTrace.some((span) => span.name === 'db insert' && span.parentSpanId === relay[0].spanId)).toBe(true);
    const delivery = inTrace.filter((span) => span.name === 'event delivery');
    expect(delivery).toHaveLength(1);
    expect(delivery[0].service).toBe('gateway');
    expect(delivery[0].parentSpanId).toBe(relay[0].spanId);
    // Resolving the event's payload asked Beijing for the recall, as a child of the delivery.
    await waitUntil(() => received.some((span) => span.traceId === root.traceId && span.name === 'region call' && span.parentSpanId !== undefined
      && isDescendant(span, delivery[0].spanId)), 'a region call under the delivery span', 20_000);
  } finally {
    await subscription.dispose();
  }
}, 60_000);

function isDescendant(span: ReceivedSpan, ancestorId: string): boolean {
  const byId = new Map(received.map((candidate) => [candidate.spanId, candidate]));
  for (let parent = span.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) if (parent === ancestorId) return true;
  return false;
}
