import { ALL_REGION_CODES, REGION_CHINESE_NAMES, regionNameOf } from '../kernel';

/** The shape of an export declaration (exports.ts, caseExports.ts, qualityExports.ts). */

/** How a column's value is written in the labelled CSV (the raw CSV and NDJSON carry the API's values). */
export type ExportValueKind = 'text' | 'number' | 'dateTime' | 'boolean' | 'list';

export interface ExportColumn {
  /**
   * The value's path in the list's node, e.g. `manufacturer.contact.phone`; also the raw CSV's header. A path through
   * a list of objects (`parties.name`) gives one value per element, written as a list.
   */
  path: string;
  /** The header an Excel user reads. */
  header: string;
  kind?: ExportValueKind;
  /** Chinese labels of an enum's values (a value without one is written as it is). */
  labels?: Readonly<Record<string, string>>;
}

export interface ExportDeclaration {
  /** The URL's last segment: /export/recalls. */
  name: string;
  /** The file's name stem for people (the download is `<title>-<date>.csv`). */
  title: string;
  /** The root query field (a keyset-paginated connection) whose pages the export reads. */
  listField: string;
  /** The entity the caller must be allowed to read (contract/access.ts). */
  entity: string;
  /** Values of the list's order-field enum an export may sort by (its default order is the list's). */
  sortKeys: readonly string[];
  columns: readonly ExportColumn[];
}

/** Region enum values (BEIJING…) with their Chinese names. */
export const REGION_LABELS: Readonly<Record<string, string>> = Object.fromEntries(ALL_REGION_CODES.map((code) => [regionNameOf(code), REGION_CHINESE_NAMES[code]]));
