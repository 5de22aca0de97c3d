/**
 * The human-readable run summary printed by `meshsim run`. Every name from the input (localities,
 * failure causes, warning texts) is printed with its control characters escaped, so a zone name
 * cannot recolour the terminal or split a table row.
 */
import { join } from 'node:path';
import { escapeControl } from '../model/escape.js';
import { groupDigits } from '../model/limits.js';
import { formatMs } from '../model/units.js';
import type { Summary } from './summary.js';

function table(rows: string[][], align: ('l' | 'r')[]): string {
  const safe = rows.map((r) => r.map(escapeControl));
  const widths = safe[0].map((_, i) => Math.max(...safe.map((r) => r[i].length)));
  return safe.map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

const int = (n: number) => groupDigits(n);
const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
const msOrDash = (x: number | null) => (x === null ? '-' : formatMs(x));
const usd = (x: number | null) => (x === null ? '-' : x >= 100 ? `$${int(Math.round(x))}` : `$${x.toFixed(x >= 1 ? 2 : 4)}`);

export interface TextOptions {
  /** Folder of the scenario file: warnings (recorded relative to it) are shown from the working folder. */
  scenarioDir?: string;
  /**
   * Notes on how to read the results, printed after the tables: the analyzer's explanation when a
   * locality setting has no failover because its DestinationRule has no outlierDetection
   * (analysis/analyze.ts localityNotes) — the numbers alone look like a locality setting that works.
   */
  notes?: readonly string[];
}

const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);

/**
 * The failure-impact table: one row per fault — when, what it hit, requests started meanwhile and
 * their error rate (against the quiet window before), p99 before → during, how long until the mesh
 * noticed and until the error rate stayed under the threshold, retries per request, the share of
 * traffic that changed locality and, with prices, the extra egress dollars.
 */
