import { PRODUCT_CATEGORY_LABELS, type ProductCategory, type RegionCode } from '../kernel';
import type { RiskAlertDocument, RiskSource } from '../services/regional/model';
import { chineseDate } from './generators/dates';
import { REGION_AUTHORITY_NAMES } from './vocabulary/geography';
import { HAZARD_PHRASES, PRODUCT_CATALOG, type ProductDefect, type ProductKind } from './vocabulary/products';

/**
 * The words of a seeded risk alert, composed and read back by one grammar, so that what a title and description say
 * (product, defect, brands, the enterprises concerned, the advice) can be checked against the record's fields and
 * the enterprises it lists (seeds/check.ts) and repaired in data of older generators (the coherent-seeds migration).
 *
 * Description: `{lead}，部分{brands}牌{product}{defect}，存在{consequence}的风险。{involved}{advice}`, where involved is
 * one of: the enterprises by name (`涉及A、B等企业生产的产品。`), their number (`涉及2家企业生产的产品，企业名单见本预警所列
 * 统一社会信用代码。`, naming no brand), or none (`…生产企业信息不详。`, no brand, no enterprise listed).
 */
export type InvolvedEnterprises = { kind: 'NAMED'; names: string[] } | { kind: 'COUNTED'; count: number } | { kind: 'UNKNOWN' };

export interface AlertWords {
  lead: string;
  brands: string[];
  product: ProductKind;
  defect: ProductDefect;
  involved: InvolvedEnterprises;
  advice: string;
}

const UNKNOWN_MAKERS = '涉及产品主要通过网络平台销售，生产企业信息不详。';
const NAMED = /^涉及(.+)等企业生产的产品。$/;
const COUNTED = /^涉及(\d+)家企业生产的产品，企业名单见本预警所列统一社会信用代码。$/;

