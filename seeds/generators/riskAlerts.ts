import { PRODUCT_CATEGORIES, PRODUCT_CATEGORY_LABELS, type ProductCategory, type RegionCode } from '../../kernel';
import { RISK_LEVEL_RANKS, type RiskAlertDocument, type RiskLevel, type RiskSource } from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { TRADE_NAME_SYLLABLES } from '../vocabulary/businesses';
import { REGION_AUTHORITY_NAMES } from '../vocabulary/geography';
import { HAZARD_PHRASES, PRODUCT_CATALOG, type ProductDefect, type ProductKind } from '../vocabulary/products';
import type { EnterpriseSeed, GeneratorContext } from './context';
import { addDays, chineseDate, minDate, randomOfficeInstant } from './dates';
import { numberByDate } from './recordIds';

/** A risk alert with the product facts that recalls following it reuse. */
export interface RiskAlertSeed {
  doc: RiskAlertDocument;
  product: ProductKind;
  defect: ProductDefect;
}

const SOURCE_WEIGHTS: readonly (readonly [RiskSource, number])[] = [
  ['SAMPLING', 45],
  ['COMPLAINT', 20],
  ['INJURY_MONITORING', 15],
  ['PUBLIC_OPINION', 20],
];

function riskLevelFor(random: SeededRandom, defect: ProductDefect): RiskLevel {
  const severe = defect.hazardType === 'FIRE' || defect.hazardType === 'EXPLOSION' || defect.hazardType === 'ELECTRIC_SHOCK';
  return random.weighted<RiskLevel>(
    severe
      ? [['LOW', 5], ['MEDIUM', 30], ['HIGH', 45], ['SEVERE', 20]]
      : [['LOW', 25], ['MEDIUM', 45], ['HIGH', 25], ['SEVERE', 5]],
  );
}

function sourceLead(source: RiskSource, category: ProductCategory, issuedAt: Date, authority: string): string {
  const label = PRODUCT_CATEGORY_LABELS[category];
  switch (source) {
    case 'SAMPLING':
      return `${authority}在${chineseDate(issuedAt).slice(0, 5)}${label}产品质量监督抽查中发现`;
    case 'COMPLAINT':
      return `${authority}近期接到多起消费者投诉举报，经核查发现`;
    case 'INJURY_MONITORING':
      return `${authority}通过产品伤害监测系统收集的伤害信息分析发现`;
    case 'PUBLIC_OPINION':
      return `${authority}根据网络舆情监测线索组织风险评估发现`;
  }
}

function title(random: SeededRandom, brand: string, product: ProductKind, defect: ProductDefect, authority: string): string {
  const hazard = HAZARD_PHRASES[defect.hazardType];
  return random.weighted<string>([
    [`关于${brand}牌${product.name}存在${hazard}风险的消费提示`, 4],
    [`${authority}发布${product.name}质量安全风险预警`, 2],
    [`警惕！部分${product.name}存在${hazard}隐患`, 2],
    [`关于${product.name}${hazard}风险的警示通告`, 2],
  ]);
}

export function generateRiskAlerts(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  count: number,
  enterprises: readonly EnterpriseSeed[],
): RiskAlertSeed[] {
  const authority = REGION_AUTHORITY_NAMES[region];
  const drafts: RiskAlertSeed[] = [];
  for (let i = 0; i < count; i++) {
    const category = random.pick(PRODUCT_CATEGORIES);
    const product = random.pick(PRODUCT_CATALOG[category].products);
    const defect = random.pick(product.defects);
    const makers = enterprises.filter((e) => e.category === category);
    const concerned = random.chance(0.85) && makers.length > 0 ? random.sample(makers, random.weighted([[1, 6], [2, 3], [3, 1]])) : [];
    const brand = concerned[0]?.tradeName ?? random.sample(TRADE_NAME_SYLLABLES, 2).join('');
    const source = random.weighted(SOURCE_WEIGHTS);
    const riskLevel = riskLevelFor(random, defect);
    const issuedAt = randomOfficeInstant(random, context.from, context.to);

    const involved = concerned.length > 0 ? `涉及${concerned.map((e) => e.doc.name).join('、')}等企业生产的产品。` : '涉及产品主要通过网络平台销售，生产企业信息不详。';
    const description =
      `${sourceLead(source, category, issuedAt, authority)}，部分${brand}牌${product.name}${defect.defect}，存在${defect.consequence}的风险。` +
      `${involved}${PRODUCT_CATALOG[category].advice}`;

    const resolvedCandidate = addDays(issuedAt, random.int(20, 400));
    let status: RiskAlertDocument['status'] = 'OPEN';
    let resolvedAt: Date | null = null;
    let updatedAt = issuedAt;
    if (resolvedCandidate.getTime() <= context.asOf.getTime() && random.chance(0.8)) {
      status = 'RESOLVED';
      resolvedAt = resolvedCandidate;
      updatedAt = resolvedCandidate;
    } else if (RISK_LEVEL_RANKS[riskLevel] >= 3 && random.chance(0.45)) {
      status = 'ESCALATED';
      updatedAt = minDate(addDays(issuedAt, random.int(2, 30)), context.asOf);
    }

    drafts.push({
      product,
      defect,
      doc: {
        _id: '',
        region,
        title: title(random, brand, product, defect, authority),
        description,
        productCategory: category,
        hazardType: defect.hazardType,
        riskLevel,
        riskLevelRank: RISK_LEVEL_RANKS[riskLevel],
        source,
        status,
        issuedAt,
        resolvedAt,
        enterpriseCreditCodes: concerned.map((e) => e.doc._id),
        relatedRecallIds: [],
        createdAt: new Date(issuedAt.getTime()),
        updatedAt: new Date(updatedAt.getTime()),
      },
    });
  }
  return numberByDate(drafts, region, 'RSK', (d) => d.doc.issuedAt, (d, id) => {
    d.doc._id = id;
  });
}
