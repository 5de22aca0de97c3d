/**
 * Heat map: a matrix of cells coloured by value (0..max), each labelled with its value. Used
 * for the source-locality × destination-locality traffic matrix.
 */
import { esc } from '../escape.js';
import { frame, px, textWidth } from './frame.js';

export interface HeatMapSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  rows: string[];
  columns: string[];
  /** values[row][column]; NaN for an empty cell. */
  values: number[][];
  /** Text written in a cell. */
  cellText: (v: number, row: number, column: number) => string;
  /** Tooltip of a cell. */
  cellTitle: (v: number, row: number, column: number) => string;
  max?: number;
}

/** White to dark blue, t in [0, 1]. */
function shade(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * Math.min(1, Math.max(0, t)));
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `#${hex(c(247, 8))}${hex(c(251, 69))}${hex(c(255, 148))}`;
}

export function heatMap(spec: HeatMapSpec): string {
  const labelW = Math.min(280, Math.max(60, ...spec.rows.map((r) => textWidth(r) + 12)));
  const colLabel = Math.min(160, Math.max(30, ...spec.columns.map((c) => textWidth(c) * 0.5 + 16)));
  const cellH = 30;
  const width = 640;
  const plotW = width - labelW - 24 - 18;
  const cellW = spec.columns.length > 0 ? plotW / spec.columns.length : plotW;
  const height = 34 + spec.rows.length * cellH + colLabel + 28;
  const f = frame({ id: spec.id, title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel, height, marginLeft: labelW + 24, marginBottom: colLabel + 28 });
  const p = f.plot;
  const max = spec.max ?? Math.max(0, ...spec.values.flat().filter(Number.isFinite));
  const parts: string[] = [];
  spec.rows.forEach((r, i) => {
    const top = p.top + i * cellH;
    parts.push(`<text x="${p.left - 6}" y="${px(top + cellH / 2 + 4)}" text-anchor="end" fill="#333">${esc(r)}</text>`);
    spec.columns.forEach((_, j) => {
      const v = spec.values[i][j];
      const x0 = p.left + j * cellW;
      if (!Number.isFinite(v)) {
        parts.push(`<rect x="${px(x0)}" y="${top}" width="${px(cellW - 2)}" height="${cellH - 2}" fill="#f4f4f4"/>`);
        return;
      }
      const t = max > 0 ? v / max : 0;
      parts.push(`<rect class="mark" x="${px(x0)}" y="${top}" width="${px(cellW - 2)}" height="${cellH - 2}" fill="${shade(t)}"><title>${esc(spec.cellTitle(v, i, j))}</title></rect>`);
      parts.push(`<text x="${px(x0 + cellW / 2 - 1)}" y="${px(top + cellH / 2 + 3)}" text-anchor="middle" fill="${t > 0.55 ? '#fff' : '#222'}">${esc(spec.cellText(v, i, j))}</text>`);
    });
  });
  const bottom = p.top + spec.rows.length * cellH;
  spec.columns.forEach((c, j) => {
    const cx = p.left + j * cellW + cellW / 2;
    parts.push(`<text transform="translate(${px(cx)} ${bottom + 12}) rotate(-30)" text-anchor="end" fill="#333">${esc(c)}</text>`);
  });
  return f.finish(parts.join(''));
}
