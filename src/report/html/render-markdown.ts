/**
 * The report's Markdown twin: the same sections, the charts as image links to SVG files written
 * beside it (`<name>-charts/<figure id>.svg`), and the numbers behind each chart as tables.
 * Every text from the results is escaped (no HTML, links or emphasis can come from a name).
 */
import { escMd } from './escape.js';
import type { Block, Section, Table } from './model.js';

function table(t: Table): string {
  const sep = t.header.map((_, j) => (t.align?.[j] === 'r' ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.map((c) => escMd(c) || ' ').join(' | ')} |`;
  return [line(t.header), `| ${sep.join(' | ')} |`, ...t.rows.map(line)].join('\n');
}

function block(b: Block, chartsDir: string): string {
  switch (b.kind) {
    case 'figures':
      return b.figures
        .map((f) => `### ${escMd(f.title)}\n\n![${escMd(f.title)}](${chartsDir}/${f.id}.svg)\n\n*${escMd(f.caption)}*${f.table ? `\n\n${table(f.table)}` : ''}`)
        .join('\n\n');
    case 'table':
      return `${b.title ? `### ${escMd(b.title)}\n\n` : ''}${table(b.table)}`;
    case 'note':
      return escMd(b.text);
    default: {
      const never: never = b;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

export function renderMarkdown(title: string, meta: string, sections: Section[], footer: string, chartsDir: string): string {
  const parts = [`# ${escMd(title)}`, escMd(meta)];
  for (const s of sections) {
    parts.push(`## ${escMd(s.title)}`);
    if (s.intro) parts.push(escMd(s.intro));
    for (const b of s.blocks) parts.push(block(b, chartsDir));
  }
  parts.push(`---\n${escMd(footer)}`);
  return parts.join('\n\n') + '\n';
}
