import type { Document, Filter } from 'mongodb';
import { ALL_REGION_CODES, licenceNumberOf, parseRecordId, regionChineseName, regionOfCreditCode, type LicenceReviewStatus, type RegionCode } from '../../../../kernel';
import { REGION_ABBREVIATIONS } from '../../../../kernel/formats';
import { now as clockNow } from '../../../../platform/clock';
import type { Identity } from '../../../../platform/identity';
import { requireOwnRegionWriter, requireWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, ForbiddenError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, MATCH_NOTHING, oneOfClause, regionClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords, type RecordChange } from '../../data/recordWrites';
import { optionalText, requireCreditCodeInput, requireRecordDate, requireRecordIdInput, requireText } from '../../data/validation';
import type { ExaminerDocument, LicenceReviewDocument } from '../../model';
import type {
  ApplyForLicenceInput,
  ConcludeLicenceReviewInput,
  DecideLicenceInput,
  FormReviewPanelInput,
  IssueExaminerNoticeInput,
  LicenceReviewFilter,
  LicenceReviewStepInput,
  SubmitExaminerFindingsInput,
} from './licenceReview.inputs';

const MIN_EXAMINERS = 2;
const MAX_EXAMINERS = 7;

export function licenceReviewFilterToMongo(filter: LicenceReviewFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  const panelRegions = filter.panelRegions as unknown as RegionCode[] | null | undefined;
  return allOf([
    regionClause(filter.regions, region),
    panelRegions ? (panelRegions.length === 0 ? MATCH_NOTHING : oneOfClause('panelRegions', panelRegions, 'filter.panelRegions')) : null,
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    oneOfClause('productCategory', filter.categories, 'filter.categories'),
    filter.applicantCreditCode ? { 'applicant.creditCode': requireCreditCodeInput('filter.applicantCreditCode', filter.applicantCreditCode) } : null,
    filter.hasNotices === true ? { 'notices.0': { $exists: true } } : filter.hasNotices === false ? { 'notices.0': { $exists: false } } : null,
    dateRangeClause('appliedAt', filter.appliedFrom, filter.appliedTo, 'filter.appliedFrom'),
  ]);
}

export const LICENCE_REVIEWS: EventedRecords<LicenceReviewDocument> = {
  entity: 'LicenceReview',
  label: 'licence review',
  idType: 'LIC',
  collection: (database) => database.licenceReviews,
  snapshot: (review) => ({
    region: review.region,
    category: review.productCategory,
    status: review.status,
    enterpriseCreditCodes: [review.applicant.creditCode],
    // The licensing region and the panel's: the regions a review concerns (the subscription's `regions` filter).
    regions: ALL_REGION_CODES.filter((code) => code === review.region || review.panelRegions.includes(code)),
  }),
};

/**
 * applied → panel formed → on-site review → concluded → licence issued / refused. Every step is the licensing
 * region's except an examiner's findings (the examiner's own region) and notices (either).
 */

function requireStatus(review: LicenceReviewDocument, allowed: readonly LicenceReviewStatus[], step: string): void {
  if (!allowed.includes(review.status)) {
    throw new IllegalTransitionError(`licence review ${review._id} is ${review.status}: cannot ${step}; allowed from ${allowed.join(' or ')}`);
  }
}

async function loadReview(context: RegionalContext, id: string): Promise<LicenceReviewDocument> {
  requireRecordIdInput('id', id, 'LIC');
  const existing = await context.database.licenceReviews.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`licence review ${id} does not exist in region ${context.region}`);
  return existing;
}

/** A step of the licensing region: the caller must be its agency (FORBIDDEN first), then the status must allow it. */
async function ownStep(context: RegionalContext, id: string, action: string, from: readonly LicenceReviewStatus[]): Promise<{ caller: Identity; existing: LicenceReviewDocument }> {
  const existing = await loadReview(context, id);
  const caller = requireWriter(context, [existing.region], action, `only the licensing region (${regionChineseName(existing.region)}) takes this step`);
  requireStatus(existing, from, action);
  return { caller, existing };
}

