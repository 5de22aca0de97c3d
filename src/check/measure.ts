/**
 * Measures a threshold's metric on one result: from summary.json for the totals, from
 * populations.csv for services and sources, from routes.csv for routes and localities.
 * Several matching items: counts are summed (error rate, share, requests); a latency must hold
 * for each, so the worst one is measured. Data a result lacks is "not available", which
 * `meshsim check` reports as bad input (exit 2), never as a pass.
 */
import { num, type ResultSet } from '../report/html/results.js';
import type { Selector, Threshold } from './grammar.js';
import { localityMatch, globMatch, serviceMatch } from './patterns.js';

export type Measurement =
  | { available: true; value: number; /** What was measured: "all requests", "service helloworld.sample", "2 routes". */ subject: string }
  | { available: false; reason: string };

const LATENCY_COLUMN: Record<string, string> = { p50: 'latency_p50_ms', p90: 'latency_p90_ms', p99: 'latency_p99_ms', p999: 'latency_p999_ms', max: 'latency_max_ms', mean: 'latency_mean_ms' };
const SUMMARY_LATENCY: Record<string, string> = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p999', max: 'max', mean: 'mean' };

type Row = Record<string, string>;

function na(reason: string): Measurement {
  return { available: false, reason };
}

function isEmpty(sel: Selector): boolean {
  return Object.keys(sel).length === 0;
}

function describe(sel: Selector): string {
  const parts: string[] = [];
  if (sel.service) parts.push(`service=${sel.service}`);
  if (sel.source) parts.push(`source=${sel.source}`);
  if (sel.route) parts.push(`route=${sel.route.from} -> ${sel.route.to}`);
  if (sel.from) parts.push(`from=${sel.from}`);
  if (sel.cluster) parts.push(`cluster=${sel.cluster}`);
  if (sel.locality) parts.push(`locality=${sel.locality}`);
  return parts.join(', ');
}

/** populations.csv rows selected by service= / source=. */
function populationRows(r: ResultSet, sel: Selector): Row[] | Measurement {
  const t = r.tables.populations;
  if (!t) return na(`this result has no populations.csv (per service and source numbers), needed for ${describe(sel)}`);
  const rows = t.rows.filter((x) => (sel.service !== undefined ? x.group === 'service' && serviceMatch(sel.service, x.name) : x.group === 'source' && globMatch(sel.source!, x.name)));
  if (rows.length === 0) {
    const group = sel.service !== undefined ? 'service' : 'source';
    const names = t.rows.filter((x) => x.group === group).map((x) => x.name);
    return na(`${describe(sel)} matches no ${group} in this result (${group}s: ${names.join(', ') || 'none'})`);
  }
  return rows;
}

/** Does a routes.csv row's destination match the selector? */
function destinationMatch(x: Row, sel: Selector): boolean {
  if (x.destination_cluster === '') return false;
  if (sel.cluster !== undefined && !globMatch(sel.cluster, x.destination_cluster)) return false;
  if (sel.locality !== undefined && !localityMatch(sel.locality, x.destination_locality)) return false;
  if (sel.route !== undefined && !localityMatch(sel.route.to, `${x.destination_cluster}/${x.destination_locality}`)) return false;
  return true;
}

function sourceMatch(x: Row, sel: Selector): boolean {
  const from = sel.from ?? sel.route?.from;
  return from === undefined || localityMatch(from, x.source_locality);
}

function routeRows(r: ResultSet, sel: Selector): Row[] | Measurement {
  const t = r.tables.routes;
  if (!t) return na(`this result has no routes.csv, needed for ${describe(sel)}`);
  const rows = t.rows.filter((x) => sourceMatch(x, sel) && (sel.cluster === undefined && sel.locality === undefined && sel.route === undefined ? true : destinationMatch(x, sel)));
  if (rows.length === 0) {
    const routes = t.rows.map((x) => `${x.source_locality} -> ${x.destination_cluster ? `${x.destination_cluster}/${x.destination_locality}` : '(none)'}`);
    return na(`${describe(sel)} matches no route in this result (routes: ${routes.join('; ')})`);
  }
  return rows;
}

function selected(r: ResultSet, sel: Selector): Row[] | Measurement {
  return sel.service !== undefined || sel.source !== undefined ? populationRows(r, sel) : routeRows(r, sel);
}

function subject(rows: Row[], sel: Selector): string {
  return rows.length === 1 ? describe(sel) : `${rows.length} items matching ${describe(sel)}`;
}

function sum(rows: Row[], col: string): number {
  return rows.reduce((a, x) => a + (num(x, col) || 0), 0);
}

