import {
  ALL_REGION_CODES,
  CONTRACT_CATEGORIES,
  formatTemplateCode,
  formatTemplateLineage,
  shanghaiDayKey,
  shanghaiYear,
  startOfShanghaiDay,
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
import { addDays, atShanghaiTime, maxDate, randomOfficeInstant } from './dates';
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

/** The joint review of one version as it would unfold, before `to` and the final status cut it short. */
interface ReviewPlan {
  createdAt: Date;
  submittedAt: Date;
  /** Every decision in time order, the drafting region's endorsement first. */
  decisions: ContractEndorsement[];
  publishedAt: Date;
  effectiveFrom: Date;
}

function endorsement(random: SeededRandom, region: RegionCode, decision: ContractEndorsement['decision'], at: Date): ContractEndorsement {
  return {
    region,
    agency: REGION_AUTHORITY_NAMES[region],
    decision,
    comment: decision === 'RETURNED' ? random.pick(CONTRACT_RETURN_COMMENTS) : random.chance(0.5) ? random.pick(CONTRACT_ENDORSE_COMMENTS) : null,
    at,
  };
}

function planReview(random: SeededRandom, drafting: RegionCode, createdAt: Date): ReviewPlan {
  const submittedAt = randomOfficeInstant(random, addDays(createdAt, 10), addDays(createdAt, 40));
  const decisions = [endorsement(random, drafting, 'ENDORSED', submittedAt)];
  for (const region of ALL_REGION_CODES.filter((r) => r !== drafting)) {
    let at = randomOfficeInstant(random, addDays(submittedAt, 3), addDays(submittedAt, 45));
    if (random.chance(0.2)) {
      decisions.push(endorsement(random, region, 'RETURNED', at));
      at = randomOfficeInstant(random, addDays(at, 10), addDays(at, 40));
    }
    decisions.push(endorsement(random, region, 'ENDORSED', at));
  }
  decisions.sort((x, y) => x.at.getTime() - y.at.getTime());
  const publishedAt = randomOfficeInstant(random, addDays(decisions[decisions.length - 1]!.at, 2), addDays(decisions[decisions.length - 1]!.at, 10));
  const effectiveFrom = startOfShanghaiDay(shanghaiDayKey(addDays(publishedAt, random.int(15, 60))));
  return { createdAt, submittedAt, decisions, publishedAt, effectiveFrom };
}

interface VersionOutcome {
  status: ContractTemplateStatus;
  endorsements: ContractEndorsement[];
  effectiveFrom: Date | null;
  updatedAt: Date;
}

const LAST_STATUS_WEIGHTS: readonly (readonly [ContractTemplateStatus, number])[] = [
  ['PUBLISHED', 55],
  ['IN_REVIEW', 15],
  ['DRAFT', 10],
  ['WITHDRAWN', 20],
];

/** Status of the newest version: what was intended, cut back to what had happened by `to`. */
function lastVersionOutcome(random: SeededRandom, plan: ReviewPlan, drafting: RegionCode, to: Date): VersionOutcome {
  const draft: VersionOutcome = { status: 'DRAFT', endorsements: [], effectiveFrom: null, updatedAt: plan.createdAt };
  const happened = (d: ContractEndorsement): boolean => d.at.getTime() < to.getTime();
  if (plan.submittedAt.getTime() >= to.getTime()) return draft;
  const intended = random.weighted(LAST_STATUS_WEIGHTS);
  if (intended === 'DRAFT') return draft;

  if (intended === 'PUBLISHED' && plan.publishedAt.getTime() < to.getTime()) {
    return { status: 'PUBLISHED', endorsements: plan.decisions, effectiveFrom: plan.effectiveFrom, updatedAt: plan.publishedAt };
  }
  if (intended === 'WITHDRAWN') {
    const other = ALL_REGION_CODES.find((r) => r !== drafting)!;
    const returnedAt = plan.decisions.find((d) => d.region === other)!.at;
    const withdrawnAt = randomOfficeInstant(random, addDays(returnedAt, 5), addDays(returnedAt, 30));
    if (withdrawnAt.getTime() < to.getTime()) {
      return {
        status: 'WITHDRAWN',
        endorsements: [plan.decisions[0]!, endorsement(random, other, 'RETURNED', returnedAt)],
        effectiveFrom: null,
        updatedAt: withdrawnAt,
      };
    }
  }
  // In review: the drafting region's endorsement (submittedAt < to) and, sometimes, the next decision.
  const endorsements = plan.decisions.slice(0, random.chance(0.5) ? 2 : 1).filter(happened);
  return { status: 'IN_REVIEW', endorsements, effectiveFrom: null, updatedAt: endorsements[endorsements.length - 1]!.at };
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
      const notBefore = maxDate(atShanghaiTime(`${nextYear}-01-05`, 9, 0), addDays(previous.effectiveFrom, 200));
      createdAt = randomOfficeInstant(random, notBefore, addDays(notBefore, 250));
    }
    if (createdAt.getTime() >= context.to.getTime()) break;
    plans.push(planReview(random, drafting, createdAt));
  }

  const last = plans.length - 1;
  const lastOutcome = lastVersionOutcome(random, plans[last]!, drafting, context.to);
  return plans.map((plan, v) => {
    let outcome: VersionOutcome;
    if (v === last) {
      outcome = lastOutcome;
    } else {
      const supersededBy = v === last - 1 ? (lastOutcome.status === 'PUBLISHED' ? plans[last]! : null) : plans[v + 1]!;
      outcome = supersededBy
        ? { status: 'SUPERSEDED', endorsements: plan.decisions, effectiveFrom: plan.effectiveFrom, updatedAt: supersededBy.publishedAt }
        : { status: 'PUBLISHED', endorsements: plan.decisions, effectiveFrom: plan.effectiveFrom, updatedAt: plan.publishedAt };
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
