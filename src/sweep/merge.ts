/**
 * Merges the folders of a sweep's shards (or of runs on several machines) into one folder and
 * writes its CSVs. Every folder must hold the same sweep (same manifest identity); a point found
 * in several folders must be byte-identical in each (the simulator is deterministic, so a
 * difference means different builds); every point must be somewhere.
 */
import { assemble } from './assemble.js';
import { isPointRecord, manifestDifferences, openFolder, pointPath, pointText, readManifest, SweepFolderError, writePointText, type Manifest } from './folder.js';

function isPointText(text: string, point: number): boolean {
  try {
    return isPointRecord(JSON.parse(text), point);
  } catch {
    return false;
  }
}

export interface MergeOutcome {
  points: number;
  /** Points copied into the output folder (it may already have held some). */
  copied: number;
  written: string[];
}

function manifestOfEach(dirs: readonly string[]): Manifest[] {
  return dirs.map((d) => {
    const m = readManifest(d);
    if (!m) throw new SweepFolderError(`${d} is not a sweep folder (no manifest.json)`);
    return m;
  });
}

export function mergeSweeps(dirs: readonly string[], out: string): MergeOutcome {
  if (dirs.length === 0) throw new SweepFolderError('name at least one sweep folder to merge');
  const manifests = manifestOfEach(dirs);
  const first = manifests[0];
  manifests.forEach((m, i) => {
    const diff = manifestDifferences(first, m);
    if (diff.length > 0) throw new SweepFolderError(`${dirs[i]} holds another sweep than ${dirs[0]} (${diff.map((d) => d.replace(' here,', ` in ${dirs[0]},`).replace(' asked', ` in ${dirs[i]}`)).join('; ')})`);
  });
  openFolder(out, first);
  const missing: number[] = [];
  let copied = 0;
  for (let p = 0; p < first.points; p++) {
    const have = pointText(out, first, p);
    let text = have;
    let from = out;
    for (const d of dirs) {
      const t = pointText(d, first, p);
      if (t === undefined) continue;
      if (!isPointText(t, p)) throw new SweepFolderError(`${pointPath(d, first, p)} is not a point record meshsim wrote: delete it and rerun that shard, then merge again`);
      if (text !== undefined && t !== text) throw new SweepFolderError(`point ${p} differs between ${from} and ${d}: were they made by different meshsim builds?`);
      if (text === undefined) [text, from] = [t, d];
    }
    if (text === undefined) missing.push(p);
    else if (have === undefined) {
      writePointText(out, first, p, text);
      copied++;
    }
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', ...' : '');
    throw new SweepFolderError(`${missing.length} of ${first.points} points are in none of the folders (points ${shown}); run the shards that hold them (shard i/n holds the points p with p mod n = i), then merge again`);
  }
  return { points: first.points, copied, written: assemble(out, first) };
}
