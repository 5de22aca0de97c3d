/**
 * A sweep folder: `manifest.json` pins the sweep's definition; `points/<n>.json` holds each
 * finished point (all its replications), written to a temporary name and renamed into place, so
 * a point file is complete or absent, never half-written. Rerunning the same sweep skips the
 * points that have a file; a different sweep is refused. `tidy.csv` and `aggregate.csv` are made
 * from the point files once every point is there.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../model/canonical-json.js';
import { VERSION } from '../version.js';
import type { SweepDefinition } from './definition.js';
import type { ReplicationRow } from './job.js';

export const MANIFEST_SCHEMA = 'meshsim.sweep/v1';

export interface Manifest {
  schema: string;
  meshsim: string;
  scenario: { name: string; file: string; hash: string };
  /** Each `--set`: the path as written and its values (ranges expanded). */
  set: { path: string; values: string[] }[];
  replications: number;
  requests: number | null;
  plugin: { file: string; sha256: string } | null;
  points: number;
  seeds: string;
}

export interface PointRecord {
  point: number;
  /** `--set` path → the value text of this point. */
  set: Record<string, string>;
  /** Hash of this point's scenario (the base with the point's overrides). */
  hash: string;
  rows: ReplicationRow[];
}

export class SweepFolderError extends Error {}

export function manifestOf(def: SweepDefinition): Manifest {
  return {
    schema: MANIFEST_SCHEMA,
    meshsim: VERSION,
    scenario: { name: def.name, file: def.file, hash: def.hash },
    set: def.sets.map((s) => ({ path: s.spec.pathText, values: s.spec.values.map((v) => v.text) })),
    replications: def.replications,
    requests: def.requests ?? null,
    plugin: def.pluginPath ? { file: def.pluginPath, sha256: def.pluginHash ?? '' } : null,
    points: def.points,
    seeds: 'replication r runs with the point scenario seed + r',
  };
}

/** The fields that define a sweep's results (file paths may differ between machines). */
function identity(m: Manifest) {
  return {
    schema: m.schema,
    meshsim: m.meshsim,
    'scenario hash': m.scenario.hash,
    '--set': m.set.map((s) => `${s.path}=${s.values.join(',')}`),
    '--replications': m.replications,
    '--requests': m.requests,
    'plug-in': m.plugin?.sha256 ?? null,
  };
}

/** What differs between two manifests, in words; empty when they define the same sweep. */
export function manifestDifferences(a: Manifest, b: Manifest): string[] {
  const x = identity(a);
  const y = identity(b);
  return (Object.keys(x) as (keyof typeof x)[])
    .filter((k) => canonicalJson(x[k]) !== canonicalJson(y[k]))
    .map((k) => `${k}: ${JSON.stringify(x[k])} here, ${JSON.stringify(y[k])} asked`);
}

export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new SweepFolderError(`${path} is not a sweep manifest: ${(e as Error).message}`);
  }
  if (m?.schema !== MANIFEST_SCHEMA) throw new SweepFolderError(`${path} is not a sweep manifest (schema ${JSON.stringify(m?.schema)}, expected ${MANIFEST_SCHEMA})`);
  return m;
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const pointsDir = (dir: string) => join(dir, 'points');
const pointName = (m: Pick<Manifest, 'points'>, point: number) => `${String(point).padStart(String(Math.max(0, m.points - 1)).length, '0')}.json`;

/**
 * Opens (or creates) the folder of a sweep. A folder made by another sweep is refused with the
 * differences; temporary files left by an interrupted run (points, CSVs) are removed.
 */
export function openFolder(dir: string, manifest: Manifest): void {
  const existing = readManifest(dir);
  if (existing) {
    const diff = manifestDifferences(existing, manifest);
    if (diff.length > 0) {
      throw new SweepFolderError(`${dir} holds another sweep (${diff.join('; ')}): choose another --out, or delete ${dir} to start again`);
    }
  } else if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new SweepFolderError(`${dir} exists and is not a sweep folder (no manifest.json): choose another --out`);
  }
  mkdirSync(pointsDir(dir), { recursive: true });
  if (!existing) writeAtomically(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const f of readdirSync(pointsDir(dir))) if (f.endsWith('.tmp')) rmSync(join(pointsDir(dir), f), { force: true });
  for (const f of readdirSync(dir)) if (f.startsWith('.meshsim-tmp-')) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Writes a finished point (temporary name, then rename). */
export function writePoint(dir: string, m: Pick<Manifest, 'points'>, record: PointRecord): void {
  writeAtomically(join(pointsDir(dir), pointName(m, record.point)), JSON.stringify(record) + '\n');
}

/** Where a point's file is. */
export function pointPath(dir: string, m: Pick<Manifest, 'points'>, point: number): string {
  return join(pointsDir(dir), pointName(m, point));
}

/** Reads a point file; undefined if it is absent or unreadable (it is then run again). */
export function readPoint(dir: string, m: Pick<Manifest, 'points'>, point: number): PointRecord | undefined {
  const path = pointPath(dir, m, point);
  if (!existsSync(path)) return undefined;
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as PointRecord;
    return r.point === point && Array.isArray(r.rows) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a point file as stored (for merging and comparing). */
export function pointText(dir: string, m: Pick<Manifest, 'points'>, point: number): string | undefined {
  const path = join(pointsDir(dir), pointName(m, point));
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Copies a point file's text into a folder (atomically). */
export function writePointText(dir: string, m: Pick<Manifest, 'points'>, point: number, text: string): void {
  writeAtomically(join(pointsDir(dir), pointName(m, point)), text);
}
