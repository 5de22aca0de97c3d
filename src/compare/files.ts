/**
 * compare.csv and compare.json.
 * - compare.csv is tidy: one row per metric × group × design × replication (`metric, group,
 *   design, replication, seed, value`), after one `#` provenance line (pandas:
 *   `read_csv(path, comment='#')`). An empty value: nothing to measure in that run.
 * - compare.json holds the aggregates: per metric and group, each design's mean with its 95 %
 *   interval, and each design's paired difference from the first with its 95 % interval.
 * Values are rounded to 6 decimals (as the sweep's CSVs), names guarded against spreadsheet formulas.
 */
import { stringify } from 'csv-stringify/sync';
import { formatDiagnostic } from '../model/diagnostics.js';
import { escapeControl } from '../model/escape.js';
import { neutraliseFormula } from '../report/csv.js';
import { round } from '../report/summary.js';
import { VERSION } from '../version.js';
import type { Comparison } from './comparison.js';
import { seedOf } from './replicate.js';

function seedsText(c: Comparison): string {
  return c.plan.streams === 'common' ? 'scenario seed + replication, the same in every design' : `scenario seed + replication + ${c.independentOffset} x design`;
}

export function compareCsv(c: Comparison): string {
  const designs = escapeControl(c.designs.map((d) => `${d.label}=${d.loaded.hash.slice(0, 12)}`).join(','));
  const head = `# meshsim ${VERSION} compare designs=${designs} replications=${c.plan.replications} requests=${c.plan.requests ?? 'scenario'} streams=${c.plan.streams} seeds=${seedsText(c)} (first ${c.plan.seed})\n`;
  const rows = [...c.observations]
    .sort((a, b) => a.design - b.design || a.replication - b.replication)
    .map((o) => [o.metric, neutraliseFormula(o.group), neutraliseFormula(c.designs[o.design].label), o.replication, o.seed, o.value === null ? '' : round(o.value, 6)]);
  return head + stringify([['metric', 'group', 'design', 'replication', 'seed', 'value'], ...rows]);
}

export function compareJson(c: Comparison): string {
  const json = {
    schema: 'meshsim.compare/v1',
    meshsim: VERSION,
    streams: c.plan.streams,
    seeds: seedsText(c),
    replications: c.plan.replications,
    requests: c.plan.requests ?? null,
    baseline: c.designs[0].label,
    designs: c.designs.map((d, i) => ({
      label: d.label,
      name: d.loaded.scenario.name,
      file: d.file,
      hash: d.loaded.hash,
      seeds: Array.from({ length: c.plan.replications }, (_, r) => seedOf(c.plan.seed, r, i, c.plan.streams)),
    })),
    warnings: c.warnings.map(formatDiagnostic),
    metrics: c.rows.map((r) => ({
      metric: r.metric,
      group: r.group,
      unit: r.unit,
      designs: r.values.map((v, i) => ({ design: c.designs[i].label, ...v })),
      differences: r.differences.flatMap((d, i) => (i === 0 ? [] : [{ design: c.designs[i].label, vs: c.designs[0].label, ...(d ?? { n: 0, mean: null, halfWidth: null, low: null, high: null, identical: false }) }])),
    })),
  };
  return JSON.stringify(json, null, 2) + '\n';
}
