import {
  ALL_REGION_CODES,
  ASSISTANCE_REPLY_WORKING_DAYS,
  formatCaseNumber,
  ENFORCEMENT_DOMAINS,
  regionChineseName,
  regionOfCreditCode,
  type AssistanceType,
  type EnforcementDomain,
  type RegionCode,
} from '../../kernel';
import type {
  AssistanceRequestDocument,
  AssistanceTimelineEntry,
  CaseParty,
  CaseTimelineEntry,
  EnforcementCaseDocument,
  OnlineStore,
  Penalty,
} from '../../services/regional/model';
import type { SeededRandom } from '../random';
import {
  ASSISTANCE_FINDINGS,
  ASSISTANCE_REQUEST_TEXTS,
  ASSISTANCE_TYPES_BY_DOMAIN,
  CASE_PRODUCTS,
  CASE_STORIES,
  DECLINE_REASONS,
  NO_PENALTY_REASONS,
  PLATFORMS,
  POLICE_REFERRAL_REASONS,
  type CaseStory,
} from '../vocabulary/enforcement';
import { REGION_AUTHORITY_NAMES } from '../vocabulary/geography';
import type { EnterpriseSeed, EnterprisesByRegion, GeneratorContext } from './context';
import { addDays, randomOfficeInstant } from './dates';
import { homeAddress, personName, pickDistrict } from './people';
import { numberByDate } from './recordIds';

export interface EnforcementSeedData {
  enforcementCases: EnforcementCaseDocument[];
  assistanceRequests: AssistanceRequestDocument[];
}

const DOMAIN_WEIGHTS: readonly (readonly [EnforcementDomain, number])[] = [
  ['ADVERTISING', 4],
  ['UNFAIR_COMPETITION', 3],
  ['PYRAMID_SELLING', 2],
  ['ONLINE_TRADE', 5],
  ['TRADEMARK', 3],
  ['PRODUCT_QUALITY', 3],
];

/** Share of cases whose enterprise party is registered in another region of the three. */
const CROSS_REGION_PARTY_SHARE = 0.35;

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** A resident ID number of someone born 1960–1999 in a district of the region (check character per GB 11643). */
function residentIdNumber(random: SeededRandom, region: RegionCode): string {
  const district = pickDistrict(random, region);
  const birth = `${random.int(1960, 1999)}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
  const body = `${district.divisionCode}${birth}${random.digits(3)}`;
  const sum = RESIDENT_ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(body[index]), 0);
  return `${body}${RESIDENT_ID_CHECK[sum % 11]}`;
}

function personParty(random: SeededRandom, region: RegionCode): CaseParty {
  return { kind: 'PERSON', name: personName(random), creditCode: null, idNumber: residentIdNumber(random, region), address: homeAddress(random, region, pickDistrict(random, region)) };
}

function enterpriseParty(enterprise: EnterpriseSeed): CaseParty {
  return { kind: 'ENTERPRISE', name: enterprise.doc.name, creditCode: enterprise.doc._id, idNumber: null, address: null };
}

function onlineStoreOf(random: SeededRandom, enterprise: EnterpriseSeed): OnlineStore {
  const platformName = random.pick(PLATFORMS);
  const storeNumber = random.digits(9);
  return {
    platformName,
    storeName: `${enterprise.tradeName}${random.pick(['旗舰店', '专营店', '官方店', '小店', '直播间'])}`,
    storeNumber,
    url: `https://shop${storeNumber}.example-${random.pick(['mall', 'shop', 'store'])}.cn/`,
  };
}

function fill(text: string, values: { party: string; store: string; product: string }): string {
  return text.replaceAll('{party}', values.party).replaceAll('{store}', values.store).replaceAll('{product}', values.product);
}

/** A case before its ID and number are known. */
interface CaseDraft {
  doc: Omit<EnforcementCaseDocument, '_id' | 'caseNumber'> & { _id: string; caseNumber: string };
  /** The request that transferred the clue (derived cases), filled in once requests are numbered. */
  fromRequest?: RequestDraft;
}

interface RequestDraft {
  doc: AssistanceRequestDocument;
  caseDraft: CaseDraft;
  derived?: CaseDraft;
}

