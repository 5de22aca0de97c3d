/**
 * Line chart: one polyline per series over a linear or logarithmic x axis, optional shaded
 * x ranges (fault windows). Used for latency CDFs and timelines.
 */
import { esc } from '../escape.js';
import { fmt, logTicks, niceDomain, niceTicks } from '../format.js';
import { axes, color, frame, linearScale, logScale, px } from './frame.js';

export interface Series {
  name: string;
  points: [number, number][];
  dash?: boolean;
}

export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface LineChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Logarithmic x axis (positive values only). */
  xLog?: boolean;
  xDomain?: [number, number];
  yDomain?: [number, number];
  yFormat?: (v: number) => string;
  bands?: Band[];
  height?: number;
}

export function lineChart(spec: LineChartSpec): string {
  const series = spec.series.filter((s) => s.points.length > 0);
  const legend = series.length > 1 ? series.map((s, i) => ({ name: s.name, color: color(i), dash: s.dash })) : [];
  const f = frame({ id: spec.id, title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel, legend, height: spec.height });
  const p = f.plot;
  const xs = series.flatMap((s) => s.points.map((q) => q[0])).filter((v) => Number.isFinite(v) && (!spec.xLog || v > 0));
  const ys = series.flatMap((s) => s.points.map((q) => q[1])).filter(Number.isFinite);
  const range: [number, number] = [p.left, p.left + p.width];
  let x;
  if (spec.xLog) {
    const lo = spec.xDomain?.[0] ?? Math.min(...xs);
    const hi = spec.xDomain?.[1] ?? Math.max(...xs);
    const d0 = 10 ** Math.floor(Math.log10(lo));
    const d1 = Math.max(10 ** Math.ceil(Math.log10(hi)), d0 * 10);
    x = logScale([d0, d1], range, logTicks(d0, d1).filter((_, i, a) => a.length <= 12 || i % 3 === 0));
  } else {
    const lo = Math.min(0, ...xs);
    const d: [number, number] = spec.xDomain ?? [lo, Math.max(...xs) > lo ? Math.max(...xs) : lo + 1];
    x = linearScale(d, range, niceTicks(d[0], d[1], 8));
  }
  const yd = spec.yDomain ?? niceDomain(Math.min(0, ...ys), Math.max(...ys, 0) || 1, 5);
  const y = linearScale(yd, [p.top + p.height, p.top], niceTicks(yd[0], yd[1], 5), spec.yFormat ?? ((v) => fmt(v)));
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const bands = (spec.bands ?? [])
    .map((b) => {
      const x0 = clamp(x(b.from), p.left, p.left + p.width);
      const x1 = clamp(x(Number.isFinite(b.to) ? b.to : x.ticks[x.ticks.length - 1]), p.left, p.left + p.width);
      return `<rect class="band" x="${px(x0)}" y="${p.top}" width="${px(Math.max(1, x1 - x0))}" height="${p.height}" fill="#d62728" fill-opacity="0.09"><title>${esc(b.label)}</title></rect><text x="${px(x0 + 3)}" y="${p.top + 11}" font-size="10" fill="#a33">${esc(b.label)}</text>`;
    })
    .join('');
  const lines = series
    .map((s, i) => {
      const pts = s.points
        .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && (!spec.xLog || a > 0))
        .map(([a, b]) => `${px(x(a))},${px(y(b))}`)
        .join(' ');
      return `<polyline class="mark" points="${pts}" fill="none" stroke="${color(i)}" stroke-width="1.8"${s.dash ? ' stroke-dasharray="5 3"' : ''} stroke-linejoin="round"><title>${esc(s.name)}</title></polyline>`;
    })
    .join('');
  return f.finish(bands + axes(p, x, y, { xGrid: spec.xLog }) + lines);
}
