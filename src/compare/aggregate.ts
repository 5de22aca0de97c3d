/**
 * From observations to the comparison: for each (metric, group), each design's mean over the
 * replications with its 95 % interval, and each later design's difference from the first,
 * paired replication by replication (same seed on both sides), with the 95 % t interval of the
 * mean difference (stats/interval.ts). With one replication there are means and differences but
 * no intervals.
 */
import { meanCi95, pairedDifferences, pairedInterval, type MeanCi } from '../stats/interval.js';
import { compareKeys, METRIC_BY_ID } from './metrics.js';
import type { Observation } from './replicate.js';

export interface Difference {
  /** Replications measured in both designs. */
  n: number;
  /** Mean of (design − first design) over those replications. */
  mean: number;
  /** 95 % interval of the mean difference; null with fewer than 2 replications. */
  halfWidth: number | null;
  low: number | null;
  high: number | null;
  /** Equal to the first design in every replication. */
  identical: boolean;
}

export interface ComparedRow {
  metric: string;
  group: string;
  unit: string;
  /** Per design (in the order given). */
  values: MeanCi[];
  /** Per design: the difference from design 0 (null for design 0, and where nothing pairs). */
  differences: (Difference | null)[];
}

export function difference(base: readonly (number | null)[], other: readonly (number | null)[]): Difference | null {
  const diffs = pairedDifferences(base, other);
  if (diffs.length === 0) return null;
  const identical = diffs.every((d) => d === 0);
  if (diffs.length < 2) return { n: 1, mean: diffs[0], halfWidth: null, low: null, high: null, identical };
  const ci = pairedInterval(diffs);
  return { n: ci.n, mean: ci.mean, halfWidth: ci.halfWidth, low: ci.low, high: ci.high, identical };
}

/** The comparison rows, ordered by metric then group (metrics.ts). */
export function aggregate(observations: readonly Observation[], designs: number, replications: number): ComparedRow[] {
  const cells = new Map<string, { metric: string; group: string; values: (number | null)[][] }>();
  for (const o of observations) {
    const key = `${o.metric}\u0000${o.group}`;
    let c = cells.get(key);
    if (c === undefined) {
      c = { metric: o.metric, group: o.group, values: Array.from({ length: designs }, () => new Array<number | null>(replications).fill(null)) };
      cells.set(key, c);
    }
    c.values[o.design][o.replication] = o.value;
  }
  return [...cells.values()].sort(compareKeys).map(({ metric, group, values }) => ({
    metric,
    group,
    unit: METRIC_BY_ID.get(metric)?.unit ?? '',
    values: values.map((v) => meanCi95(v)),
    differences: values.map((v, d) => (d === 0 ? null : difference(values[0], v))),
  }));
}