/** Who is a believable party of a case of the domain: online sellers for online cases, makers and shops for goods. */
function fitsDomain(enterprise: EnterpriseSeed, domain: EnforcementDomain, online: boolean): boolean {
  if (online) return enterprise.service === 'ONLINE_RETAIL' || (enterprise.category !== null && domain !== 'ONLINE_TRADE');
  if (domain === 'PRODUCT_QUALITY') return enterprise.category !== null;
  if (domain === 'TRADEMARK' || domain === 'UNFAIR_COMPETITION') return enterprise.category !== null || enterprise.service === 'RETAIL';
  if (domain === 'ADVERTISING') return enterprise.category !== null || ['BEAUTY', 'FITNESS', 'RETAIL', 'EDUCATION'].includes(enterprise.service ?? '');
  return enterprise.category === null;
}

function pickEnterprise(random: SeededRandom, enterprises: EnterprisesByRegion, region: RegionCode, domain: EnforcementDomain, online: boolean): EnterpriseSeed {
  const home = random.chance(CROSS_REGION_PARTY_SHARE) ? random.pick(ALL_REGION_CODES.filter((other) => other !== region)) : region;
  const candidates = enterprises[home].filter((enterprise) => fitsDomain(enterprise, domain, online));
  return random.pick(candidates.length > 0 ? candidates : enterprises[home]);
}

function penaltyOf(random: SeededRandom, story: CaseStory): Penalty {
  const fineYuan = Math.round(random.int(story.fine[0], story.fine[1]) / 100) * 100;
  return {
    warning: random.chance(0.3),
    fineFen: fineYuan * 100,
    confiscatedIncomeFen: random.chance(0.4) ? random.int(1_000, 200_000) * 100 + random.int(0, 99) : 0,
    confiscatedItems: random.chance(0.3) ? '涉案商品一批' : null,
    licenceMeasure: story.fine[1] >= 1_000_000 && random.chance(0.2) ? 'REVOKE_BUSINESS_LICENCE' : 'NONE',
  };
}

/** The steps of a case from its filing, as far as they had happened by `asOf`. */
function caseHistory(random: SeededRandom, context: GeneratorContext, draft: CaseDraft['doc'], story: CaseStory): void {
  const agency = REGION_AUTHORITY_NAMES[draft.region];
  const timeline: CaseTimelineEntry[] = [{ at: draft.filedAt, status: 'FILED', region: draft.region, agency, note: `${regionChineseName(draft.region)}立案` }];
  const step = (at: Date, status: CaseTimelineEntry['status'], note: string): boolean => {
    if (at.getTime() > context.asOf.getTime()) return false;
    timeline.push({ at, status, region: draft.region, agency, note });
    draft.status = status;
    return true;
  };
  const investigatedAt = addDays(draft.filedAt, random.int(1, 5));
  if (step(investigatedAt, 'INVESTIGATING', '开展调查取证')) {
    const decidedAt = addDays(investigatedAt, random.int(30, 150));
    const outcome = random.weighted<'PENALTY' | 'NONE' | 'POLICE'>([
      ['PENALTY', 80],
      ['NONE', 10],
      ['POLICE', draft.domain === 'PYRAMID_SELLING' || draft.domain === 'TRADEMARK' ? 15 : 2],
    ]);
    if (outcome === 'POLICE') {
      const reason = random.pick(POLICE_REFERRAL_REASONS);
      if (step(decidedAt, 'REFERRED_TO_POLICE', reason)) Object.assign(draft, { outcomeReason: reason, closedAt: decidedAt });
    } else if (outcome === 'NONE') {
      const reason = random.pick(NO_PENALTY_REASONS);
      if (step(decidedAt, 'NO_PENALTY', reason)) {
        Object.assign(draft, { outcomeReason: reason, decidedAt });
        const closedAt = addDays(decidedAt, random.int(5, 40));
        if (step(closedAt, 'CLOSED', '结案')) draft.closedAt = closedAt;
      }
    } else if (step(decidedAt, 'PENALTY_DECIDED', '作出行政处罚决定并公示')) {
      Object.assign(draft, { legalBasis: story.legalBasis, penalty: penaltyOf(random, story), decidedAt, publishedAt: decidedAt });
      const closedAt = addDays(decidedAt, random.int(10, 90));
      if (step(closedAt, 'CLOSED', '处罚决定执行完毕，结案')) draft.closedAt = closedAt;
    }
  }
  draft.timeline = timeline;
  draft.updatedAt = timeline[timeline.length - 1]!.at;
}

