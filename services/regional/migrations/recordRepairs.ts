import { ALL_REGION_CODES, currentPlaceNames, type RegionCode } from '../../../kernel';
import { alertAuthority, alertDescription, alertTitles, alertWordsProblems, parseAlertDescription, type InvolvedEnterprises } from '../../../seeds/alertText';
import { HAZARD_PHRASES } from '../../../seeds/vocabulary/products';
import { actorRegion, COMPLAINT_STEPS, complaintStepTo } from '../entities/complaint/complaint.workflow';
import { templateReviewProblems } from '../entities/contractTemplate/contractTemplate.workflow';
import type { ConsumerComplaintDocument, ContractEndorsement, ContractTemplateDocument, RiskAlertDocument } from '../model';

/**
 * Pure repairs of records that data of older seed generators left in states the API cannot reach or with words that
 * contradict their fields (used by the coherent-records migration). Each returns the fields to set, or null when
 * the record needs no repair (or one it cannot make: the migration then logs it and leaves it).
 */

/** Keys whose strings are identifiers, never place names to bring up to date. */
const IDENTIFIER_KEYS = new Set(['_id', 'creditCode', 'enterpriseCreditCodes', 'riskAlertIds', 'relatedRecallIds', 'supersedesId', 'successorId', 'code', 'lineage', 'formerCode', 'outbox']);

