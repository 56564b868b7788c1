import { ALL_REGION_CODES, DEFAULT_WORKING_DAY_CALENDAR, type RegionCode, type WorkingDayCalendar } from '../kernel';
import type {
  ConsumerComplaintDocument,
  ContractTemplateDocument,
  AssistanceRequestDocument,
  EnforcementCaseDocument,
  EnterpriseDocument,
  ProductRecallDocument,
  RiskAlertDocument,
  InspectionComparisonDocument,
  GeographicalIndicationDocument,
  InspectionDocument,
  LicenceReviewDocument,
} from '../services/regional/model';
import { generateComplaints } from './generators/complaints';
import type { EnterprisesByRegion, GeneratorContext } from './generators/context';
import { generateContractTemplates } from './generators/contractTemplates';
import { generateEnterprises } from './generators/enterprises';
import { generateEnforcementData } from './generators/enforcement';
import { generateRecalls, type RiskAlertsByRegion } from './generators/recalls';
import { generateRiskAlerts } from './generators/riskAlerts';
import { generateInspectionComparisons } from './generators/inspectionComparisons';
import { generateGeographicalIndications, generateInspections } from './generators/geographicalIndications';
import { generateLicenceReviews } from './generators/licenceReviews';
import { pinnedNow } from '../platform/clock';
import { SeededRandom } from './random';

/** One region's documents, keyed by collection name. */
export interface RegionSeedData {
  riskAlerts: RiskAlertDocument[];
  recalls: ProductRecallDocument[];
  contractTemplates: ContractTemplateDocument[];
  complaints: ConsumerComplaintDocument[];
  enterprises: EnterpriseDocument[];
  inspectionComparisons: InspectionComparisonDocument[];
  geographicalIndications: GeographicalIndicationDocument[];
  inspections: InspectionDocument[];
  enforcementCases: EnforcementCaseDocument[];
  assistanceRequests: AssistanceRequestDocument[];
  licenceReviews: LicenceReviewDocument[];
}

export type SeedEntity = keyof RegionSeedData;
export const SEED_ENTITIES: readonly SeedEntity[] = ['enterprises', 'riskAlerts', 'recalls', 'contractTemplates', 'complaints', 'inspectionComparisons', 'geographicalIndications', 'inspections', 'enforcementCases', 'assistanceRequests', 'licenceReviews'];

export type SeedCounts = Record<SeedEntity, number>;
export type SeedData = Record<RegionCode, RegionSeedData>;

export const DEFAULT_SEED_COUNTS: Readonly<SeedCounts> = {
  riskAlerts: 300,
  recalls: 400,
  contractTemplates: 60,
  complaints: 400,
  enterprises: 200,
  inspectionComparisons: 24,
  /** At most the region's catalogue of real products (seeds/vocabulary/geographicalIndications.ts). */
  geographicalIndications: 6,
  inspections: 40,
  /** Cases filed by each region (a clue another region transferred and this one accepted is one of them). */
  enforcementCases: 60,
  /** Assistance requests each region sends. */
  assistanceRequests: 30,
  licenceReviews: 30,
};

export interface SeedOptions {
  seed: number;
  /** Per region, for every region. */
  counts: SeedCounts;
  /** Overrides for single regions, e.g. `{ TJ: { recalls: 100_000 } }` for a benchmark. */
  countsByRegion: Partial<Record<RegionCode, Partial<SeedCounts>>>;
  /** Records are dated in [from, to). */
  from: Date;
  to: Date;
  /** The data's "now": statuses reflect what had happened by then (>= to). */
  asOf: Date;
  calendar: WorkingDayCalendar;
}

export interface SeedOptionsInput extends Partial<Omit<SeedOptions, 'counts'>> {
  counts?: Partial<SeedCounts>;
}

export const DEFAULT_SEED_OPTIONS: Readonly<SeedOptions> = {
  seed: 20180427,
  counts: DEFAULT_SEED_COUNTS,
  countsByRegion: {},
  from: new Date('2022-01-01T00:00:00.000Z'),
  to: new Date('2026-11-01T00:00:00.000Z'),
  asOf: new Date('2026-11-20T00:00:00.000Z'),
  calendar: DEFAULT_WORKING_DAY_CALENDAR,
};

/**
 * The data's dates as of the one clock: when `JJJ_NOW` pins it, that instant is the data's `asOf` and the records' range
 * ends and spans as the defaults' do relative to it (the default instant gives the default dates). Unpinned, the
 * fixed default dates, so that the data is the same whatever day it is generated (tests compare it with what was
 * loaded, possibly by another process).
 */
