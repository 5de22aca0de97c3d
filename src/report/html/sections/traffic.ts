/**
 * Traffic matrix: requests from each source locality to each destination (cluster and
 * locality), as a heat map of row shares, from routes.csv. Requests that never left the proxy
 * (no route, no healthy upstream) form a "(no destination)" column.
 */
import { heatMap } from '../charts/heat-map.js';
import { fmtInt, fmtPct } from '../format.js';
import { figures, rid, section, type Figure, type SectionBuilder } from '../model.js';
import { num, type ResultSet } from '../results.js';

const NONE = '(no destination)';

export function trafficMatrix(r: ResultSet): { rows: string[]; columns: string[]; counts: number[][] } | undefined {
  const t = r.tables.routes;
  if (!t || t.rows.length === 0) return undefined;
  const dest = (row: Record<string, string>) => (row.destination_cluster === '' ? NONE : `${row.destination_cluster}/${row.destination_locality}`);
  const rows = [...new Set(t.rows.map((x) => x.source_locality))].sort();
  const columns = [...new Set(t.rows.map(dest))].sort((a, b) => (a === NONE ? 1 : b === NONE ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const counts = rows.map(() => columns.map(() => 0));
  for (const x of t.rows) counts[rows.indexOf(x.source_locality)][columns.indexOf(dest(x))] += num(x, 'requests') || 0;
  return { rows, columns, counts };
}

function matrixFigure(r: ResultSet, i: number): Figure | undefined {
  const m = trafficMatrix(r);
  if (!m) return undefined;
  const shares = m.counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (c > 0 && total > 0 ? c / total : NaN));
  });
  const id = `traffic-matrix-${rid(i)}`;
  const title = `Traffic matrix — ${r.label}`;
  return {
    id,
    result: r.label,
    title,
    caption: 'Each row is a source locality; a cell is the share of that row\'s requests sent to the destination locality (darker = more).',
    svg: heatMap({
      id,
      title,
      xLabel: 'destination cluster/locality',
      yLabel: 'source locality',
      rows: m.rows,
      columns: m.columns,
      values: shares,
      max: 1,
      cellText: (v) => fmtPct(v, 3),
      cellTitle: (v, a, b) => `${m.rows[a]} → ${m.columns[b]}: ${fmtInt(m.counts[a][b])} requests (${fmtPct(v)})`,
    }),
    table: {
      header: ['source locality', ...m.columns],
      rows: m.rows.map((row, a) => [row, ...m.columns.map((_, b) => (m.counts[a][b] > 0 ? `${fmtInt(m.counts[a][b])} (${fmtPct(shares[a][b])})` : '–'))]),
      align: ['l', ...m.columns.map(() => 'r' as const)],
    },
  };
}

export const trafficSection: SectionBuilder = (results) =>
  section('traffic', 'Where traffic went', 'Source locality × destination locality, from routes.csv (counted requests, successes and failures).', [figures(results.map(matrixFigure))]);
