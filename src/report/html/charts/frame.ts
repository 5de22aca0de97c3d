/**
 * The frame every chart shares: an <svg> with a title, a plot area, axis labels (with units)
 * and a legend; scales from data to pixels. Charts draw their marks with class "mark" so a test
 * (or a reader's script) can check that something was drawn. Pure string building: the same
 * data gives the same bytes.
 */
import { esc } from '../escape.js';
import { fmt } from '../format.js';

export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function color(i: number): string {
  return PALETTE[i % PALETTE.length];
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Scale {
  (v: number): number;
  ticks: number[];
  format: (v: number) => string;
}

export function linearScale(domain: [number, number], range: [number, number], ticks: number[], format: (v: number) => string = (v) => fmt(v)): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const s = ((v: number) => r0 + (v - d0) * k) as Scale;
  s.ticks = ticks;
  s.format = format;
  return s;
}

export function logScale(domain: [number, number], range: [number, number], ticks: number[], format: (v: number) => string = (v) => fmt(v)): Scale {
  const l0 = Math.log10(domain[0]);
  const l1 = Math.log10(domain[1]);
  const [r0, r1] = range;
  const k = l1 === l0 ? 0 : (r1 - r0) / (l1 - l0);
  const s = ((v: number) => r0 + (Math.log10(Math.max(v, domain[0])) - l0) * k) as Scale;
  s.ticks = ticks;
  s.format = format;
  return s;
}

/** A pixel coordinate, rounded so output bytes do not depend on floating-point noise. */
export function px(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** Approximate text width in pixels (11 px sans-serif), for layout. */
export function textWidth(text: string, size = 11): number {
  return text.length * size * 0.58;
}

export interface FrameSpec {
  /** Chart id (the figure it belongs to), written as data-chart. */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Extra room left of the plot (long category names). */
  marginLeft?: number;
  marginBottom?: number;
  legend?: { name: string; color: string; dash?: boolean }[];
}

export interface Frame {
  plot: Box;
  width: number;
  height: number;
  /** Wraps the chart body (marks, axes) into the finished <svg>. */
  finish(body: string): string;
}

const LEGEND_ROW = 16;

export function frame(spec: FrameSpec): Frame {
  const width = spec.width ?? 640;
  const legend = spec.legend ?? [];
  const legendRows = legendLayout(legend, width - 24).rows;
  const baseHeight = spec.height ?? 300;
  const height = baseHeight + (legendRows > 0 ? legendRows * LEGEND_ROW + 6 : 0);
  const left = spec.marginLeft ?? 60;
  const bottom = spec.marginBottom ?? 44;
  const plot: Box = { left, top: 34, width: width - left - 18, height: baseHeight - 34 - bottom };
  return {
    plot,
    width,
    height,
    finish(body: string): string {
      const head = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" data-chart="${esc(spec.id)}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="11">`;
      const title = `<title>${esc(spec.title)}</title><text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600" fill="#222">${esc(spec.title)}</text>`;
      const xl = `<text x="${px(plot.left + plot.width / 2)}" y="${baseHeight - 8}" text-anchor="middle" fill="#333">${esc(spec.xLabel)}</text>`;
      const yl = `<text transform="translate(14 ${px(plot.top + plot.height / 2)}) rotate(-90)" text-anchor="middle" fill="#333">${esc(spec.yLabel)}</text>`;
      return `${head}${title}<rect x="0" y="0" width="${width}" height="${height}" fill="none"/>${body}${xl}${yl}${legendSvg(legend, width, baseHeight + 4)}</svg>`;
    },
  };
}

function legendLayout(items: { name: string }[], maxWidth: number): { rows: number; positions: { x: number; row: number }[] } {
  let x = 0;
  let row = 0;
  const positions: { x: number; row: number }[] = [];
  for (const it of items) {
    const w = 22 + textWidth(it.name) + 14;
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    positions.push({ x, row });
    x += w;
  }
  return { rows: items.length > 0 ? row + 1 : 0, positions };
}

function legendSvg(items: { name: string; color: string; dash?: boolean }[], width: number, top: number): string {
  if (items.length === 0) return '';
  const { positions } = legendLayout(items, width - 24);
  return `<g class="legend">${items
    .map((it, i) => {
      const x = 12 + positions[i].x;
      const y = top + positions[i].row * LEGEND_ROW + 8;
      return `<line x1="${px(x)}" y1="${y}" x2="${px(x + 16)}" y2="${y}" stroke="${it.color}" stroke-width="3"${it.dash ? ' stroke-dasharray="4 3"' : ''}/><text x="${px(x + 20)}" y="${y + 4}" fill="#333">${esc(it.name)}</text>`;
    })
    .join('')}</g>`;
}

/** Grid lines and tick labels for both axes of a plot. */
export function axes(plot: Box, x: Scale, y: Scale, options: { xGrid?: boolean } = {}): string {
  const bottom = plot.top + plot.height;
  const parts: string[] = [];
  for (const t of y.ticks) {
    const yy = px(y(t));
    parts.push(`<line x1="${plot.left}" y1="${yy}" x2="${plot.left + plot.width}" y2="${yy}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${plot.left - 6}" y="${px(y(t) + 4)}" text-anchor="end" fill="#555">${esc(y.format(t))}</text>`);
  }
  for (const t of x.ticks) {
    const xx = px(x(t));
    if (options.xGrid) parts.push(`<line x1="${xx}" y1="${plot.top}" x2="${xx}" y2="${bottom}" stroke="#eeeeee"/>`);
    parts.push(`<line x1="${xx}" y1="${bottom}" x2="${xx}" y2="${bottom + 4}" stroke="#888"/>`);
    parts.push(`<text x="${xx}" y="${bottom + 16}" text-anchor="middle" fill="#555">${esc(x.format(t))}</text>`);
  }
  parts.push(`<line x1="${plot.left}" y1="${bottom}" x2="${plot.left + plot.width}" y2="${bottom}" stroke="#888"/>`);
  parts.push(`<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${bottom}" stroke="#888"/>`);
  return `<g class="axes">${parts.join('')}</g>`;
}