export function seedDatesAsOfClock(pinned: Date | null = pinnedNow()): Pick<SeedOptions, 'from' | 'to' | 'asOf'> {
  const { from, to, asOf } = DEFAULT_SEED_OPTIONS;
  if (!pinned) return { from, to, asOf };
  const end = pinned.getTime() - (asOf.getTime() - to.getTime());
  return { from: new Date(end - (to.getTime() - from.getTime())), to: new Date(end), asOf: pinned };
}

export function resolveSeedOptions(input: SeedOptionsInput = {}): SeedOptions {
  const options: SeedOptions = {
    ...DEFAULT_SEED_OPTIONS,
    ...seedDatesAsOfClock(),
    ...input,
    counts: { ...DEFAULT_SEED_COUNTS, ...input.counts },
    countsByRegion: input.countsByRegion ?? {},
  };
  if (!(options.from.getTime() < options.to.getTime() && options.to.getTime() <= options.asOf.getTime())) {
    throw new Error('Seed options need from < to <= asOf.');
  }
  for (const region of ALL_REGION_CODES) {
    for (const entity of SEED_ENTITIES) {
      const count = countFor(options, region, entity);
      if (!Number.isInteger(count) || count < 0) throw new Error(`Seed count ${region} ${entity} must be a non-negative integer, got ${count}.`);
    }
    if (countFor(options, region, 'enterprises') === 0 && SEED_ENTITIES.some((e) => e !== 'enterprises' && countFor(options, region, e) > 0)) {
      throw new Error(`Region ${region} needs enterprises to attach its records to.`);
    }
  }
  return options;
}

export function countFor(options: SeedOptions, region: RegionCode, entity: SeedEntity): number {
  return options.countsByRegion[region]?.[entity] ?? options.counts[entity];
}

function byRegion<T>(make: (region: RegionCode) => T): Record<RegionCode, T> {
  return Object.fromEntries(ALL_REGION_CODES.map((region) => [region, make(region)])) as Record<RegionCode, T>;
}

/**
 * Realistic, deterministic data for all three regions: the same options always give the same
 * documents. Regions are generated together because their records point at each other
 * (recalls following other regions' alerts, complaints about other regions' businesses).
 */
export function generateSeedData(input: SeedOptionsInput = {}): SeedData {
  const options = resolveSeedOptions(input);
  const context: GeneratorContext = { seed: options.seed, from: options.from, to: options.to, asOf: options.asOf, calendar: options.calendar };
  const random = (region: RegionCode, entity: SeedEntity): SeededRandom => SeededRandom.derive(options.seed, region, entity);

  const enterpriseSeeds: EnterprisesByRegion = byRegion((region) =>
    generateEnterprises(random(region, 'enterprises'), context, region, countFor(options, region, 'enterprises')),
  );
  const alertSeeds: RiskAlertsByRegion = byRegion((region) =>
    generateRiskAlerts(random(region, 'riskAlerts'), context, region, countFor(options, region, 'riskAlerts'), enterpriseSeeds),
  );
  const recalls = byRegion((region) =>
    generateRecalls(random(region, 'recalls'), context, region, countFor(options, region, 'recalls'), enterpriseSeeds, alertSeeds),
  );
  const contractTemplates = generateContractTemplates(
    (region) => random(region, 'contractTemplates'),
    context,
    byRegion((region) => countFor(options, region, 'contractTemplates')),
  );
  const complaints = byRegion((region) =>
    generateComplaints(random(region, 'complaints'), context, region, countFor(options, region, 'complaints'), enterpriseSeeds),
  );

  const geographicalIndications = byRegion((region) =>
    generateGeographicalIndications(random(region, 'geographicalIndications'), context, region, countFor(options, region, 'geographicalIndications'), enterpriseSeeds),
  );
  const inspections = byRegion((region) =>
    generateInspections(random(region, 'inspections'), context, region, countFor(options, region, 'inspections'), geographicalIndications, enterpriseSeeds),
  );
  const enforcement = generateEnforcementData((region, label) => SeededRandom.derive(options.seed, region, label), context, enterpriseSeeds, (region) => ({
    enforcementCases: countFor(options, region, 'enforcementCases'),
    assistanceRequests: countFor(options, region, 'assistanceRequests'),
  }));

  return byRegion((region) => ({
    ...enforcement[region],
    enterprises: enterpriseSeeds[region].map((e) => e.doc),
    riskAlerts: alertSeeds[region].map((a) => {
      a.doc.relatedRecallIds.sort();
      return a.doc;
    }),
    recalls: recalls[region],
    contractTemplates: contractTemplates[region],
    complaints: complaints[region],
    geographicalIndications: geographicalIndications[region],
    inspections: inspections[region],
    licenceReviews: generateLicenceReviews(random(region, 'licenceReviews'), context, region, countFor(options, region, 'licenceReviews'), enterpriseSeeds),
    inspectionComparisons: generateInspectionComparisons(random(region, 'inspectionComparisons'), context, region, countFor(options, region, 'inspectionComparisons')),
  }));
}