function newCase(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  domain: EnforcementDomain,
  story: CaseStory,
  parties: CaseParty[],
  onlineStore: OnlineStore | null,
  facts: string,
  title: string,
  filedAt: Date,
): CaseDraft {
  const partyCreditCodes = [...new Set(parties.flatMap((party) => (party.creditCode ? [party.creditCode] : [])))];
  const doc: CaseDraft['doc'] = {
    _id: '',
    caseNumber: '',
    region,
    domain,
    title,
    parties,
    partyCreditCodes,
    partyRegions: [...new Set(partyCreditCodes.map((code) => regionOfCreditCode(code)!))],
    onlineStore,
    facts,
    legalBasis: null,
    penalty: null,
    outcomeReason: null,
    status: 'FILED',
    timeline: [],
    filedAt,
    decidedAt: null,
    publishedAt: null,
    closedAt: null,
    agency: REGION_AUTHORITY_NAMES[region],
    recallIds: [],
    riskAlertIds: [],
    complaintIds: [],
    originAssistanceRequestId: null,
    originCaseId: null,
    createdAt: filedAt,
    updatedAt: filedAt,
  };
  caseHistory(random, context, doc, story);
  return { doc };
}

function nativeCase(random: SeededRandom, context: GeneratorContext, region: RegionCode, enterprises: EnterprisesByRegion): CaseDraft {
  const domain = random.weighted(DOMAIN_WEIGHTS);
  const story = random.pick(CASE_STORIES[domain]);
  const enterprise = pickEnterprise(random, enterprises, region, domain, story.online);
  const parties: CaseParty[] = [enterpriseParty(enterprise)];
  if (random.chance(story.personShare)) parties.push(personParty(random, regionOfCreditCode(enterprise.doc._id)!));
  const onlineStore = story.online ? onlineStoreOf(random, enterprise) : null;
  const values = { party: enterprise.doc.name, store: onlineStore ? `${onlineStore.platformName}平台“${onlineStore.storeName}”` : '', product: random.pick(CASE_PRODUCTS[domain]) };
  const person = parties.find((party) => party.kind === 'PERSON');
  const facts = fill(story.facts, values) + (person ? `其中，${person.name}系该活动的主要组织者。` : '');
  // A third of the register is recent (the last five months), so that some cases and requests are still open.
  const recentFrom = new Date(Math.max(context.from.getTime(), addDays(context.to, -150).getTime()));
  const filedAt = random.chance(0.35) ? randomOfficeInstant(random, recentFrom, context.to) : randomOfficeInstant(random, context.from, context.to);
  return newCase(random, context, region, domain, story, parties, onlineStore, facts, fill(story.title, values), filedAt);
}

/** The reply period's events, as far as they had happened by `asOf`. */
function requestHistory(random: SeededRandom, context: GeneratorContext, request: AssistanceRequestDocument): Date | null {
  const { calendar, asOf } = context;
  const targetAgency = REGION_AUTHORITY_NAMES[request.targetRegion];
  const timeline: AssistanceTimelineEntry[] = request.timeline;
  let acceptedAt: Date | null = null;
  const step = (at: Date, status: AssistanceTimelineEntry['status'], action: string, region: RegionCode, agency: string, note: string): boolean => {
    if (at.getTime() > asOf.getTime()) return false;
    timeline.push({ at, status, action, region, agency, note });
    request.status = status;
    request.updatedAt = at;
    return true;
  };
  const acceptDays = random.int(1, 3);
  const accepted = addDays(calendar.addWorkingDays(request.sentAt, acceptDays), -0.5);
  if (random.chance(0.08)) {
    const reason = random.pick(DECLINE_REASONS);
    if (step(accepted, 'DECLINED', 'DECLINED', request.targetRegion, targetAgency, reason)) Object.assign(request, { declineReason: reason, closedAt: accepted });
    return null;
  }
  if (!step(accepted, 'ACCEPTED', 'ACCEPTED', request.targetRegion, targetAgency, `${regionChineseName(request.targetRegion)}接收协查`)) return null;
  acceptedAt = accepted;
  // Most replies come within the period; some late; a few not yet.
  const late = random.chance(0.12);
  const replyDays = late ? request.workingDays + random.int(1, 10) : random.int(acceptDays + 1, request.workingDays);
  const repliedAt = addDays(calendar.addWorkingDays(request.sentAt, replyDays), -0.3);
  const findings = random.pick(ASSISTANCE_FINDINGS[request.type]);
  if (step(repliedAt, 'REPLIED', 'REPLIED', request.targetRegion, targetAgency, `${regionChineseName(request.targetRegion)}回复协查`)) {
    Object.assign(request, {
      reply: { at: repliedAt, agency: targetAgency, findings, identifiedParty: request.type === 'IDENTIFY_STORE_OPERATOR' && request.party.kind === 'ENTERPRISE' ? request.party : null },
      repliedAt,
      replyWorkingDays: calendar.workingDaysBetween(request.sentAt, repliedAt),
    });
    const closedAt = addDays(repliedAt, random.int(1, 15));
    if (step(closedAt, 'CLOSED', 'CLOSED', request.requestingRegion, request.requestingAgency, '协查办结')) request.closedAt = closedAt;
  }
  return acceptedAt;
}

