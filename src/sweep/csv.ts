/**
 * A sweep's two CSVs, made from its point records in point order:
 * - `tidy.csv`: one row per point × replication: `point`, one column per `--set` path (the value
 *   as written), `replication`, `seed`, then the metrics (see metrics.ts);
 * - `aggregate.csv`: one row per point: `point`, the `--set` columns, `replications`, then for
 *   each metric `<metric>_mean`, `<metric>_ci95_low`, `<metric>_ci95_high` (95 % t interval of
 *   the mean over replications; empty with one replication).
 * Both start with one `#` provenance line (pandas: `read_csv(path, comment='#')`).
 */
import { stringify } from 'csv-stringify/sync';
import type { Manifest, PointRecord } from './folder.js';
import { columnsOf, round6, valueOf } from './metrics.js';
import { meanCi95 } from './student-t.js';

function provenance(m: Manifest, what: string): string {
  return `# meshsim ${m.meshsim} sweep ${what} scenario=${m.scenario.name} hash=${m.scenario.hash} points=${m.points} replications=${m.replications} seeds=scenario seed + replication\n`;
}

const cell = (v: string | number | null) => (v === null ? '' : v);

/** The `--set` paths of a sweep, in flag order. */
export function setPaths(m: Manifest): string[] {
  return m.set.map((s) => s.path);
}

export function tidyCsv(m: Manifest, points: readonly PointRecord[]): string {
  const paths = setPaths(m);
  const columns = columnsOf(points.flatMap((p) => p.rows.map((r) => r.metrics)));
  const header = ['point', ...paths, 'replication', 'seed', ...columns.map((c) => c.name)];
  const rows = points.flatMap((p) =>
    p.rows.map((r) => [p.point, ...paths.map((k) => p.set[k]), r.replication, r.seed, ...columns.map((c) => cell(valueOf(r.metrics, c)))]),
  );
  return provenance(m, 'tidy') + stringify([header, ...rows]);
}

export function aggregateCsv(m: Manifest, points: readonly PointRecord[]): string {
  const paths = setPaths(m);
  const columns = columnsOf(points.flatMap((p) => p.rows.map((r) => r.metrics)));
  const header = ['point', ...paths, 'replications', ...columns.flatMap((c) => [`${c.name}_mean`, `${c.name}_ci95_low`, `${c.name}_ci95_high`])];
  const rows = points.map((p) => [
    p.point,
    ...paths.map((k) => p.set[k]),
    p.rows.length,
    ...columns.flatMap((c) => {
      const ci = meanCi95(p.rows.map((r) => valueOf(r.metrics, c)));
      return [cell(round6(ci.mean)), cell(round6(ci.low)), cell(round6(ci.high))];
    }),
  ]);
  return provenance(m, 'aggregate') + stringify([header, ...rows]);
}
