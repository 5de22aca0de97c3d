/**
 * The key metrics of one run as a flat record: the columns of a sweep's CSVs.
 *
 * Metrics come in groups, in a fixed order; a group is either a fixed list of metrics (latency
 * percentiles) or keyed by names found in the runs (destination clusters, localities, path
 * classes). Columns are the groups in this order, a keyed group's names in sorted order (failure
 * causes in meshsim's order), so a new metric group appends columns and the columns of a sweep
 * depend only on its runs. A keyed metric a run does not report is 0 (no requests went there).
 */
import { FAILURE_CAUSES } from '../metrics/failure-cause.js';
import type { Summary } from '../report/summary.js';

/** Group name → metric name → value (null where undefined, e.g. latency without successes). */
export type MetricRecord = Record<string, Record<string, number | null>>;

export interface MetricGroup {
  name: string;
  /** The column of metric `key` of this group. */
  column: (key: string) => string;
  /** Fixed metric names, in column order; undefined for a keyed group. */
  fixed?: readonly string[];
  /** Keyed groups: names meshsim knows in advance, in this order, before any other names (sorted). */
  order?: readonly string[];
}

export const METRIC_GROUPS: readonly MetricGroup[] = [
  { name: 'requests', column: (k) => k, fixed: ['requests_generated', 'requests_counted', 'succeeded', 'failed', 'error_rate', 'throughput_per_s'] },
  { name: 'failed', column: (k) => `failed_${k}`, order: FAILURE_CAUSES },
  { name: 'latency', column: (k) => `latency_${k}_ms`, fixed: ['mean', 'p50', 'p90', 'p99', 'p999', 'max'] },
  { name: 'endpoints', column: (k) => k, fixed: ['replicas_total', 'utilisation_mean', 'utilisation_max'] },
  { name: 'share_cluster', column: (k) => `share_cluster_${k}` },
  { name: 'share_locality', column: (k) => `share_locality_${k}` },
  { name: 'request_bytes', column: (k) => `request_bytes_${k}` },
  { name: 'response_bytes', column: (k) => `response_bytes_${k}` },
];

const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Rounds to 6 decimals (outputs stay byte-stable across platforms). */
export function round6(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

/** The flat record of one run's summary. */
export function metricsOf(s: Summary): MetricRecord {
  const q = s.requests;
  const l = s.latencyMs;
  const utilisation = s.endpoints.map((e) => e.utilisation ?? 0);
  return {
    requests: {
      requests_generated: q.generated,
      requests_counted: q.counted,
      succeeded: q.succeeded,
      failed: q.failed,
      error_rate: round6(q.counted > 0 ? q.failed / q.counted : 0),
      throughput_per_s: q.throughputPerSecond,
    },
    failed: { ...s.failures },
    latency: { mean: l.mean, p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p999, max: l.max },
    endpoints: { replicas_total: s.endpoints.length, utilisation_mean: round6(mean(utilisation)), utilisation_max: utilisation.length > 0 ? Math.max(...utilisation) : null },
    share_cluster: Object.fromEntries(s.shares.byDestinationCluster.map((x) => [x.cluster, x.share])),
    share_locality: Object.fromEntries(s.shares.byDestinationLocality.map((x) => [x.locality, x.share])),
    request_bytes: Object.fromEntries(Object.entries(s.bytesByPathClass).map(([k, v]) => [k, v.requestBytes])),
    response_bytes: Object.fromEntries(Object.entries(s.bytesByPathClass).map(([k, v]) => [k, v.responseBytes])),
  };
}

export interface Column {
  group: string;
  key: string;
  name: string;
}

/** The columns of a set of records: groups in order, each keyed group's names as found. */
export function columnsOf(records: Iterable<MetricRecord>): Column[] {
  const keyed = new Map<string, Set<string>>();
  for (const r of records) {
    for (const g of METRIC_GROUPS) {
      if (g.fixed) continue;
      const set = keyed.get(g.name) ?? new Set<string>();
      for (const k of Object.keys(r[g.name] ?? {})) set.add(k);
      keyed.set(g.name, set);
    }
  }
  return METRIC_GROUPS.flatMap((g) => {
    let keys: string[];
    if (g.fixed) keys = [...g.fixed];
    else {
      const found = keyed.get(g.name) ?? new Set<string>();
      const known = (g.order ?? []).filter((k) => found.has(k));
      keys = [...known, ...[...found].filter((k) => !known.includes(k)).sort()];
    }
    return keys.map((key) => ({ group: g.name, key, name: g.column(key) }));
  });
}

/** The value of a column in a record: a keyed metric the run did not report is 0. */
export function valueOf(r: MetricRecord, c: Column): number | null {
  const g = r[c.group];
  const v = g?.[c.key];
  if (v !== undefined) return v;
  return METRIC_GROUPS.find((x) => x.name === c.group)?.fixed ? null : 0;
}
