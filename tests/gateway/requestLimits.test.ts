/** RequestLimits without a network: concurrency per caller and per kind of caller, and what a release gives back. */
import { CONTRACT, deriveRootFieldRoutes } from '../../contract';
import { pricingModel } from '../../gateway/limits/pricingModel';
import { RequestLimits, RequestRefusal } from '../../gateway/limits/requestLimits';
import { clientApiSchema, committedSchemaSource, federatedApiSchema } from '../../gateway/schemaSource';
import { DEVELOPMENT_AGENCIES, PUBLIC_IDENTITY } from '../../platform/agencies';
import { CALLER_LIMITS } from '../../platform/config';

const source = committedSchemaSource();
const limits = new RequestLimits(
  pricingModel(clientApiSchema(source.supergraphSdl, CONTRACT), source.supergraphSdl, deriveRootFieldRoutes(federatedApiSchema(source.supergraphSdl), CONTRACT.explicitRoutes)),
  CALLER_LIMITS,
);

const refusalOf = (admit: () => unknown): RequestRefusal | undefined => {
  try {
    admit();
    return undefined;
  } catch (error) {
    return error as RequestRefusal;
  }
};

test('a public token runs at most its share at once, and all public tokens together at most the kind’s; agencies are not affected', () => {
  const perToken = CALLER_LIMITS.public.maxConcurrentRequests;
  const ofKind = CALLER_LIMITS.public.maxConcurrentRequestsOfKind;
  const releases: Array<() => void> = [];
  for (let index = 0; index < perToken; index++) releases.push(limits.admit(PUBLIC_IDENTITY, 'public:a'));
  expect(refusalOf(() => limits.admit(PUBLIC_IDENTITY, 'public:a'))?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'concurrency', limit: perToken });
  for (let token = 0; releases.length < ofKind; token++) releases.push(limits.admit(PUBLIC_IDENTITY, `public:other-${token % 2}`));
  const kindRefusal = refusalOf(() => limits.admit(PUBLIC_IDENTITY, 'public:fresh'));
  expect(kindRefusal?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'concurrency', limit: ofKind });
  expect(kindRefusal?.message).toContain('public requests at once on this gateway');
  // An agency still gets in.
  limits.admit(DEVELOPMENT_AGENCIES.BJ, 'agency:bj-samr')();
  // A refused request took nothing: one release lets exactly one more in.
  releases.pop()!();
  releases.push(limits.admit(PUBLIC_IDENTITY, 'public:fresh'));
  expect(refusalOf(() => limits.admit(PUBLIC_IDENTITY, 'public:fresh-2'))).toBeInstanceOf(RequestRefusal);
  releases.forEach((release) => release());
  expect(refusalOf(() => limits.admit(PUBLIC_IDENTITY, 'public:after')!())).toBeUndefined();
});

test('a measure is remembered by the values of the variables it reads only (page sizes, regions), not by an ID or a cursor', () => {
  const agency = DEVELOPMENT_AGENCIES.TJ;
  const byId = 'query Recall($id: ID!) { recall(id: $id) { id productName } }';
  const first = limits.check(agency, byId, 'Recall', { id: 'TJ-RCL-2026-000001' });
  expect(limits.check(agency, byId, 'Recall', { id: 'TJ-RCL-2026-000002' })).toBe(first);

  const page = 'query Page($first: Int, $after: String, $filter: RecallFilter) { recalls(first: $first, after: $after, filter: $filter) { edges { node { id } } } }';
  const twenty = limits.check(agency, page, 'Page', { first: 20, after: 'a', filter: { regions: ['TIANJIN'] } })!;
  expect(limits.check(agency, page, 'Page', { first: 20, after: 'b', filter: { regions: ['TIANJIN'] } })).toBe(twenty);
  // What the measure reads still tells measures apart: a larger page, more regions.
  const fifty = limits.check(agency, page, 'Page', { first: 50, after: 'b', filter: { regions: ['TIANJIN'] } })!;
  const threeRegions = limits.check(agency, page, 'Page', { first: 20, after: 'b', filter: { regions: ['TIANJIN', 'BEIJING', 'HEBEI'] } })!;
  expect(fifty.cost.total).toBeGreaterThan(twenty.cost.total);
  expect(threeRegions.cost.regionCalls).toBe(3);
  expect(twenty.cost.regionCalls).toBe(1);
  // The public kind is measured on its own (what it may read differs).
  expect(limits.check(PUBLIC_IDENTITY, byId, 'Recall', { id: 'TJ-RCL-2026-000001' })).not.toBe(first);
});
