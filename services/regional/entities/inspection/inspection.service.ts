import type { Document, Filter } from 'mongodb';
import { regionChineseName, regionOfCreditCode, type RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { ForbiddenError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause } from '../../data/filters';
import { insertWithEvent, type EventedRecords } from '../../data/recordWrites';
import { optionalText, requireCreditCodeInput, requireRecordDate, requireRecordIdInput, requireText } from '../../data/validation';
import type { InspectionDocument } from '../../model';
import { requireAuthorisedProducer } from './giAuthorisation';
import type { InspectionFilter, RecordInspectionInput } from './inspection.inputs';

export function inspectionFilterToMongo(filter: InspectionFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    filter.geographicalIndicationId ? { geographicalIndicationId: requireRecordIdInput('filter.geographicalIndicationId', filter.geographicalIndicationId, 'GEO') } : null,
    filter.producerCreditCode ? { producerCreditCode: requireCreditCodeInput('filter.producerCreditCode', filter.producerCreditCode) } : null,
    oneOfClause('result', filter.results, 'filter.results'),
    dateRangeClause('inspectedAt', filter.inspectedFrom, filter.inspectedTo, 'filter.inspectedFrom'),
  ]);
}

export const INSPECTIONS: EventedRecords<InspectionDocument> = {
  entity: 'Inspection',
  label: 'inspection',
  idType: 'INS',
  collection: (database) => database.inspections,
  snapshot: (inspection) => ({ region: inspection.region, status: inspection.result, enterpriseCreditCodes: [inspection.producerCreditCode] }),
};

/**
 * An inspection is the producer's region's record: only that region's agencies inspect its producers. The GI it
 * names may be any region's; the gateway checks that it exists before the write (REFERENCE_FIELDS), and this region
 * asks its registering region whether the producer is authorised under it (giAuthorisation.ts).
 */
export async function recordInspection(context: RegionalContext, input: RecordInspectionInput): Promise<InspectionDocument> {
  const caller = requireOwnRegionWriter(context, 'record an inspection');
  const producerCreditCode = requireCreditCodeInput('producerCreditCode', input.producerCreditCode);
  const producerRegion = regionOfCreditCode(producerCreditCode);
  if (producerRegion !== context.region) {
    throw new ForbiddenError(`${caller.agencyName} may not inspect ${producerCreditCode}: a producer is inspected by the region where it is registered (${producerRegion ? regionChineseName(producerRegion) : '?'})`);
  }
  const now = clockNow();
  const inspectedAt = requireRecordDate('inspectedAt', input.inspectedAt ?? now, now);
  const geographicalIndicationId = requireRecordIdInput('geographicalIndicationId', input.geographicalIndicationId, 'GEO');
  // Asked of the GI's registering region now, after the input checks: a producer suspended a moment ago is refused.
  await requireAuthorisedProducer(context, geographicalIndicationId, producerCreditCode);
  const fields = {
    region: context.region,
    geographicalIndicationId,
    producerCreditCode,
    inspectingAgency: optionalText('inspectingAgency', input.inspectingAgency, 100) || caller.agencyName,
    inspectedAt,
    result: input.result,
    findings: requireText('findings', input.findings, { max: 2000 }),
    createdAt: now,
    updatedAt: now,
  };
  return insertWithEvent(context, INSPECTIONS, {
    fields,
    datedAt: inspectedAt,
    event: 'INSPECTION_RECORDED',
    audit: { caller, detail: `inspected ${producerCreditCode} under ${fields.geographicalIndicationId}: ${fields.result}` },
  });
}
