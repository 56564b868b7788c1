/**
 * A DDSketch (Masson, Rim, Lee: "DDSketch: a fast and fully-mergeable quantile sketch with relative-error
 * guarantees", VLDB 2019) for non-negative amounts: a value x > 0 falls in bucket i = ⌈log_γ x⌉, γ = (1 + α)/(1 − α),
 * and every value of bucket i is within relative error α of the bucket's representative 2γ^i/(γ + 1). Two sketches
 * merge exactly by adding their bucket counts, so regions can each sketch their own records and the gateway adds
 * them up: the merged quantiles are those of one sketch over all records.
 *
 * Why this and not a library: the only quantile library installed is `tdigest` 0.1.3, a dependency of prom-client,
 * untyped, and a t-digest bounds the error in rank, not in value; DDSketch bounds the relative error of the value,
 * which is what "within 1 %" asks, and is a few lines. Regions compute the bucket index in the database
 * (`sketchBucketExpression`), so no value leaves the database.
 */

/** α: the representative of a bucket is within 0.5 % of every value in it; rounding to a whole unit stays within 1 %. */
export const SKETCH_RELATIVE_ACCURACY = 0.005;
export const SKETCH_GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LN_GAMMA = Math.log(SKETCH_GAMMA);

/** The bucket that holds zero (and anything not above zero). */
export const ZERO_BUCKET = 'z';

/** Bucket counts: the bucket index (as text) or ZERO_BUCKET → how many values. */
export type Sketch = Record<string, number>;

export function sketchBucket(value: number): string {
  return value > 0 ? String(Math.ceil(Math.log(value) / LN_GAMMA)) : ZERO_BUCKET;
}

/** The same bucket index as an aggregation expression over a numeric field (ZERO_BUCKET for values ≤ 0). */
export function sketchBucketExpression(path: string): unknown {
  return { $cond: [{ $gt: [`$${path}`, 0] }, { $toString: { $ceil: { $divide: [{ $ln: `$${path}` }, LN_GAMMA] } } }, ZERO_BUCKET] };
}

export function bucketValue(bucket: string): number {
  if (bucket === ZERO_BUCKET) return 0;
  const index = Number(bucket);
  return (2 * SKETCH_GAMMA ** index) / (SKETCH_GAMMA + 1);
}

export function addSketch(into: Sketch, other: Sketch): Sketch {
  for (const [bucket, count] of Object.entries(other)) into[bucket] = (into[bucket] ?? 0) + count;
  return into;
}

function bucketOrder(left: string, right: string): number {
  if (left === right) return 0;
  if (left === ZERO_BUCKET) return -1;
  if (right === ZERO_BUCKET) return 1;
  return Number(left) - Number(right);
}

/**
 * The value of rank ⌈q·n⌉ (nearest rank, 1-based) as the sketch knows it: within α of the true value of that rank.
 * Null for an empty sketch.
 */
export function sketchQuantile(sketch: Sketch, q: number): number | null {
  const buckets = Object.keys(sketch).sort(bucketOrder);
  const n = buckets.reduce((total, bucket) => total + sketch[bucket]!, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const bucket of buckets) {
    seen += sketch[bucket]!;
    if (seen >= rank) return bucketValue(bucket);
  }
  return bucketValue(buckets[buckets.length - 1]!);
}
