import type { GiAuthorisation } from '../../contract';
import type { RegionalContext } from '../../services/regional/context';
import { requireAuthorisedProducer } from '../../services/regional/entities/inspection/giAuthorisation';

/** The inspection's authorisation check against another region's GI, with that region's answer stubbed (no network). */
const GI: GiAuthorisation = { id: 'BJ-GEO-2020-000007', region: 'BJ', productName: '平谷大桃', status: 'PROTECTED', producers: { A: 'AUTHORISED', S: 'SUSPENDED', R: 'REVOKED' } };

function tianjin(ask: (region: string, id: string) => Promise<GiAuthorisation | null>): RegionalContext {
  return { region: 'TJ', peerGiAuthorisations: { ask, close: async () => undefined } } as unknown as RegionalContext;
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, details: (error as { details?: Record<string, string> }).details, message: (error as Error).message };
  }
  throw new Error('not refused');
};

test('asks the registering region and refuses by the producer’s status, in Chinese', async () => {
  const asked: string[] = [];
  const context = tianjin(async (region, id) => {
    asked.push(`${region} ${id}`);
    return GI;
  });
  await expect(requireAuthorisedProducer(context, GI.id, 'A')).resolves.toEqual(GI);
  expect(asked).toEqual(['BJ BJ-GEO-2020-000007']);
  expect(await refusal(requireAuthorisedProducer(context, GI.id, 'X'))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'producerCreditCode', reason: 'PRODUCER_NOT_AUTHORISED' }, message: expect.stringMatching(/企业 X 不是地理标志保护产品「平谷大桃」/) });
  expect(await refusal(requireAuthorisedProducer(context, GI.id, 'S'))).toMatchObject({ details: { reason: 'AUTHORISATION_SUSPENDED' }, message: expect.stringMatching(/授权已暂停/) });
  expect(await refusal(requireAuthorisedProducer(context, GI.id, 'R'))).toMatchObject({ details: { reason: 'AUTHORISATION_REVOKED' }, message: expect.stringMatching(/授权已撤销/) });
  const revoked = tianjin(async () => ({ ...GI, status: 'REVOKED' }));
  expect(await refusal(requireAuthorisedProducer(revoked, GI.id, 'A'))).toMatchObject({ details: { field: 'geographicalIndicationId', reason: 'GI_REVOKED' }, message: expect.stringMatching(/已撤销保护/) });
  expect(await refusal(requireAuthorisedProducer(tianjin(async () => null), GI.id, 'A'))).toMatchObject({ details: { reason: 'GI_NOT_FOUND' } });
});

test('a registering region that does not answer: REGION_UNAVAILABLE naming it, nothing decided', async () => {
  const down = tianjin(async () => {
    throw new Error('connect ECONNREFUSED');
  });
  expect(await refusal(requireAuthorisedProducer(down, GI.id, 'A'))).toMatchObject({ code: 'REGION_UNAVAILABLE', details: { region: 'BJ' }, message: expect.stringMatching(/无法向北京.*核实.*ECONNREFUSED/) });
});