/** The value with current place names in its texts: the very same value (no copy) when none changes. */
function withCurrentPlaceNames(value: unknown): unknown {
  if (typeof value === 'string') return currentPlaceNames(value);
  if (Array.isArray(value)) {
    const renamed = value.map(withCurrentPlaceNames);
    return renamed.some((item, index) => item !== value[index]) ? renamed : value;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      const renamed = IDENTIFIER_KEYS.has(key) ? item : withCurrentPlaceNames(item);
      if (renamed !== item) changed = true;
      return [key, renamed];
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** The top-level fields of a record whose texts use former place names (蓟县 → 蓟州区, kernel/placeNames.ts), renamed. */
export function placeNameRepair(record: Record<string, unknown>): Record<string, unknown> | null {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (IDENTIFIER_KEYS.has(key)) continue;
    const current = withCurrentPlaceNames(value);
    if (current !== value) set[key] = current;
  }
  return Object.keys(set).length > 0 ? set : null;
}

/**
 * Timeline entries taken by a region other than the step's actor (feedback "given" by the handling region, which the
 * API refuses), attributed to the actor region with the agency that acted for it before (the receiving bureau).
 */
export function complaintActorRepair(complaint: ConsumerComplaintDocument): Pick<ConsumerComplaintDocument, 'timeline'> | null {
  let changed = false;
  const timeline = complaint.timeline.map((entry, index) => {
    const stepName = index === 0 ? null : complaintStepTo(entry.status);
    if (!stepName) return entry;
    const region = actorRegion(complaint, COMPLAINT_STEPS[stepName].actor);
    if (entry.region === region) return entry;
    const agency = complaint.timeline.slice(0, index).reverse().find((earlier) => earlier.region === region)?.agency;
    if (!agency) return entry;
    changed = true;
    return { ...entry, region, agency };
  });
  return changed ? { timeline } : null;
}

type ReviewFields = Pick<ContractTemplateDocument, 'endorsements' | 'reviewRound' | 'effectiveFrom'>;

/**
 * A review history the API could have written, from decisions stored without rounds (a return and a later endorsement
 * by one region in one round): decisions in time order, a return ending its round and the next decision opening the
 * next one (the text was resubmitted); a region endorsing twice in a round keeps its first. A version published
 * (or superseded) whose last round lacks a region's endorsement gets it at the resubmission, halfway between the
 * return and the round's first decision, as the resubmitting region (and any that had endorsed the returned text)
 * endorse the resubmitted one; effectiveFrom is the round's third endorsement. Null when nothing changes or the
 * result would still not be reachable.
 */
export function reviewRoundsRepair(template: ContractTemplateDocument): ReviewFields | null {
  if (templateReviewProblems(template).length === 0) return null;
  const decisions = template.endorsements.map((endorsement, index) => ({ endorsement, index })).sort((a, b) => a.endorsement.at.getTime() - b.endorsement.at.getTime() || a.index - b.index);
  const rounds: ContractEndorsement[][] = [[]];
  const returnedAt: Date[] = [];
  for (const { endorsement } of decisions) {
    let round = rounds[rounds.length - 1]!;
    if (round.some((d) => d.decision === 'RETURNED')) rounds.push((round = []));
    if (round.some((d) => d.region === endorsement.region && d.decision === 'ENDORSED')) continue;
    round.push({ ...endorsement, round: rounds.length });
    if (endorsement.decision === 'RETURNED') returnedAt[rounds.length - 1] = endorsement.at;
  }
  const last = rounds[rounds.length - 1]!;
  const lastRound = rounds.length;
  const published = template.status === 'PUBLISHED' || template.status === 'SUPERSEDED' || (template.status === 'WITHDRAWN' && template.effectiveFrom !== null);
  if (published && lastRound > 1 && !last.some((d) => d.decision === 'RETURNED')) {
    const opened = returnedAt[lastRound - 2]!;
    const firstAt = last[0]?.at ?? new Date(opened.getTime() + 2_000);
    const at = new Date(Math.floor((opened.getTime() + firstAt.getTime()) / 2_000) * 1_000);
    const agencyOf = (region: RegionCode): string => template.endorsements.find((e) => e.region === region)?.agency ?? region;
    const missing = ALL_REGION_CODES.filter((region) => !last.some((d) => d.region === region && d.decision === 'ENDORSED'));
    const added = missing.map((region): ContractEndorsement => ({ region, agency: agencyOf(region), decision: 'ENDORSED', round: lastRound, comment: null, at }));
    last.unshift(...added);
  }
  const endorsements = rounds.flat();
  const closed = last.some((d) => d.decision === 'RETURNED');
  const reviewRound = template.status === 'IN_REVIEW' && closed ? lastRound + 1 : lastRound;
  const lastEndorsement = [...last].reverse().find((d) => d.decision === 'ENDORSED');
  const effectiveFrom = published && !closed && lastEndorsement ? lastEndorsement.at : null;
  const repaired: ContractTemplateDocument = { ...template, endorsements, reviewRound, effectiveFrom };
  return templateReviewProblems(repaired).length === 0 ? { endorsements, reviewRound, effectiveFrom } : null;
}

/**
 * An alert's words brought in line with what it lists: the enterprises named when all are known here (the region's
 * own register), else counted; brands kept only when every enterprise named carries one of them; the advice for the
 * product it names; a title naming a brand it no longer names replaced by a plain one. Null when its words already
 * agree or are not in the seed generators' form (alerts written through the API are left as their authors wrote them).
 */
export function alertWordsRepair(alert: RiskAlertDocument, enterpriseName: (creditCode: string) => string | undefined): Pick<RiskAlertDocument, 'title' | 'description'> | null {
  if (alertWordsProblems(alert, enterpriseName).length === 0) return null;
  const words = parseAlertDescription(alert.productCategory, alert.description);
  if (!words) return null;
  const codes = alert.enterpriseCreditCodes;
  const names = codes.map(enterpriseName);
  let involved: InvolvedEnterprises;
  let brands: string[] = [];
  if (codes.length === 0) involved = { kind: 'UNKNOWN' };
  else if (names.every((name): name is string => name !== undefined)) {
    involved = { kind: 'NAMED', names };
    const carried = words.brands.filter((brand) => names.some((name) => name.includes(brand)));
    if (names.every((name) => carried.some((brand) => name.includes(brand)))) brands = carried;
  } else involved = { kind: 'COUNTED', count: codes.length };
  const description = alertDescription({ ...words, brands, involved, advice: words.product.advice });
  const authority = alertAuthority(alert.region);
  const titles = alertTitles(brands, words.product, words.defect, authority);
  const title = titles.includes(alert.title) ? alert.title : `关于${words.product.name}${HAZARD_PHRASES[words.defect.hazardType]}风险的警示通告`;
  const repaired = { ...alert, title, description };
  if (alertWordsProblems(repaired, enterpriseName).length > 0) return null;
  return { title, description };
}
