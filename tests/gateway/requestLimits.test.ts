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
