/**
 * A sweep's two CSVs, row by row (a sweep may have more points than fit in memory at once):
 * - `tidy.csv`: one row per point × replication: `point`, one column per `--set` path (the value
 *   as written), `replication`, `seed`, then the metrics (see metrics.ts);
 * - `aggregate.csv`: one row per point: `point`, the `--set` columns, `replications`, then for
 *   each metric `<metric>_mean`, `<metric>_ci95_low`, `<metric>_ci95_high` (95 % t interval of
 *   the mean over replications; empty with one replication).
 * Both start with one `#` provenance line (pandas: `read_csv(path, comment='#')`).
 */
import { stringify } from 'csv-stringify/sync';
import type { Manifest, PointRecord } from './folder.js';
import { round6, valueOf, type Column } from './metrics.js';
import { meanCi95 } from '../stats/interval.js';

function provenance(m: Manifest, what: string): string {
  return `# meshsim ${m.meshsim} sweep ${what} scenario=${m.scenario.name} hash=${m.scenario.hash} points=${m.points} replications=${m.replications} seeds=scenario seed + replication\n`;
}

const cell = (v: string | number | null) => (v === null ? '' : v);

/** The `--set` paths of a sweep, in flag order. */
export function setPaths(m: Manifest): string[] {
  return m.set.map((s) => s.path);
}

/** The provenance line and header row of tidy.csv. */
export function tidyHead(m: Manifest, columns: readonly Column[]): string {
  return provenance(m, 'tidy') + stringify([['point', ...setPaths(m), 'replication', 'seed', ...columns.map((c) => c.name)]]);
}

/** The rows of tidy.csv for one point (one per replication). */
export function tidyRows(m: Manifest, columns: readonly Column[], p: PointRecord): string {
  const set = setPaths(m).map((k) => p.set[k]);
  return stringify(p.rows.map((r) => [p.point, ...set, r.replication, r.seed, ...columns.map((c) => cell(valueOf(r.metrics, c)))]));
}

/** The provenance line and header row of aggregate.csv. */
export function aggregateHead(m: Manifest, columns: readonly Column[]): string {
  const header = ['point', ...setPaths(m), 'replications', ...columns.flatMap((c) => [`${c.name}_mean`, `${c.name}_ci95_low`, `${c.name}_ci95_high`])];
  return provenance(m, 'aggregate') + stringify([header]);
}

/** The row of aggregate.csv for one point. */
export function aggregateRow(m: Manifest, columns: readonly Column[], p: PointRecord): string {
  const stats = columns.flatMap((c) => {
    const ci = meanCi95(p.rows.map((r) => valueOf(r.metrics, c)));
    return [cell(round6(ci.mean)), cell(round6(ci.low)), cell(round6(ci.high))];
  });
  return stringify([[p.point, ...setPaths(m).map((k) => p.set[k]), p.rows.length, ...stats]]);
}
