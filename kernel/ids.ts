import { KernelValidationError } from './errors';
import { isRegionCode, type RegionCode } from './regions';
import { QUALITY_ENTITY_NAME_BY_TYPE_CODE, QUALITY_TYPE_CODE_BY_ENTITY_NAME, type QualityEntityName } from './qualityRecordTypes';

export const RECORD_TYPE_CODES = ['RSK', 'RCL', 'CTP', 'CMP', 'PTC', 'GEO', 'INS', 'LIC', 'ENF', 'AST'] as const;
export type RecordTypeCode = (typeof RECORD_TYPE_CODES)[number];

/** GraphQL entity names of the ID-keyed types (enterprises are keyed by credit code instead). */
export type RecordEntityName = 'RiskAlert' | 'ProductRecall' | 'ContractTemplate' | 'ConsumerComplaint' | QualityEntityName | 'EnforcementCase' | 'AssistanceRequest';

export const ENTITY_NAME_BY_TYPE_CODE: Readonly<Record<RecordTypeCode, RecordEntityName>> = {
  RSK: 'RiskAlert',
  RCL: 'ProductRecall',
  CTP: 'ContractTemplate',
  CMP: 'ConsumerComplaint',
  ...QUALITY_ENTITY_NAME_BY_TYPE_CODE,
  ENF: 'EnforcementCase',
  AST: 'AssistanceRequest',
};

export const TYPE_CODE_BY_ENTITY_NAME: Readonly<Record<RecordEntityName, RecordTypeCode>> = {
  RiskAlert: 'RSK',
  ProductRecall: 'RCL',
  ContractTemplate: 'CTP',
  ConsumerComplaint: 'CMP',
  ...QUALITY_TYPE_CODE_BY_ENTITY_NAME,
  EnforcementCase: 'ENF',
  AssistanceRequest: 'AST',
};

export const MIN_RECORD_YEAR = 1949;
export const MAX_RECORD_YEAR = 2999;
export const MAX_RECORD_SERIAL = 999_999;

export interface RecordIdParts {
  region: RegionCode;
  type: RecordTypeCode;
  year: number;
  serial: number;
}

const RECORD_ID_PATTERN = new RegExp(`^(BJ|TJ|HE)-(${RECORD_TYPE_CODES.join('|')})-(\\d{4})-(\\d{6})$`);

export function isRecordTypeCode(value: unknown): value is RecordTypeCode {
  return typeof value === 'string' && (RECORD_TYPE_CODES as readonly string[]).includes(value);
}

export function entityNameOfTypeCode(type: RecordTypeCode): RecordEntityName {
  return ENTITY_NAME_BY_TYPE_CODE[type];
}

export function typeCodeOfEntityName(entity: RecordEntityName): RecordTypeCode {
  return TYPE_CODE_BY_ENTITY_NAME[entity];
}

/** Formats e.g. `TJ-RCL-2024-000123`; throws KernelValidationError on parts out of range. */
export function formatRecordId(parts: RecordIdParts): string {
  const { region, type, year, serial } = parts;
  if (!isRegionCode(region)) throw new KernelValidationError('region', `Unknown region code "${String(region)}".`);
  if (!isRecordTypeCode(type)) throw new KernelValidationError('type', `Unknown record type code "${String(type)}".`);
  if (!Number.isInteger(year) || year < MIN_RECORD_YEAR || year > MAX_RECORD_YEAR) {
    throw new KernelValidationError('year', `Record year must be an integer from ${MIN_RECORD_YEAR} to ${MAX_RECORD_YEAR}, got ${year}.`);
  }
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_RECORD_SERIAL) {
    throw new KernelValidationError('serial', `Record serial must be an integer from 1 to ${MAX_RECORD_SERIAL}, got ${serial}.`);
  }
  return `${region}-${type}-${year}-${String(serial).padStart(6, '0')}`;
}

/** Parses a record ID; null when it is not one (wrong shape, year out of range, serial 000000). */
export function parseRecordId(id: string): RecordIdParts | null {
  if (typeof id !== 'string') return null;
  const match = RECORD_ID_PATTERN.exec(id);
  if (!match) return null;
  const year = Number(match[3]);
  const serial = Number(match[4]);
  if (year < MIN_RECORD_YEAR || year > MAX_RECORD_YEAR || serial < 1) return null;
  return { region: match[1] as RegionCode, type: match[2] as RecordTypeCode, year, serial };
}

/** True when `id` is a record ID, and of `type` when given. */
export function isRecordId(id: unknown, type?: RecordTypeCode): id is string {
  if (typeof id !== 'string') return false;
  const parts = parseRecordId(id);
  return parts !== null && (type === undefined || parts.type === type);
}

const ENTRY_SUFFIX = /-N([1-9]\d{0,3})$/;

/** An entry kept inside a record and listed on its own (an examiner notice of a licence review): `TJ-LIC-2026-000003-N1`. */
export function isRecordEntryId(id: unknown): id is string {
  if (typeof id !== 'string') return false;
  const suffix = ENTRY_SUFFIX.exec(id);
  return suffix !== null && isRecordId(id.slice(0, suffix.index));
}

export function regionOfRecordId(id: string): RegionCode | null {
  return parseRecordId(id)?.region ?? null;
}

/** Like parseRecordId, but throws a KernelValidationError naming `field` (and the expected type). */
export function requireRecordId(id: string, field: string, type?: RecordTypeCode): RecordIdParts {
  const parts = parseRecordId(id);
  if (!parts) {
    throw new KernelValidationError(field, `"${id}" is not a record ID of the form {region}-{type}-{yyyy}-{serial}, e.g. TJ-RCL-2024-000123.`);
  }
  if (type !== undefined && parts.type !== type) {
    throw new KernelValidationError(field, `"${id}" is a ${ENTITY_NAME_BY_TYPE_CODE[parts.type]} ID; expected a ${ENTITY_NAME_BY_TYPE_CODE[type]} ID (${type}).`);
  }
  return parts;
}
