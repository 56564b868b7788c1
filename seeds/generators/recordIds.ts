import { formatRecordId, shanghaiYear, type RecordTypeCode, type RegionCode } from '../../kernel';

/**
 * Sorts records by date (stable for equal dates) and numbers them per Shanghai year, so that
 * serials grow with time as a registry's would. Returns the sorted list; `assign` stores the ID.
 */
export function numberByDate<T>(
  records: T[],
  region: RegionCode,
  type: RecordTypeCode,
  dateOf: (record: T) => Date,
  assign: (record: T, id: string, year: number, serial: number) => void,
): T[] {
  const sorted = records
    .map((record, index) => ({ record, index, time: dateOf(record).getTime() }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((entry) => entry.record);
  const serialByYear = new Map<number, number>();
  for (const record of sorted) {
    const year = shanghaiYear(dateOf(record));
    const serial = (serialByYear.get(year) ?? 0) + 1;
    serialByYear.set(year, serial);
    assign(record, formatRecordId({ region, type, year, serial }), year, serial);
  }
  return sorted;
}
