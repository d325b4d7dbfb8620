/**
 * Summary statistics of benchmark samples: medians across repetitions and percentiles of
 * latency distributions. Pure.
 */

/** The median of `xs` (mean of the middle two for an even count); NaN for no samples. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The `p`-th percentile (0–100) by the nearest-rank method, as load-testing tools report
 * it: the smallest sample with at least p % of the samples at or below it. NaN for none.
 */
export function percentile(xs: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be within 0..100, got ${p}`);
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

/** p50, p99 and max of a latency distribution. */
export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** Summarises one distribution. */
export function summarize(xs: readonly number[]): LatencySummary {
  return {
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
    max: xs.length ? Math.max(...xs) : Number.NaN,
    count: xs.length,
  };
}

/**
 * The median of each numeric field over repetitions: `{a: 1, b: 5}`, `{a: 3, b: 4}`,
 * `{a: 2, b: 9}` → `{a: 2, b: 5}`. Fields missing in some repetitions use the ones present.
 */
export function medianOfRecords(reps: readonly Record<string, number>[]): Record<string, number> {
  const keys = new Set(reps.flatMap((r) => Object.keys(r)));
  const out: Record<string, number> = {};
  for (const k of keys) {
    out[k] = median(reps.map((r) => r[k]).filter((v): v is number => typeof v === 'number'));
  }
  return out;
}
