/**
 * Issue 22, subscriptions at scale: the gateway finds the subscription groups an event may reach through an index
 * of their filters (region, category, level, enterprise), so an event's cost does not grow with all groups; a
 * member's cursor still covers the events its group skipped, and never an event it has not been sent yet.
 */
import fc from 'fast-check';
import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import pino from 'pino';
import { CONTRACT, parseFilter, RISK_LEVELS, type RegionEvent, type SubscriptionDeclaration } from '../../contract';
import { ALL_REGION_CODES, computeCreditCodeCheckChar, decodeEventCursor, regionNameOf, type RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { PreparedPayload, type EventPayloads } from '../../gateway/subscriptions/eventPayload';
import { GroupIndex } from '../../gateway/subscriptions/groupIndex';
import { eventMatches } from '../../gateway/subscriptions/subscriptionFilters';
import { Subscriber } from '../../gateway/subscriptions/subscriber';
import { groupKey, SubscriptionGroups } from '../../gateway/subscriptions/subscriptionGroups';
import type { SubscriptionSpec } from '../../gateway/subscriptions/subscriptionSpec';

const SEED = Number(process.env.INDEX_SEED ?? 20_261_206);
const CATEGORIES = ['ELECTRIC_BICYCLE', 'CHILDREN_PRODUCTS', 'HOUSEHOLD_APPLIANCES', 'TEXTILES'];
const STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED', 'RECEIVED', 'TRANSFERRED'];
const CODES = ['91110105MA01ABCD1', '91120101MA05EFGH2', '91130102MA07JKLM3'].map((first17) => first17 + computeCreditCodeCheckChar(first17));

function declaration(field: string): SubscriptionDeclaration {
  const found = CONTRACT.subscriptions.find((candidate) => candidate.field === field);
  if (!found) throw new Error(`no subscription ${field}`);
  return found;
}

function spec(field: string, filter: Record<string, unknown>): SubscriptionSpec {
  const document = parse(`subscription { ${field} { cursor type } }`);
  const rootField = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
  const subscription = declaration(field);
  return { declaration: subscription, rootField, fragments: new Map(), filter: parseFilter(subscription.filters, filter), entityQuery: null, entityVariables: {}, identity: DEVELOPMENT_AGENCIES.BJ };
}

function event(seq: number, region: RegionCode, type: string, snapshot: Partial<RegionEvent['snapshot']> = {}): RegionEvent {
  return { seq, eventId: `e${region}${seq}`, type, entity: 'ProductRecall', recordId: `r${seq}`, region, at: '2026-12-06T00:00:00.000Z', snapshot: { region, ...snapshot } };
}

/** Payloads without a supergraph: the event's type and seq, prepared after `delayMs`. */
function fakePayloads(delayMs: (event: RegionEvent) => number = () => 0): EventPayloads {
  return {
    prepare: async (built: SubscriptionSpec, _shareKey: string, cursorKeys: readonly string[], delivered: RegionEvent) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs(delivered)));
      return new PreparedPayload({ data: { [built.declaration.field]: { cursor: '', type: delivered.type, seq: delivered.seq } } }, built, cursorKeys);
    },
  } as unknown as EventPayloads;
}

function subscriber(received: Array<{ seq: number; cursor: string }>, field: string, positions = {}): Subscriber {
  const member = new Subscriber(positions, { maxQueued: 1000, maxPendingLive: 1000 }, () => undefined, () => undefined);
  const push = member.push.bind(member);
  member.push = (result) => {
    const payload = (result.data as Record<string, { seq: number; cursor: string }>)[field]!;
    received.push({ seq: payload.seq, cursor: payload.cursor });
    push(result);
  };
  return member;
}

const optionalList = <T>(values: readonly T[]) => fc.option(fc.uniqueArray(fc.constantFrom(...values), { maxLength: values.length }), { nil: undefined });
const snapshotArbitrary = fc.record({
  region: fc.constantFrom<RegionCode>(...ALL_REGION_CODES),
  category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
  riskLevelRank: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  enterpriseCreditCodes: optionalList(CODES),
  regions: optionalList<RegionCode>(ALL_REGION_CODES),
});

test(`the index never misses a group an event matches (random filters and events, seed ${SEED})`, () => {
  const fields = CONTRACT.subscriptions.map((candidate) => candidate.field);
  const eventTypes = [...new Set(CONTRACT.subscriptions.flatMap((candidate) => Object.keys(candidate.eventTypes)))];
  const filterArbitrary = fc.record(
    {
      regions: optionalList(ALL_REGION_CODES.map(regionNameOf)),
      categories: optionalList(CATEGORIES),
      statuses: optionalList(STATUSES),
      minimumLevel: fc.constantFrom(...RISK_LEVELS),
      enterpriseCreditCode: fc.constantFrom(...CODES),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(...fields), filterArbitrary), { minLength: 1, maxLength: 40 }),
      fc.array(fc.record({ type: fc.constantFrom(...eventTypes), snapshot: snapshotArbitrary, previous: fc.option(snapshotArbitrary, { nil: undefined }) }), { minLength: 1, maxLength: 20 }),
      (groups, events) => {
        const index = new GroupIndex<number>();
        const specs = groups.map(([field, filter]) => {
          const subscription = declaration(field);
          // Only the arguments this subscription's filter input has.
          const own = Object.fromEntries(Object.entries(filter).filter(([argument]) => subscription.filters.some((predicate) => predicate.argument === argument)));
          return { subscription, filter: parseFilter(subscription.filters, own) };
        });
        specs.forEach(({ subscription, filter }, i) => index.add(i, subscription, filter));
        for (const [i, { type, snapshot, previous }] of events.entries()) {
          const regionEvent = event(i + 1, snapshot.region, type, { ...snapshot, previous });
          const candidates = index.candidates(regionEvent);
          specs.forEach(({ subscription, filter }, group) => {
            if (eventMatches(subscription, filter, regionEvent)) expect({ group, candidate: candidates.has(group) }).toEqual({ group, candidate: true });
          });
        }
      },
    ),
    { seed: SEED, numRuns: 300 },
  );
});

