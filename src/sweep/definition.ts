/**
 * A sweep's definition, checked before anything runs: the base scenario, each `--set` resolved
 * against the document, each value validated on its own (so a bad value is reported at once, not
 * after hours), the replications and run options. A definition pins what a sweep folder holds.
 */
import { createHash } from 'node:crypto';
import { Diagnostics, formatDiagnostic, InputError, type Diagnostic } from '../model/diagnostics.js';
import { loadScenarioText, type LoadedScenario } from '../model/load.js';
import { groupDigits, LIMITS } from '../model/limits.js';
import { readInputBytes, readInputText } from '../model/read-input.js';
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
  /** The base scenario as loaded (the sweep's points are variants of it). */
  loaded: LoadedScenario;
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
  /**
   * What `analyze` found in the variants checked before the sweep (each --set value applied to
   * the base, or the base when there is no --set): deduplicated, errors included. The caller
   * decides what stops the sweep (the CLI: errors, and warnings with --strict).
   */
  findings: Diagnostic[];
}

export interface SweepRequest {
  file: string;
  /** The `--set` flags as typed. */
  sets: string[];
  replications: number;
  requests?: number;
  /**
   * The plug-in every point runs with (a path). Never taken from the scenario here: the caller
   * decides (the CLI: --lb-plugin, or the scenario's `loadBalancing.plugin` with --allow-plugins).
   */
  pluginPath?: string;
  /** The command, for messages about flags (`meshsim sweep`). */
  command?: string;
  /** The analyzer, run on every variant that validateValues loads (the CLI's preflight). */
  analyze?: (variant: LoadedScenario) => Diagnostic[];
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

/** A finding's identity across variants: the same check at the same place (numbers in messages may differ). */
const findingKey = (d: Diagnostic) => `${d.severity}|${d.code ?? d.message}|${d.file}|${d.line ?? ''}|${d.column ?? ''}|${d.path}`;

/**
 * Checks each value of each `--set` on its own, applied to the base scenario, and throws every
 * error found (deduplicated). Combinations are checked when their point runs. With `analyze`,
 * each variant that loads is analyzed too (the base when there is no --set, since it is then the
 * only point); the findings are returned, each once.
 */
export function validateValues(base: ScenarioBase, sets: readonly ResolvedSet[], analyze?: (variant: LoadedScenario) => Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const errors: Diagnostic[] = [];
  const findings = new Map<string, { d: Diagnostic; variants: Override[][] }>();
  const variants: Override[][] = sets.length === 0 ? (analyze ? [[]] : []) : sets.flatMap((s) => s.spec.values.map((_, v) => [overrideOf(s, v)]));
  for (const o of variants) {
    try {
      const loaded = base.blame(o, () => base.load(o)); // loading checks the Istio resources' cross-references too
      for (const d of analyze ? base.blame(o, () => analyze(loaded)) : []) {
        const k = findingKey(d);
        const f = findings.get(k);
        if (f) f.variants.push(o);
        else findings.set(k, { d, variants: [o] });
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const d of e.diagnostics.filter((x) => x.severity === 'error')) {
        const key = formatDiagnostic(d);
        if (!seen.has(key)) errors.push(d);
        seen.add(key);
      }
    }
  }
  if (errors.length > 0) throw new InputError(errors);
  // A finding of only some values names them; one of every value is the scenario's own.
  return [...findings.values()].map((f) => (f.variants.length < variants.length ? annotateVariants(f.d, f.variants) : f.d));
}

/** A finding met only with some --set values names them: `(with --set x=0, --set x=1)`. */
function annotateVariants(d: Diagnostic, variants: readonly Override[][]): Diagnostic {
  const labels = variants.map((o) => o.map((x) => x.label).join(' '));
  const shown = labels.slice(0, 3).join(', ') + (labels.length > 3 ? ` and ${labels.length - 3} more values` : '');
  return { ...d, message: `${d.message} (with ${shown})` };
}

/** The definition with the plug-in every point runs with (its text hashed into the manifest). */
export function withSweepPlugin(def: SweepDefinition, pluginPath: string | undefined, command = 'meshsim sweep'): SweepDefinition {
  if (pluginPath === undefined) return { ...def, pluginPath: undefined, pluginHash: undefined };
  const read = readInputBytes(pluginPath);
  if (!read.ok) throw flagError(command, '--lb-plugin', `cannot read plug-in ${pluginPath}: ${read.reason}`);
  return { ...def, pluginPath, pluginHash: createHash('sha256').update(read.bytes).digest('hex') };
}

/**
 * Checks a sweep request and returns its definition; throws InputError (exit 2) on bad input.
 * Nothing is run and no plug-in is loaded (its file is only read, to hash it).
 */
export function defineSweep(req: SweepRequest): SweepDefinition {
  const command = req.command ?? 'meshsim sweep';
  // One bounded read: the text the points are made from is the text that was validated.
  const text = readInputText(req.file, 'scenario');
  const loaded = loadScenarioText(text, req.file);
  const sets = resolveSets(text, req.file, req.sets, command);
  const points = pointCount(sets.map((s) => s.spec.values.length));
  if (points > LIMITS.sweepPoints) {
    throw flagError(command, '--set', `the grid has ${groupDigits(points)} points (the product of the value counts ${sets.map((s) => s.spec.values.length).join(' x ')}); a sweep may have at most ${groupDigits(LIMITS.sweepPoints)} (README "Input limits", sweepPoints): sweep fewer values, or split the sweep`);
  }
  const findings = validateValues(new ScenarioBase(text, req.file), sets, req.analyze);
  const def: SweepDefinition = {
    file: req.file,
    text,
    loaded,
    name: loaded.scenario.name,
    hash: loaded.hash,
    sets,
    replications: req.replications,
    requests: req.requests,
    points,
    findings,
  };
  return withSweepPlugin(def, req.pluginPath, command);
}