function faultTable(faults: Summary['faults']): string {
  const priced = faults.some((f) => f.egress !== undefined);
  const rows = faults.map((f) => [
    f.kind,
    f.target,
    `${formatMs(f.startMs ?? 0)}-${formatMs(f.endMs ?? 0)}`,
    int(f.requestsDuring),
    `${pct(f.errorRateBefore)} -> ${pct(f.errorRateDuring)}`,
    `${msOrDash(f.latencyBeforeMs.p99)} -> ${msOrDash(f.latencyDuringMs.p99)}`,
    f.detectedBy === null ? 'never' : `${seconds(f.detectedAfterMs)} (${f.detectedBy === 'ejection' ? 'ejection' : 'EDS'})`,
    f.recoveredAfterMs === null ? 'not by the end' : f.recoveredAfterMs === 0 ? '-' : seconds(f.recoveredAfterMs),
    (f.retriesPerRequest ?? 0).toFixed(2),
    pct(f.trafficShift.movedShare),
    ...(priced ? [f.egress === undefined ? '-' : usd(f.egress.extraUsd)] : []),
  ]);
  const header = ['fault', 'target', 'window', 'requests', 'error rate', 'p99', 'detected after', 'recovered after', 'retries/req', 'moved', ...(priced ? ['extra egress'] : [])];
  return table([header, ...rows], ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

export function formatSummaryText(s: Summary, options: TextOptions = {}): string {
  const lines: string[] = [];
  lines.push(escapeControl(`meshsim ${s.meshsim} · ${s.scenario.name} · seed ${s.scenario.seed} · istio ${s.scenario.istio}`));
  const q = s.requests;
  const failedShare = q.counted > 0 ? q.failed / q.counted : 0;
  lines.push(
    `simulated ${formatMs(s.run.simulatedMs ?? 0)} · ${int(q.counted)} requests · ${int(q.succeeded)} ok · ${int(q.failed)} failed (${pct(failedShare)}) · ${(q.throughputPerSecond ?? 0).toFixed(1)} req/s`,
  );
  lines.push('');
  const l = s.latencyMs;
  lines.push(table([
    ['latency', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max'],
    ['end to end', msOrDash(l.mean), msOrDash(l.p50), msOrDash(l.p90), msOrDash(l.p99), msOrDash(l.p999), msOrDash(l.max)],
  ], ['l', 'r', 'r', 'r', 'r', 'r', 'r']));
  const b = s.latencyBreakdownMs;
  if (b !== undefined && b.requests > 0) {
    const parts: [string, number | null][] = [['network', b.network], ['gateways', b.gateway], ['queue', b.queue], ['service', b.service], ['waiting for calls', b.calls]];
    lines.push(`mean time of a request: ${parts.filter(([, v]) => v !== null && v > 0).map(([k, v]) => `${k} ${msOrDash(v)}`).join(' · ')}`);
  }
  const failures = Object.entries(s.failures).filter(([, n]) => n > 0);
  if (failures.length > 0) {
    lines.push('');
    lines.push(table([['failure cause', 'requests'], ...failures.map(([c, n]) => [c, int(n)])], ['l', 'r']));
  }
  lines.push('');
  lines.push(table([
    ['destination cluster/locality', 'requests', 'share'],
    ...s.shares.byDestinationLocality.map((x) => [String(x.locality), int(x.requests), pct(x.share)]),
  ], ['l', 'r', 'r']));
  const bytes = Object.entries(s.bytesByPathClass);
  if (bytes.length > 0) {
    lines.push('');
    const priced = s.cost !== undefined;
    lines.push(table([
      ['path class', 'hops', 'bytes', ...(priced ? ['USD', 'USD/month'] : [])],
      ...bytes.map(([k, v]) => [k, int(v.requests), int(v.requestBytes + v.responseBytes), ...(priced ? [usd(v.usd ?? 0), usd(v.usdPerMonth ?? 0)] : [])]),
    ], ['l', 'r', 'r', 'r', 'r']));
  }
  if (s.cost !== undefined) {
    lines.push(`egress ${usd(s.cost.egressUsd ?? 0)} in ${formatMs((s.cost.measuredSeconds ?? 0) * 1000)} · ${usd(s.cost.egressUsdPerMonth ?? 0)} per 30-day month at this rate`);
  }
  if (s.gateways !== undefined) {
    lines.push('');
    lines.push(table([
      ['gateway replica', 'kind', 'forwarded', 'utilisation', 'max queue'],
      ...s.gateways.map((g) => [g.name, g.kind, int(g.served), pct(g.utilisation), int(g.maxQueue)]),
    ], ['l', 'l', 'r', 'r', 'r']));
  }
  if (s.resilience !== undefined) {
    lines.push('');
    lines.push(`retries ${int(s.resilience.retries)} · attempts abandoned by timeouts ${int(s.resilience.timeouts)} · circuit-breaker overflows ${int(s.resilience.circuitBreakerOverflows)}`);
  }
  if (s.faults.length > 0) {
    lines.push('');
    lines.push(faultTable(s.faults));
  }
  if (s.loadBalancing.ejections > 0 || s.loadBalancing.healthyPanicPicks > 0 || s.loadBalancing.noHealthyUpstream > 0) {
    lines.push('');
    lines.push(`outlier ejections ${int(s.loadBalancing.ejections)} · panic-mode picks ${int(s.loadBalancing.healthyPanicPicks)} · no healthy upstream ${int(s.loadBalancing.noHealthyUpstream)}`);
  }
  if ((options.notes ?? []).length > 0) lines.push('');
  for (const n of options.notes ?? []) lines.push(escapeControl(`note: ${n}`));
  for (const w of s.warnings) {
    const file = options.scenarioDir === undefined ? w.file : join(options.scenarioDir, w.file);
    lines.push(escapeControl(`warning: ${file}${w.line ? ':' + w.line : ''}: ${w.path}: ${w.message}${w.code ? ` [${w.code}]` : ''}`));
  }
  return lines.join('\n') + '\n';
}
