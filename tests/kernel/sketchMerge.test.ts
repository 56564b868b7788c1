/**
 * The DDSketch of contract/sketch.ts, merged across regions as the gateway merges it: random amounts (fen) split over
 * three "regions", each sketched alone, the sketches added; every quantile of the merged sketch is within the stated
 * relative error (1 %, `SKETCH_RELATIVE_ACCURACY` 0.5 % per bucket) of the exact nearest-rank quantile of all the
 * amounts, and the merge equals one sketch over all of them. Fixed seed (printed by fast-check on failure).
 */
import fc from 'fast-check';
import { addSketch, sketchBucket, sketchQuantile, SKETCH_RELATIVE_ACCURACY, type Sketch } from '../../contract/sketch';

const SEED = 18_2026;
/** The bound the schema states for amount percentiles ("within 1 %"). */
const STATED_RELATIVE_ERROR = 0.01;
const QUANTILES = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1];

function sketchOf(values: readonly number[]): Sketch {
  const sketch: Sketch = {};
  for (const value of values) {
    const bucket = sketchBucket(value);
    sketch[bucket] = (sketch[bucket] ?? 0) + 1;
  }
  return sketch;
}

/** Nearest rank, as the statistics define percentiles: the value of rank ⌈q·n⌉ (at least 1) in ascending order. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

/** Amounts in fen from 1 fen to ten million yuan, log-spread, with zeros and repeated values. */
const amount = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0, max: 9, noNaN: true }).map((exponent) => Math.max(1, Math.round(10 ** exponent))) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 100, 12_345, 1_000_000_00) },
);
const regions = fc.tuple(fc.array(amount, { maxLength: 300 }), fc.array(amount, { maxLength: 300 }), fc.array(amount, { maxLength: 300 }));

describe('DDSketch merged across three regions', () => {
  it('states 1 % and buckets at 0.5 %', () => {
    expect(2 * SKETCH_RELATIVE_ACCURACY).toBeLessThanOrEqual(STATED_RELATIVE_ERROR);
  });

  it('every quantile of the merged sketch is within 1 % of the exact quantile of all amounts', () => {
    fc.assert(
      fc.property(regions, (parts) => {
        const merged = parts.map(sketchOf).reduce((into, sketch) => addSketch(into, sketch), {} as Sketch);
        const all = parts.flat().sort((a, b) => a - b);
        // The merge is exact: it is the sketch of all the amounts.
        expect(merged).toEqual(sketchOf(all));
        if (all.length === 0) {
          expect(sketchQuantile(merged, 0.5)).toBeNull();
          return;
        }
        for (const q of QUANTILES) {
          const exact = exactQuantile(all, q);
          const estimate = sketchQuantile(merged, q)!;
          // Amounts are whole fen, as the Money measures round them.
          const served = Math.round(estimate);
          if (exact === 0) expect(served).toBe(0);
          else expect(Math.abs(served - exact) / exact).toBeLessThanOrEqual(STATED_RELATIVE_ERROR);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
