/**
 * Bytes and USD by path class (summary.json bytesByPathClass) and by route (routes.csv).
 * USD charts appear when the data carries prices (a `usd` field per path class, a `usd` or
 * `egress_usd` column per route); until then only bytes are drawn.
 */
import { barChart } from '../charts/bar-chart.js';
import { byteUnit, fmt, fmtBytes, fmtInt } from '../format.js';
import { figures, rid, section, type Figure, type SectionBuilder } from '../model.js';
import { num, type ResultSet } from '../results.js';

interface ClassBytes {
  requests?: number;
  requestBytes?: number;
  responseBytes?: number;
  usd?: number;
}

function classes(r: ResultSet): [string, ClassBytes][] {
  const b = r.summary.bytesByPathClass as Record<string, ClassBytes> | undefined;
  return b && typeof b === 'object' ? Object.entries(b) : [];
}

function bytesChart(id: string, title: string, yLabel: string, categories: string[], req: number[], resp: number[]) {
  const max = Math.max(0, ...req.map((v, k) => v + resp[k]));
  const u = byteUnit(max);
  return barChart({
    id,
    title,
    xLabel: `bytes (${u.name})`,
    yLabel,
    categories,
    parts: [
      { name: 'request bytes', values: req.map((v) => v / u.divisor) },
      { name: 'response bytes', values: resp.map((v) => v / u.divisor) },
    ],
  });
}

function usdChart(id: string, title: string, yLabel: string, categories: string[], usd: number[]) {
  return barChart({ id, title, xLabel: 'cost (USD)', yLabel, categories, parts: [{ name: 'USD', values: usd }], format: (v) => `$${fmt(v)}` });
}

function byClass(r: ResultSet, i: number): Figure[] {
  const c = classes(r);
  if (c.length === 0) return [];
  const cats = c.map(([k]) => k);
  const req = c.map(([, v]) => v.requestBytes ?? 0);
  const resp = c.map(([, v]) => v.responseBytes ?? 0);
  const title = `Bytes by path class — ${r.label}`;
  const out: Figure[] = [{
    id: `bytes-class-${rid(i)}`,
    result: r.label,
    title,
    caption: 'Request and response bytes that crossed the network, by locality relation of caller and endpoint (only where a connection was made).',
    svg: bytesChart(`bytes-class-${rid(i)}`, title, 'path class', cats, req, resp),
    table: {
      header: ['path class', 'requests', 'request bytes', 'response bytes', ...(c.some(([, v]) => typeof v.usd === 'number') ? ['USD'] : [])],
      rows: c.map(([k, v]) => [k, fmtInt(v.requests ?? NaN), fmtBytes(v.requestBytes ?? 0), fmtBytes(v.responseBytes ?? 0), ...(typeof v.usd === 'number' ? [`$${fmt(v.usd)}`] : c.some(([, w]) => typeof w.usd === 'number') ? ['–'] : [])]),
      align: ['l', 'r', 'r', 'r', 'r'],
    },
  }];
  if (c.some(([, v]) => typeof v.usd === 'number')) {
    const t = `USD by path class — ${r.label}`;
    out.push({ id: `usd-class-${rid(i)}`, result: r.label, title: t, caption: 'Egress cost of the run by path class, from the scenario\'s price table.', svg: usdChart(`usd-class-${rid(i)}`, t, 'path class', cats, c.map(([, v]) => v.usd ?? 0)) });
  }
  return out;
}

function byRoute(r: ResultSet, i: number): Figure[] {
  const t = r.tables.routes;
  if (!t) return [];
  const rows = t.rows.filter((x) => x.destination_cluster !== '' && num(x, 'request_bytes') + num(x, 'response_bytes') > 0);
  if (rows.length === 0) return [];
  const cats = rows.map((x) => `${x.source_locality} → ${x.destination_cluster}/${x.destination_locality}`);
  const title = `Bytes by route — ${r.label}`;
  const out: Figure[] = [{
    id: `bytes-route-${rid(i)}`,
    result: r.label,
    title,
    caption: 'Bytes per route (source locality → destination cluster/locality), request and response stacked; routes.csv has the path class of each.',
    svg: bytesChart(`bytes-route-${rid(i)}`, title, 'route', cats, rows.map((x) => num(x, 'request_bytes')), rows.map((x) => num(x, 'response_bytes'))),
  }];
  const usdCol = ['usd', 'egress_usd'].find((c) => t.header.includes(c));
  const priced = costRoutes(r);
  if (priced.length > 0) out.push(usdByRouteFigure(r, i, priced));
  else if (usdCol) {
    const tt = `USD by route — ${r.label}`;
    out.push({ id: `usd-route-${rid(i)}`, result: r.label, title: tt, caption: 'Egress cost per route, from the scenario\'s price table.', svg: usdChart(`usd-route-${rid(i)}`, tt, 'route', cats, rows.map((x) => num(x, usdCol) || 0)) });
  }
  return out;
}

interface CostRoute {
  source?: string;
  destination?: string;
  service?: string;
  usd?: number;
  usdPerMonth?: number;
}

/** summary.json cost.byRoute: USD per (source cluster or internet → destination cluster, service), the costly ones. */
function costRoutes(r: ResultSet): CostRoute[] {
  const cost = r.summary.cost as { byRoute?: unknown } | undefined;
  const list = cost && Array.isArray(cost.byRoute) ? (cost.byRoute as CostRoute[]) : [];
  return list.filter((x) => typeof x.usd === 'number' && x.usd > 0);
}

function usdByRouteFigure(r: ResultSet, i: number, routes: CostRoute[]): Figure {
  const id = `usd-route-${rid(i)}`;
  const title = `USD by route — ${r.label}`;
  const cats = routes.map((x) => `${x.source ?? ''} → ${x.destination ?? ''} (${String(x.service ?? '').split('.')[0]})`);
  return {
    id,
    result: r.label,
    title,
    caption: 'Egress cost of the run per route (source cluster, or the internet, → destination cluster, per service), every hop of the route priced: transfer and load balancer / NAT processing.',
    svg: usdChart(id, title, 'route (source → destination)', cats, routes.map((x) => x.usd ?? 0)),
    table: {
      header: ['route', 'service', 'USD', 'USD/month'],
      rows: routes.map((x) => [`${x.source ?? ''} → ${x.destination ?? ''}`, String(x.service ?? ''), `$${fmt(x.usd ?? 0)}`, `$${fmt(x.usdPerMonth ?? 0)}`]),
      align: ['l', 'l', 'r', 'r'],
    },
  };
}

export const bytesSection: SectionBuilder = (results) => {
  const priced = results.some((r) => classes(r).some(([, v]) => typeof v.usd === 'number'));
  return section('bytes', priced ? 'Bytes and cost by path class and route' : 'Bytes by path class and route', priced ? undefined : 'No prices in these results: cost (USD) charts appear here when the scenario prices its paths.', [
    figures(results.flatMap(byClass)),
    figures(results.flatMap(byRoute)),
  ]);
};