function examinerOf(review: LicenceReviewDocument, code: string): { index: number; examiner: ExaminerDocument } {
  const index = review.examiners.findIndex((examiner) => examiner.code === code);
  if (index < 0) throw new BadUserInputError('examinerCode', `licence review ${review._id} has no examiner ${code} (its examiners: ${review.examiners.map((examiner) => examiner.code).join(', ') || 'none yet'})`);
  return { index, examiner: review.examiners[index]! };
}

function write(context: RegionalContext, change: RecordChange<LicenceReviewDocument>): Promise<LicenceReviewDocument> {
  return writeWithEvent(context, LICENCE_REVIEWS, change);
}

export async function applyForLicence(context: RegionalContext, input: ApplyForLicenceInput): Promise<LicenceReviewDocument> {
  const caller = requireOwnRegionWriter(context, 'take in a licence application');
  const creditCode = requireCreditCodeInput('applicantCreditCode', input.applicantCreditCode);
  if (regionOfCreditCode(creditCode) !== context.region) {
    throw new ForbiddenError(`${caller.agencyName} may not take in the application of ${creditCode}: a production licence is applied for in the region where the enterprise is registered`);
  }
  const now = clockNow();
  const appliedAt = requireRecordDate('appliedAt', input.appliedAt ?? now, now);
  const fields = {
    region: context.region,
    applicant: { creditCode, name: requireText('applicantName', input.applicantName, { max: 100 }) },
    product: requireText('product', input.product, { max: 200 }),
    productCategory: input.productCategory,
    appliedAt,
    status: 'APPLIED' as const,
    examiners: [],
    panelRegions: [],
    onSiteReviewStartedAt: null,
    conclusion: null,
    licence: null,
    notices: [],
    createdAt: now,
    updatedAt: now,
  };
  return insertWithEvent(context, LICENCE_REVIEWS, { fields, datedAt: appliedAt, event: 'LICENCE_REVIEW_CHANGED', audit: { caller, detail: `application of ${creditCode} for ${fields.product}` } });
}

export async function formReviewPanel(context: RegionalContext, input: FormReviewPanelInput): Promise<LicenceReviewDocument> {
  const { caller, existing } = await ownStep(context, input.id, 'form the review panel', ['APPLIED']);
  const list = input.examiners ?? [];
  if (list.length < MIN_EXAMINERS || list.length > MAX_EXAMINERS) throw new BadUserInputError('examiners', `a joint panel has ${MIN_EXAMINERS} to ${MAX_EXAMINERS} examiners, got ${list.length}`);
  const examiners: ExaminerDocument[] = list.map((examiner, index) => ({
    code: `审查员${index + 1}`,
    name: requireText(`examiners[${index}].name`, examiner.name, { max: 30 }),
    region: examiner.region as unknown as RegionCode,
    certificateNumber: optionalText(`examiners[${index}].certificateNumber`, examiner.certificateNumber, 40) ?? null,
    role: examiner.role ?? 'MEMBER',
    findings: null,
  }));
  const panelRegions = ALL_REGION_CODES.filter((code) => examiners.some((examiner) => examiner.region === code));
  if (panelRegions.length < 2) throw new BadUserInputError('examiners', 'a joint review panel has examiners from at least two regions');
  if (examiners.filter((examiner) => examiner.role === 'LEADER').length !== 1) throw new BadUserInputError('examiners', 'a panel has exactly one leader (审查组长)');
  return write(context, {
    existing,
    set: { examiners, panelRegions, status: 'PANEL_FORMED' },
    event: 'LICENCE_REVIEW_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `panel of ${examiners.length} examiners from ${panelRegions.join(', ')}` },
  });
}

export async function startOnSiteReview(context: RegionalContext, input: LicenceReviewStepInput): Promise<LicenceReviewDocument> {
  const { caller, existing } = await ownStep(context, input.id, 'start the on-site review', ['PANEL_FORMED']);
  return write(context, {
    existing,
    set: { status: 'ON_SITE_REVIEW', onSiteReviewStartedAt: clockNow() },
    event: 'LICENCE_REVIEW_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: 'on-site review started' },
  });
}

