import { formatRecordId } from '../kernel';
import { formatRecallNumber } from '../kernel/formats';

/** Synthetic Tianjin recalls shaped like the seeded one they copy, with IDs and numbers no seed uses. */
export function syntheticRecalls(template: Record<string, unknown>, from: number, count: number, categories: readonly string[]): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, offset) => syntheticRecall(template, from + offset, categories));
}

/** The `n`th synthetic Tianjin recall (the same `n` always gives the same record). */
export function syntheticRecall(template: Record<string, unknown>, n: number, categories: readonly string[]): Record<string, unknown> {
  const year = 2017 + (n % 10);
  const serial = 100_000 + Math.floor(n / 10);
  return {
    ...template,
    _id: formatRecordId({ region: 'TJ', type: 'RCL', year, serial }),
    recallNumber: formatRecallNumber({ region: 'TJ', year, serial }),
    productCategory: categories[n % categories.length],
    announcedAt: new Date(Date.UTC(year, n % 12, 1 + (n % 28), n % 24)),
    riskAlertIds: [],
  };
}
