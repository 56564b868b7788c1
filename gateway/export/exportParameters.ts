import { coerceInputValue, getNamedType, getNullableType, isListType, type GraphQLInputField } from 'graphql';
import { cursorSortKey } from '../../kernel';
import type { ExportPlan } from './exportPlan';

/** A refusal of an export before its first byte: HTTP status and a GraphQL-shaped JSON error with a code. */
export class ExportRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { errors: Array<{ message: string; extensions: Record<string, unknown> }> } {
    return { errors: [{ message: this.message, extensions: { code: this.code, ...this.extensions } }] };
  }
}

export type ExportFormat = 'csv' | 'ndjson';

export interface ExportRequest {
  plan: ExportPlan;
  /** The list's filter and order, as the regions' list field takes them. */
  filter: Record<string, unknown> | null;
  orderBy: { field: string; direction: 'ASC' | 'DESC' };
  /** Resume after this cursor (the shared keyset format, e.g. an aborted export's last). */
  after: string | null;
  format: ExportFormat;
  /** CSV with field names, enum codes and ISO instants instead of Chinese headers, labels and Shanghai times. */
  raw: boolean;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parameters that are not filter fields. */
const RESERVED = new Set(['format', 'raw', 'orderBy', 'direction', 'after']);

const badInput = (field: string, message: string, extra: Record<string, unknown> = {}) => new ExportRefusal(400, 'BAD_USER_INPUT', message, { field, ...extra });

/** One query-parameter text as the input type's scalar wants it (lists are split by the caller). */
function scalarOf(text: string, typeName: string, field: string): unknown {
  switch (typeName) {
    case 'Boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw badInput(field, `${field} must be true or false (got "${text}")`);
    case 'Int':
    case 'Float': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number)) throw badInput(field, `${field} must be a number (got "${text}")`);
      return number;
    }
    case 'DateTime':
      // An unencoded "+08:00" in a URL arrives as " 08:00".
      text = text.replace(/ (\d{2}:\d{2})$/, '+$1');
      if (!DATE_TIME.test(text) || Number.isNaN(Date.parse(text))) throw badInput(field, `${field} must be an ISO date-time with its offset, e.g. 2026-01-01T00:00:00+08:00 (got "${text}")`);
      return text;
    default:
      return text;
  }
}

/** A filter field from its parameter(s): lists as comma-separated values or repeated parameters, coerced by the schema. */
function filterValue(inputField: GraphQLInputField, texts: string[]): unknown {
  const field = `filter.${inputField.name}`;
  const named = getNamedType(inputField.type).name;
  let raw: unknown;
  if (isListType(getNullableType(inputField.type))) {
    raw = texts.flatMap((text) => text.split(',')).map((text) => text.trim()).filter((text) => text.length > 0).map((text) => scalarOf(text, named, field));
  } else {
    if (texts.length > 1) throw badInput(field, `${inputField.name} is given ${texts.length} times; give it once`);
    raw = scalarOf(texts[0]!, named, field);
  }
  const problems: string[] = [];
  const value = coerceInputValue(raw, inputField.type, (_path, _invalid, error) => problems.push(error.message));
  if (problems.length > 0) throw badInput(field, `${inputField.name}: ${problems.join('; ')}`);
  return value;
}

function formatOf(search: URLSearchParams, accept: string | undefined): ExportFormat {
  const format = search.get('format');
  if (format !== null) {
    if (format === 'csv' || format === 'ndjson') return format;
    throw badInput('format', `format must be csv or ndjson (got "${format}")`);
  }
  const accepted = (accept ?? '').toLowerCase();
  if (accepted.includes('application/x-ndjson') || accepted.includes('application/ndjson')) return 'ndjson';
  return 'csv';
}

/**
 * Reads an export's query parameters: the list's filter fields (as its filter input in the schema types them),
 * `orderBy` (one of the declared sort keys) and `direction`, `after`, `format` (or the Accept header) and `raw`.
 * Anything else, or a value the schema does not accept, is refused with 400 BAD_USER_INPUT naming the parameter.
 */
export function parseExportRequest(plan: ExportPlan, search: URLSearchParams, accept: string | undefined): ExportRequest {
  const filterFields = plan.filterType.getFields();
  const filter: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    if (RESERVED.has(name)) continue;
    const inputField = filterFields[name];
    if (!inputField) {
      throw badInput(name, `unknown parameter "${name}"; filters of ${plan.declaration.name}: ${Object.keys(filterFields).join(', ')}; also orderBy, direction, after, format, raw`);
    }
    filter[name] = filterValue(inputField, search.getAll(name));
  }
  const orderField = search.get('orderBy') ?? plan.defaultOrder.field;
  if (!plan.declaration.sortKeys.includes(orderField)) {
    throw badInput('orderBy', `orderBy must be one of ${plan.declaration.sortKeys.join(', ')} (got "${orderField}")`);
  }
  const direction = (search.get('direction') ?? plan.defaultOrder.direction).toUpperCase();
  if (direction !== 'ASC' && direction !== 'DESC') throw badInput('direction', `direction must be ASC or DESC (got "${search.get('direction')}")`);
  const after = search.get('after');
  if (after !== null) {
    try {
      cursorSortKey(after);
    } catch (error) {
      throw badInput('after', (error as Error).message);
    }
  }
  const raw = search.get('raw');
  if (raw !== null && raw !== 'true' && raw !== 'false') throw badInput('raw', `raw must be true or false (got "${raw}")`);
  return {
    plan,
    filter: Object.keys(filter).length > 0 ? filter : null,
    orderBy: { field: orderField, direction },
    after,
    format: formatOf(search, accept),
    raw: raw === 'true',
  };
}
