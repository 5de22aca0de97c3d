/**
 * What `meshsim compare` puts side by side, read from one run's RunResult: the measures an
 * architect weighs between designs — latency per user population, per service and per service
 * called by other services (call graphs), the failure
 * rate, egress USD per month by path class, and how busy each gateway is.
 *
 * A measurement is (metric, group, value): `latency_p99_ms` of `source:iowa`, `egress_usd_per_month`
 * of `path:cross-continent`, `gateway_utilisation_pct` of `gateway:ingress/us`. A value is null
 * where the run has nothing to measure (no success in a population, no pricing in the design).
 */
import { COST_PATH_CLASSES } from '../cost/path-class.js';
import type { LatencySummary } from '../metrics/histogram.js';
import type { RunResult } from '../sim/result.js';

export type Section = 'traffic' | 'latency' | 'failures' | 'egress' | 'gateways' | 'faults';

export interface MetricDef {
  id: string;
  section: Section;
  /** Short name in the table (`p99`), beside the group. */
  stat: string;
  unit: string;
  /** Shown in the text table (the CSV and JSON have every metric). */
  inTable: boolean;
}

/** Every metric, in table order. */
export const METRICS: readonly MetricDef[] = [
  { id: 'requests', section: 'traffic', stat: 'requests', unit: 'requests', inTable: true },
  { id: 'latency_p50_ms', section: 'latency', stat: 'p50', unit: 'ms', inTable: true },
  { id: 'latency_p90_ms', section: 'latency', stat: 'p90', unit: 'ms', inTable: true },
  { id: 'latency_p99_ms', section: 'latency', stat: 'p99', unit: 'ms', inTable: true },
  { id: 'latency_mean_ms', section: 'latency', stat: 'mean', unit: 'ms', inTable: false },
  { id: 'failure_rate_pct', section: 'failures', stat: '', unit: '%', inTable: true },
  { id: 'egress_usd_per_month', section: 'egress', stat: '', unit: 'USD/month', inTable: true },
  { id: 'gateway_utilisation_pct', section: 'gateways', stat: '', unit: '%', inTable: true },
  // Per fault of the timeline (sim/fault-impact.ts), matched across designs by kind, target and start.
  { id: 'fault_error_rate_pct', section: 'faults', stat: 'error rate %', unit: '%', inTable: true },
  { id: 'fault_failed', section: 'faults', stat: 'failed', unit: 'requests', inTable: false },
  { id: 'fault_p99_ms', section: 'faults', stat: 'p99 ms', unit: 'ms', inTable: true },
  { id: 'fault_detect_s', section: 'faults', stat: 'detected s', unit: 's', inTable: true },
  { id: 'fault_recover_s', section: 'faults', stat: 'recovered s', unit: 's', inTable: true },
  { id: 'fault_retries_per_request', section: 'faults', stat: 'retries/req', unit: 'retries', inTable: true },
  { id: 'fault_moved_pct', section: 'faults', stat: 'moved %', unit: '%', inTable: true },
  { id: 'fault_extra_usd', section: 'faults', stat: 'extra USD', unit: 'USD', inTable: true },
];

export const METRIC_BY_ID: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));

export interface Measurement {
  metric: string;
  group: string;
  value: number | null;
}

