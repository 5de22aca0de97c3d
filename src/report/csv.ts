/**
 * CSV formatters: routes.csv, hops.csv, timeline.csv, endpoints.csv, ejections.csv. Each file starts with one
 * `#` comment line naming the meshsim version, scenario, seed and scenario hash (pandas:
 * `read_csv(path, comment='#')`); then a header row; numbers at fixed precision.
 */
import { stringify } from 'csv-stringify/sync';
import { FAILURE_CAUSES } from '../metrics/failure-cause.js';
import type { RunResult } from '../sim/result.js';
import { VERSION } from '../version.js';
import { escapeControl } from '../model/escape.js';
import { round, type RunMeta } from './summary.js';

function provenance(r: RunResult, meta: RunMeta): string {
  return `# meshsim ${VERSION} scenario=${escapeControl(meta.scenario.name)} seed=${r.seed} hash=${meta.hash}\n`;
}

/**
 * A text cell a spreadsheet would read as a formula (leading `=`, `+`, `-`, `@`, tab or carriage
 * return) gets a leading `'`, as OWASP advises against CSV injection: a zone named `=HYPERLINK(...)`
 * stays text. Numbers are never touched (a negative number stays a number).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csv(r: RunResult, meta: RunMeta, header: string[], rows: (string | number | null)[][]): string {
  return provenance(r, meta) + stringify([header, ...rows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'string' ? neutraliseFormula(v) : v)))]);
}

export function routesCsv(r: RunResult, meta: RunMeta): string {
  const header = [
    'caller', 'caller_kind', 'source_cluster', 'source_locality', 'service', 'destination_cluster', 'destination_locality', 'path_class', 'requests', 'succeeded', 'failed',
    ...FAILURE_CAUSES.map((c) => `failed_${c}`),
    'request_bytes', 'response_bytes', 'latency_mean_ms', 'latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'latency_p999_ms', 'latency_max_ms',
    // Where the time of the route's successful calls went (means; network includes any retry back-off).
    'mean_network_ms', 'mean_gateway_ms', 'mean_queue_ms', 'mean_service_ms', 'mean_calls_ms',
  ];
  const rows = r.routes.map((x) => [
    x.caller, x.root ? 'source' : 'service', x.sourceCluster, x.sourceLocality, x.service, x.destinationCluster, x.destinationLocality, x.pathClass, x.requests, x.succeeded, x.failed,
    ...FAILURE_CAUSES.map((c) => x.failures[c]),
    x.requestBytes, x.responseBytes,
    round(x.latency.meanMs), round(x.latency.p50Ms), round(x.latency.p90Ms), round(x.latency.p99Ms), round(x.latency.p999Ms), round(x.latency.maxMs),
    round(x.breakdownMs.networkMs), round(x.breakdownMs.gatewayMs), round(x.breakdownMs.queueMs), round(x.breakdownMs.serviceMs), round(x.breakdownMs.callsMs),
  ]);
  return csv(r, meta, header, rows);
}

/** hops.csv: requests and bytes on each kind of hop (a call through a gateway counts on each hop it crossed). */
export function hopsCsv(r: RunResult, meta: RunMeta): string {
  const header = ['from_cluster', 'from_locality', 'to_cluster', 'to_locality', 'to_kind', 'service', 'path_class', 'requests', 'request_bytes', 'response_bytes'];
  const rows = r.hops.map((h) => [h.fromCluster, h.fromLocality, h.toCluster, h.toLocality, h.toKind, h.service, h.pathClass, h.requests, h.requestBytes, h.responseBytes]);
  return csv(r, meta, header, rows);
}

export function timelineCsv(r: RunResult, meta: RunMeta): string {
  const header = [
    'start_s', 'end_s', 'started', 'succeeded', 'failed', ...FAILURE_CAUSES.map((c) => `failed_${c}`),
    'throughput_per_s', 'in_flight', 'latency_mean_ms', 'latency_p50_ms', 'latency_p99_ms', 'ejected_hosts',
    'error_rate', 'retries',
  ];
  const rows = r.timeline.map((t) => {
    const seconds = (t.endMs - t.startMs) / 1000;
    return [
      round(t.startMs / 1000, 6), round(t.endMs / 1000, 6), t.started, t.succeeded, t.failed, ...FAILURE_CAUSES.map((c) => t.failures[c]),
      round(seconds > 0 ? (t.succeeded + t.failed) / seconds : 0, 3), t.inFlight, round(t.meanMs), round(t.p50Ms), round(t.p99Ms), t.ejectedHosts,
      round(t.succeeded + t.failed > 0 ? t.failed / (t.succeeded + t.failed) : 0, 6), t.retries,
    ];
  });
  return csv(r, meta, header, rows);
}

export function endpointsCsv(r: RunResult, meta: RunMeta): string {
  const header = ['endpoint', 'service', 'cluster', 'locality', 'served', 'utilisation', 'mean_in_system', 'max_queue'];
  const rows = r.endpoints.map((e) => [e.name, e.service, e.cluster, e.locality, e.served, round(e.utilisation, 6), round(e.meanInSystem, 6), e.maxQueue]);
  return csv(r, meta, header, rows);
}

export function ejectionsCsv(r: RunResult, meta: RunMeta): string {
  const header = ['time_s', 'proxy', 'cluster', 'host', 'action', 'reason', 'ejection_ms'];
  const rows = r.ejections.map((e) => [round(e.timeMs / 1000, 6), e.proxy, e.cluster, e.host, e.action, e.reason, e.ejectionMs === undefined ? null : round(e.ejectionMs)]);
  return csv(r, meta, header, rows);
}
