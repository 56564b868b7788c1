import { isRegionCode, type RegionCode } from './regions';

/**
 * Joint contract-template codes (京津冀合同示范文本编号), assigned by the drafting region, never chosen by a caller:
 * `JJJ-{region}-HT-{version year}-{serial}`, e.g. `JJJ-TJ-HT-2026-003`. Like the national `GF-2014-2603`, the serial
 * names the text's lineage and stays across versions while the year changes; the region prefix makes codes unique
 * across the three regions by construction (each region numbers only its own lineages), and tells the gateway which
 * region owns a code. `JJJ-TJ-HT-003` (no year) names the lineage itself.
 */
export interface TemplateCodeParts {
  region: RegionCode;
  serial: number;
  /** The version year; null for a lineage code. */
  version: number | null;
}

export const MAX_TEMPLATE_SERIAL = 999_999;
const TEMPLATE_CODE = /^JJJ-([A-Z]{2})-HT-(?:(\d{4})-)?(\d{3,6})$/;

function serialText(serial: number): string {
  return String(serial).padStart(3, '0');
}

export function formatTemplateCode(region: RegionCode, serial: number, version: number): string {
  return `JJJ-${region}-HT-${version}-${serialText(serial)}`;
}

export function formatTemplateLineage(region: RegionCode, serial: number): string {
  return `JJJ-${region}-HT-${serialText(serial)}`;
}

/** A version's or a lineage's code, or null when the value is neither. */
export function parseTemplateCode(value: unknown): TemplateCodeParts | null {
  if (typeof value !== 'string') return null;
  const match = TEMPLATE_CODE.exec(value.trim());
  if (!match || !isRegionCode(match[1])) return null;
  const serial = Number(match[3]);
  if (serial < 1 || (match[3]!.length > 3 && match[3]!.startsWith('0'))) return null;
  return { region: match[1], serial, version: match[2] ? Number(match[2]) : null };
}

/** The lineage code of a version's or lineage's code, or null. */
export function templateLineageOf(value: unknown): string | null {
  const parts = parseTemplateCode(value);
  return parts ? formatTemplateLineage(parts.region, parts.serial) : null;
}

export function regionOfTemplateCode(value: unknown): RegionCode | null {
  return parseTemplateCode(value)?.region ?? null;
}