export function measure(t: Threshold, r: ResultSet): Measurement {
  const s = r.summary;
  const sel = t.selector;
  const m = t.metric.name;
  switch (t.metric.kind) {
    case 'latency': {
      if (isEmpty(sel)) {
        const v = (s.latencyMs as Record<string, unknown>)[SUMMARY_LATENCY[m]];
        return typeof v === 'number' ? { available: true, value: v, subject: 'all requests' } : na(`summary.json has no latencyMs.${SUMMARY_LATENCY[m]} (no successful request?)`);
      }
      const rows = selected(r, sel);
      if (!Array.isArray(rows)) return rows;
      const measured = rows.map((x) => ({ x, v: num(x, LATENCY_COLUMN[m]) })).filter((e) => Number.isFinite(e.v));
      if (measured.length === 0) return na(`${describe(sel)} has no successful request to measure ${m} on`);
      // The worst item decides: the largest latency for "<", the smallest for ">".
      const worst = measured.reduce((a, b) => ((t.op === '<' || t.op === '<=') ? (b.v > a.v ? b : a) : (b.v < a.v ? b : a)));
      const name = worst.x.name !== undefined ? `${worst.x.group} ${worst.x.name}` : `${worst.x.source_locality} -> ${worst.x.destination_cluster}/${worst.x.destination_locality}`;
      return { available: true, value: worst.v, subject: measured.length === 1 ? name : `${name} (worst of ${measured.length})` };
    }
    case 'ratio': {
      if (m === 'errorRate') {
        if (isEmpty(sel)) return s.requests.counted > 0 ? { available: true, value: s.requests.failed / s.requests.counted, subject: 'all requests' } : na('no request was counted');
        const rows = selected(r, sel);
        if (!Array.isArray(rows)) return rows;
        const n = sum(rows, 'requests');
        return n > 0 ? { available: true, value: sum(rows, 'failed') / n, subject: subject(rows, sel) } : na(`${describe(sel)} has no requests`);
      }
      return share(r, sel);
    }
    case 'count': {
      if (m === 'ejections') {
        const e = s.loadBalancing?.ejections;
        return typeof e === 'number' ? { available: true, value: e, subject: 'all proxies' } : na('summary.json has no loadBalancing.ejections');
      }
      if (isEmpty(sel)) return { available: true, value: s.requests.counted, subject: 'all requests' };
      const rows = selected(r, sel);
      if (!Array.isArray(rows)) return rows;
      return { available: true, value: sum(rows, 'requests'), subject: subject(rows, sel) };
    }
    case 'rate': {
      const v = s.requests.throughputPerSecond;
      return typeof v === 'number' ? { available: true, value: v, subject: 'all requests' } : na('summary.json has no requests.throughputPerSecond');
    }
    case 'usd': {
      const cost = (s as Record<string, unknown>).cost as Record<string, unknown> | undefined;
      const v = cost?.egressUsdPerMonth ?? (s as Record<string, unknown>).egressUsdPerMonth;
      return typeof v === 'number'
        ? { available: true, value: v, subject: 'all traffic' }
        : na('egressUsdPerMonth is not available in this result: its scenario has no `pricing:` (e.g. `pricing: gcp`, see data/prices/README.md), so its egress was not priced');
    }
    default: {
      const never: never = t.metric.kind;
      throw new Error(`unknown metric kind ${String(never)}`);
    }
  }
}

function describeDestination(sel: Selector): string {
  return [sel.cluster !== undefined ? `cluster ${sel.cluster}` : '', sel.locality ?? ''].filter((x) => x !== '').join(' ');
}

/** Share of routed requests whose destination matches (among those from the `from` localities). */
function share(r: ResultSet, sel: Selector): Measurement {
  if (sel.cluster === undefined && sel.locality === undefined) return na('share needs a destination: share(us-west1/*), share(locality=us-west1/us-west1-a) or share(cluster=cluster2)');
  const t = r.tables.routes;
  if (t) {
    const routed = t.rows.filter((x) => x.destination_cluster !== '' && sourceMatch(x, sel));
    const total = sum(routed, 'requests');
    if (total === 0) return na(`no routed requests${sel.from ? ` from ${sel.from}` : ''} in this result`);
    return { available: true, value: sum(routed.filter((x) => destinationMatch(x, sel)), 'requests') / total, subject: `routed requests${sel.from ? ` from ${sel.from}` : ''} sent to ${describeDestination(sel)}` };
  }
  if (sel.from !== undefined) return na('this result has no routes.csv, needed for share(from=...)');
  const by = r.summary.shares?.byDestinationLocality ?? [];
  const total = by.reduce((a, x) => a + x.requests, 0);
  if (total === 0) return na('no routed requests in this result');
  const hit = by.filter((x) => {
    const [cluster, ...loc] = x.locality.split('/');
    return (sel.cluster === undefined || globMatch(sel.cluster, cluster)) && (sel.locality === undefined || localityMatch(sel.locality, loc.join('/')));
  });
  return { available: true, value: hit.reduce((a, x) => a + x.requests, 0) / total, subject: `routed requests sent to ${describeDestination(sel)}` };
}
