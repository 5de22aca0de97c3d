/**
 * Runs a sweep into its folder: every point of the grid (or of one shard) that has no point file
 * yet, `workers` at a time, each point's file written as soon as it finishes; then, when every
 * point of the sweep is there, `tidy.csv` and `aggregate.csv`. Knows no clock: progress goes to a
 * callback (the CLI draws it), interruption comes from an AbortSignal.
 */
import { assemble } from './assemble.js';
import { pointOverrides, type SweepDefinition } from './definition.js';
import { manifestOf, openFolder, readPoint, writePoint } from './folder.js';
import { pointValues, shardPoints, type Shard } from './grid.js';
import { failureOf } from './job.js';
import { createRunner } from './pool.js';

export interface SweepProgress {
  /** Points this run has to finish (its shard, all points otherwise). */
  total: number;
  /** Of those, finished (including `skipped`). */
  done: number;
  /** Finished before this run started (resumed). */
  skipped: number;
}

export interface SweepOptions {
  dir: string;
  workers: number;
  shard?: Shard;
  onProgress?: (p: SweepProgress) => void;
  signal?: AbortSignal;
  /** The worker script (tests of the source tree pass the compiled one). */
  workerUrl?: URL;
}

export interface SweepOutcome {
  dir: string;
  progress: SweepProgress;
  /** Files written at the end (empty for a shard, or while points are missing). */
  written: string[];
}

export class SweepInterrupted extends Error {
  constructor(readonly progress: SweepProgress) {
    super(`interrupted after ${progress.done} of ${progress.total} points`);
  }
}

/** The value texts of a point, by `--set` path. */
function pointSet(def: SweepDefinition, point: number): Record<string, string> {
  const at = pointValues(def.sets.map((s) => s.spec.values.length), point);
  return Object.fromEntries(def.sets.map((s, k) => [s.spec.pathText, s.spec.values[at[k]].text]));
}

export async function runSweep(def: SweepDefinition, opts: SweepOptions): Promise<SweepOutcome> {
  const manifest = manifestOf(def);
  openFolder(opts.dir, manifest);
  const mine = shardPoints(def.points, opts.shard);
  const todo = mine.filter((i) => readPoint(opts.dir, manifest, i) === undefined);
  const progress: SweepProgress = { total: mine.length, done: mine.length - todo.length, skipped: mine.length - todo.length };
  opts.onProgress?.({ ...progress });
  if (todo.length > 0) {
    const runner = await createRunner({ text: def.text, file: def.file, requests: def.requests, pluginPath: def.pluginPath, analyze: true }, Math.min(opts.workers, todo.length), opts.workerUrl);
    let next = 0;
    let failure: Error | undefined;
    const stopped = () => failure !== undefined || opts.signal?.aborted === true;
    const lane = async () => {
      while (next < todo.length && !stopped()) {
        const point = todo[next++];
        const res = await runner.run({ id: point, overrides: pointOverrides(def, point), replications: def.replications });
        if (!res.ok) {
          failure ??= failureOf(res);
          return;
        }
        // A point that finished is kept, even when the sweep is being stopped.
        writePoint(opts.dir, manifest, { point, set: pointSet(def, point), hash: res.hash, rows: res.rows });
        progress.done++;
        opts.onProgress?.({ ...progress });
      }
    };
    const onAbort = () => void runner.close();
    opts.signal?.addEventListener('abort', onAbort);
    try {
      await Promise.all(Array.from({ length: runner.slots }, lane));
    } catch (e) {
      if (!opts.signal?.aborted) throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      await runner.close();
    }
    if (failure) throw failure;
    if (opts.signal?.aborted) throw new SweepInterrupted({ ...progress });
  }
  return { dir: opts.dir, progress, written: opts.shard ? [] : assemble(opts.dir, manifest) };
}
