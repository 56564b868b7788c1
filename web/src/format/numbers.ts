const countFormat = new Intl.NumberFormat('zh-CN');

/** e.g. 12,000 */
export function formatCount(value: number): string {
  return countFormat.format(value);
}
