import type { ExportColumn } from '../../contract';
import { SHANGHAI_OFFSET_MS } from '../../kernel';
import type { ExportFormat } from './exportParameters';

/** What a failed export says in its last NDJSON line before the response is aborted. */
export interface ExportFailure {
  code: string;
  message: string;
  region?: string;
  /** Rows written before the failure. */
  rowsWritten: number;
  /** The last row's cursor: pass it as `after` to export the rest. */
  resumeAfter: string | null;
}

/** Turns an export's rows into bytes of one format. */
export interface ExportEncoder {
  contentType: string;
  extension: string;
  /** What precedes the rows (the CSV's byte-order mark and header line). */
  head(): string;
  row(node: Record<string, unknown>): string;
  /** The line a format can say a failure in (NDJSON), or null (CSV: the response is only cut). */
  failure(failure: ExportFailure): string | null;
}

/** Excel recognises UTF-8 (and so Chinese text) only with a byte-order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/** 2026-12-06 19:30:00: the instant's wall-clock time in Asia/Shanghai, as Excel reads a date-time. */
function shanghaiDateTime(value: unknown): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) return String(value);
  const wallClock = new Date(time + SHANGHAI_OFFSET_MS).toISOString();
  return `${wallClock.slice(0, 10)} ${wallClock.slice(11, 19)}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text Excel would run as a formula (=, +, -, @, tab, CR at its start) is kept as text with a leading apostrophe. */
function inertText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

type ValueFormatter = (value: unknown) => string;

/** How one labelled column writes a value (decided once per column, not per row). */
function labelledFormatter(column: ExportColumn): ValueFormatter {
  const { labels } = column;
  const item: ValueFormatter = labels
    ? (value) => labels[String(value)] ?? String(value)
    : column.kind === 'dateTime'
      ? shanghaiDateTime
      : column.kind === 'boolean'
        ? (value) => (value ? '是' : '否')
        : column.kind === 'number'
          ? String
          : (value) => inertText(String(value));
  const cell: ValueFormatter = (value) => (value === null || value === undefined ? '' : item(value));
  return (value) => (Array.isArray(value) ? value.map(cell).join('；') : cell(value));
}

function rawValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(rawValue).join(';');
  return String(value);
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

function fieldOf(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) return value.flatMap((item) => fieldOf(item, segment));
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
}

/** The value at a column's path; through a list of objects (`parties.name`) the list of each one's value. */
function valueReader(path: string): (node: Record<string, unknown>) => unknown {
  const segments = path.split('.');
  if (segments.length === 1) return (node) => node[path];
  return (node) => {
    let value: unknown = node;
    for (const segment of segments) value = fieldOf(value, segment);
    return value;
  };
}

function csvEncoder(columns: readonly ExportColumn[], raw: boolean): ExportEncoder {
  const cells = columns.map((column) => ({ read: valueReader(column.path), write: raw ? rawValue : labelledFormatter(column) }));
  const line = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    head: () => BYTE_ORDER_MARK + line(columns.map((column) => (raw ? column.path : column.header))),
    row: (node) => {
      let text = '';
      for (let index = 0; index < cells.length; index += 1) {
        const cell = cells[index]!;
        text += (index === 0 ? '' : ',') + csvField(cell.write(cell.read(node)));
      }
      return `${text}\r\n`;
    },
    failure: () => null,
  };
}

const ndjsonEncoder: ExportEncoder = {
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'ndjson',
  head: () => '',
  row: (node) => `${JSON.stringify(node)}\n`,
  failure: (failure) => `${JSON.stringify({ error: failure })}\n`,
};

/**
 * CSV (UTF-8 with a byte-order mark, CRLF lines): Chinese headers, enum labels and Shanghai date-times for Excel, or
 * with `raw` the field paths, enum codes and ISO instants; NDJSON: each row the node as the API returns it.
 */
export function exportEncoder(format: ExportFormat, columns: readonly ExportColumn[], raw: boolean): ExportEncoder {
  return format === 'ndjson' ? ndjsonEncoder : csvEncoder(columns, raw);
}
