/**
 * Latency: the CDF of end-to-end latency per traffic source (user population) and per service,
 * from latency.csv; results without it fall back to summary.json's percentiles. With several
 * results, one more chart overlays their "all requests" CDFs.
 */
import { lineChart, type Series } from '../charts/line-chart.js';
import { fmt, fmtInt } from '../format.js';
import { figures, rid, section, type Figure, type SectionBuilder } from '../model.js';
import { num, type ResultSet } from '../results.js';

const TITLE = 'Latency CDF';
const X = 'latency (ms, log scale)';
const Y = 'share of requests ≤ latency (%)';

interface Population {
  name: string;
  count: number;
  points: [number, number][];
}

/** Populations of one result: all, then sources, then services (latency.csv), or the summary's percentiles. */
export function populations(r: ResultSet): { list: Population[]; coarse: boolean } {
  const t = r.tables.latency;
  if (t && t.rows.length > 0) {
    const by = new Map<string, Population>();
    for (const row of t.rows) {
      const name = row.group === 'all' ? 'all requests' : `${row.group} ${row.name}`;
      let p = by.get(name);
      if (!p) by.set(name, (p = { name, count: num(row, 'count'), points: [] }));
      p.points.push([num(row, 'latency_ms'), num(row, 'quantile') * 100]);
    }
    return { list: mergeIdentical([...by.values()]), coarse: false };
  }
  const l = r.summary.latencyMs;
  const pts: [number, number][] = [[l.p50, 50], [l.p90, 90], [l.p99, 99], [l.p999, 99.9], [l.max, 100]].filter(
    (p): p is [number, number] => typeof p[0] === 'number',
  );
  return { list: [{ name: 'all requests', count: l.count, points: pts }], coarse: true };
}

/** Populations with the same distribution (one source calling one service) become one line named after all of them. */
function mergeIdentical(list: Population[]): Population[] {
  const out: Population[] = [];
  for (const p of list) {
    const same = out.find((q) => q.count === p.count && q.points.length === p.points.length && q.points.every((x, i) => x[0] === p.points[i][0] && x[1] === p.points[i][1]));
    if (same) same.name = `${same.name} = ${p.name}`;
    else out.push({ ...p, points: p.points });
  }
  return out;
}

function cdfFigure(r: ResultSet, i: number): Figure | undefined {
  const { list, coarse } = populations(r);
  const series: Series[] = list.filter((p) => p.points.length > 0).map((p, k) => ({ name: p.name, points: p.points, dash: k > 0 && p.name.startsWith('service') }));
  if (series.length === 0 || series.every((s) => s.points.every((p) => !(p[0] > 0)))) return undefined;
  const caption = coarse
    ? 'Percentiles from summary.json only (this result has no latency.csv): p50, p90, p99, p99.9 and max joined by straight lines.'
    : 'Each line is one population: a point (x, y) means y % of its successful requests took x ms or less; sources solid, services dashed.';
  return {
    id: `latency-cdf-${rid(i)}`,
    result: r.label,
    title: `${TITLE} — ${r.label}`,
    caption,
    svg: lineChart({ id: `latency-cdf-${rid(i)}`, title: `${TITLE} — ${r.label}`, xLabel: X, yLabel: Y, series, xLog: true, yDomain: [0, 100] }),
    table: percentileTable(list),
  };
}

function at(p: Population, q: number): string {
  const hit = p.points.find((x) => Math.abs(x[1] - q) < 1e-9);
  return hit ? fmt(hit[0]) : '–';
}

function percentileTable(list: Population[]) {
  return {
    header: ['population', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms'],
    rows: list.map((p) => [p.name, fmtInt(p.count), at(p, 50), at(p, 90), at(p, 99), at(p, 99.9), at(p, 100)]),
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'] as ('l' | 'r')[],
  };
}

function overlay(results: ResultSet[]): Figure | undefined {
  if (results.length < 2) return undefined;
  const series = results.map((r) => ({ name: r.label, points: populations(r).list[0]?.points ?? [] }));
  if (series.every((s) => s.points.length === 0)) return undefined;
  const title = `${TITLE} — all requests, by result`;
  return {
    id: 'latency-cdf-compare',
    result: '',
    title,
    caption: 'One line per result: the share of all successful requests at or under each latency; a line further left is faster.',
    svg: lineChart({ id: 'latency-cdf-compare', title, xLabel: X, yLabel: Y, series, xLog: true, yDomain: [0, 100] }),
  };
}

export const latencySection: SectionBuilder = (results) =>
  section('latency', 'Latency', 'End-to-end latency of successful requests (source → proxy → network → queue → service → back), per traffic source and per service (the service that answered).', [
    figures([overlay(results)]),
    figures(results.map(cdfFigure)),
  ]);
