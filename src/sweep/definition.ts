/**
 * A sweep's definition, checked before anything runs: the base scenario, each `--set` resolved
 * against the document, each value validated on its own (so a bad value is reported at once, not
 * after hours), the replications and run options. A definition pins what a sweep folder holds.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Diagnostics, formatDiagnostic, InputError, type Diagnostic } from '../model/diagnostics.js';
import { loadScenarioFile } from '../model/load.js';
import { parseYamlDocuments } from '../model/yaml-source.js';
import { pointCount, pointValues } from './grid.js';
import { ScenarioBase, type Override } from './override.js';
import { overlaps, resolveSetPath, type ConcretePath } from './resolve-path.js';
import { parseSetFlag, SetSyntaxError, type SetSpec } from './set-spec.js';

export interface ResolvedSet {
  spec: SetSpec;
  path: ConcretePath;
}

export interface SweepDefinition {
  file: string;
  text: string;
  name: string;
  /** The base scenario's hash (scenario and policy files). */
  hash: string;
  sets: ResolvedSet[];
  replications: number;
  requests?: number;
  pluginPath?: string;
  /** sha256 of the plug-in module's text, when there is one. */
  pluginHash?: string;
  points: number;
}

export interface SweepRequest {
  file: string;
  /** The `--set` flags as typed. */
  sets: string[];
  replications: number;
  requests?: number;
  /** `--lb-plugin`; default: the scenario's `loadBalancing.plugin`. */
  pluginPath?: string;
  /** The command, for messages about flags (`meshsim sweep`). */
  command?: string;
}

/** A user error about a flag, in the house format (`meshsim sweep: error: --set: ...`). */
export function flagError(command: string, flag: string, message: string): InputError {
  return new InputError([{ severity: 'error', file: command, path: flag, message }]);
}

/** Resolves every `--set` against the scenario document; throws InputError listing every problem. */
export function resolveSets(text: string, file: string, flags: readonly string[], command: string): ResolvedSet[] {
  const specs: SetSpec[] = [];
  const problems: Diagnostic[] = [];
  for (const f of flags) {
    try {
      specs.push(parseSetFlag(f));
    } catch (e) {
      if (!(e instanceof SetSyntaxError)) throw e;
      problems.push({ severity: 'error', file: command, path: '--set', message: e.message });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const diags = new Diagnostics();
  const doc = parseYamlDocuments(text, file, diags)[0];
  if (!doc) throw new InputError(diags.items);
  const sets: ResolvedSet[] = [];
  for (const spec of specs) {
    const r = resolveSetPath(doc, spec);
    if ('error' in r) problems.push(r.error);
    else if (r.path[0] === 'loadBalancing') problems.push({ severity: 'error', file: command, path: '--set', message: `${spec.pathText}: a sweep runs one plug-in for every point; sweep plug-ins with one sweep each (--lb-plugin)` });
    else {
      const clash = sets.find((s) => overlaps(s.path, r.path));
      if (clash) problems.push({ severity: 'error', file: command, path: '--set', message: `--set ${spec.pathText} and --set ${clash.spec.pathText} write the same field` });
      else sets.push({ spec, path: r.path });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return sets;
}

/** The override of set `k` taking its value `v`. */
export function overrideOf(s: ResolvedSet, v: number): Override {
  const value = s.spec.values[v];
  return { path: s.path, value: value.value, label: `--set ${s.spec.pathText}=${value.text}` };
}

/** The overrides of point `index`. */
export function pointOverrides(def: Pick<SweepDefinition, 'sets'>, index: number): Override[] {
  const at = pointValues(def.sets.map((s) => s.spec.values.length), index);
  return def.sets.map((s, k) => overrideOf(s, at[k]));
}

/**
 * Checks each value of each `--set` on its own, applied to the base scenario, and throws every
 * error found (deduplicated). Combinations are checked when their point runs.
 */
export function validateValues(base: ScenarioBase, sets: readonly ResolvedSet[]): void {
  const seen = new Set<string>();
  const errors: Diagnostic[] = [];
  for (const s of sets) {
    for (let v = 0; v < s.spec.values.length; v++) {
      try {
        const o = [overrideOf(s, v)];
        base.blame(o, () => base.load(o)); // loading checks the Istio resources' cross-references too
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        for (const d of e.diagnostics.filter((x) => x.severity === 'error')) {
          const key = formatDiagnostic(d);
          if (!seen.has(key)) errors.push(d);
          seen.add(key);
        }
      }
    }
  }
  if (errors.length > 0) throw new InputError(errors);
}

/** Checks a sweep request and returns its definition; throws InputError (exit 2) on bad input. */
export function defineSweep(req: SweepRequest): SweepDefinition {
  const command = req.command ?? 'meshsim sweep';
  const loaded = loadScenarioFile(req.file);
  const text = readFileSync(req.file, 'utf8');
  const sets = resolveSets(text, req.file, req.sets, command);
  validateValues(new ScenarioBase(text, req.file), sets);
  const pluginPath = req.pluginPath ?? (loaded.scenario.pluginPath ? resolve(req.file, '..', loaded.scenario.pluginPath) : undefined);
  let pluginHash: string | undefined;
  if (pluginPath) {
    try {
      pluginHash = createHash('sha256').update(readFileSync(pluginPath)).digest('hex');
    } catch (e) {
      throw flagError(command, '--lb-plugin', `cannot read plug-in ${pluginPath}: ${(e as Error).message}`);
    }
  }
  return {
    file: req.file,
    text,
    name: loaded.scenario.name,
    hash: loaded.hash,
    sets,
    replications: req.replications,
    requests: req.requests,
    pluginPath,
    pluginHash,
    points: pointCount(sets.map((s) => s.spec.values.length)),
  };
}
