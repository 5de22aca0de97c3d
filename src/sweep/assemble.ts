/**
 * Writes a sweep's tidy.csv and aggregate.csv from its point files, once every point is there.
 * Two passes over the point files (the first finds the metric columns, the second writes the
 * rows), so memory does not grow with the number of points. Both files are written into a
 * private staging folder and renamed into place together: never half-written.
 */
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateHead, aggregateRow, tidyHead, tidyRows } from './csv.js';
import { pointPath, readPoint, SweepFolderError, type Manifest, type PointRecord } from './folder.js';
import { columnsOf, type MetricRecord } from './metrics.js';

function* points(dir: string, m: Manifest): Generator<PointRecord> {
  for (let i = 0; i < m.points; i++) {
    const p = readPoint(dir, m, i);
    if (!p) throw new SweepFolderError(`point file ${pointPath(dir, m, i)} is unreadable or not a point record meshsim wrote (it vanished, or was edited): delete it and run the sweep again to redo that point`);
    yield p;
  }
}

function* records(dir: string, m: Manifest): Generator<MetricRecord> {
  for (const p of points(dir, m)) for (const r of p.rows) yield r.metrics;
}

/** Writes the CSVs if every point has its file; returns the files written (none if points are missing). */
export function assemble(dir: string, m: Manifest): string[] {
  for (let i = 0; i < m.points; i++) if (!existsSync(pointPath(dir, m, i))) return [];
  const columns = columnsOf(records(dir, m));
  const staging = mkdtempSync(join(dir, '.meshsim-tmp-'));
  try {
    const tidy = openSync(join(staging, 'tidy.csv'), 'w');
    const aggregate = openSync(join(staging, 'aggregate.csv'), 'w');
    try {
      writeSync(tidy, tidyHead(m, columns));
      writeSync(aggregate, aggregateHead(m, columns));
      for (const p of points(dir, m)) {
        writeSync(tidy, tidyRows(m, columns, p));
        writeSync(aggregate, aggregateRow(m, columns, p));
      }
    } finally {
      closeSync(tidy);
      closeSync(aggregate);
    }
    return ['tidy.csv', 'aggregate.csv'].map((f) => {
      renameSync(join(staging, f), join(dir, f));
      return join(dir, f);
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
