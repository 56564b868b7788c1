import { PRODUCT_CATEGORIES, type ProductCategory, type RegionCode } from '../../kernel';
import { RISK_LEVEL_RANKS, type RiskAlertDocument, type RiskLevel, type RiskSource } from '../../services/regional/model';
import { alertAuthority, alertDescription, alertTitles, sourceLead } from '../alertText';
import type { SeededRandom } from '../random';
import { PRODUCT_CATALOG, type ProductDefect, type ProductKind } from '../vocabulary/products';
import type { EnterpriseSeed, EnterprisesByRegion, GeneratorContext } from './context';
import { addDays, minDate, randomOfficeInstant } from './dates';
import { numberByDate } from './recordIds';

/** A risk alert with the product facts and makers that recalls following it reuse. */
export interface RiskAlertSeed {
  doc: RiskAlertDocument;
  product: ProductKind;
  defect: ProductDefect;
  /** The makers it names (its enterpriseCreditCodes), of its region and sometimes of a neighbouring one. */
  concerned: readonly EnterpriseSeed[];
}

const SOURCE_WEIGHTS: readonly (readonly [RiskSource, number])[] = [
  ['SAMPLING', 45],
  ['COMPLAINT', 20],
  ['INJURY_MONITORING', 15],
  ['PUBLIC_OPINION', 20],
];

/** Whose makers an alert of each region also names when products made there were found on its market. */
const NEIGHBOUR_MAKERS: Readonly<Record<RegionCode, readonly (readonly [RegionCode, number])[]>> = {
  TJ: [['HE', 8], ['BJ', 2]],
  BJ: [['TJ', 5], ['HE', 5]],
  HE: [['TJ', 6], ['BJ', 4]],
};
const NEIGHBOUR_MAKER_SHARE = 0.35;

function riskLevelFor(random: SeededRandom, defect: ProductDefect): RiskLevel {
  const severe = defect.hazardType === 'FIRE' || defect.hazardType === 'EXPLOSION' || defect.hazardType === 'ELECTRIC_SHOCK';
  return random.weighted<RiskLevel>(
    severe
      ? [['LOW', 5], ['MEDIUM', 30], ['HIGH', 45], ['SEVERE', 20]]
      : [['LOW', 25], ['MEDIUM', 45], ['HIGH', 25], ['SEVERE', 5]],
  );
}

/** The makers an alert names: one to three of its region, sometimes one of a neighbouring region, or none (15%). */
function concernedMakers(random: SeededRandom, region: RegionCode, category: ProductCategory, enterprises: EnterprisesByRegion): EnterpriseSeed[] {
  const makersIn = (r: RegionCode): EnterpriseSeed[] => enterprises[r].filter((e) => e.category === category);
  const own = makersIn(region);
  if (!random.chance(0.85) || own.length === 0) return [];
  const concerned = random.sample(own, random.weighted([[1, 6], [2, 3], [3, 1]]));
  if (random.chance(NEIGHBOUR_MAKER_SHARE)) {
    const neighbours = makersIn(random.weighted(NEIGHBOUR_MAKERS[region]));
    if (neighbours.length > 0) concerned.push(random.pick(neighbours));
  }
  return concerned;
}

/**
 * The region's risk alerts. Title and description are composed by seeds/alertText.ts from the alert's own facts:
 * the product and defect of its category, the brands of the makers it lists (every one named, each carrying a brand
 * named), the advice for that product.
 */
export function generateRiskAlerts(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  count: number,
  enterprises: EnterprisesByRegion,
): RiskAlertSeed[] {
  const authority = alertAuthority(region);
  const drafts: RiskAlertSeed[] = [];
  for (let i = 0; i < count; i++) {
    const category = random.pick(PRODUCT_CATEGORIES);
    const product = random.pick(PRODUCT_CATALOG[category].products);
    const defect = random.pick(product.defects);
    const concerned = concernedMakers(random, region, category, enterprises);
    const brands = [...new Set(concerned.map((e) => e.tradeName))];
    const source = random.weighted(SOURCE_WEIGHTS);
    const riskLevel = riskLevelFor(random, defect);
    const issuedAt = randomOfficeInstant(random, context.from, context.to);

    const description = alertDescription({
      lead: sourceLead(source, category, issuedAt, authority),
      brands,
      product,
      defect,
      involved: concerned.length > 0 ? { kind: 'NAMED', names: concerned.map((e) => e.doc.name) } : { kind: 'UNKNOWN' },
      advice: product.advice,
    });
    const titles = alertTitles(brands, product, defect, authority);
    const title = random.weighted(titles.map((t, index) => [t, titles.length === 4 && index === 0 ? 4 : 2] as const));

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
      concerned,
      doc: {
        _id: '',
        region,
        title,
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