function newRequest(random: SeededRandom, context: GeneratorContext, caseDraft: CaseDraft, targetRegion: RegionCode, type: AssistanceType): AssistanceRequestDocument {
  const requesting = caseDraft.doc.region;
  // Most requests go out in the first weeks of an investigation; some lately (still waiting for a reply at asOf).
  const lately = addDays(context.asOf, -30);
  const planned = random.chance(0.25) && caseDraft.doc.filedAt.getTime() < lately.getTime() ? randomOfficeInstant(random, lately, context.asOf) : addDays(caseDraft.doc.filedAt, random.int(1, 20) + 0.1);
  // Never after asOf, never before the case.
  const sentAt = new Date(Math.max(caseDraft.doc.filedAt.getTime() + 60_000, Math.min(planned.getTime(), context.asOf.getTime() - 60_000)));
  const workingDays = ASSISTANCE_REPLY_WORKING_DAYS[type];
  const deadline = context.calendar.deadline(sentAt, workingDays);
  const party = caseDraft.doc.parties.find((candidate) => candidate.creditCode && regionOfCreditCode(candidate.creditCode) === targetRegion) ?? caseDraft.doc.parties[0]!;
  const agency = REGION_AUTHORITY_NAMES[requesting];
  return {
    _id: '',
    requestingRegion: requesting,
    targetRegion,
    type,
    caseId: '',
    caseNumber: '',
    domain: caseDraft.doc.domain,
    party,
    onlineStore: type === 'IDENTIFY_STORE_OPERATOR' ? caseDraft.doc.onlineStore : null,
    request: random.pick(ASSISTANCE_REQUEST_TEXTS[type]),
    attachments: [{ fileName: `协查函-${random.digits(6)}.pdf`, mediaType: 'application/pdf', sizeBytes: random.int(80_000, 2_000_000), sha256: null }],
    status: 'SENT',
    timeline: [{ at: sentAt, status: 'SENT', action: 'SENT', region: requesting, agency, note: `${regionChineseName(requesting)}向${regionChineseName(targetRegion)}发起协查` }],
    sentAt,
    workingDays,
    replyDeadline: deadline.at,
    replyDeadlineProvisional: deadline.provisional,
    extensions: [],
    reply: null,
    declineReason: null,
    repliedAt: null,
    replyWorkingDays: null,
    closedAt: null,
    requestingAgency: agency,
    transferredCaseId: null,
    createdAt: sentAt,
    updatedAt: sentAt,
  };
}

/**
 * Enforcement cases and assistance requests for the three regions, generated together: a request names a case of
 * its region and a party of the target region, and a clue transfer the target accepted has the case the target filed
 * from it (linked both ways). Statuses reflect what had happened by `asOf`; deadlines are the calendar's.
 */
