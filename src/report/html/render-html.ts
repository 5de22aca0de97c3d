/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no external
 * resource (a Content-Security-Policy forbids them, so nothing a name might smuggle in can run
 * or load). Every text from the results is escaped. Same report model ⇒ same bytes.
 */
import { esc } from './escape.js';
import type { Block, Section, Table } from './model.js';

const CSS = `
body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0 auto;max-width:1360px;padding:16px 24px;color:#222;background:#fff}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:14px;margin:14px 0 4px}
p.meta,p.intro{color:#555;margin:4px 0 10px}nav a{margin-right:12px;color:#2a5db0;text-decoration:none}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;margin:10px 0}
figure{margin:0;border:1px solid #e4e4e4;border-radius:6px;padding:8px;background:#fff;overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}figcaption{font-size:12px;color:#444;margin-top:4px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px}th,td{border:1px solid #ddd;padding:3px 8px;vertical-align:top}
th{background:#f6f6f6;text-align:left}td.r{text-align:right;font-variant-numeric:tabular-nums}
details{margin:4px 0 8px;font-size:12px}footer{color:#777;font-size:12px;margin:32px 0 8px}
`.trim();

function table(t: Table): string {
  const align = (j: number) => (t.align?.[j] === 'r' ? ' class="r"' : '');
  const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, j) => `<td${align(j)}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'figures':
      return `<div class="row">\n${b.figures
        .map((f) => `<figure id="${esc(f.id)}">\n${f.svg}\n<figcaption>${esc(f.caption)}</figcaption>${f.table ? `\n<details><summary>numbers</summary>\n${table(f.table)}\n</details>` : ''}\n</figure>`)
        .join('\n')}\n</div>`;
    case 'table':
      return `${b.title ? `<h3>${esc(b.title)}</h3>\n` : ''}${table(b.table)}`;
    case 'note':
      return `<p class="intro">${esc(b.text)}</p>`;
    default: {
      const never: never = b;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

function sectionHtml(s: Section): string {
  return `<section id="${esc(s.id)}">\n<h2>${esc(s.title)}</h2>\n${s.intro ? `<p class="intro">${esc(s.intro)}</p>\n` : ''}${s.blocks.map(block).join('\n')}\n</section>`;
}

export function renderHtml(title: string, meta: string, sections: Section[], footer: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(meta)}</p>
<nav>${sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('')}</nav>
${sections.map(sectionHtml).join('\n')}
<footer>${esc(footer)}</footer>
</body>
</html>
`;
}
