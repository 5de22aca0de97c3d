/**
 * A result against a committed baseline summary.json: latency (mean, p50, p90, p99, p99.9) and
 * the error rate may grow by at most `tolerance` (relative: 2 % of the baseline's value); the
 * traffic share of each destination locality may move by at most `tolerance` in absolute share
 * points (2 % = 0.02 of all routed requests). Lower latency, fewer errors are never regressions.
 */
import { fmt, fmtPct } from '../report/html/format.js';
import type { SummaryData } from '../report/html/results.js';
import { formatValue } from './metric-defs.js';
import type { CheckCase, CheckSuite } from './outcome.js';

interface Scalar {
  name: string;
  get: (s: SummaryData) => number | undefined;
  kind: 'latency' | 'ratio';
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const SCALARS: Scalar[] = [
  { name: 'latency mean', kind: 'latency', get: (s) => num(s.latencyMs.mean) },
  { name: 'latency p50', kind: 'latency', get: (s) => num(s.latencyMs.p50) },
  { name: 'latency p90', kind: 'latency', get: (s) => num(s.latencyMs.p90) },
  { name: 'latency p99', kind: 'latency', get: (s) => num(s.latencyMs.p99) },
  { name: 'latency p99.9', kind: 'latency', get: (s) => num(s.latencyMs.p999) },
  { name: 'error rate', kind: 'ratio', get: (s) => (s.requests.counted > 0 ? s.requests.failed / s.requests.counted : undefined) },
];

function change(base: number, cur: number): string {
  if (base === 0) return cur === 0 ? '0 %' : 'new';
  const rel = (cur - base) / base;
  return `${rel >= 0 ? '+' : ''}${fmt(rel * 100)} %`;
}

function shares(s: SummaryData): Map<string, number> {
  return new Map((s.shares?.byDestinationLocality ?? []).map((x) => [x.locality, x.share ?? 0]));
}

export function compareToBaseline(current: SummaryData, baseline: SummaryData, tolerance: number, baselineFile: string): CheckSuite {
  const cases: CheckCase[] = [];
  const rows: string[][] = [];
  for (const m of SCALARS) {
    const b = m.get(baseline);
    const c = m.get(current);
    if (b === undefined || c === undefined) continue;
    const allowed = b * (1 + tolerance);
    const passed = c <= allowed + 1e-12;
    const value = formatValue(m.kind, c);
    const limit = `≤ ${formatValue(m.kind, allowed)}`;
    cases.push({ name: `${m.name} vs baseline`, passed, value, limit, message: `${m.name} ${formatValue(m.kind, b)} → ${value} (${change(b, c)})${passed ? '' : `, more than ${fmt(tolerance * 100)} % worse`}` });
    rows.push([m.name, formatValue(m.kind, b), value, change(b, c), limit, passed ? 'pass' : 'REGRESSION']);
  }
  const bs = shares(baseline);
  const cs = shares(current);
  for (const loc of [...new Set([...bs.keys(), ...cs.keys()])].sort()) {
    const b = bs.get(loc) ?? 0;
    const c = cs.get(loc) ?? 0;
    const passed = Math.abs(c - b) <= tolerance + 1e-12;
    const delta = `${c - b >= 0 ? '+' : ''}${fmt((c - b) * 100)} pp`;
    const limit = `±${fmt(tolerance * 100)} pp`;
    cases.push({ name: `share ${loc} vs baseline`, passed, value: fmtPct(c), limit, message: `share of ${loc} ${fmtPct(b)} → ${fmtPct(c)} (${delta})${passed ? '' : `, moved more than ${fmt(tolerance * 100)} points`}` });
    rows.push([`share ${loc}`, fmtPct(b), fmtPct(c), delta, limit, passed ? 'pass' : 'REGRESSION']);
  }
  const notes: string[] = [];
  if (baseline.scenario.name !== current.scenario.name) notes.push(`the baseline is of scenario "${baseline.scenario.name}", this result of "${current.scenario.name}"`);
  if (baseline.scenario.seed !== current.scenario.seed) notes.push(`the baseline ran with seed ${String(baseline.scenario.seed)}, this result with ${String(current.scenario.seed)}: differences include sampling noise`);
  return {
    name: `baseline: ${baselineFile} (tolerance ${fmt(tolerance * 100)} %)`,
    cases,
    notes,
    detail: { header: ['metric', 'baseline', 'current', 'change', 'allowed', 'result'], rows },
  };
}
