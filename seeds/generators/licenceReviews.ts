import {
  ALL_REGION_CODES,
  LICENCE_PRODUCT_CATEGORIES,
  licenceNumberOf,
  type LicenceProductCategory,
  type LicenceReviewStatus,
  type RegionCode,
  type ReviewConclusion,
} from '../../kernel';
import { REGION_ABBREVIATIONS } from '../../kernel/formats';
import type { ExaminerDocument, LicenceReviewDocument } from '../../services/regional/model';
import type { SeededRandom } from '../random';
import type { EnterprisesByRegion, GeneratorContext } from './context';
import { addDays, randomOfficeInstant } from './dates';
import { personName } from './people';
import { numberByDate } from './recordIds';

const PRODUCTS: Readonly<Record<LicenceProductCategory, readonly string[]>> = {
  WIRE_AND_CABLE: ['额定电压450/750V及以下聚氯乙烯绝缘电缆电线', '额定电压0.6/1kV交联聚乙烯绝缘电力电缆', '架空绞线'],
  HAZARDOUS_CHEMICALS: ['工业用甲醇', '液氯', '溶剂型涂料（含稀释剂）'],
  FERTILISER: ['复混肥料（复合肥料）', '磷酸一铵', '水溶肥料'],
  CEMENT: ['通用硅酸盐水泥 P·O 42.5', '复合硅酸盐水泥 P·C 32.5R'],
  REBAR: ['钢筋混凝土用热轧带肋钢筋 HRB400E', '钢筋混凝土用余热处理钢筋'],
  FOOD_CONTACT: ['食品用塑料包装容器工具', '食品用纸包装、容器', '餐具洗涤剂'],
  SAFETY_HELMET: ['安全帽', '防护服装'],
};

const FINDINGS: Readonly<Record<ReviewConclusion, readonly string[]>> = {
  PASS: ['生产设备、检验设备与申请范围相适应，质量管理制度健全，现场抽样检验合格。', '企业实际生产条件与申报材料一致，关键工序控制记录完整。'],
  PASS_AFTER_RECTIFICATION: ['出厂检验记录不完整、部分计量器具超出检定有效期，需在30日内整改。', '原材料进货验证记录缺失，整改后可满足要求。'],
  FAIL: ['缺少必备的出厂检验设备，不具备持续稳定生产合格产品的能力。', '现场抽取样品经检验不合格，质量管理体系未有效运行。'],
};

/** Days from application to each step, roughly as the regions take them. */
const STEP_DAYS = { panel: 10, onSite: 25, concluded: 35, decided: 45 } as const;

/** One region's joint licence reviews: applications by its own enterprises, panels with examiners of two or three regions. */
export function generateLicenceReviews(random: SeededRandom, context: GeneratorContext, region: RegionCode, count: number, enterprises: EnterprisesByRegion): LicenceReviewDocument[] {
  const applicants = enterprises[region].filter((enterprise) => enterprise.category !== null);
  const pool = applicants.length > 0 ? applicants : enterprises[region];
  const records = Array.from({ length: count }, (): LicenceReviewDocument => {
    const applicant = random.pick(pool);
    const productCategory = random.pick(LICENCE_PRODUCT_CATEGORIES);
    const appliedAt = randomOfficeInstant(random, context.from, context.to);
    const age = (context.asOf.getTime() - appliedAt.getTime()) / 86_400_000;
    const status: LicenceReviewStatus =
      age >= STEP_DAYS.decided ? 'LICENCE_ISSUED' : age >= STEP_DAYS.concluded ? 'CONCLUDED' : age >= STEP_DAYS.onSite ? 'ON_SITE_REVIEW' : age >= STEP_DAYS.panel ? 'PANEL_FORMED' : 'APPLIED';
    const others = ALL_REGION_CODES.filter((code) => code !== region);
    const panelOf = [region, ...random.sample(others, random.int(1, 2))];
    const examiners: ExaminerDocument[] =
      status === 'APPLIED'
        ? []
        : panelOf.flatMap((code, regionIndex) => Array.from({ length: regionIndex === 0 ? 2 : 1 }, () => code)).map((code, index) => ({
            code: `审查员${index + 1}`,
            name: personName(random),
            region: code,
            certificateNumber: `${REGION_ABBREVIATIONS[code]}审${random.digits(6)}`,
            role: index === 0 ? 'LEADER' : 'MEMBER',
            findings: null,
          }));
    const concluded = status === 'CONCLUDED' || status === 'LICENCE_ISSUED';
    const result = random.weighted<ReviewConclusion>([['PASS', 70], ['PASS_AFTER_RECTIFICATION', 22], ['FAIL', 8]]);
    if (concluded || status === 'ON_SITE_REVIEW') {
      for (const examiner of examiners) {
        if (!concluded && random.chance(0.5)) continue;
        const recommendation = random.chance(0.85) ? result : random.pick<ReviewConclusion>(['PASS', 'PASS_AFTER_RECTIFICATION']);
        examiner.findings = { text: random.pick(FINDINGS[recommendation]), recommendation, submittedAt: addDays(appliedAt, STEP_DAYS.onSite + random.int(1, 8)) };
      }
    }
    const finalStatus: LicenceReviewStatus = status === 'LICENCE_ISSUED' && result === 'FAIL' ? 'LICENCE_REFUSED' : status;
    const decidedAt = addDays(appliedAt, STEP_DAYS.decided);
    return {
      _id: '',
      region,
      applicant: { creditCode: applicant.doc._id, name: applicant.doc.name },
      product: random.pick(PRODUCTS[productCategory]),
      productCategory,
      appliedAt,
      status: finalStatus,
      examiners,
      panelRegions: ALL_REGION_CODES.filter((code) => examiners.some((examiner) => examiner.region === code)),
      onSiteReviewStartedAt: ['ON_SITE_REVIEW', 'CONCLUDED', 'LICENCE_ISSUED'].includes(status) ? addDays(appliedAt, STEP_DAYS.onSite) : null,
      conclusion: concluded ? { result, summary: `审查组经现场审查，结论为${result === 'FAIL' ? '不符合' : result === 'PASS' ? '符合' : '整改后符合'}。`, at: addDays(appliedAt, STEP_DAYS.concluded) } : null,
      licence:
        finalStatus === 'LICENCE_ISSUED'
          ? { issued: true, number: null, decidedAt, reason: null }
          : finalStatus === 'LICENCE_REFUSED'
            ? { issued: false, number: null, decidedAt, reason: '审查结论为不符合，不予许可。' }
            : null,
      notices:
        concluded && examiners.length > 0 && random.chance(0.15)
          ? [{ examinerCode: examiners[0]!.code, examinerName: examiners[0]!.name, examinerRegion: examiners[0]!.region, kind: 'COMMENDATION', content: '该审查员在联合审查中认真履职，审查记录规范完整，予以通报表扬。', issuedByRegion: region, issuedAt: addDays(appliedAt, STEP_DAYS.concluded + 3) }]
          : [],
      createdAt: appliedAt,
      updatedAt: finalStatus === 'LICENCE_ISSUED' || finalStatus === 'LICENCE_REFUSED' ? decidedAt : appliedAt,
    };
  });
  return numberByDate(records, region, 'LIC', (review) => review.appliedAt, (review, id, year, serial) => {
    review._id = id;
    if (review.licence?.issued) review.licence.number = licenceNumberOf(REGION_ABBREVIATIONS[region], year, serial);
  });
}
