/**
 * CSV formatters for the per-population outputs (see README "Outputs"):
 * - latency.csv: the latency CDF of all requests, each traffic source and each service, at fixed
 *   quantiles (0, 0.01, …, 0.99, 0.995, 0.999, 0.9999, 1);
 * - populations.csv: requests, failures by cause and latency per traffic source and per service;
 * - timeline-destinations.csv: requests ending in each timeline interval by destination cluster
 *   and locality (traffic share over time).
 * Same provenance line and fixed precision as the other CSVs.
 */
import { stringify } from 'csv-stringify/sync';
import { FAILURE_CAUSES } from '../metrics/failure-cause.js';
import type { RunResult } from '../sim/result.js';
import { VERSION } from '../version.js';
import { round, type RunMeta } from './summary.js';

function csv(r: RunResult, meta: RunMeta, header: string[], rows: (string | number | null)[][]): string {
  const provenance = `# meshsim ${VERSION} scenario=${meta.scenario.name} seed=${r.seed} hash=${meta.hash}\n`;
  return provenance + stringify([header, ...rows.map((row) => row.map((v) => (v === null ? '' : v)))]);
}

export function latencyCsv(r: RunResult, meta: RunMeta): string {
  const rows = r.populations.cdf().map((x) => [x.group, x.name, x.count, x.quantile, round(x.latencyMs)]);
  return csv(r, meta, ['group', 'name', 'count', 'quantile', 'latency_ms'], rows);
}

export function populationsCsv(r: RunResult, meta: RunMeta): string {
  const header = [
    'group', 'name', 'requests', 'succeeded', 'failed', ...FAILURE_CAUSES.map((c) => `failed_${c}`),
    'latency_mean_ms', 'latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'latency_p999_ms', 'latency_max_ms',
  ];
  const rows = r.populations.rows().map((x) => [
    x.group, x.name, x.requests, x.succeeded, x.requests - x.succeeded, ...FAILURE_CAUSES.map((c) => x.failures[c]),
    round(x.latency.meanMs), round(x.latency.p50Ms), round(x.latency.p90Ms), round(x.latency.p99Ms), round(x.latency.p999Ms), round(x.latency.maxMs),
  ]);
  return csv(r, meta, header, rows);
}

export function timelineDestinationsCsv(r: RunResult, meta: RunMeta): string {
  const rows = r.populations.destinationRows(r.simulatedMs).map((x) => [
    round(x.startMs / 1000, 6), round(x.endMs / 1000, 6), x.destinationCluster, x.destinationLocality, x.requests, x.succeeded, x.failed,
  ]);
  return csv(r, meta, ['start_s', 'end_s', 'destination_cluster', 'destination_locality', 'requests', 'succeeded', 'failed'], rows);
}
