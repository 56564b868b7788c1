import type { Document, Filter } from 'mongodb';
import {
  ALL_REGION_CODES,
  assessResult,
  formatDecimal,
  laboratoryCode,
  parseDecimal,
  type ParticipantOutcome,
  type RegionCode,
} from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter, requireWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, MATCH_NOTHING, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import { optionalText, requireRecordDate, requireRecordIdInput, requireText } from '../../data/validation';
import { withUniqueField } from '../../data/writeErrors';
import type { ComparisonParticipantDocument, InspectionComparisonDocument } from '../../model';
import type { InspectionComparisonFilter, OpenInspectionComparisonInput, PublishComparisonReportInput, RecordComparisonResultInput } from './inspectionComparison.inputs';

const MIN_PARTICIPANTS = 2;
const MAX_PARTICIPANTS = 100;

export function inspectionComparisonFilterToMongo(filter: InspectionComparisonFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  const laboratoryRegions = filter.laboratoryRegions as unknown as RegionCode[] | null | undefined;
  return allOf([
    regionClause(filter.regions, region),
    laboratoryRegions ? (laboratoryRegions.length === 0 ? MATCH_NOTHING : oneOfClause('participantRegions', laboratoryRegions, 'filter.laboratoryRegions')) : null,
    oneOfClause('field', filter.fields, 'filter.fields'),
    oneOfClause('scheme', filter.schemes, 'filter.schemes'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    dateRangeClause('openedAt', filter.openedFrom, filter.openedTo, 'filter.openedFrom'),
    textClause(filter.text, ['title', 'measurand', 'programmeNumber']),
  ]);
}

export const INSPECTION_COMPARISONS: EventedRecords<InspectionComparisonDocument> = {
  entity: 'InspectionComparison',
  label: 'comparison round',
  idType: 'PTC',
  collection: (database) => database.inspectionComparisons,
  snapshot: (round) => ({ region: round.region, category: round.field, status: round.status }),
};

/** A decimal input as canonical text; BAD_USER_INPUT naming the field otherwise. */
function requireDecimalText(field: string, value: string, options: { positive?: boolean } = {}): string {
  const decimal = parseDecimal(value);
  if (!decimal) throw new BadUserInputError(field, `${field}: "${value}" is not a decimal number such as 12.35 (at most 12 digits before the point and 8 after)`, 'FORMAT');
  if (options.positive && decimal.units <= 0n) throw new BadUserInputError(field, `${field} must be greater than 0, got ${value}`);
  return formatDecimal(decimal);
}

function participantsOf(input: OpenInspectionComparisonInput): ComparisonParticipantDocument[] {
  const list = input.participants ?? [];
  if (list.length < MIN_PARTICIPANTS || list.length > MAX_PARTICIPANTS) {
    throw new BadUserInputError('participants', `a round needs ${MIN_PARTICIPANTS} to ${MAX_PARTICIPANTS} laboratories, got ${list.length}`);
  }
  const names = new Set<string>();
  return list.map((participant, index) => {
    const name = requireText(`participants[${index}].name`, participant.name, { max: 100 });
    if (names.has(name)) throw new BadUserInputError(`participants[${index}].name`, `laboratory ${name} is listed twice`);
    names.add(name);
    return {
      code: laboratoryCode(index),
      name,
      region: participant.region as unknown as RegionCode,
      accreditationNumber: optionalText(`participants[${index}].accreditationNumber`, participant.accreditationNumber, 40) ?? null,
      result: null,
      reportedAt: null,
      zScore: null,
      outcome: 'PENDING' as ParticipantOutcome,
    };
  });
}

export async function openInspectionComparison(context: RegionalContext, input: OpenInspectionComparisonInput): Promise<InspectionComparisonDocument> {
  const caller = requireOwnRegionWriter(context, 'open a comparison round');
  const now = clockNow();
  const openedAt = requireRecordDate('openedAt', input.openedAt ?? now, now);
  const participants = participantsOf(input);
  const fields = {
    region: context.region,
    programmeNumber: requireText('programmeNumber', input.programmeNumber, { max: 40 }),
    title: requireText('title', input.title, { max: 200 }),
    scheme: input.scheme,
    field: input.field,
    organiser: requireText('organiser', input.organiser, { max: 100 }),
    measurand: requireText('measurand', input.measurand, { max: 200 }),
    unit: requireText('unit', input.unit, { max: 20 }),
    assignedValue: requireDecimalText('assignedValue', input.assignedValue),
    standardDeviation: requireDecimalText('standardDeviation', input.standardDeviation, { positive: true }),
    openedAt,
    status: 'OPEN' as const,
    participants,
    participantRegions: ALL_REGION_CODES.filter((region) => participants.some((participant) => participant.region === region)),
    report: null,
    createdAt: now,
    updatedAt: now,
  };
  return withUniqueField('programmeNumber', `programme number ${fields.programmeNumber}`, () =>
    insertWithEvent(context, INSPECTION_COMPARISONS, {
      fields,
      datedAt: openedAt,
      event: 'INSPECTION_COMPARISON_OPENED',
      audit: { caller, detail: `opened comparison round ${fields.programmeNumber} with ${participants.length} laboratories` },
    }),
  );
}

async function loadRound(context: RegionalContext, id: string): Promise<InspectionComparisonDocument> {
  requireRecordIdInput('id', id, 'PTC');
  const existing = await context.database.inspectionComparisons.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`comparison round ${id} does not exist in region ${context.region}`);
  return existing;
}

