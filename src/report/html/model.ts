/**
 * The report as data: sections of figures (an SVG chart with its title and caption, one per
 * result, shown side by side) and tables. Section builders produce it from results; the HTML and
 * Markdown formatters render it. A section whose data is absent is left out.
 */
import type { ResultSet } from './results.js';

export interface Table {
  header: string[];
  rows: string[][];
  /** 'r' right-aligns a column (numbers). */
  align?: ('l' | 'r')[];
}

export interface Figure {
  /** Unique id, also the SVG's file name in the Markdown twin. */
  id: string;
  /** The result it shows ('' when it compares several). */
  result: string;
  title: string;
  /** One line: what the chart shows and how to read it. */
  caption: string;
  svg: string;
  /** The numbers behind the chart, written in the Markdown twin. */
  table?: Table;
}

export type Block = { kind: 'figures'; figures: Figure[] } | { kind: 'table'; title?: string; table: Table } | { kind: 'note'; text: string };

export interface Section {
  id: string;
  title: string;
  intro?: string;
  blocks: Block[];
}

/** Builds one section from the results, or undefined when none of them has its data. */
export type SectionBuilder = (results: ResultSet[]) => Section | undefined;

/** Drops empty figure rows; a section with no block left is no section. */
export function section(id: string, title: string, intro: string | undefined, blocks: (Block | undefined)[]): Section | undefined {
  const kept = blocks.filter((b): b is Block => b !== undefined && (b.kind !== 'figures' || b.figures.length > 0));
  return kept.some((b) => b.kind !== 'note') ? { id, title, intro, blocks: kept } : undefined;
}

export function figures(list: (Figure | undefined)[]): Block {
  return { kind: 'figures', figures: list.filter((f): f is Figure => f !== undefined) };
}

/** A short id fragment from a result index. */
export function rid(i: number): string {
  return `r${i + 1}`;
}
