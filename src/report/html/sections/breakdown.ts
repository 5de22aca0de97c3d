/**
 * Where the time goes: for each route (caller → service at a destination), the mean time of a
 * successful call split into network (every hop both ways, retry back-off included), gateways
 * (queue and processing), the endpoint's queue, its service time, and waiting for the calls the
 * service made — routes.csv's mean_*_ms columns. Results written before those columns existed
 * have no such chart.
 */
import { barChart } from '../charts/bar-chart.js';
import { fmt, fmtInt } from '../format.js';
import { figures, rid, section, type Figure, type SectionBuilder } from '../model.js';
import { num, type ResultSet } from '../results.js';

const PARTS = [
  ['network', 'mean_network_ms'],
  ['gateways', 'mean_gateway_ms'],
  ['queue', 'mean_queue_ms'],
  ['service', 'mean_service_ms'],
  ['waiting for calls', 'mean_calls_ms'],
] as const;

/** The routes drawn: the busiest first, at most this many (routes.csv has them all). */
const MAX_ROUTES = 16;

function breakdownFigure(r: ResultSet, i: number): Figure | undefined {
  const t = r.tables.routes;
  if (!t || !PARTS.every(([, c]) => t.header.includes(c))) return undefined;
  const rows = t.rows
    .filter((x) => num(x, 'succeeded') > 0 && x.destination_cluster !== '')
    .sort((a, b) => num(b, 'succeeded') - num(a, 'succeeded'))
    .slice(0, MAX_ROUTES);
  if (rows.length === 0) return undefined;
  // Short enough for the chart's label column: service name without namespace, the destination's zone (or region).
  const cats = rows.map((x) => `${x.caller} → ${x.service.split('.')[0]} @ ${x.destination_cluster}/${x.destination_locality.split('/').filter((p) => p !== '').pop() ?? ''}`);
  // Only the parts some route spends time in (no gateways in a flat mesh, no calls without a call graph).
  const parts = PARTS.filter(([, c]) => rows.some((x) => num(x, c) > 0)).map(([name, c]) => ({ name, values: rows.map((x) => Math.max(0, num(x, c) || 0)) }));
  const title = `Where the time goes, by route — ${r.label}`;
  const id = `breakdown-${rid(i)}`;
  return {
    id,
    result: r.label,
    title,
    caption: `Mean time of a successful call on each route (the ${rows.length} busiest), stacked by where it was spent; the bar's length is the route's mean latency.`,
    svg: barChart({ id, title, xLabel: 'mean time of a successful call (ms)', yLabel: 'route', categories: cats, parts, format: (v) => fmt(v) }),
    table: {
      header: ['route (caller → service @ cluster/zone)', 'calls ok', ...parts.map((p) => `${p.name} ms`), 'mean ms'],
      rows: rows.map((x, k) => [cats[k], fmtInt(num(x, 'succeeded')), ...parts.map((p) => fmt(p.values[k])), fmt(num(x, 'latency_mean_ms'))]),
      align: ['l', 'r', ...parts.map(() => 'r' as const), 'r'],
    },
  };
}

export const breakdownSection: SectionBuilder = (results) =>
  section('breakdown', 'Where the time goes', 'Each hop adds network time both ways; gateways add their queue and processing; the endpoint adds its queue and service time; a service that calls others waits for them.', [
    figures(results.map(breakdownFigure)),
  ]);
