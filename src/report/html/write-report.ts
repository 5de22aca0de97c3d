/**
 * Writes a report: `<out>.html`, its Markdown twin `<out>.md` and the twin's charts in
 * `<out>-charts/`. Files are written atomically (report/write.ts); SVGs left from an earlier
 * report that no longer has those charts are removed.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFilesBeside } from '../write.js';
import { buildReport } from './build-report.js';
import type { ResultSet } from './results.js';

/** Paths written for a report whose HTML goes to `htmlPath`. */
export function reportPaths(htmlPath: string): { html: string; markdown: string; chartsDir: string } {
  const dir = dirname(htmlPath);
  const stem = basename(htmlPath).replace(/\.html?$/i, '');
  return { html: htmlPath, markdown: join(dir, `${stem}.md`), chartsDir: join(dir, `${stem}-charts`) };
}

export function writeReport(results: ResultSet[], htmlPath: string): string[] {
  const paths = reportPaths(htmlPath);
  const report = buildReport(results, basename(paths.chartsDir));
  const svgs = Object.fromEntries(Object.entries(report.charts).map(([id, svg]) => [`${id}.svg`, svg]));
  if (existsSync(paths.chartsDir)) {
    for (const f of readdirSync(paths.chartsDir)) if (f.endsWith('.svg') && !(f in svgs)) rmSync(join(paths.chartsDir, f));
  }
  writeFilesBeside(paths.chartsDir, svgs);
  writeFilesBeside(dirname(htmlPath), { [basename(paths.html)]: report.html, [basename(paths.markdown)]: report.markdown });
  return [paths.html, paths.markdown, `${paths.chartsDir}/ (${Object.keys(svgs).length} SVG)`];
}
