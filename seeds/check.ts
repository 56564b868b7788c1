import {
  ALL_REGION_CODES,
  formatTemplateCode,
  formatTemplateLineage,
  formerPlaceNamesIn,
  parseTemplateCode,
  regionOfCreditCode,
  type RegionCode,
  type WorkingDayCalendar,
} from '../kernel';
import {
  requireCreditCodeInput,
  requireCreditCodeList,
  requireNotFuture,
  requirePhoneInput,
  requireRecallNumberInput,
  requireRecordDate,
  requireRecordIdList,
} from '../services/regional/data/validation';
import { complaintTimelineProblems } from '../services/regional/entities/complaint/complaint.workflow';
import { templateReviewProblems } from '../services/regional/entities/contractTemplate/contractTemplate.workflow';
import { recallStateProblems } from '../services/regional/entities/recall/recall.workflow';
import { riskAlertStateProblems } from '../services/regional/entities/riskAlert/riskAlert.workflow';
import type { ConsumerComplaintDocument, ContractTemplateDocument, EnterpriseDocument, ProductRecallDocument, RiskAlertDocument } from '../services/regional/model';
import { alertWordsProblems, parseAlertDescription } from './alertText';
import { SEED_ENTITIES, type SeedData, type SeedEntity } from './generate';
import { MANUFACTURING_INDUSTRIES } from './vocabulary/businesses';
import { PRODUCT_CATALOG } from './vocabulary/products';

/** One way a seeded record is not what the API could have written, or says something untrue. */
export interface SeedProblem {
  region: RegionCode;
  entity: SeedEntity;
  id: string;
  problem: string;
}

export interface SeedCheckOptions {
  /** The data's "now" (its asOf): business dates are checked against it as the API checks them against the clock. */
  now: Date;
  calendar: WorkingDayCalendar;
}

