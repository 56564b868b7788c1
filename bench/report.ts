/** Shared helpers for benchmarks: timing, percentiles and the PASS/FAIL lines they print. */
export interface TargetResult {
  name: string;
  value: number;
  unit: string;
  target: number;
  comparison: '<=' | '>=';
  passed: boolean;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

export function checkTarget(name: string, value: number, unit: string, comparison: '<=' | '>=', target: number): TargetResult {
  const passed = comparison === '<=' ? value <= target : value >= target;
  const result = { name, value, unit, target, comparison, passed };
  console.log(`${passed ? 'PASS' : 'FAIL'}  ${name}: ${format(value)} ${unit} (target ${comparison} ${format(target)} ${unit})`);
  return result;
}

export function info(name: string, value: number, unit: string): void {
  console.log(`INFO  ${name}: ${format(value)} ${unit}`);
}

export function progress(message: string): void {
  process.stderr.write(`… ${message}\n`);
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
}
