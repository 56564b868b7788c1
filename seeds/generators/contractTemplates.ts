import {
  ALL_REGION_CODES,
  CONTRACT_CATEGORIES,
  formatTemplateCode,
  formatTemplateLineage,
  shanghaiYear,
  type ContractCategory,
  type RegionCode,
} from '../../kernel';
import type {
  ContractClause,
  ContractEndorsement,
  ContractTemplateDocument,
  ContractTemplateStatus,
} from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { CONTRACT_ENDORSE_COMMENTS, CONTRACT_RETURN_COMMENTS, CONTRACT_SUBJECTS, type ContractSubject } from '../vocabulary/contracts';
import { REGION_AUTHORITY_NAMES } from '../vocabulary/geography';
import type { GeneratorContext } from './context';
import { addDays, atShanghaiTime, maxDate, minDate, randomOfficeInstant } from './dates';
import { afterDecision, roundOnSubmission } from '../../services/regional/entities/contractTemplate/contractTemplate.workflow';
import { numberByDate } from './recordIds';

const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 20 → 二十. */
export function chineseNumeral(n: number): string {
  if (n <= 10) return CHINESE_NUMERALS[n]!;
  if (n < 20) return `十${CHINESE_NUMERALS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CHINESE_NUMERALS[tens]}十${ones === 0 ? '' : CHINESE_NUMERALS[ones]}`;
}

function buildClauses(subject: ContractSubject, version: number): ContractClause[] {
  const [a, b] = subject.parties;
  const sections: { heading: string; text: string }[] = [
    {
      heading: '合同当事人',
      text: `甲方（${a}）与乙方（${b}）依据《中华人民共和国民法典》《中华人民共和国消费者权益保护法》等法律法规，在平等、自愿、公平、诚信的基础上，就${subject.subject}事宜订立本合同。`,
    },
    ...subject.specificClauses,
    { heading: '价款及支付方式', text: '合同价款、支付时间和方式由双方在附件中列明；乙方收取款项时应当向甲方出具发票或者收款凭证。' },
    { heading: '甲方的权利和义务', text: `甲方有权了解${subject.subject}的真实情况，并按照约定支付价款、配合乙方履行合同。` },
    { heading: '乙方的权利和义务', text: '乙方应当按照约定的标准和期限履行义务，不得以格式条款排除甲方主要权利、减轻或者免除自身责任。' },
    { heading: '违约责任', text: '任何一方违反本合同约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任；违约金的约定不得过分高于造成的损失。' },
    { heading: '合同的变更和解除', text: '经双方协商一致，可以变更或者解除本合同；因不可抗力致使合同目的不能实现的，双方均可解除合同。' },
  ];
  if (version >= 2024) {
    sections.push({
      heading: '个人信息保护',
      text: '乙方收集、使用甲方个人信息应当遵循合法、正当、必要原则，明示收集使用的目的、方式和范围，不得泄露、出售或者非法向他人提供。',
    });
  }
  sections.push(
    {
      heading: '争议解决方式',
      text: '因本合同发生争议的，双方可以协商解决，也可以向北京市、天津市、河北省任一方的消费者协会或者市场监督管理部门申请调解；协商或者调解不成的，可以依法向人民法院提起诉讼或者向仲裁机构申请仲裁。',
    },
    { heading: '其他约定', text: '本合同未尽事宜，双方可以另行签订补充协议；补充协议与本合同具有同等法律效力。本合同自双方签字或者盖章之日起生效。' },
  );
  return sections.map((section, index) => ({
    number: index + 1,
    heading: `第${chineseNumeral(index + 1)}条 ${section.heading}`,
    text: section.text,
  }));
}

/** A step of a version's joint review: a submission (opening a round) or one region's decision. */
type ReviewStep = { kind: 'SUBMIT'; at: Date } | { kind: 'DECIDE'; endorsement: ContractEndorsement };

/** The joint review of one version as it would unfold, before `to` and the final status cut it short. */
interface ReviewPlan {
  createdAt: Date;
  submittedAt: Date;
  /** Submissions and decisions in time order, as the API takes them. */
  steps: ReviewStep[];
  /** When the third endorsement of a round published it (the API's effectiveFrom). */
  publishedAt: Date;
}

function endorsement(random: SeededRandom, region: RegionCode, decision: ContractEndorsement['decision'], at: Date, round: number): ContractEndorsement {
  return {
    region,
    agency: REGION_AUTHORITY_NAMES[region],
    decision,
    comment: decision === 'RETURNED' ? random.pick(CONTRACT_RETURN_COMMENTS) : random.chance(0.5) ? random.pick(CONTRACT_ENDORSE_COMMENTS) : null,
    at,
    round,
  };
}

const MAX_ROUNDS = 3;

