import type { Db } from 'mongodb';
import { computeCreditCodeCheckChar, regionNameOf, REGION_DIVISION_PREFIXES, type RegionCode } from '../kernel';
import { SeededRandom } from './random';

/**
 * Bulk recalls for export tests and benchmarks (not part of the seed data): generated documents written straight into a
 * region's database with the driver's insertMany.
 */
const EXTRA_SERIAL_BASE = 500_000;

/**
 * Writes `count` generated recalls into a region's database (the driver's insertMany, in batches): valid documents
 * as a region stores them, with IDs and recall numbers far above the seed's, announced on a few hundred instants
 * shared across regions (so the merge breaks many ties by ID). Deterministic for a region and count.
 */
export async function insertGeneratedRecalls(db: Db, region: RegionCode, count: number, onBatch?: (inserted: number) => void): Promise<void> {
  const random = new SeededRandom(0x5eed + region.charCodeAt(0) * 31 + region.charCodeAt(1));
  const abbreviation = { BJ: '京', TJ: '津', HE: '冀' }[region];
  const base = Date.UTC(2025, 0, 1);
  const batch: Record<string, unknown>[] = [];
  const makerCode = `91${REGION_DIVISION_PREFIXES[region]}0000MA0000000`;
  const creditCode = `${makerCode}${computeCreditCodeCheckChar(makerCode)}`;
  const collection = db.collection('recalls');
  for (let index = 0; index < count; index += 1) {
    const serial = EXTRA_SERIAL_BASE + index;
    const announcedAt = new Date(base + random.int(0, 600) * 3_600_000 * 12);
    const year = announcedAt.getUTCFullYear();
    const quantityMade = random.int(100, 100_000);
    batch.push({
      _id: `${region}-RCL-${year}-${String(serial).padStart(6, '0')}`,
      region,
      recallNumber: `${abbreviation}召字〔${year}〕第${serial}号`,
      productName: `导出测试产品 ${regionNameOf(region)} ${index}, "带引号"`,
      brand: `品牌${index % 97}`,
      models: [`M-${index}`, `M-${index}-B`],
      batches: [],
      manufacturer: { creditCode, name: `导出测试制造有限公司${index % 13}`, contact: { person: '张经理', phone: '13800001234' } },
      productionStart: new Date(announcedAt.getTime() - 200 * 86_400_000),
      productionEnd: new Date(announcedAt.getTime() - 100 * 86_400_000),
      quantityMade,
      quantityToRecall: random.int(1, quantityMade),
      salesAreas: ['全国'],
      defect: index % 50 === 0 ? '=HYPERLINK("http://example.com")\n第二行' : '电池过热',
      hazard: '可能引起火灾',
      remedy: 'REPLACE',
      productCategory: 'ELECTRIC_BICYCLE',
      announcedAt,
      status: 'ANNOUNCED',
      riskAlertIds: [],
      createdAt: announcedAt,
      updatedAt: announcedAt,
    });
    if (batch.length === 2000 || index === count - 1) {
      await collection.insertMany(batch.splice(0), { ordered: false });
      onBatch?.(index + 1);
    }
  }
}

