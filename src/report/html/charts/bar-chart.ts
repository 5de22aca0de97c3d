/**
 * Horizontal bar chart: one bar per category, optionally stacked from several named parts
 * (request and response bytes, say). Used for bytes and USD by path class and by route, and
 * endpoint utilisation.
 */
import { esc } from '../escape.js';
import { fmt, niceDomain, niceTicks } from '../format.js';
import { axes, color, frame, linearScale, px, textWidth } from './frame.js';

export interface BarChartSpec {
  id: string;
  title: string;
  /** Label of the value axis, with its unit. */
  xLabel: string;
  yLabel: string;
  categories: string[];
  /** Named parts stacked in each bar; values[part][category]. */
  parts: { name: string; values: number[] }[];
  format?: (v: number) => string;
  xMax?: number;
}

export function barChart(spec: BarChartSpec): string {
  const n = spec.categories.length;
  const barH = 18;
  const gap = 8;
  const labelW = Math.min(300, Math.max(60, ...spec.categories.map((c) => textWidth(c) + 12)));
  const legend = spec.parts.length > 1 ? spec.parts.map((q, i) => ({ name: q.name, color: color(i) })) : [];
  const height = 34 + 44 + Math.max(1, n) * (barH + gap) + gap;
  const f = frame({ id: spec.id, title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel, legend, height, marginLeft: labelW + 24 });
  const p = f.plot;
  const totals = spec.categories.map((_, c) => spec.parts.reduce((a, q) => a + (q.values[c] || 0), 0));
  const d = niceDomain(0, spec.xMax ?? Math.max(...totals, 0), 6);
  const x = linearScale(d, [p.left, p.left + p.width], niceTicks(d[0], d[1], 6), spec.format ?? ((v) => fmt(v)));
  const y = linearScale([0, 1], [p.top + p.height, p.top], []);
  const bars: string[] = [];
  spec.categories.forEach((cat, c) => {
    const top = p.top + gap + c * (barH + gap);
    bars.push(`<text x="${p.left - 6}" y="${px(top + barH / 2 + 4)}" text-anchor="end" fill="#333">${esc(cat)}</text>`);
    let acc = 0;
    spec.parts.forEach((part, i) => {
      const v = part.values[c] || 0;
      if (v > 0) {
        const x0 = x(acc);
        const x1 = x(acc + v);
        bars.push(`<rect class="mark" x="${px(x0)}" y="${px(top)}" width="${px(Math.max(0.5, x1 - x0))}" height="${barH}" fill="${color(i)}"><title>${esc(`${cat} · ${part.name}: ${x.format(v)}`)}</title></rect>`);
      }
      acc += v;
    });
    bars.push(`<text x="${px(x(acc) + 4)}" y="${px(top + barH / 2 + 4)}" fill="#555" font-size="10">${esc(x.format(acc))}</text>`);
  });
  return f.finish(axes(p, x, y) + bars.join(''));
}
