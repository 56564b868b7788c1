import type { Document, Filter } from 'mongodb';
import { ALL_REGION_CODES, divisionFullName, DivisionError, GI_PRODUCER_STATUS_LABELS, requireDivision, type Division, type GeographicalIndicationStatus, type GiProducerStatus, type RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, MATCH_NOTHING, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import { requireCreditCodeInput, requireCreditCodeList, requireNotFuture, requireRecordIdInput, requireText } from '../../data/validation';
import { giProducerStatuses, type GeographicalIndicationDocument } from '../../model';
import type { AuthoriseGiProducersInput, ChangeGiProducerStatusInput, ChangeGiStatusInput, GeographicalIndicationFilter, RegisterGeographicalIndicationInput } from './geographicalIndication.inputs';

const MAX_AREA_DIVISIONS = 50;
const MAX_PRODUCERS = 500;

/** A district or county by code or name, refused with BAD_USER_INPUT and a reason (FORMER_DIVISION for 蓟县 …). */
export function requireDivisionInput(field: string, value: string): Division {
  try {
    return requireDivision(field, value);
  } catch (error) {
    if (error instanceof DivisionError) throw new BadUserInputError(field, error.message, error.reason);
    throw error;
  }
}

export function geographicalIndicationFilterToMongo(filter: GeographicalIndicationFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  const areaRegions = filter.areaRegions as unknown as RegionCode[] | null | undefined;
  return allOf([
    regionClause(filter.regions, region),
    filter.district ? { protectionAreaCodes: requireDivisionInput('filter.district', filter.district).code } : null,
    areaRegions ? (areaRegions.length === 0 ? MATCH_NOTHING : oneOfClause('protectionAreaRegions', areaRegions, 'filter.areaRegions')) : null,
    oneOfClause('productClass', filter.productClasses, 'filter.productClasses'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    filter.authorisedProducerCreditCode
      ? { authorisedProducerCreditCodes: requireCreditCodeInput('filter.authorisedProducerCreditCode', filter.authorisedProducerCreditCode) }
      : null,
    textClause(filter.text, ['productName', 'standard']),
  ]);
}

export const GEOGRAPHICAL_INDICATIONS: EventedRecords<GeographicalIndicationDocument> = {
  entity: 'GeographicalIndication',
  label: 'geographical indication',
  idType: 'GEO',
  collection: (database) => database.geographicalIndications,
  snapshot: (gi) => ({ region: gi.region, category: gi.productClass, status: gi.status, enterpriseCreditCodes: [...gi.authorisedProducerCreditCodes] }),
};

/** Protected ↔ suspended; either may be revoked, which is final. */
const GI_TRANSITIONS: Record<GeographicalIndicationStatus, readonly GeographicalIndicationStatus[]> = {
  PROTECTED: ['SUSPENDED', 'REVOKED'],
  SUSPENDED: ['PROTECTED', 'REVOKED'],
  REVOKED: [],
};

function protectionAreaOf(values: readonly string[]): Division[] {
  if (values.length === 0 || values.length > MAX_AREA_DIVISIONS) throw new BadUserInputError('protectionArea', `a protection area has 1 to ${MAX_AREA_DIVISIONS} districts or counties, got ${values.length}`);
  const byCode = new Map<string, Division>();
  values.forEach((value, index) => {
    const division = requireDivisionInput(`protectionArea[${index}]`, value);
    byCode.set(division.code, division);
  });
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export async function registerGeographicalIndication(context: RegionalContext, input: RegisterGeographicalIndicationInput): Promise<GeographicalIndicationDocument> {
  const caller = requireOwnRegionWriter(context, 'register a geographical indication');
  const now = clockNow();
  // Protections date back decades (the first were approved in 1999): only a future approval date is refused.
  const approvedAt = input.approvedAt;
  requireNotFuture('approvedAt', approvedAt, now);
  if (approvedAt.getUTCFullYear() < 1999) throw new BadUserInputError('approvedAt', 'approvedAt is before 1999, when geographical indication protection began', 'TOO_OLD');
  const area = protectionAreaOf(input.protectionArea ?? []);
  const fields = {
    region: context.region,
    productName: requireText('productName', input.productName, { max: 50 }),
    productClass: input.productClass,
    approvalAnnouncement: requireText('approvalAnnouncement', input.approvalAnnouncement, { max: 100 }),
    approvedAt,
    standard: requireText('standard', input.standard, { max: 100 }),
    protectionArea: area.map((division) => ({ code: division.code, name: divisionFullName(division), region: division.region })),
    protectionAreaCodes: area.map((division) => division.code),
    protectionAreaRegions: ALL_REGION_CODES.filter((region) => area.some((division) => division.region === region)),
    authorisedProducerCreditCodes: requireCreditCodeList('authorisedProducerCreditCodes', input.authorisedProducerCreditCodes, MAX_PRODUCERS),
    status: 'PROTECTED' as const,
    statusHistory: [],
    createdAt: now,
    updatedAt: now,
  };
  return insertWithEvent(context, GEOGRAPHICAL_INDICATIONS, {
    fields,
    datedAt: approvedAt,
    event: 'GEOGRAPHICAL_INDICATION_REGISTERED',
    audit: { caller, detail: `registered ${fields.productName} with ${area.length} districts in its protection area` },
  });
}

async function loadOwn(context: RegionalContext, id: string): Promise<GeographicalIndicationDocument> {
  requireRecordIdInput('id', id, 'GEO');
  const existing = await context.database.geographicalIndications.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`geographical indication ${id} does not exist in region ${context.region}`);
  return existing;
}

export async function authoriseGiProducers(context: RegionalContext, input: AuthoriseGiProducersInput): Promise<GeographicalIndicationDocument> {
  const caller = requireOwnRegionWriter(context, 'authorise producers of a geographical indication');
  const existing = await loadOwn(context, input.id);
  if (existing.status === 'REVOKED') throw new IllegalTransitionError(`geographical indication ${existing._id} is REVOKED: no producer can be authorised`);
  const added = requireCreditCodeList('producerCreditCodes', input.producerCreditCodes, MAX_PRODUCERS).filter((code) => !existing.authorisedProducerCreditCodes.includes(code));
  if (added.length === 0) return existing;
  return writeWithEvent(context, GEOGRAPHICAL_INDICATIONS, {
    existing,
    set: { authorisedProducerCreditCodes: [...existing.authorisedProducerCreditCodes, ...added] },
    event: 'GEOGRAPHICAL_INDICATION_CHANGED',
    audit: { caller, action: 'UPDATE', detail: `authorised ${added.join(', ')}` },
  });
}

export async function changeGiStatus(context: RegionalContext, input: ChangeGiStatusInput): Promise<GeographicalIndicationDocument> {
  const caller = requireOwnRegionWriter(context, 'change the status of a geographical indication');
  const existing = await loadOwn(context, input.id);
  const allowed = GI_TRANSITIONS[existing.status];
  if (!allowed.includes(input.status)) {
    throw new IllegalTransitionError(`geographical indication ${existing._id} cannot go from ${existing.status} to ${input.status}; allowed: ${allowed.join(', ') || 'none'}`);
  }
  const reason = requireText('reason', input.reason, { max: 500 });
  return writeWithEvent(context, GEOGRAPHICAL_INDICATIONS, {
    existing,
    set: { status: input.status },
    push: { statusHistory: { status: input.status, reason, at: clockNow(), agency: caller.agencyName } },
    event: 'GEOGRAPHICAL_INDICATION_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → ${input.status}: ${reason}` },
  });
}

/** A producer's authorisation: suspended and reinstated; revoked for good. */
const PRODUCER_TRANSITIONS: Record<GiProducerStatus, readonly GiProducerStatus[]> = {
  AUTHORISED: ['SUSPENDED', 'REVOKED'],
  SUSPENDED: ['AUTHORISED', 'REVOKED'],
  REVOKED: [],
};

export async function changeGiProducerStatus(context: RegionalContext, input: ChangeGiProducerStatusInput): Promise<GeographicalIndicationDocument> {
  const caller = requireOwnRegionWriter(context, 'change a producer’s authorisation of a geographical indication');
  const existing = await loadOwn(context, input.id);
  const creditCode = requireCreditCodeInput('producerCreditCode', input.producerCreditCode);
  const current = giProducerStatuses(existing)[creditCode];
  if (!current) throw new BadUserInputError('producerCreditCode', `${creditCode} 不是地理标志保护产品「${existing.productName}」(${existing._id}) 的专用标志使用企业`, 'PRODUCER_NOT_AUTHORISED');
  const allowed = PRODUCER_TRANSITIONS[current];
  if (!allowed.includes(input.status)) {
    throw new IllegalTransitionError(`${creditCode} 的专用标志使用状态为「${GI_PRODUCER_STATUS_LABELS[current]}」(${current})，不能改为「${GI_PRODUCER_STATUS_LABELS[input.status]}」(${input.status}); allowed: ${allowed.join(', ') || 'none'}`);
  }
  const reason = requireText('reason', input.reason, { max: 500 });
  return writeWithEvent(context, GEOGRAPHICAL_INDICATIONS, {
    existing,
    push: { producerStatusHistory: { creditCode, status: input.status, reason, at: clockNow(), agency: caller.agencyName } },
    event: 'GEOGRAPHICAL_INDICATION_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `producer ${creditCode}: ${current} → ${input.status}: ${reason}` },
  });
}
