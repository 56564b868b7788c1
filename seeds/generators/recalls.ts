import { ALL_REGION_CODES, PRODUCT_CATEGORIES, REGION_FULL_CHINESE_NAMES, type ProductCategory, type RegionCode } from '../../kernel';
import type { ProductRecallDocument, RecallStatus } from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { formatRecallNumber } from '../../kernel/formats';
import { SALES_AREAS } from '../vocabulary/geography';
import { PRODUCT_CATALOG, type ProductDefect, type ProductKind } from '../vocabulary/products';
import type { EnterpriseSeed, EnterprisesByRegion, GeneratorContext } from './context';
import { addDays, DAY_MS, maxDate, minDate, randomInstant, randomOfficeInstant } from './dates';
import { businessPhone, personName } from './people';
import { numberByDate } from './recordIds';
import type { RiskAlertSeed } from './riskAlerts';

export type RiskAlertsByRegion = Readonly<Record<RegionCode, readonly RiskAlertSeed[]>>;

/** Which region's alerts a recall of each region tends to follow when it follows another region's. */
const CROSS_REGION_TARGETS: Readonly<Record<RegionCode, readonly (readonly [RegionCode, number])[]>> = {
  HE: [['TJ', 8], ['BJ', 2]],
  TJ: [['BJ', 5], ['HE', 5]],
  BJ: [['TJ', 5], ['HE', 5]],
};

type LinkKind = 'NONE' | 'SAME_REGION' | 'CROSS_REGION';
const LINK_WEIGHTS: Readonly<Record<RegionCode, readonly (readonly [LinkKind, number])[]>> = {
  // Hebei recalls often follow Tianjin's sampling results (the example); others less so.
  HE: [['NONE', 50], ['SAME_REGION', 25], ['CROSS_REGION', 25]],
  TJ: [['NONE', 60], ['SAME_REGION', 28], ['CROSS_REGION', 12]],
  BJ: [['NONE', 60], ['SAME_REGION', 28], ['CROSS_REGION', 12]],
};

/** Alerts are followed by recalls within 7 to 180 days; older alerts than `to − 7 days` only. */
const FOLLOW_MIN_DAYS = 7;
const FOLLOW_MAX_DAYS = 180;

/** Alerts a recall of `region` can follow: issued early enough, naming a maker of `region` (the recall's manufacturer). */
function followableAlerts(alerts: RiskAlertsByRegion, context: GeneratorContext, region: RegionCode): Record<RegionCode, RiskAlertSeed[]> {
  const latest = context.to.getTime() - FOLLOW_MIN_DAYS * DAY_MS;
  const result = {} as Record<RegionCode, RiskAlertSeed[]>;
  for (const target of ALL_REGION_CODES) {
    result[target] = alerts[target].filter((a) => a.doc.issuedAt.getTime() < latest && a.concerned.some((e) => e.region === region));
  }
  return result;
}

/** Candidate manufacturers per category: its makers, else any maker, else any enterprise. */
function manufacturersByCategory(enterprises: readonly EnterpriseSeed[]): Record<ProductCategory, readonly EnterpriseSeed[]> {
  const anyMaker = enterprises.filter((e) => e.category !== null);
  const fallback = anyMaker.length > 0 ? anyMaker : enterprises;
  const result = {} as Record<ProductCategory, readonly EnterpriseSeed[]>;
  for (const category of PRODUCT_CATEGORIES) {
    const makers = enterprises.filter((e) => e.category === category);
    result[category] = makers.length > 0 ? makers : fallback;
  }
  return result;
}

function modelNumbers(random: SeededRandom, product: ProductKind): string[] {
  const count = random.weighted([[1, 4], [2, 3], [3, 2], [4, 1]]);
  const models = new Set<string>();
  while (models.size < count) {
    const separator = random.pick(['', '-']);
    const suffix = random.pick(['', '', 'A', 'B', 'S', 'Z', 'Pro']);
    models.add(`${product.modelPrefix}${separator}${random.int(10, 9999)}${suffix}`);
  }
  return [...models].sort();
}

function batchCodes(random: SeededRandom, start: Date, end: Date): string[] {
  const count = random.int(1, 4);
  const codes = new Set<string>();
  for (let i = 0; i < count; i++) codes.add(randomInstant(random, start, end).toISOString().slice(0, 10).replace(/-/g, ''));
  return [...codes].sort();
}

function salesAreas(random: SeededRandom, region: RegionCode): string[] {
  if (random.chance(0.12)) return ['全国'];
  const home = REGION_FULL_CHINESE_NAMES[region];
  const others = random.sample(SALES_AREAS.filter((area) => area !== home), random.int(0, 4));
  return [home, ...others];
}

function statusAt(random: SeededRandom, announcedAt: Date, asOf: Date): { status: RecallStatus; updatedAt: Date } {
  const ageDays = (asOf.getTime() - announcedAt.getTime()) / DAY_MS;
  const later = (minDays: number, maxDays: number): Date => minDate(addDays(announcedAt, random.int(minDays, maxDays)), asOf);
  if (random.chance(0.03)) return { status: 'CANCELLED', updatedAt: later(3, 60) };
  if (ageDays < 30) return { status: 'ANNOUNCED', updatedAt: new Date(announcedAt.getTime()) };
  if (ageDays < 240) {
    return random.chance(0.75) ? { status: 'IN_PROGRESS', updatedAt: later(10, 120) } : { status: 'COMPLETED', updatedAt: later(30, 200) };
  }
  return random.chance(0.94) ? { status: 'COMPLETED', updatedAt: later(60, 300) } : { status: 'IN_PROGRESS', updatedAt: later(30, 200) };
}