/**
 * Rounds of joint review as the API runs them: a submission opens a round, the drafting region endorses at once and
 * the other two decide later; a return ends the round (the text goes back to draft) and the next submission opens a
 * new one, in which every region decides again. The third endorsement of a round publishes the version.
 */
function planReview(random: SeededRandom, drafting: RegionCode, createdAt: Date): ReviewPlan {
  const submittedAt = randomOfficeInstant(random, addDays(createdAt, 10), addDays(createdAt, 40));
  const steps: ReviewStep[] = [];
  let submitAt = submittedAt;
  for (let round = 1; ; round++) {
    steps.push({ kind: 'SUBMIT', at: submitAt });
    steps.push({ kind: 'DECIDE', endorsement: endorsement(random, drafting, 'ENDORSED', new Date(submitAt.getTime() + 60_000), round) });
    const others = ALL_REGION_CODES.filter((r) => r !== drafting).map((region) => ({ region, at: randomOfficeInstant(random, addDays(submitAt, 3), addDays(submitAt, 45)) }));
    others.sort((x, y) => x.at.getTime() - y.at.getTime());
    const returning = round < MAX_ROUNDS && random.chance(0.25) ? random.int(0, others.length - 1) : -1;
    if (returning < 0) {
      for (const { region, at } of others) steps.push({ kind: 'DECIDE', endorsement: endorsement(random, region, 'ENDORSED', at, round) });
      return { createdAt, submittedAt, steps, publishedAt: others[others.length - 1]!.at };
    }
    for (const { region, at } of others.slice(0, returning)) steps.push({ kind: 'DECIDE', endorsement: endorsement(random, region, 'ENDORSED', at, round) });
    const returnedAt = others[returning]!.at;
    steps.push({ kind: 'DECIDE', endorsement: endorsement(random, others[returning]!.region, 'RETURNED', returnedAt, round) });
    submitAt = randomOfficeInstant(random, addDays(returnedAt, 10), addDays(returnedAt, 40));
  }
}

interface VersionOutcome {
  status: ContractTemplateStatus;
  reviewRound: number;
  endorsements: ContractEndorsement[];
  effectiveFrom: Date | null;
  updatedAt: Date;
}

/** The version as the review's steps before `cut` leave it (the API's own rules: contractTemplate.workflow.ts). */
function reviewedUntil(plan: ReviewPlan, cut: Date): VersionOutcome {
  let state: Pick<ContractTemplateDocument, '_id' | 'status' | 'reviewRound' | 'endorsements' | 'effectiveFrom'> = {
    _id: '',
    status: 'DRAFT',
    reviewRound: 1,
    endorsements: [],
    effectiveFrom: null,
  };
  let updatedAt = plan.createdAt;
  for (const step of plan.steps) {
    const at = step.kind === 'SUBMIT' ? step.at : step.endorsement.at;
    if (at.getTime() >= cut.getTime()) break;
    state = step.kind === 'SUBMIT' ? { ...state, status: 'IN_REVIEW', reviewRound: roundOnSubmission(state) } : afterDecision(state, step.endorsement);
    updatedAt = at;
  }
  return { status: state.status, reviewRound: state.reviewRound ?? 1, endorsements: state.endorsements, effectiveFrom: state.effectiveFrom, updatedAt };
}

const LAST_STATUS_WEIGHTS: readonly (readonly [ContractTemplateStatus, number])[] = [
  ['PUBLISHED', 55],
  ['IN_REVIEW', 15],
  ['DRAFT', 10],
  ['WITHDRAWN', 20],
];

/** Status of the newest version: what was intended, cut back to what had happened by `to`. */
function lastVersionOutcome(random: SeededRandom, plan: ReviewPlan, to: Date): VersionOutcome {
  const draft: VersionOutcome = { status: 'DRAFT', reviewRound: 1, endorsements: [], effectiveFrom: null, updatedAt: plan.createdAt };
  if (plan.submittedAt.getTime() >= to.getTime()) return draft;
  const intended = random.weighted(LAST_STATUS_WEIGHTS);
  if (intended === 'DRAFT') return draft;
  if (intended === 'PUBLISHED') return reviewedUntil(plan, to);
  // Cut somewhere in the review, before publication: in review (or back in draft after a return), or withdrawn then.
  const cut = randomOfficeInstant(random, new Date(plan.submittedAt.getTime() + 120_000), minDate(plan.publishedAt, to));
  const reviewed = reviewedUntil(plan, cut);
  if (intended === 'WITHDRAWN' && reviewed.status !== 'PUBLISHED') return { ...reviewed, status: 'WITHDRAWN', updatedAt: cut };
  return reviewed;
}

interface FamilyVersion {
  subject: ContractSubject;
  category: ContractCategory;
  drafting: RegionCode;
  version: number;
  plan: ReviewPlan;
  outcome: VersionOutcome;
  doc: ContractTemplateDocument;
}