export async function submitExaminerFindings(context: RegionalContext, input: SubmitExaminerFindingsInput): Promise<LicenceReviewDocument> {
  const existing = await loadReview(context, input.id);
  const { index, examiner } = examinerOf(existing, input.examinerCode);
  const caller = requireWriter(context, [examiner.region], 'submit an examiner’s findings', `an examiner’s findings are submitted by the examiner’s own region (${regionChineseName(examiner.region)})`);
  requireStatus(existing, ['ON_SITE_REVIEW'], 'submit findings');
  const findings = { text: requireText('findings', input.findings, { max: 2000 }), recommendation: input.recommendation, submittedAt: clockNow() };
  return write(context, {
    existing,
    set: { [`examiners.${index}.findings`]: findings } as never,
    event: 'LICENCE_REVIEW_CHANGED',
    audit: { caller, action: 'UPDATE', detail: `findings of ${examiner.code}: ${input.recommendation}` },
  });
}

export async function concludeLicenceReview(context: RegionalContext, input: ConcludeLicenceReviewInput): Promise<LicenceReviewDocument> {
  const { caller, existing } = await ownStep(context, input.id, 'conclude the review', ['ON_SITE_REVIEW']);
  const waiting = existing.examiners.filter((examiner) => examiner.findings === null).map((examiner) => examiner.code);
  if (waiting.length > 0) throw new BadUserInputError('id', `the panel cannot conclude before every examiner’s findings are in; waiting for ${waiting.join(', ')}`, 'FINDINGS_MISSING');
  return write(context, {
    existing,
    set: { status: 'CONCLUDED', conclusion: { result: input.result, summary: requireText('summary', input.summary, { max: 2000 }), at: clockNow() } },
    event: 'LICENCE_REVIEW_CONCLUDED',
    audit: { caller, action: 'TRANSITION', detail: `concluded: ${input.result}` },
  });
}

export async function decideLicence(context: RegionalContext, input: DecideLicenceInput): Promise<LicenceReviewDocument> {
  const { caller, existing } = await ownStep(context, input.id, 'decide on the licence', ['CONCLUDED']);
  const decidedAt = clockNow();
  if (input.issue) {
    if (existing.conclusion?.result === 'FAIL') throw new BadUserInputError('issue', 'the panel concluded FAIL: the licence can only be refused', 'CONCLUSION_FAIL');
    const parts = parseRecordId(existing._id)!;
    const number = licenceNumberOf(REGION_ABBREVIATIONS[existing.region], parts.year, parts.serial);
    return write(context, {
      existing,
      set: { status: 'LICENCE_ISSUED', licence: { issued: true, number, decidedAt, reason: null } },
      event: 'LICENCE_ISSUED',
      audit: { caller, action: 'TRANSITION', detail: `licence ${number} issued` },
    });
  }
  const reason = requireText('reason', input.reason, { max: 500 });
  return write(context, {
    existing,
    set: { status: 'LICENCE_REFUSED', licence: { issued: false, number: null, decidedAt, reason } },
    event: 'LICENCE_REFUSED',
    audit: { caller, action: 'TRANSITION', detail: `licence refused: ${reason}` },
  });
}

export async function issueExaminerNotice(context: RegionalContext, input: IssueExaminerNoticeInput): Promise<LicenceReviewDocument> {
  const existing = await loadReview(context, input.id);
  const { examiner } = examinerOf(existing, input.examinerCode);
  const caller = requireWriter(context, [...new Set([existing.region, examiner.region])], 'issue an examiner notice', 'a notice about an examiner is issued by the licensing region or the examiner’s own region');
  requireStatus(existing, ['CONCLUDED', 'LICENCE_ISSUED', 'LICENCE_REFUSED'], 'issue an examiner notice');
  const notice = {
    examinerCode: examiner.code,
    examinerName: examiner.name,
    examinerRegion: examiner.region,
    kind: input.kind,
    content: requireText('content', input.content, { max: 2000 }),
    issuedByRegion: caller.region!,
    issuedAt: clockNow(),
  };
  return write(context, { existing, push: { notices: notice }, event: 'LICENCE_REVIEW_CHANGED', audit: { caller, action: 'UPDATE', detail: `${input.kind} notice about ${examiner.code}` } });
}