/** The refusal of one of the services' input checks (services/regional/data/validation.ts), or null. */
function refusal(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function refusals(...checks: (() => unknown)[]): string[] {
  return checks.map(refusal).filter((message): message is string => message !== null);
}

function enterpriseProblems(enterprise: EnterpriseDocument, region: RegionCode, now: Date): string[] {
  const problems = refusals(
    () => requireCreditCodeInput('_id', enterprise._id),
    () => requireNotFuture('establishedAt', enterprise.establishedAt, now),
  );
  if (regionOfCreditCode(enterprise._id) !== region || enterprise.registrationRegion !== region) problems.push(`registered outside ${region}`);
  return problems;
}

function riskAlertProblems(alert: RiskAlertDocument, now: Date, enterprises: ReadonlyMap<string, EnterpriseDocument>): string[] {
  const problems = [
    ...refusals(
      () => requireRecordDate('issuedAt', alert.issuedAt, now),
      () => alert.resolvedAt && requireRecordDate('resolvedAt', alert.resolvedAt, now),
      () => requireCreditCodeList('enterpriseCreditCodes', alert.enterpriseCreditCodes, 50, { anyRegion: true }),
      () => requireRecordIdList('relatedRecallIds', alert.relatedRecallIds, 'RCL', 200),
    ),
    ...riskAlertStateProblems(alert),
    ...alertWordsProblems(alert, (code) => enterprises.get(code)?.name),
  ];
  for (const code of alert.enterpriseCreditCodes) {
    const enterprise = enterprises.get(code);
    if (!enterprise) problems.push(`lists ${code}, which is no enterprise`);
    else if (enterprise.industry !== MANUFACTURING_INDUSTRIES[alert.productCategory].industry) problems.push(`lists ${enterprise.name}, which does not make ${alert.productCategory}`);
  }
  return problems;
}

function recallProblems(recall: ProductRecallDocument, now: Date, enterprises: ReadonlyMap<string, EnterpriseDocument>): string[] {
  const problems = [
    ...refusals(
      () => requireRecordDate('announcedAt', recall.announcedAt, now),
      () => requireRecallNumberInput('recallNumber', recall.recallNumber, recall.region, recall.announcedAt),
      () => requireCreditCodeInput('manufacturer.creditCode', recall.manufacturer.creditCode, { anyRegion: true }),
      () => requirePhoneInput('manufacturer.contact.phone', recall.manufacturer.contact.phone, ['MOBILE', 'LANDLINE', 'SERVICE']),
      () => requireRecordIdList('riskAlertIds', recall.riskAlertIds, 'RSK'),
    ),
    ...recallStateProblems(recall),
  ];
  const catalog = PRODUCT_CATALOG[recall.productCategory];
  const product = catalog.products.find((p) => p.name === recall.productName);
  if (!product) return [...problems, `${recall.productName} is no product of ${recall.productCategory}`];
  if (!product.defects.some((d) => recall.defect === `本次召回范围内的部分${product.name}，${d.defect}。` && recall.hazard === `该缺陷在极端情况下存在${d.consequence}的风险，存在安全隐患。`)) {
    problems.push(`defect and hazard are not a defect of ${product.name} and its consequence`);
  }
  if (!catalog.remedies.some(([remedy]) => remedy === recall.remedy)) problems.push(`remedy ${recall.remedy} is not one for ${recall.productCategory}`);
  if (!recall.models.every((model) => model.startsWith(product.modelPrefix))) problems.push(`models are not ${product.name} models (${product.modelPrefix}…)`);
  const maker = enterprises.get(recall.manufacturer.creditCode);
  if (!maker) problems.push(`manufacturer ${recall.manufacturer.creditCode} is no enterprise`);
  else {
    if (maker.name !== recall.manufacturer.name) problems.push(`manufacturer name ${recall.manufacturer.name} is not the registered ${maker.name}`);
    if (maker.industry !== MANUFACTURING_INDUSTRIES[recall.productCategory].industry) problems.push(`manufacturer ${maker.name} does not make ${recall.productCategory}`);
  }
  if (!recall.manufacturer.name.includes(recall.brand)) problems.push(`brand ${recall.brand} is not its manufacturer's (${recall.manufacturer.name})`);
  return problems;
}

/** A recall and an alert it follows: the same product, defect and maker (a brand the alert names), the alert first. */
function followingProblems(recall: ProductRecallDocument, alert: RiskAlertDocument | undefined, alertId: string): string[] {
  if (!alert) return [`follows ${alertId}, which does not exist`];
  const problems: string[] = [];
  if (!alert.relatedRecallIds.includes(recall._id)) problems.push(`follows ${alertId}, which does not list it back`);
  if (alert.productCategory !== recall.productCategory) problems.push(`follows ${alertId} about another category`);
  if (alert.issuedAt.getTime() >= recall.announcedAt.getTime()) problems.push(`follows ${alertId}, issued after it`);
  if (!alert.enterpriseCreditCodes.includes(recall.manufacturer.creditCode)) problems.push(`follows ${alertId}, which does not name its manufacturer`);
  const words = parseAlertDescription(alert.productCategory, alert.description);
  if (words) {
    if (words.product.name !== recall.productName) problems.push(`follows ${alertId} about ${words.product.name}, not ${recall.productName}`);
    else if (!recall.defect.includes(words.defect.defect)) problems.push(`follows ${alertId} about another defect`);
    if (words.brands.length > 0 && !words.brands.includes(recall.brand)) problems.push(`follows ${alertId} about brands ${words.brands.join('、')}, not ${recall.brand}`);
  }
  return problems;
}

function complaintProblems(complaint: ConsumerComplaintDocument, now: Date, calendar: WorkingDayCalendar): string[] {
  return [
    ...refusals(
      () => requireRecordDate('receivedAt', complaint.receivedAt, now),
      ...complaint.timeline.map((entry, i) => () => requireRecordDate(`timeline[${i}].at`, entry.at, now)),
      () => requireCreditCodeInput('business.creditCode', complaint.business.creditCode),
      () => requirePhoneInput('consumer.phone', complaint.consumer.phone, ['MOBILE', 'LANDLINE']),
    ),
    ...complaintTimelineProblems(complaint, calendar),
    ...(regionOfCreditCode(complaint.business.creditCode) === complaint.handlingRegion ? [] : ['handlingRegion is not the region of the business']),
  ];
}

function templateProblems(template: ContractTemplateDocument, now: Date): string[] {
  const problems = [
    ...refusals(...template.endorsements.map((e, i) => () => requireRecordDate(`endorsements[${i}].at`, e.at, now))),
    ...templateReviewProblems(template),
  ];
  const parts = parseTemplateCode(template.code);
  if (!parts || template.code !== formatTemplateCode(template.draftingRegion, parts.serial, template.version) || template.lineage !== formatTemplateLineage(template.draftingRegion, parts.serial)) {
    problems.push(`code ${template.code} / lineage ${template.lineage} are not JJJ-${template.draftingRegion}-HT-${template.version}-{serial} and its lineage`);
  }
  return problems;
}

/**
 * Every way the seeded records are not what the API could have written or contradict themselves: the services'
 * own input checks (dates against `now`, recall numbers, phones, credit codes), their workflow rules replayed
 * (complaint steps and who takes them, recall and alert statuses, review rounds of templates), what alerts and recalls
 * say against their fields and the enterprises they name, and place names no longer in use. Empty when coherent.
 */
export function seedDataProblems(data: SeedData, options: SeedCheckOptions): SeedProblem[] {
  const { now, calendar } = options;
  const enterprises = new Map(ALL_REGION_CODES.flatMap((region) => data[region].enterprises.map((e) => [e._id, e] as const)));
  const alerts = new Map(ALL_REGION_CODES.flatMap((region) => data[region].riskAlerts.map((a) => [a._id, a] as const)));
  const problems: SeedProblem[] = [];
  for (const region of ALL_REGION_CODES) {
    const regionData = data[region];
    const report = (entity: SeedEntity, id: string, found: readonly string[]): void => {
      for (const problem of found) problems.push({ region, entity, id, problem });
    };
    for (const enterprise of regionData.enterprises) report('enterprises', enterprise._id, enterpriseProblems(enterprise, region, now));
    for (const alert of regionData.riskAlerts) report('riskAlerts', alert._id, riskAlertProblems(alert, now, enterprises));
    for (const recall of regionData.recalls) {
      report('recalls', recall._id, recallProblems(recall, now, enterprises));
      for (const alertId of recall.riskAlertIds) report('recalls', recall._id, followingProblems(recall, alerts.get(alertId), alertId));
    }
    for (const complaint of regionData.complaints) report('complaints', complaint._id, complaintProblems(complaint, now, calendar));
    for (const template of regionData.contractTemplates) report('contractTemplates', template._id, templateProblems(template, now));
    for (const entity of SEED_ENTITIES) {
      for (const record of regionData[entity] as readonly { _id: string }[]) {
        const former = formerPlaceNamesIn(JSON.stringify(record));
        if (former.length > 0) report(entity, record._id, [`uses former place names ${former.join('、')}`]);
      }
    }
  }
  return problems;
}

/** Problems counted by entity and kind (the text up to its first colon or number), for a readable summary. */
export function summarizeProblems(problems: readonly SeedProblem[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const { entity, problem } of problems) {
    const kind = `${entity}: ${problem.replace(/\[\d+\]/g, '[i]').replace(/[A-Z]{2}-[A-Z]{3}-\d{4}-\d{6}/g, 'ID').replace(/[0-9A-Z]{18}/g, 'CODE').replace(/[\u4e00-\u9fff（）、]+/g, '…').replace(/\d+/g, 'N').slice(0, 100)}`;
    summary[kind] = (summary[kind] ?? 0) + 1;
  }
  return summary;
}