function planFamily(random: SeededRandom, context: GeneratorContext, drafting: RegionCode, maxVersions: number): FamilyVersion[] {
  const category = random.pick(CONTRACT_CATEGORIES);
  const subject = random.pick(CONTRACT_SUBJECTS[category]);
  const size = Math.min(maxVersions, random.weighted([[1, 35], [2, 35], [3, 20], [4, 10]]));
  const span = context.to.getTime() - context.from.getTime();
  let createdAt = randomOfficeInstant(random, context.from, new Date(context.from.getTime() + span * 0.85));
  const plans: ReviewPlan[] = [];
  for (let v = 0; v < size; v++) {
    if (v > 0) {
      // A new version is drafted in a later year, some time after the previous one took effect.
      const previous = plans[v - 1]!;
      const nextYear = shanghaiYear(previous.createdAt) + 1;
      const notBefore = maxDate(atShanghaiTime(`${nextYear}-01-05`, 9, 0), addDays(previous.publishedAt, 200));
      createdAt = randomOfficeInstant(random, notBefore, addDays(notBefore, 250));
    }
    if (createdAt.getTime() >= context.to.getTime()) break;
    plans.push(planReview(random, drafting, createdAt));
  }

  const last = plans.length - 1;
  const lastOutcome = lastVersionOutcome(random, plans[last]!, context.to);
  return plans.map((plan, v) => {
    let outcome: VersionOutcome;
    if (v === last) {
      outcome = lastOutcome;
    } else {
      const supersededBy = v === last - 1 ? (lastOutcome.status === 'PUBLISHED' ? plans[last]! : null) : plans[v + 1]!;
      const published = reviewedUntil(plan, new Date(plan.publishedAt.getTime() + 1));
      outcome = supersededBy ? { ...published, status: 'SUPERSEDED', updatedAt: supersededBy.publishedAt } : published;
    }
    const version = shanghaiYear(plan.createdAt);
    return {
      subject,
      category,
      drafting,
      version,
      plan,
      outcome,
      doc: {
        _id: '',
        code: '',
        lineage: '',
        title: `京津冀${subject.subject}合同（示范文本）`,
        category,
        version,
        clauses: buildClauses(subject, version),
        status: outcome.status,
        draftingRegion: drafting,
        endorsements: outcome.endorsements.map((e) => ({ ...e, at: new Date(e.at.getTime()) })),
        reviewRound: outcome.reviewRound,
        supersedesId: null,
        successorId: null,
        effectiveFrom: outcome.effectiveFrom ? new Date(outcome.effectiveFrom.getTime()) : null,
        createdAt: new Date(plan.createdAt.getTime()),
        updatedAt: new Date(outcome.updatedAt.getTime()),
      },
    };
  });
}

/**
 * Contract templates of all regions, each stored by its drafting region. Versions of one text form a lineage sharing
 * a serial in the code the drafting region assigns (JJJ-{region}-HT-{version year}-{serial}, kernel/templateCodes.ts);
 * each region numbers its own lineages in order of first drafting, as the API does, so codes are unique jointly by
 * their prefix. Lineages keep the API's rules: versions in later years, one published version, each version's
 * successor in `successorId`.
 */
export function generateContractTemplates(
  randomFor: (region: RegionCode) => SeededRandom,
  context: GeneratorContext,
  counts: Readonly<Record<RegionCode, number>>,
): Record<RegionCode, ContractTemplateDocument[]> {
  const families: FamilyVersion[][] = [];
  for (const region of ALL_REGION_CODES) {
    const random = randomFor(region);
    let made = 0;
    while (made < counts[region]) {
      const family = planFamily(random, context, region, counts[region] - made);
      families.push(family);
      made += family.length;
    }
  }

  const result = {} as Record<RegionCode, ContractTemplateDocument[]>;
  for (const region of ALL_REGION_CODES) {
    const regionFamilies = families.filter((f) => f[0]!.drafting === region);
    regionFamilies
      .map((family, index) => ({ family, index }))
      .sort((x, y) => x.family[0]!.plan.createdAt.getTime() - y.family[0]!.plan.createdAt.getTime() || x.index - y.index)
      .forEach(({ family }, serialIndex) => {
        for (const member of family) {
          member.doc.code = formatTemplateCode(region, serialIndex + 1, member.version);
          member.doc.lineage = formatTemplateLineage(region, serialIndex + 1);
        }
      });
    const sorted = numberByDate(regionFamilies.flat(), region, 'CTP', (m) => m.doc.createdAt, (m, id) => {
      m.doc._id = id;
    });
    for (const family of regionFamilies) {
      for (let v = 1; v < family.length; v++) {
        family[v]!.doc.supersedesId = family[v - 1]!.doc._id;
        family[v - 1]!.doc.successorId = family[v]!.doc._id;
      }
    }
    result[region] = sorted.map((m) => m.doc);
  }
  return result;
}
