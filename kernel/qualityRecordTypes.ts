/**
 * Record types of the quality infrastructure the three regions run together (issue 21): proficiency-testing rounds
 * (能力验证/比对), geographical indications (地理标志保护产品) and their inspections, joint licence reviews
 * (生产许可联合审查). Their IDs have the common shape `{region}-{type}-{yyyy}-{serial}` (ids.ts).
 */
export type QualityEntityName = 'InspectionComparison' | 'GeographicalIndication' | 'Inspection' | 'LicenceReview';

export const QUALITY_ENTITY_NAME_BY_TYPE_CODE = {
  PTC: 'InspectionComparison',
  GEO: 'GeographicalIndication',
  INS: 'Inspection',
  LIC: 'LicenceReview',
} as const satisfies Record<string, QualityEntityName>;

export const QUALITY_TYPE_CODE_BY_ENTITY_NAME = {
  InspectionComparison: 'PTC',
  GeographicalIndication: 'GEO',
  Inspection: 'INS',
  LicenceReview: 'LIC',
} as const satisfies Record<QualityEntityName, keyof typeof QUALITY_ENTITY_NAME_BY_TYPE_CODE>;

/** The number of a production licence issued after a joint review: `(津)XK26-000012`, from the review's ID parts. */
export function licenceNumberOf(abbreviation: string, year: number, serial: number): string {
  return `(${abbreviation})XK${String(year).slice(2)}-${String(serial).padStart(6, '0')}`;
}
