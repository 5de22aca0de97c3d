/** Faults: the impact of each fault (summary.json faults), per result. */
import { fmt, fmtInt, fmtPct } from '../format.js';
import { section, type Block, type SectionBuilder } from '../model.js';
import type { ResultSet } from '../results.js';

function faultTable(r: ResultSet): Block | undefined {
  const faults = Array.isArray(r.summary.faults) ? r.summary.faults : [];
  if (faults.length === 0) return undefined;
  return {
    kind: 'table',
    title: r.label,
    table: {
      header: ['fault', 'window (s)', 'endpoints down', 'requests started in it', 'failed', 'failed share'],
      rows: faults.map((f) => [
        String(f.kind),
        `${fmt(f.startMs / 1000)} – ${typeof f.endMs === 'number' ? fmt(f.endMs / 1000) : 'end'}`,
        fmtInt(f.endpoints),
        fmtInt(f.requestsDuring),
        fmtInt(f.failedDuring),
        fmtPct(typeof f.failedShare === 'number' ? f.failedShare : NaN),
      ]),
      align: ['l', 'r', 'r', 'r', 'r', 'r'],
    },
  };
}

export const faultsSection: SectionBuilder = (results) =>
  section('faults', 'Faults', 'Requests started while each fault was active, and how many of them failed (for any cause, whenever they ended).', results.map(faultTable));
