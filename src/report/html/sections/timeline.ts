/**
 * Timeline: error rate, p99 latency, traffic share by destination locality and ejected hosts
 * over simulated time (timeline.csv, timeline-destinations.csv), with each fault's window
 * shaded (summary.json faults). Each chart is drawn when its column or file is present.
 */
import { lineChart, type Band, type Series } from '../charts/line-chart.js';
import { fmt } from '../format.js';
import { figures, rid, section, type Figure, type SectionBuilder } from '../model.js';
import { num, type ResultSet } from '../results.js';

const X = 'simulated time (s)';

export function faultBands(r: ResultSet): Band[] {
  const faults = Array.isArray(r.summary.faults) ? r.summary.faults : [];
  return faults
    .flatMap((f) => {
      const start = f.startMs;
      if (typeof start !== 'number') return [];
      return [{
        from: start / 1000,
        to: typeof f.endMs === 'number' ? f.endMs / 1000 : Infinity,
        label: `${f.kind} ${fmt(start / 1000)}–${typeof f.endMs === 'number' ? fmt(f.endMs / 1000) : 'end'} s`,
      }];
    });
}

function mid(row: Record<string, string>): number {
  return (num(row, 'start_s') + num(row, 'end_s')) / 2;
}

interface Metric {
  key: string;
  title: string;
  yLabel: string;
  caption: string;
  series: (r: ResultSet) => Series[] | undefined;
  yDomain?: [number, number];
}

const METRICS: Metric[] = [
  {
    key: 'error-rate',
    title: 'Error rate',
    yLabel: 'failed requests (%)',
    caption: 'Share of the requests ending in each interval that failed (any cause); shaded: fault windows.',
    series: (r) => {
      const t = r.tables.timeline;
      if (!t || !t.header.includes('failed')) return undefined;
      const pts = t.rows
        .filter((x) => num(x, 'succeeded') + num(x, 'failed') > 0)
        .map((x): [number, number] => [mid(x), (100 * num(x, 'failed')) / (num(x, 'succeeded') + num(x, 'failed'))]);
      return [{ name: 'error rate', points: pts }];
    },
  },
  {
    key: 'p99',
    title: 'p99 latency',
    yLabel: 'p99 latency (ms)',
    caption: 'The 99th percentile of the successful requests ending in each interval (p50 dashed); shaded: fault windows.',
    series: (r) => {
      const t = r.tables.timeline;
      if (!t || !t.header.includes('latency_p99_ms')) return undefined;
      const s = (col: string): [number, number][] => t.rows.filter((x) => x[col] !== '').map((x) => [mid(x), num(x, col)]);
      return [{ name: 'p99', points: s('latency_p99_ms') }, ...(t.header.includes('latency_p50_ms') ? [{ name: 'p50', points: s('latency_p50_ms'), dash: true }] : [])];
    },
  },
  {
    key: 'share',
    title: 'Traffic share by destination locality',
    yLabel: 'share of routed requests (%)',
    caption: 'Where the requests ending in each interval were sent (destination cluster/locality), failed ones included; shaded: fault windows.',
    yDomain: [0, 100],
    series: (r) => {
      const t = r.tables['timeline-destinations'];
      if (!t || t.rows.length === 0) return undefined;
      const totals = new Map<string, number>();
      for (const x of t.rows) if (x.destination_cluster !== '') totals.set(x.start_s, (totals.get(x.start_s) ?? 0) + num(x, 'requests'));
      const starts = [...totals.keys()];
      const dests = [...new Set(t.rows.filter((x) => x.destination_cluster !== '').map((x) => `${x.destination_cluster}/${x.destination_locality}`))].sort();
      const cell = new Map(t.rows.map((x) => [`${x.start_s}|${x.destination_cluster}/${x.destination_locality}`, x]));
      const ends = new Map(t.rows.map((x) => [x.start_s, num(x, 'end_s')]));
      return dests.map((d) => ({
        name: d,
        points: starts.map((s): [number, number] => {
          const x = cell.get(`${s}|${d}`);
          return [(Number(s) + (ends.get(s) ?? Number(s))) / 2, x ? (100 * num(x, 'requests')) / (totals.get(s) ?? 1) : 0];
        }),
      }));
    },
  },
  {
    key: 'ejections',
    title: 'Ejected hosts',
    yLabel: 'hosts ejected (all proxies)',
    caption: 'Hosts ejected by outlier detection at the end of each interval, summed over calling proxies; shaded: fault windows.',
    series: (r) => {
      const t = r.tables.timeline;
      if (!t || !t.header.includes('ejected_hosts')) return undefined;
      return [{ name: 'ejected hosts', points: t.rows.map((x): [number, number] => [num(x, 'end_s'), num(x, 'ejected_hosts')]) }];
    },
  },
];

function metricFigure(m: Metric, r: ResultSet, i: number): Figure | undefined {
  const series = m.series(r);
  if (!series || series.every((s) => s.points.length === 0)) return undefined;
  const id = `timeline-${m.key}-${rid(i)}`;
  const title = `${m.title} — ${r.label}`;
  const bands = faultBands(r);
  const caption = bands.length > 0 ? m.caption : m.caption.replace('; shaded: fault windows.', '.');
  return { id, result: r.label, title, caption, svg: lineChart({ id, title, xLabel: X, yLabel: m.yLabel, series, bands, yDomain: m.yDomain, height: 240 }) };
}

export const timelineSection: SectionBuilder = (results) =>
  section(
    'timeline',
    'Over time',
    'Per timeline interval (timeline.csv): requests are counted in the interval in which they end.',
    METRICS.map((m) => figures(results.map((r, i) => metricFigure(m, r, i)))),
  );
