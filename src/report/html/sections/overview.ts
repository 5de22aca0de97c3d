/** Overview: the key numbers of every result side by side (one column per result). */
import { fmt, fmtInt, fmtPct } from '../format.js';
import { section, type SectionBuilder } from '../model.js';
import type { SummaryData } from '../results.js';

type Row = [string, (s: SummaryData) => string];

const ms = (v: unknown) => (typeof v === 'number' ? `${fmt(v)} ms` : '–');

const ROWS: Row[] = [
  ['scenario', (s) => s.scenario.name],
  ['seed', (s) => String(s.scenario.seed ?? '–')],
  ['Istio behaviour', (s) => String(s.scenario.istio ?? '–')],
  ['scenario hash', (s) => String(s.scenario.hash ?? '').slice(0, 12) || '–'],
  ['meshsim', (s) => String(s.meshsim ?? '–')],
  ['requests counted', (s) => fmtInt(s.requests.counted)],
  ['failed', (s) => fmtInt(s.requests.failed)],
  ['error rate', (s) => fmtPct(s.requests.counted > 0 ? s.requests.failed / s.requests.counted : NaN)],
  ['throughput', (s) => (typeof s.requests.throughputPerSecond === 'number' ? `${fmt(s.requests.throughputPerSecond)} /s` : '–')],
  ['latency mean', (s) => ms(s.latencyMs.mean)],
  ['latency p50', (s) => ms(s.latencyMs.p50)],
  ['latency p90', (s) => ms(s.latencyMs.p90)],
  ['latency p99', (s) => ms(s.latencyMs.p99)],
  ['latency p99.9', (s) => ms(s.latencyMs.p999)],
  ['latency max', (s) => ms(s.latencyMs.max)],
  ['host-picking policies', (s) => [...new Set(Object.values(s.loadBalancing?.policies ?? {}))].join(', ') || '–'],
  ['outlier ejections', (s) => (s.loadBalancing ? fmtInt(s.loadBalancing.ejections) : '–')],
  ['faults', (s) => (Array.isArray(s.faults) ? String(s.faults.length) : '–')],
  ['warnings', (s) => (Array.isArray(s.warnings) ? String(s.warnings.length) : '–')],
];

export const overviewSection: SectionBuilder = (results) =>
  section('overview', 'Overview', 'Totals of each run: requests started before the warm-up are left out; latency is end to end, successful requests only.', [
    {
      kind: 'table',
      table: {
        header: ['', ...results.map((r) => r.label)],
        rows: ROWS.map(([name, get]) => [name, ...results.map((r) => get(r.summary))]),
        align: ['l', ...results.map(() => 'r' as const)],
      },
    },
  ]);