test('10,000 groups of distinct enterprise filters: an event is tested against the one group it matches, and removing groups empties the index', () => {
  const index = new GroupIndex<string>();
  const recallPublished = declaration('recallPublished');
  const codes = Array.from({ length: 10_000 }, (_, i) => `9111000${String(i).padStart(10, '0')}X`);
  // Credit codes with a valid check character are not needed here: the index files parsed values.
  const filters = codes.map((code) => ({ checks: [{ predicate: recallPublished.filters.find((predicate) => predicate.argument === 'enterpriseCreditCode')!, value: code }], key: code }));
  filters.forEach((filter, i) => index.add(codes[i]!, recallPublished, filter));
  const candidates = index.candidates(event(1, 'TJ', 'RECALL_PUBLISHED', { enterpriseCreditCodes: [codes[4321]!] }));
  expect([...candidates]).toEqual([codes[4321]]);
  expect(index.candidates(event(2, 'TJ', 'RECALL_PUBLISHED', { enterpriseCreditCodes: ['nobody'] })).size).toBe(0);
  codes.forEach((code) => index.remove(code, recallPublished));
  expect(index.candidates(event(3, 'TJ', 'RECALL_PUBLISHED', { enterpriseCreditCodes: [codes[4321]!] })).size).toBe(0);
});

test('groups: only matching groups are tested, and a cursor covers skipped events once nothing of the group is queued', async () => {
  const groups = new SubscriptionGroups(fakePayloads(), pino({ level: 'silent' }));
  const textiles = spec('recallPublished', { categories: ['TEXTILES'] });
  for (let i = 0; i < 500; i++) {
    const other = spec('recallPublished', { categories: ['ELECTRIC_BICYCLE'], enterpriseCreditCode: CODES[i % 3] });
    other.entityVariables = { i };
    groups.join(groupKey(other), other, subscriber([], 'recallPublished'));
  }
  const received: Array<{ seq: number; cursor: string }> = [];
  const member = subscriber(received, 'recallPublished', { BJ: 0, TJ: 0, HE: 0 });
  groups.join(groupKey(textiles), textiles, member);

  await Promise.all(groups.deliver(event(1, 'BJ', 'RECALL_PUBLISHED', { category: 'TEXTILES' })));
  expect(groups.lastCandidateCount).toBe(1);
  await Promise.all(groups.deliver(event(2, 'BJ', 'RECALL_PUBLISHED', { category: 'TOYS' })));
  await Promise.all(groups.deliver(event(7, 'TJ', 'RECALL_PUBLISHED', { category: 'TOYS' })));
  expect(groups.lastCandidateCount).toBe(0);
  await Promise.all(groups.deliver(event(3, 'BJ', 'RECALL_PUBLISHED', { category: 'TEXTILES' })));
  expect(received.map(({ seq }) => seq)).toEqual([1, 3]);
  // The second cursor covers Beijing's skipped 2 and Tianjin's skipped 7.
  expect(decodeEventCursor(received[1]!.cursor)).toEqual({ BJ: 3, TJ: 7, HE: 0 });
});

test('groups: a cursor never covers a matching event still being resolved', async () => {
  // Event 1 resolves slowly; 2 (matching) is queued behind it; 3 (not matching) arrives meanwhile.
  const groups = new SubscriptionGroups(fakePayloads((delivered) => (delivered.seq === 1 ? 100 : 0)), pino({ level: 'silent' }));
  const textiles = spec('recallPublished', { categories: ['TEXTILES'] });
  const received: Array<{ seq: number; cursor: string }> = [];
  groups.join(groupKey(textiles), textiles, subscriber(received, 'recallPublished', { BJ: 0, TJ: 0, HE: 0 }));
  const deliveries = [
    ...groups.deliver(event(1, 'BJ', 'RECALL_PUBLISHED', { category: 'TEXTILES' })),
    ...groups.deliver(event(2, 'BJ', 'RECALL_PUBLISHED', { category: 'TEXTILES' })),
    ...groups.deliver(event(3, 'BJ', 'RECALL_PUBLISHED', { category: 'TOYS' })),
  ];
  await Promise.all(deliveries);
  expect(received.map(({ seq }) => seq)).toEqual([1, 2]);
  // With 2 still queued, the cursor sent with 1 stops at 1; the one sent with 2 covers the skipped 3.
  expect(decodeEventCursor(received[0]!.cursor).BJ).toBe(1);
  expect(decodeEventCursor(received[1]!.cursor).BJ).toBe(3);
});