export function generateEnforcementData(
  randomFor: (region: RegionCode, label: string) => SeededRandom,
  context: GeneratorContext,
  enterprises: EnterprisesByRegion,
  countsFor: (region: RegionCode) => { enforcementCases: number; assistanceRequests: number },
): Record<RegionCode, EnforcementSeedData> {
  const cases = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, [] as CaseDraft[]])) as Record<RegionCode, CaseDraft[]>;
  const requests = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, [] as RequestDraft[]])) as Record<RegionCode, RequestDraft[]>;
  for (const region of ALL_REGION_CODES) {
    const random = randomFor(region, 'enforcementCases');
    for (let i = 0; i < countsFor(region).enforcementCases; i++) cases[region].push(nativeCase(random, context, region, enterprises));
  }
  // Cases a request serves (or a clue became) stay as they are; a clue accepted by a region becomes one of that
  // region's other cases, so each region files exactly its count.
  const referenced = new Set<CaseDraft>();
  for (const region of ALL_REGION_CODES) {
    const random = randomFor(region, 'assistanceRequests');
    // Cases with a party of another region ask that region first; others ask a neighbour (documents, evidence there).
    const old = cases[region].filter((draft) => addDays(draft.doc.filedAt, 21).getTime() < context.asOf.getTime());
    const candidates = old.length > 0 ? old : cases[region];
    const crossRegion = candidates.filter((draft) => draft.doc.partyRegions.some((other) => other !== region));
    for (let i = 0; i < countsFor(region).assistanceRequests && candidates.length > 0; i++) {
      const pool = crossRegion.length > 0 && random.chance(0.8) ? crossRegion : candidates;
      // Recent cases ask more (a request is sent while a case is investigated).
      const recent = pool.filter((draft) => draft.doc.filedAt.getTime() > addDays(context.asOf, -200).getTime());
      const caseDraft = random.pick(recent.length > 0 && random.chance(0.5) ? recent : pool);
      referenced.add(caseDraft);
      const partyRegion = caseDraft.doc.partyRegions.find((other) => other !== region);
      const targetRegion = partyRegion ?? random.pick(ALL_REGION_CODES.filter((other) => other !== region));
      const convertible = cases[targetRegion].filter((draft) => !referenced.has(draft));
      const types = ASSISTANCE_TYPES_BY_DOMAIN[caseDraft.doc.domain].filter((type) => type !== 'TRANSFER_CLUE' || convertible.length > 0);
      const type = random.pick(types);
      const doc = newRequest(random, context, caseDraft, targetRegion, type);
      const acceptedAt = requestHistory(random, context, doc);
      const draft: RequestDraft = { doc, caseDraft };
      if (type === 'TRANSFER_CLUE' && acceptedAt) {
        const story = CASE_STORIES[caseDraft.doc.domain][0]!;
        const filedAt = new Date(Math.min(acceptedAt.getTime() + 10 * 60_000, context.asOf.getTime()));
        const derived = random.pick(convertible);
        const filed = newCase(random, context, targetRegion, caseDraft.doc.domain, story, [doc.party], caseDraft.doc.onlineStore, `${doc.request}\n\n移送案件事实：${caseDraft.doc.facts}`, caseDraft.doc.title, filedAt);
        derived.doc = filed.doc;
        derived.fromRequest = draft;
        draft.derived = derived;
        referenced.add(derived);
      }
      requests[region].push(draft);
    }
  }
  // Numbers and IDs: by filing date per region and year, as a bureau's register would give them.
  for (const region of ALL_REGION_CODES) {
    numberByDate(cases[region], region, 'ENF', (draft) => draft.doc.filedAt, (draft, id, year, serial) => {
      draft.doc._id = id;
      draft.doc.caseNumber = formatCaseNumber(region, draft.doc.domain, year, serial);
    });
    numberByDate(requests[region], region, 'AST', (draft) => draft.doc.sentAt, (draft, id) => {
      draft.doc._id = id;
    });
  }
  for (const region of ALL_REGION_CODES) {
    for (const draft of requests[region]) {
      draft.doc.caseId = draft.caseDraft.doc._id;
      draft.doc.caseNumber = draft.caseDraft.doc.caseNumber;
      if (draft.derived) {
        draft.doc.transferredCaseId = draft.derived.doc._id;
        draft.derived.doc.originAssistanceRequestId = draft.doc._id;
        draft.derived.doc.originCaseId = draft.caseDraft.doc._id;
      }
    }
  }
  return Object.fromEntries(
    ALL_REGION_CODES.map((region) => [
      region,
      {
        enforcementCases: cases[region].map((draft) => draft.doc as EnforcementCaseDocument).sort((a, b) => a._id.localeCompare(b._id)),
        assistanceRequests: requests[region].map((draft) => draft.doc).sort((a, b) => a._id.localeCompare(b._id)),
      },
    ]),
  ) as Record<RegionCode, EnforcementSeedData>;
}
