/**
 * The comparison as a text table read at a glance: one column per design, the first design's
 * value, then for each other design its value and its difference from the first with the 95 %
 * interval of that difference (when there are replications to give one). Sections: requests,
 * latency per user population and service, failure rate, egress USD/month by path class,
 * gateway utilisation. Rows that are zero in every design are left out where they say nothing
 * (failure rates of a run without failures, path classes no byte crossed); the CSV and JSON
 * keep every row.
 *
 *   latency, ms             flat      federation
 *     users iowa    p50     33.3      30.0    -3.26 ±0.41
 */
import { escapeControl } from '../model/escape.js';
import { VERSION } from '../version.js';
import type { ComparedRow, Difference } from './aggregate.js';
import type { Comparison } from './comparison.js';
import { METRIC_BY_ID, type Section } from './metrics.js';

const SECTION_TITLES: Record<Section, string> = {
  traffic: 'requests',
  latency: 'latency, ms',
  failures: 'failed requests, %',
  egress: 'egress, USD/month (30 days at the simulated rate)',
  gateways: 'gateway utilisation, % (mean over replicas)',
  faults: 'failure impact, per fault (while active; detected/recovered: seconds after its start, — never)',
};

/** How a group reads in the table: `users iowa`, `service frontend.shop`, `cross-zone`, `ingress us`. */
export function groupLabel(group: string, origins: ReadonlyMap<string, 'workload' | 'users'>): string {
  const colon = group.indexOf(':');
  if (colon < 0) return group;
  const kind = group.slice(0, colon);
  const name = group.slice(colon + 1);
  switch (kind) {
    case 'source':
      return `${origins.get(name) === 'users' ? 'users' : 'source'} ${name}`;
    case 'service':
      return `service ${name}`;
    case 'call':
      return `calls to ${name}`;
    case 'path':
      return name === 'total' ? 'total' : name;
    case 'gateway':
      return name.replace('/', ' ');
    case 'fault':
      return name;
    default:
      return group;
  }
}

/** Decimals for a row whose largest magnitude is `max`: about three significant digits. */
export function decimalsFor(max: number): number {
  if (!(max > 0)) return 0;
  return Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(max))));
}

const number = (v: number, decimals: number) => {
  const s = v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
};
const signed = (v: number, decimals: number) => {
  const s = number(v, decimals);
  return s.startsWith('-') ? s : `+${s}`;
};

/** Decimals that give `v` two significant digits (at least `min`). */
function twoDigits(v: number, min: number): number {
  return v > 0 ? Math.max(min, Math.min(6, 1 - Math.floor(Math.log10(v)))) : min;
}

/** [mark, Δ, ±]: `=` identical in every replication, `≈` the 95 % interval holds 0. */
function differenceCells(d: Difference | null, rowDecimals: number): string[] {
  if (d === null) return ['', '', ''];
  if (d.identical) return ['=', '0', ''];
  const dec = twoDigits(Math.max(Math.abs(d.mean), d.halfWidth ?? 0), rowDecimals);
  const holdsZero = d.low !== null && d.high !== null && d.low <= 0 && d.high >= 0;
  return [holdsZero ? '≈' : '', signed(d.mean, dec), d.halfWidth === null ? '' : `±${number(d.halfWidth, dec)}`];
}

/** A table row: label, stat, then per design: value (design 0) or value, mark, Δ, ± (the others). */
type Line = { section: string } | { cells: string[] };

function rowCells(label: string, stat: string, row: ComparedRow): string[] {
  const means = row.values.map((v) => v.mean).filter((m): m is number => m !== null);
  const dec = decimalsFor(Math.max(0, ...means.map(Math.abs)));
  const cells = [label, stat];
  row.values.forEach((v, i) => {
    cells.push(v.mean === null ? '—' : number(v.mean, dec));
    if (i > 0) cells.push(...differenceCells(row.differences[i], dec));
  });
  return cells;
}

const allZero = (row: ComparedRow) => row.values.every((v) => v.mean === null || v.mean === 0);