/** How the alert's finding opens, by its source: e.g. 天津市市场监督管理委员会在2025年电动自行车产品质量监督抽查中发现. */
export function sourceLead(source: RiskSource, category: ProductCategory, issuedAt: Date, authority: string): string {
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

export function involvedSentence(involved: InvolvedEnterprises): string {
  switch (involved.kind) {
    case 'NAMED':
      return `涉及${involved.names.join('、')}等企业生产的产品。`;
    case 'COUNTED':
      return `涉及${involved.count}家企业生产的产品，企业名单见本预警所列统一社会信用代码。`;
    case 'UNKNOWN':
      return UNKNOWN_MAKERS;
  }
}

export function alertDescription(words: AlertWords): string {
  const brands = words.brands.length > 0 ? `${words.brands.join('、')}牌` : '';
  return `${words.lead}，部分${brands}${words.product.name}${words.defect.defect}，存在${words.defect.consequence}的风险。${involvedSentence(words.involved)}${words.advice}`;
}

/** The titles an alert may carry: naming its brand only when it names exactly one. */
export function alertTitles(brands: readonly string[], product: ProductKind, defect: ProductDefect, authority: string): string[] {
  const hazard = HAZARD_PHRASES[defect.hazardType];
  const titles = [`${authority}发布${product.name}质量安全风险预警`, `警惕！部分${product.name}存在${hazard}隐患`, `关于${product.name}${hazard}风险的警示通告`];
  return brands.length === 1 ? [`关于${brands[0]}牌${product.name}存在${hazard}风险的消费提示`, ...titles] : titles;
}

/** The product and defect of `category` a text names as `{product}{defect}` at its end, with what comes before. */
function productAndDefect(category: ProductCategory, text: string): { product: ProductKind; defect: ProductDefect; before: string } | null {
  for (const product of PRODUCT_CATALOG[category].products) {
    for (const defect of product.defects) {
      const tail = `${product.name}${defect.defect}`;
      if (text.endsWith(tail)) return { product, defect, before: text.slice(0, text.length - tail.length) };
    }
  }
  return null;
}

/** Reads a description written by alertDescription, for an alert of `category`; null when it is not in that form. */
export function parseAlertDescription(category: ProductCategory, description: string): AlertWords | null {
  const opening = description.indexOf('，部分');
  if (opening < 0) return null;
  const lead = description.slice(0, opening);
  const rest = description.slice(opening + '，部分'.length);
  for (const product of PRODUCT_CATALOG[category].products) {
    for (const defect of product.defects) {
      const finding = `${defect.defect}，存在${defect.consequence}的风险。`;
      const at = rest.indexOf(finding);
      if (at < 0) continue;
      const named = productAndDefect(category, rest.slice(0, at + defect.defect.length));
      if (!named || named.product !== product || named.defect !== defect) continue;
      const brandPart = named.before;
      if (brandPart !== '' && !brandPart.endsWith('牌')) continue;
      const brands = brandPart === '' ? [] : brandPart.slice(0, -1).split('、');
      const tail = rest.slice(at + finding.length);
      // The involved sentence ends at the first 。 after 生产的产品 / 统一社会信用代码 / 信息不详.
      const involvedEnd = tail.search(/(?:等企业生产的产品。|企业名单见本预警所列统一社会信用代码。|生产企业信息不详。)/);
      if (involvedEnd < 0) return null;
      const sentenceEnd = tail.indexOf('。', involvedEnd) + 1;
      const sentence = tail.slice(0, sentenceEnd);
      let involved: InvolvedEnterprises;
      const namedMatch = NAMED.exec(sentence);
      const countedMatch = COUNTED.exec(sentence);
      if (sentence === UNKNOWN_MAKERS) involved = { kind: 'UNKNOWN' };
      else if (countedMatch) involved = { kind: 'COUNTED', count: Number(countedMatch[1]) };
      else if (namedMatch) involved = { kind: 'NAMED', names: namedMatch[1]!.split('、') };
      else return null;
      return { lead, brands, product, defect, involved, advice: tail.slice(sentenceEnd) };
    }
  }
  return null;
}

/** The authority whose name opens a region's alerts. */
export function alertAuthority(region: RegionCode): string {
  return REGION_AUTHORITY_NAMES[region];
}

/**
 * Why an alert's words disagree with its fields and the enterprises it lists, or empty. `enterpriseName` gives the
 * registered name of a listed enterprise where known (all of them for the seed check; the region's own in a
 * migration, which cannot see other regions' registers): a listed enterprise of unknown name is then checked only
 * by count.
 */
export function alertWordsProblems(alert: RiskAlertDocument, enterpriseName: (creditCode: string) => string | undefined): string[] {
  const words = parseAlertDescription(alert.productCategory, alert.description);
  if (!words) return ['the description does not name a product and defect of its category in the alert form'];
  const problems: string[] = [];
  if (words.defect.hazardType !== alert.hazardType) problems.push(`hazardType ${alert.hazardType} is not the defect's ${words.defect.hazardType}`);
  if (words.advice !== words.product.advice) problems.push(`the advice is not the one for ${words.product.name}`);
  if (words.lead !== sourceLead(alert.source, alert.productCategory, alert.issuedAt, alertAuthority(alert.region))) problems.push('the opening does not match the source, category, year and authority');
  if (!alertTitles(words.brands, words.product, words.defect, alertAuthority(alert.region)).includes(alert.title)) {
    problems.push(`the title does not name the description's ${words.brands.length === 1 ? `brand ${words.brands[0]} and ` : ''}product ${words.product.name} and hazard`);
  }
  const codes = alert.enterpriseCreditCodes;
  switch (words.involved.kind) {
    case 'UNKNOWN':
      if (codes.length > 0) problems.push(`says the makers are unknown but lists ${codes.length} enterprises`);
      if (words.brands.length > 0) problems.push('names a brand but no maker');
      break;
    case 'COUNTED':
      if (words.involved.count !== codes.length) problems.push(`says ${words.involved.count} enterprises but lists ${codes.length}`);
      if (words.brands.length > 0) problems.push('names a brand without naming its maker');
      break;
    case 'NAMED': {
      const names = words.involved.names;
      if (names.length !== codes.length || new Set(names).size !== names.length) problems.push(`names ${names.length} enterprises but lists ${codes.length}`);
      for (const code of codes) {
        const name = enterpriseName(code);
        if (name !== undefined && !names.includes(name)) problems.push(`lists ${code} (${name}), which its text does not name`);
      }
      for (const brand of words.brands) if (!names.some((name) => name.includes(brand))) problems.push(`names brand ${brand}, which no enterprise it names carries`);
      if (words.brands.length > 0) for (const name of names) if (!words.brands.some((brand) => name.includes(brand))) problems.push(`names ${name}, which carries none of its brands ${words.brands.join('、')}`);
      break;
    }
  }
  return problems;
}
