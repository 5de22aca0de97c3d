/**
 * 95 % confidence intervals from a few replications: mean ± t(0.975, n−1) · s / √n (Student's t,
 * s the sample standard deviation). Used for the mean of a metric over replications (sweep,
 * capacity) and for the mean of paired differences between two alternatives run on the same
 * seeds (check's policy comparison, compare's designs): pairing removes the variation both runs
 * share, which is what common random numbers buy.
 *
 * Worked example: replications 10, 12, 14 → mean 12, s = 2, t(0.975, 2) = 4.3027,
 * half-width 4.3027 · 2 / √3 = 4.968 → [7.032, 16.968].
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { t975 } from './student-t.js';

export interface Interval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator). */
  sd: number;
  halfWidth: number;
  low: number;
  high: number;
}

/** Mean and 95 % interval of at least two values. */
export function interval95(xs: readonly number[]): Interval {
  const n = xs.length;
  if (n < 2) throw new Error('a confidence interval needs at least 2 replications');
  const m = mean(xs as number[]);
  const sd = sampleStandardDeviation(xs as number[]);
  const halfWidth = (t975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, halfWidth, low: m - halfWidth, high: m + halfWidth };
}

export interface MeanCi {
  n: number;
  mean: number | null;
  /** Bounds of the 95 % confidence interval; null with fewer than 2 values. */
  low: number | null;
  high: number | null;
}

/** Mean and 95 % t confidence interval of the values that are not null. */
export function meanCi95(values: readonly (number | null)[]): MeanCi {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return { n: 0, mean: null, low: null, high: null };
  if (xs.length < 2) return { n: 1, mean: mean(xs), low: null, high: null };
  const { n, mean: m, low, high } = interval95(xs);
  return { n, mean: m, low, high };
}

/**
 * `other[r] − base[r]` for each replication r where both were measured (a metric can be missing
 * in one run, e.g. the latency of a population with no success).
 */
export function pairedDifferences(base: readonly (number | null)[], other: readonly (number | null)[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < Math.min(base.length, other.length); r++) {
    const a = base[r];
    const b = other[r];
    if (a !== null && b !== null) out.push(b - a);
  }
  return out;
}

/** Mean of paired differences with its 95 % interval (n − 1 degrees of freedom). */
export function pairedInterval(diffs: readonly number[]): Interval {
  return interval95(diffs);
}
