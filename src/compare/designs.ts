/**
 * The designs of a comparison: scenario files loaded and checked before anything runs, each with
 * a short unique label for the table's columns, and the checks that make the comparison fair.
 *
 * Common random numbers rest on names: a traffic source draws its arrivals from the stream
 * `traffic/<name>` of the seed, so two designs see the same arrivals only where their sources
 * have the same names and run on the same seed. A design that shares no source name with the
 * first is an error (there is no common traffic to compare on); a partial overlap, different
 * `seed:` values (compare runs every design on one seed) and the like are warnings.
 */
import { formatPath, InputError, type Diagnostic } from '../model/diagnostics.js';
import { loadScenarioFile, type LoadedScenario } from '../model/load.js';
import type { TrafficSpec } from '../model/scenario.js';
import { prepare } from '../run.js';

export interface Design {
  /** Column label: the scenario name less the prefix every design shares, made unique. */
  label: string;
  file: string;
  loaded: LoadedScenario;
}

export interface LoadedDesigns {
  designs: Design[];
  /** Compare's own warnings (source names, seeds); the scenarios' warnings stay with each run. */
  warnings: Diagnostic[];
}

/** Scenario names less their common prefix up to a `-` (`shop-federation` → `federation`), unique. */
export function designLabels(names: readonly string[]): string[] {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // Nothing is cut when one name is the prefix itself (the same design twice, `shop` and `shop-v2`).
  const cut = names.length > 1 && !names.includes(prefix) ? prefix.lastIndexOf('-') + 1 : 0;
  const short = names.map((n) => (n.length > cut ? n.slice(cut) : n));
  const seen = new Map<string, number>();
  return short.map((s) => {
    const k = (seen.get(s) ?? 0) + 1;
    seen.set(s, k);
    return k === 1 ? s : `${s}#${k}`;
  });
}

/** Where a traffic source is written: `users[i]` or `traffic[i]`. */
function sourcePath(traffic: readonly TrafficSpec[], name: string): (string | number)[] {
  const t = traffic.find((x) => x.name === name)!;
  const same = traffic.filter((x) => x.origin === t.origin);
  return [t.origin === 'users' ? 'users' : 'traffic', same.indexOf(t)];
}

function diagnostic(d: Design, severity: 'error' | 'warning', path: (string | number)[], message: string): Diagnostic {
  const pos = d.loaded.locate(path);
  return { severity, file: d.file, line: pos?.line, column: pos?.column, path: formatPath(path), message };
}

/** Source-name and seed checks of every design against the first. */
export function checkDesigns(designs: readonly Design[], seedOverride: number | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const [first] = designs;
  const firstNames = first.loaded.scenario.traffic.map((t) => t.name);
  for (const d of designs.slice(1)) {
    const traffic = d.loaded.scenario.traffic;
    const names = traffic.map((t) => t.name);
    const common = names.filter((n) => firstNames.includes(n));
    const extra = names.filter((n) => !firstNames.includes(n));
    const missing = firstNames.filter((n) => !names.includes(n));
    if (common.length === 0) {
      out.push(diagnostic(d, 'error', sourcePath(traffic, names[0]), `no traffic source named as in ${first.loaded.scenario.name} (${firstNames.join(', ')}): compare runs designs on the same traffic, matched by source name (the name seeds the arrivals); name the sources alike`));
      continue;
    }
    for (const n of extra) out.push(diagnostic(d, 'warning', [...sourcePath(traffic, n), 'name'], `source "${n}" is not in ${first.loaded.scenario.name}: its arrivals are not shared, and the "all" rows compare different traffic`));
    for (const n of missing) out.push(diagnostic(first, 'warning', [...sourcePath(first.loaded.scenario.traffic, n), 'name'], `source "${n}" is not in ${d.loaded.scenario.name}: the "all" rows compare different traffic`));
  }
  if (seedOverride === undefined) {
    const seed = first.loaded.scenario.seed;
    for (const d of designs.slice(1)) {
      if (d.loaded.scenario.seed !== seed) out.push(diagnostic(d, 'warning', ['seed'], `seed ${d.loaded.scenario.seed} differs from ${first.loaded.scenario.name}'s ${seed}: compare runs every design on seed ${seed} (+ replication) so that they share random numbers`));
    }
  }
  return out;
}

/**
 * Loads and checks every design (a problem in any of them is reported with the others': nothing
 * runs until all are good). `requests` is the --requests override the runs will use.
 */
export function loadDesigns(files: readonly string[], o: { requests?: number; seed?: number }): LoadedDesigns {
  const errors: Diagnostic[] = [];
  const loaded: { file: string; loaded: LoadedScenario }[] = [];
  for (const file of files) {
    try {
      const l = loadScenarioFile(file);
      prepare(l, { requests: o.requests });
      loaded.push({ file, loaded: l });
      if (l.scenario.pluginPath !== undefined) {
        const pos = l.locate(['loadBalancing', 'plugin']);
        errors.push({ severity: 'error', file, line: pos?.line, column: pos?.column, path: 'loadBalancing.plugin', message: 'names a plug-in: meshsim compare runs built-in policies only (meshsim check --against-policy compares a plug-in with a built-in policy)' });
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(...e.diagnostics.filter((d) => d.severity === 'error'));
    }
  }
  if (errors.length > 0) throw new InputError(errors);
  const labels = designLabels(loaded.map((l) => l.loaded.scenario.name));
  const designs = loaded.map((l, i) => ({ label: labels[i], ...l }));
  const checks = checkDesigns(designs, o.seed);
  if (checks.some((d) => d.severity === 'error')) throw new InputError(checks);
  return { designs, warnings: checks };
}