function lines(c: Comparison): Line[] {
  const out: Line[] = [];
  const rows = c.rows.filter((r) => METRIC_BY_ID.get(r.metric)?.inTable);
  const label = (g: string) => escapeControl(groupLabel(g, c.origins));
  // requests after warm-up: the whole run only (the same traffic in every design, by construction)
  out.push({ section: SECTION_TITLES.traffic });
  for (const r of rows.filter((r) => r.metric === 'requests' && r.group === 'all')) out.push({ cells: rowCells('counted', '', r) });
  // latency: per group, its percentiles
  out.push({ section: SECTION_TITLES.latency });
  const latency = rows.filter((r) => METRIC_BY_ID.get(r.metric)!.section === 'latency');
  // One service answering every request repeats the "all" rows: left out.
  const services = new Set(latency.filter((r) => r.group.startsWith('service:')).map((r) => r.group));
  const shown = (g: string) => !(services.size === 1 && services.has(g));
  const groups = [...new Set(latency.map((r) => r.group))].filter(shown);
  for (const g of groups) latency.filter((r) => r.group === g).forEach((r, i) => out.push({ cells: rowCells(i === 0 ? label(g) : '', METRIC_BY_ID.get(r.metric)!.stat, r) }));
  // failures: the whole run, and the groups with failures somewhere
  out.push({ section: SECTION_TITLES.failures });
  for (const r of rows.filter((r) => r.metric === 'failure_rate_pct' && (r.group === 'all' || (shown(r.group) && !allZero(r))))) out.push({ cells: rowCells(label(r.group), '', r) });
  // egress: the path classes some design pays for, and the total
  const egress = rows.filter((r) => r.metric === 'egress_usd_per_month');
  out.push({ section: SECTION_TITLES.egress });
  if (egress.every((r) => r.values.every((v) => v.mean === null))) out.push({ section: '  (no design has pricing:)' });
  else for (const r of egress.filter((r) => r.group === 'path:total' || !allZero(r))) out.push({ cells: rowCells(label(r.group), '', r) });
  const gateways = rows.filter((r) => r.metric === 'gateway_utilisation_pct');
  out.push({ section: SECTION_TITLES.gateways });
  if (gateways.length === 0) out.push({ section: '  (no gateways)' });
  for (const r of gateways) out.push({ cells: rowCells(label(r.group), '', r) });
  const faults = rows.filter((r) => METRIC_BY_ID.get(r.metric)!.section === 'faults');
  if (faults.length > 0) {
    out.push({ section: SECTION_TITLES.faults });
    for (const g of [...new Set(faults.map((r) => r.group))]) {
      out.push({ section: `  ${label(g)}` });
      for (const r of faults.filter((r) => r.group === g)) out.push({ cells: rowCells('', METRIC_BY_ID.get(r.metric)!.stat, r) });
    }
  }
  return out;
}

/** Sub-columns of design i: [value] for the first, [value, mark, Δ, ±] for the others. */
const subColumns = (i: number) => (i === 0 ? 1 : 4);

function render(header: string[], body: Line[]): string {
  const rows = body.filter((l): l is { cells: string[] } => 'cells' in l).map((l) => l.cells);
  const nCols = 2 + header.reduce((a, _, i) => a + subColumns(i), 0);
  const width = Array.from({ length: nCols }, (_, j) => Math.max(0, ...rows.map((r) => [...(r[j] ?? '')].length)));
  // Each design's title spans its sub-columns (and the spaces between them); widen its value column if the title is longer.
  let col = 2;
  const spans = header.map((_, i) => {
    const s = { from: col, to: col + subColumns(i) };
    col = s.to;
    return s;
  });
  const spanWidth = (s: { from: number; to: number }) => width.slice(s.from, s.to).reduce((a, b) => a + b, 0) + (s.to - s.from - 1);
  header.forEach((h, i) => {
    const missing = [...h].length - spanWidth(spans[i]);
    if (missing > 0) width[spans[i].from] += missing;
  });
  const gap = '   ';
  const left = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
  const right = (s: string, w: number) => ' '.repeat(Math.max(0, w - [...s].length)) + s;
  const lead = ' '.repeat(2 + width[0] + 1 + width[1]);
  const title = lead + header.map((h, i) => gap + right(h, spanWidth(spans[i]))).join('');
  const text = [title.trimEnd()];
  for (const l of body) {
    if ('section' in l) {
      text.push(l.section);
      continue;
    }
    let line = '  ' + left(l.cells[0], width[0]) + ' ' + left(l.cells[1], width[1]);
    spans.forEach((s) => {
      line += gap;
      for (let j = s.from; j < s.to; j++) {
        const sub = j - s.from;
        // value and Δ right-aligned; the mark and ± read left to right
        line += (sub === 0 ? '' : ' ') + (sub === 1 || sub === 3 ? left(l.cells[j], width[j]) : right(l.cells[j], width[j]));
      }
    });
    text.push(line.trimEnd());
  }
  return text.join('\n') + '\n';
}

/** The whole text: what ran, how to read it, the table. */
export function formatCompareText(c: Comparison): string {
  const { plan, designs } = c;
  const R = plan.replications;
  const seeds = R === 1 ? `seed ${plan.seed}` : `seeds ${plan.seed}–${plan.seed + R - 1}`;
  const streams = plan.streams === 'common' ? `common random numbers (${seeds} in every design)` : `independent streams (design d: ${seeds} + ${c.independentOffset}·d)`;
  const requests = plan.requests === undefined ? "each scenario's requests" : `${plan.requests.toLocaleString('en-US')} requests per run`;
  const head = [
    `meshsim ${VERSION} compare · ${designs.length} designs × ${R} replication${R === 1 ? '' : 's'} · ${streams} · ${requests}`,
    ...designs.map((d) => escapeControl(`  ${d.label.padEnd(Math.max(...designs.map((x) => x.label.length)))}  ${d.file}`)),
    escapeControl(`Δ: difference from ${designs[0].label}, paired by seed${R > 1 ? '; ± half-width of its 95 % confidence interval; ≈ no difference shown (the interval holds 0)' : ' (one replication: no interval; --replications 5 gives one)'}; = identical in every run`),
    '',
  ];
  return head.join('\n') + '\n' + render(designs.map((d) => escapeControl(d.label)), lines(c));
}