interface RecallPlan {
  category: ProductCategory;
  product: ProductKind;
  defect: ProductDefect;
  announcedAt: Date;
  followed: RiskAlertSeed[];
  /** The maker the followed alerts name, of the recall's region; null when it follows none. */
  maker: EnterpriseSeed | null;
}

function planRecall(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  alerts: RiskAlertsByRegion,
  followable: Readonly<Record<RegionCode, readonly RiskAlertSeed[]>>,
): RecallPlan {
  const link = random.weighted(LINK_WEIGHTS[region]);
  const targetRegion = link === 'CROSS_REGION' ? random.weighted(CROSS_REGION_TARGETS[region]) : region;
  const candidates = link === 'NONE' ? [] : followable[targetRegion];
  if (candidates.length === 0) {
    const category = random.pick(PRODUCT_CATEGORIES);
    const product = random.pick(PRODUCT_CATALOG[category].products);
    return { category, product, defect: random.pick(product.defects), announcedAt: randomOfficeInstant(random, context.from, context.to), followed: [], maker: null };
  }
  const first = random.pick(candidates);
  const maker = random.pick(first.concerned.filter((e) => e.region === region));
  const earliest = addDays(first.doc.issuedAt, FOLLOW_MIN_DAYS);
  const announcedAt = randomOfficeInstant(random, earliest, minDate(addDays(first.doc.issuedAt, FOLLOW_MAX_DAYS), context.to));
  const followed = [first];
  if (random.chance(0.12)) {
    // A second alert, of any region, issued before the recall, on the same product and defect by the same maker.
    const others = ALL_REGION_CODES.flatMap((r) => alerts[r]).filter(
      (a) => a !== first && a.product === first.product && a.defect === first.defect && a.concerned.includes(maker) && a.doc.issuedAt.getTime() < announcedAt.getTime(),
    );
    if (others.length > 0) followed.push(random.pick(others));
  }
  return { category: first.doc.productCategory, product: first.product, defect: first.defect, announcedAt, followed, maker };
}

/**
 * The region's recalls. Recalls that follow risk alerts (of this or another region) are of a maker of this region
 * the alert names, with the alert's product and defect; the links are recorded on both sides: `riskAlertIds` here
 * and `relatedRecallIds` on the alert.
 */
export function generateRecalls(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  count: number,
  enterprises: EnterprisesByRegion,
  alerts: RiskAlertsByRegion,
): ProductRecallDocument[] {
  const drafts: { doc: ProductRecallDocument; followed: RiskAlertSeed[] }[] = [];
  const followable = followableAlerts(alerts, context, region);
  const manufacturers = manufacturersByCategory(enterprises[region]);
  for (let i = 0; i < count; i++) {
    const plan = planRecall(random, context, region, alerts, followable);
    const maker = plan.maker ?? random.pick(manufacturers[plan.category]);
    const catalog = PRODUCT_CATALOG[plan.category];
    const productionEnd = randomInstant(random, addDays(plan.announcedAt, -300), addDays(plan.announcedAt, -20));
    const productionStart = randomInstant(random, addDays(productionEnd, -600), addDays(productionEnd, -30));
    const quantityMade = random.int(catalog.quantityRange[0], catalog.quantityRange[1]);
    const quantityToRecall = Math.max(1, Math.round(quantityMade * (0.3 + 0.7 * random.next())));
    const { status, updatedAt } = statusAt(random, plan.announcedAt, context.asOf);

    drafts.push({
      followed: plan.followed,
      doc: {
        _id: '',
        region,
        recallNumber: '',
        productName: plan.product.name,
        brand: maker.tradeName,
        models: modelNumbers(random, plan.product),
        batches: batchCodes(random, productionStart, productionEnd),
        manufacturer: {
          creditCode: maker.doc._id,
          name: maker.doc.name,
          contact: { person: personName(random), phone: businessPhone(random, maker.district) },
        },
        productionStart,
        productionEnd,
        quantityMade,
        quantityToRecall,
        salesAreas: salesAreas(random, region),
        defect: `本次召回范围内的部分${plan.product.name}，${plan.defect.defect}。`,
        hazard: `该缺陷在极端情况下存在${plan.defect.consequence}的风险，存在安全隐患。`,
        remedy: random.weighted(catalog.remedies),
        productCategory: plan.category,
        announcedAt: plan.announcedAt,
        status,
        riskAlertIds: plan.followed.map((a) => a.doc._id).sort(),
        createdAt: new Date(plan.announcedAt.getTime()),
        updatedAt,
      },
    });
  }

  const sorted = numberByDate(drafts, region, 'RCL', (d) => d.doc.announcedAt, (d, id, year, serial) => {
    d.doc._id = id;
    d.doc.recallNumber = formatRecallNumber({ region, year, serial });
  });
  for (const { doc, followed } of sorted) {
    for (const alert of followed) {
      alert.doc.relatedRecallIds.push(doc._id);
      alert.doc.updatedAt = new Date(maxDate(alert.doc.updatedAt, doc.announcedAt).getTime());
    }
  }
  return sorted.map((d) => d.doc);
}
