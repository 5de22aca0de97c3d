/** Endpoints: utilisation of every endpoint (endpoints.csv, else summary.json endpoints). */
import { barChart } from '../charts/bar-chart.js';
import { fmt } from '../format.js';
import { figures, rid, section, type Figure, type SectionBuilder } from '../model.js';
import { num, type ResultSet } from '../results.js';

function rows(r: ResultSet): { name: string; utilisation: number }[] {
  const t = r.tables.endpoints;
  if (t && t.header.includes('utilisation')) return t.rows.map((x) => ({ name: x.endpoint, utilisation: num(x, 'utilisation') }));
  return Array.isArray(r.summary.endpoints) ? r.summary.endpoints.map((e) => ({ name: e.name, utilisation: e.utilisation ?? NaN })) : [];
}

function figure(r: ResultSet, i: number): Figure | undefined {
  const e = rows(r).filter((x) => Number.isFinite(x.utilisation));
  if (e.length === 0) return undefined;
  const id = `endpoints-${rid(i)}`;
  const title = `Endpoint utilisation — ${r.label}`;
  return {
    id,
    result: r.label,
    title,
    caption: 'Busy server time over concurrency × simulated time, per endpoint (pod); near 100 % the queue grows.',
    svg: barChart({ id, title, xLabel: 'utilisation (%)', yLabel: 'endpoint', categories: e.map((x) => x.name), parts: [{ name: 'utilisation', values: e.map((x) => x.utilisation * 100) }], xMax: 100, format: (v) => `${fmt(v)} %` }),
  };
}

export const endpointsSection: SectionBuilder = (results) => section('endpoints', 'Endpoints', undefined, [figures(results.map(figure))]);