/** Counted requests of a population, whether they succeeded or not. */
interface Population {
  group: string;
  requests: number;
  succeeded: number;
  latency: LatencySummary;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function populationMeasurements(p: Population): Measurement[] {
  const ok = p.succeeded > 0;
  const lat = (v: number) => (ok ? finite(v) : null);
  return [
    { metric: 'requests', group: p.group, value: p.requests },
    { metric: 'latency_p50_ms', group: p.group, value: lat(p.latency.p50Ms) },
    { metric: 'latency_p90_ms', group: p.group, value: lat(p.latency.p90Ms) },
    { metric: 'latency_p99_ms', group: p.group, value: lat(p.latency.p99Ms) },
    { metric: 'latency_mean_ms', group: p.group, value: lat(p.latency.meanMs) },
    { metric: 'failure_rate_pct', group: p.group, value: p.requests > 0 ? (100 * (p.requests - p.succeeded)) / p.requests : null },
  ];
}

/** Mean utilisation of the replicas of each gateway (kind, cluster), in percent. */
function gatewayMeasurements(result: RunResult): Measurement[] {
  const byGateway = new Map<string, number[]>();
  for (const g of result.gateways) {
    const key = `gateway:${g.kind}/${g.cluster}`;
    let list = byGateway.get(key);
    if (list === undefined) byGateway.set(key, (list = []));
    list.push(g.utilisation);
  }
  return [...byGateway].map(([group, u]) => ({ metric: 'gateway_utilisation_pct', group, value: (100 * u.reduce((a, b) => a + b, 0)) / u.length }));
}

/** Every measurement of one run (counted requests only: warm-up excluded, as in the run's summary). */
export function measure(result: RunResult): Measurement[] {
  const rows = result.populations.rows();
  const sources = rows.filter((r) => r.group === 'source');
  const requests = sources.reduce((a, r) => a + r.requests, 0);
  const succeeded = sources.reduce((a, r) => a + r.succeeded, 0);
  const out: Measurement[] = populationMeasurements({ group: 'all', requests, succeeded, latency: result.latency });
  for (const r of rows) out.push(...populationMeasurements({ group: `${r.group}:${r.name}`, requests: r.requests, succeeded: r.succeeded, latency: r.latency }));
  // Services called by other services (call graphs): the latency and failures of those inner calls.
  for (const c of result.serviceCalls) out.push(...populationMeasurements({ group: `call:${c.service}`, requests: c.requests, succeeded: c.succeeded, latency: c.latency }));
  const cost = result.cost;
  for (const c of COST_PATH_CLASSES) {
    const line = cost?.byPathClass.find((p) => p.pathClass === c);
    out.push({ metric: 'egress_usd_per_month', group: `path:${c}`, value: line ? line.usdPerMonth : null });
  }
  out.push({ metric: 'egress_usd_per_month', group: 'path:total', value: cost ? cost.total.usdPerMonth : null });
  out.push(...gatewayMeasurements(result));
  out.push(...faultMeasurements(result));
  return out;
}

/**
 * The impact of each fault: error rate, p99 and retries per request while it was active, seconds
 * to detection and to recovery (null: never), traffic that changed locality, extra egress USD.
 */
function faultMeasurements(result: RunResult): Measurement[] {
  return result.faults.flatMap((f) => {
    const group = `fault:${f.kind} ${f.target} @${f.startMs / 1000}s`;
    const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
    return [
      { metric: 'fault_error_rate_pct', group, value: f.requestsDuring > 0 ? 100 * f.errorRateDuring : null },
      { metric: 'fault_failed', group, value: f.failedDuring },
      { metric: 'fault_p99_ms', group, value: f.latencyDuring.count > 0 ? finite(f.latencyDuring.p99Ms) : null },
      { metric: 'fault_detect_s', group, value: seconds(f.detectedAfterMs) },
      { metric: 'fault_recover_s', group, value: seconds(f.recoveredAfterMs) },
      { metric: 'fault_retries_per_request', group, value: f.retriesPerRequest },
      { metric: 'fault_moved_pct', group, value: 100 * f.trafficShift.movedShare },
      { metric: 'fault_extra_usd', group, value: f.egress === undefined ? null : f.egress.extraUsd },
    ];
  });
}

const GROUP_KINDS = ['all', 'source', 'service', 'call', 'path', 'gateway', 'fault'];
const GATEWAY_KINDS = ['ingress', 'eastwest', 'egress'];
const PATHS = [...COST_PATH_CLASSES, 'total'];

/** Sort key of a group: all, sources, services, path classes (in their order, total last), gateways. */
function groupKey(group: string): [number, number, string] {
  const colon = group.indexOf(':');
  const kind = colon < 0 ? group : group.slice(0, colon);
  const name = colon < 0 ? '' : group.slice(colon + 1);
  const k = GROUP_KINDS.indexOf(kind);
  if (kind === 'path') return [k, PATHS.indexOf(name), ''];
  if (kind === 'gateway') {
    const slash = name.indexOf('/');
    const g = GATEWAY_KINDS.indexOf(name.slice(0, slash));
    return [k, g < 0 ? GATEWAY_KINDS.length : g, name];
  }
  return [k < 0 ? GROUP_KINDS.length : k, 0, name];
}

/** Orders (metric, group) keys for the table and the files: by metric, then group. */
export function compareKeys(a: { metric: string; group: string }, b: { metric: string; group: string }): number {
  const ma = METRICS.findIndex((m) => m.id === a.metric);
  const mb = METRICS.findIndex((m) => m.id === b.metric);
  if (ma !== mb) return ma - mb;
  const [ka, ia, na] = groupKey(a.group);
  const [kb, ib, nb] = groupKey(b.group);
  return ka - kb || ia - ib || (na < nb ? -1 : na > nb ? 1 : 0);
}
