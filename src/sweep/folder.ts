/**
 * A sweep folder: `manifest.json` pins the sweep's definition; `points/<n>.json` holds each
 * finished point (all its replications), written to a temporary name and renamed into place, so
 * a point file is complete or absent, never half-written. Rerunning the same sweep skips the
 * points that have a file; a different sweep is refused. `tidy.csv` and `aggregate.csv` are made
 * from the point files once every point is there.
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../model/canonical-json.js';
import { LIMITS } from '../model/limits.js';
import { readInputFile } from '../model/read-input.js';
import { ensureFolder } from '../report/write.js';
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

/** A sweep folder's file, read under the results limit (a hostile folder may hold /dev/zero or a FIFO by that name). */
function readFolderFile(path: string): { ok: true; text: string } | { ok: false; reason: string } {
  return readInputFile(path, 'results');
}

export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  const read = readFolderFile(path);
  if (!read.ok) throw new SweepFolderError(`cannot read ${path}: ${read.reason}`);
  let m: Manifest;
  try {
    m = JSON.parse(read.text) as Manifest;
  } catch (e) {
    throw new SweepFolderError(`${path} is not a sweep manifest: ${(e as Error).message}`);
  }
  if (m?.schema !== MANIFEST_SCHEMA) throw new SweepFolderError(`${path} is not a sweep manifest (schema ${JSON.stringify(shortJson(m?.schema))}, expected ${MANIFEST_SCHEMA})`);
  const wrong = manifestProblem(m);
  if (wrong !== undefined) throw new SweepFolderError(`${path} is not a sweep manifest meshsim wrote: ${wrong}`);
  return m;
}

const shortJson = (v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 79)}…` : v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/** What makes `m` not a manifest meshsim wrote (a hand-edited or hostile one), or undefined. */
function manifestProblem(m: Manifest): string | undefined {
  if (!isText(m.meshsim)) return 'meshsim: expected a version string';
  if (m.scenario === null || typeof m.scenario !== 'object' || ![m.scenario.name, m.scenario.file, m.scenario.hash].every(isText)) return 'scenario: expected {name, file, hash}';
  if (!Array.isArray(m.set) || !m.set.every((x) => x !== null && typeof x === 'object' && isText(x.path) && Array.isArray(x.values) && x.values.length > 0 && x.values.every(isText))) return 'set: expected a list of {path, values}';
  if (!isCount(m.replications, 1)) return 'replications: expected an integer >= 1';
  if (m.requests !== null && !isCount(m.requests, 1)) return 'requests: expected an integer >= 1 or null';
  if (m.plugin !== null && (typeof m.plugin !== 'object' || !isText(m.plugin.file) || !isText(m.plugin.sha256))) return 'plugin: expected null or {file, sha256}';
  // The grid's size follows from the --set values: a larger count would make merge walk points that cannot exist.
  const points = m.set.reduce((n, x) => n * x.values.length, 1);
  if (points > LIMITS.sweepPoints) return `set: ${points} points, more than a sweep may have (${LIMITS.sweepPoints})`;
  if (m.points !== points) return `points: expected ${points} (the product of the --set value counts), got ${JSON.stringify(shortJson(m.points))}`;
  return undefined;
}

/** Whether `r` is the record of point `point` as meshsim writes it (anything else is run again, or refused by merge). */
export function isPointRecord(r: unknown, point: number): r is PointRecord {
  if (r === null || typeof r !== 'object') return false;
  const p = r as PointRecord;
  if (p.point !== point || !isText(p.hash) || p.set === null || typeof p.set !== 'object' || !Object.values(p.set).every(isText) || !Array.isArray(p.rows)) return false;
  return p.rows.every(
    (row) =>
      row !== null &&
      typeof row === 'object' &&
      isCount(row.replication, 0) &&
      Number.isFinite(row.seed) &&
      row.metrics !== null &&
      typeof row.metrics === 'object' &&
      Object.values(row.metrics).every((g) => g !== null && typeof g === 'object' && Object.values(g).every((v) => v === null || Number.isFinite(v))),
  );
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
  ensureFolder(pointsDir(dir)); // not mkdirSync's recursive mode: on Node 20 it never returns under /proc
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
  const read = readFolderFile(path);
  if (!read.ok) return undefined;
  try {
    const r = JSON.parse(read.text) as unknown;
    return isPointRecord(r, point) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a point file as stored (for merging and comparing); undefined when absent. */
export function pointText(dir: string, m: Pick<Manifest, 'points'>, point: number): string | undefined {
  const path = join(pointsDir(dir), pointName(m, point));
  if (!existsSync(path)) return undefined;
  const read = readFolderFile(path);
  if (!read.ok) throw new SweepFolderError(`cannot read ${path}: ${read.reason}`);
  return read.text;
}

/** Copies a point file's text into a folder (atomically). */
export function writePointText(dir: string, m: Pick<Manifest, 'points'>, point: number, text: string): void {
  writeAtomically(join(pointsDir(dir), pointName(m, point)), text);
}