function requireOpen(round: InspectionComparisonDocument, step: string): void {
  if (round.status !== 'OPEN') throw new IllegalTransitionError(`comparison round ${round._id} is ${round.status}: cannot ${step}; allowed only while OPEN`);
}

export async function recordComparisonResult(context: RegionalContext, input: RecordComparisonResultInput): Promise<InspectionComparisonDocument> {
  const existing = await loadRound(context, input.id);
  const index = existing.participants.findIndex((participant) => participant.code === input.laboratoryCode);
  if (index < 0) throw new BadUserInputError('laboratoryCode', `round ${existing._id} has no laboratory ${input.laboratoryCode} (its codes: ${existing.participants.map((participant) => participant.code).join(', ')})`);
  const laboratory = existing.participants[index];
  const caller = requireWriter(
    context,
    [...new Set([existing.region, laboratory.region])],
    'report a comparison result',
    'a laboratory’s result is reported by the organising region or by the laboratory’s own region',
  );
  requireOpen(existing, 'report a result');
  const result = requireDecimalText('result', input.result);
  const now = clockNow();
  const reportedAt = requireRecordDate('reportedAt', input.reportedAt ?? now, now);
  if (reportedAt.getTime() < existing.openedAt.getTime()) throw new BadUserInputError('reportedAt', 'reportedAt is before the round opened');
  const { zScore, outcome } = assessResult(result, existing.assignedValue, existing.standardDeviation);
  const prefix = `participants.${index}`;
  return writeWithEvent(context, INSPECTION_COMPARISONS, {
    existing,
    set: { [`${prefix}.result`]: result, [`${prefix}.reportedAt`]: reportedAt, [`${prefix}.zScore`]: zScore, [`${prefix}.outcome`]: outcome } as never,
    event: 'INSPECTION_COMPARISON_RESULT_RECORDED',
    audit: { caller, action: 'UPDATE', detail: `result of ${laboratory.code}: ${result} (z = ${zScore}, ${outcome})` },
  });
}

export async function publishComparisonReport(context: RegionalContext, input: PublishComparisonReportInput): Promise<InspectionComparisonDocument> {
  const existing = await loadRound(context, input.id);
  const caller = requireOwnRegionWriter(context, 'publish a comparison report');
  requireOpen(existing, 'publish its report');
  const summary = requireText('summary', input.summary, { max: 5000 });
  const publishedAt = clockNow();
  return writeWithEvent(context, INSPECTION_COMPARISONS, {
    existing,
    set: { status: 'REPORT_PUBLISHED', report: { publishedAt, summary } },
    event: 'INSPECTION_COMPARISON_REPORT_PUBLISHED',
    audit: { caller, action: 'TRANSITION', detail: 'published the round’s report' },
  });
}
