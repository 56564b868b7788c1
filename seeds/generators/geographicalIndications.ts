import { ALL_REGION_CODES, DIVISIONS, divisionFullName, type InspectionResult, type RegionCode } from '../../kernel';
import type { GeographicalIndicationDocument, InspectionDocument } from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { districtAgencyName, REGION_AUTHORITY_NAMES } from '../vocabulary/geography';
import { GI_CATALOGUE, INSPECTION_FINDINGS } from '../vocabulary/geographicalIndications';
import type { EnterprisesByRegion, GeneratorContext } from './context';
import { atShanghaiTime, randomOfficeInstant } from './dates';
import { numberByDate } from './recordIds';

/** One region's protected products (the first `count` of its catalogue), each with producers of the regions its area reaches. */
export function generateGeographicalIndications(random: SeededRandom, context: GeneratorContext, region: RegionCode, count: number, enterprises: EnterprisesByRegion): GeographicalIndicationDocument[] {
  const records = GI_CATALOGUE[region].slice(0, count).map((gi): GeographicalIndicationDocument => {
    const area = gi.area.map((code) => DIVISIONS.get(code)!);
    const areaRegions = ALL_REGION_CODES.filter((code) => area.some((division) => division.region === code));
    const approvedAt = atShanghaiTime(`${gi.approvedYear}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`, 10, 0);
    const producers = areaRegions.flatMap((code) => random.sample(enterprises[code], random.int(2, 5)).map((enterprise) => enterprise.doc._id));
    const suspended = random.chance(0.1);
    const suspendedAt = randomOfficeInstant(random, context.from, context.to);
    return {
      _id: '',
      region,
      productName: gi.productName,
      productClass: gi.productClass,
      approvalAnnouncement: `原国家质量监督检验检疫总局${gi.approvedYear}年第${random.int(10, 180)}号公告`,
      approvedAt,
      standard: gi.standard,
      protectionArea: area.map((division) => ({ code: division.code, name: divisionFullName(division), region: division.region })),
      protectionAreaCodes: area.map((division) => division.code),
      protectionAreaRegions: areaRegions,
      authorisedProducerCreditCodes: [...new Set(producers)],
      status: suspended ? 'SUSPENDED' : 'PROTECTED',
      statusHistory: suspended ? [{ status: 'SUSPENDED', reason: '年度核查发现专用标志使用管理不规范，暂停保护待整改', at: suspendedAt, agency: REGION_AUTHORITY_NAMES[region] }] : [],
      createdAt: approvedAt,
      updatedAt: suspended ? suspendedAt : approvedAt,
    };
  });
  return numberByDate(records, region, 'GEO', (gi) => gi.approvedAt, (gi, id) => {
    gi._id = id;
  });
}

/** Inspections by `region` of its producers authorised under any region's protected products. */
export function generateInspections(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  count: number,
  geographicalIndications: Readonly<Record<RegionCode, readonly GeographicalIndicationDocument[]>>,
  enterprises: EnterprisesByRegion,
): InspectionDocument[] {
  const ownProducers = new Map(enterprises[region].map((enterprise) => [enterprise.doc._id, enterprise]));
  const candidates = ALL_REGION_CODES.flatMap((code) => geographicalIndications[code]).flatMap((gi) =>
    gi.authorisedProducerCreditCodes.filter((code) => ownProducers.has(code)).map((producer) => ({ gi, producer })),
  );
  if (candidates.length === 0) return [];
  const records = Array.from({ length: count }, (): InspectionDocument => {
    const { gi, producer } = random.pick(candidates);
    const result = random.weighted<InspectionResult>([['CONFORMING', 80], ['RECTIFICATION_REQUIRED', 15], ['NONCONFORMING', 5]]);
    const inspectedAt = randomOfficeInstant(random, context.from, context.to);
    return {
      _id: '',
      region,
      geographicalIndicationId: gi._id,
      producerCreditCode: producer,
      inspectingAgency: districtAgencyName(region, ownProducers.get(producer)!.district),
      inspectedAt,
      result,
      findings: random.pick(INSPECTION_FINDINGS[result]),
      createdAt: inspectedAt,
      updatedAt: inspectedAt,
    };
  });
  return numberByDate(records, region, 'INS', (inspection) => inspection.inspectedAt, (inspection, id) => {
    inspection._id = id;
  });
}
