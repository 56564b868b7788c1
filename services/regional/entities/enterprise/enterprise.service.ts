import type { Document, Filter } from 'mongodb';
import { regionChineseName, regionOfCreditCode, type RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { recordAudit } from '../../data/audit';
import { BadUserInputError, DuplicateValueError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { requireCreditCodeInput, requireNotFuture, requireText } from '../../data/validation';
import { duplicateKeyOn } from '../../data/writeErrors';
import type { EnterpriseDocument } from '../../model';
import type { EnterpriseFilter, RegisterEnterpriseInput } from './enterprise.inputs';

/** Enterprises live in the database of their registration region, so `regions` selects whole subgraphs. */
export function enterpriseFilterToMongo(filter: EnterpriseFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('industry', filter.industries, 'filter.industries'),
    dateRangeClause('establishedAt', filter.establishedFrom, filter.establishedTo, 'filter.establishedFrom'),
    textClause(filter.text, ['name', 'address']),
  ]);
}

function duplicateCreditCode(code: string): DuplicateValueError {
  return new DuplicateValueError('creditCode', `enterprise ${code} is already registered in this region`);
}

export async function registerEnterprise(context: RegionalContext, input: RegisterEnterpriseInput): Promise<EnterpriseDocument> {
  const caller = requireOwnRegionWriter(context, 'register an enterprise');
  const creditCode = requireCreditCodeInput('creditCode', input.creditCode);
  const registrationRegion = regionOfCreditCode(creditCode);
  if (registrationRegion !== context.region) {
    const where = registrationRegion ? `${regionChineseName(registrationRegion)} (${registrationRegion})` : 'another region';
    throw new BadUserInputError(
      'creditCode',
      `credit code ${creditCode} was issued in ${where}: an enterprise is registered in the region of its registration office, ` +
        `so register it with that region, not ${regionChineseName(context.region)} (${context.region})`,
    );
  }
  const now = clockNow();
  requireNotFuture('establishedAt', input.establishedAt, now);
  const document: EnterpriseDocument = {
    _id: creditCode,
    name: requireText('name', input.name, { max: 200 }),
    registrationRegion,
    address: requireText('address', input.address, { max: 300 }),
    legalRepresentative: requireText('legalRepresentative', input.legalRepresentative, { max: 50 }),
    industry: requireText('industry', input.industry, { max: 100 }),
    establishedAt: input.establishedAt,
    createdAt: now,
    updatedAt: now,
  };
  const { enterprises } = context.database;
  if (await enterprises.findOne({ _id: creditCode }, { projection: { _id: 1 } })) throw duplicateCreditCode(creditCode);
  try {
    await enterprises.insertOne(document);
  } catch (error) {
    // The credit code is the `_id`: a concurrent registration of the same code won the race.
    if (duplicateKeyOn(error) === 'id') throw duplicateCreditCode(creditCode);
    throw error;
  }
  await recordAudit(context.database.auditLog, caller, { action: 'CREATE', entity: 'Enterprise', recordId: creditCode, detail: `registered ${document.name}` });
  return document;
}
