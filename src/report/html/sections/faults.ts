/** Faults: the impact of each fault (summary.json faults), per result. */
import { fmt, fmtInt, fmtPct } from '../format.js';
import { section, type Block, type SectionBuilder } from '../model.js';
import type { ResultSet } from '../results.js';

const num = (x: unknown): number => (typeof x === 'number' ? x : NaN);
const seconds = (x: unknown): string => (typeof x === 'number' ? `${fmt(x / 1000)} s` : x === null ? 'never' : '');

function faultTable(r: ResultSet): Block | undefined {
  const faults = Array.isArray(r.summary.faults) ? r.summary.faults : [];
  if (faults.length === 0) return undefined;
  return {
    kind: 'table',
    title: r.label,
    table: {
      header: ['fault', 'target', 'window (s)', 'requests', 'failed', 'error rate', 'before', 'p99 before (ms)', 'p99 during (ms)', 'detected after', 'recovered after', 'retries / request', 'traffic moved', 'extra egress (USD)'],
      rows: faults.map((f) => [
        String(f.kind),
        String(f.target ?? ''),
        `${fmt(num(f.startMs) / 1000)} – ${fmt(num(f.endMs) / 1000)}`,
        fmtInt(num(f.requestsDuring)),
        fmtInt(num(f.failedDuring)),
        fmtPct(num(f.errorRateDuring)),
        fmtPct(num(f.errorRateBefore)),
        fmt(num(f.latencyBeforeMs?.p99)),
        fmt(num(f.latencyDuringMs?.p99)),
        seconds(f.detectedAfterMs),
        f.recoveredAfterMs === null ? 'not by the end' : seconds(f.recoveredAfterMs),
        fmt(num(f.retriesPerRequest)),
        fmtPct(num(f.trafficShift?.movedShare)),
        f.egress ? fmt(num(f.egress.extraUsd)) : '',
      ]),
      align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    },
  };
}

export const faultsSection: SectionBuilder = (results) =>
  section(
    'faults',
    'Faults',
    'For each fault: the requests that started while it was active against those of the quiet window before it; how long until the mesh noticed (first ejection or EDS update) and until the error rate stayed under the recovery threshold; retries, traffic that changed locality, and egress dollars beyond the rate before.',
    results.map(faultTable),
  );
