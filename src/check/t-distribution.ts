/**
 * Two-sided 95 % quantiles of Student's t distribution, t(0.975, df), for the confidence
 * interval of a mean of paired differences. Values from the standard table (e.g. NIST/SEMATECH
 * e-Handbook, table 1.3.6.7.2); between tabulated degrees of freedom the next smaller df is used,
 * which widens the interval slightly (conservative).
 */
const TABLE: [number, number][] = [
  [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262], [10, 2.228],
  [11, 2.201], [12, 2.179], [13, 2.16], [14, 2.145], [15, 2.131], [16, 2.12], [17, 2.11], [18, 2.101], [19, 2.093], [20, 2.086],
  [21, 2.08], [22, 2.074], [23, 2.069], [24, 2.064], [25, 2.06], [26, 2.056], [27, 2.052], [28, 2.048], [29, 2.045], [30, 2.042],
  [40, 2.021], [60, 2.0], [120, 1.98],
];

export function t975(df: number): number {
  if (!(df >= 1)) throw new Error(`degrees of freedom must be >= 1, got ${df}`);
  if (df > 120) return 1.96;
  let t = TABLE[0][1];
  for (const [d, v] of TABLE) if (d <= df) t = v;
  return t;
}

export interface PairedInterval {
  n: number;
  mean: number;
  sd: number;
  halfWidth: number;
  low: number;
  high: number;
}

/** Mean of the differences with its 95 % confidence interval (t distribution, n − 1 df). */
export function pairedInterval(diffs: number[]): PairedInterval {
  const n = diffs.length;
  if (n < 2) throw new Error('a confidence interval needs at least 2 replications');
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1));
  const halfWidth = (t975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}
