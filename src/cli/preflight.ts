/**
 * What every command that runs a scenario does first, the same way for `run`, `check`, `sweep`
 * and `capacity`: the load warnings and the analyzer's findings (src/analysis) are gathered;
 * errors stop the command (exit 2, nothing run, no files written); with `--strict`, so do
 * warnings; the warnings left are printed once, before any work. Plug-ins come after this (see
 * plugin.ts): no plug-in code runs for a scenario that does not validate.
 */
import { analyze, sortFindings, withFixes } from '../analysis/analyze.js';
import { formatDiagnostic, InputError, MAX_DIAGNOSTICS, type Diagnostic } from '../model/diagnostics.js';
import type { LoadedScenario } from '../model/load.js';
import { prepare } from '../run.js';
import type { CliIo } from './context.js';

/** `--strict` met warnings: they are printed, then exit code 2 (CI fails), nothing is run. */
export class StrictError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('warnings with --strict');
    this.name = 'StrictError';
  }
}

/**
 * Stops on errors (InputError) and, with `strict`, on warnings (StrictError); returns `all`.
 * `all` is sorted (sortFindings); errors are listed first when there are too many to list.
 */
export function gateFindings(all: readonly Diagnostic[], strict: boolean): Diagnostic[] {
  if (all.some((d) => d.severity === 'error')) {
    // Errors first when there are too many to list: the count printed after them is of errors.
    const listed = all.length <= MAX_DIAGNOSTICS ? [...all] : [...all.filter((d) => d.severity === 'error'), ...all.filter((d) => d.severity !== 'error')].slice(0, MAX_DIAGNOSTICS);
    throw new InputError(listed, all.length - listed.length);
  }
  if (strict && all.some((d) => d.severity === 'warning')) throw new StrictError([...all]);
  return [...all];
}

/** The load warnings (with their fix lines) and the analyzer's findings on `loaded`, sorted. */
export function findingsOf(loaded: LoadedScenario, loadWarnings: readonly Diagnostic[], options: { requests?: number; skip?: ReadonlySet<string> } = {}): { all: Diagnostic[]; findings: Diagnostic[] } {
  const findings = analyze(loaded, { requests: options.requests }).filter((d) => d.code === undefined || !options.skip?.has(d.code));
  return { all: sortFindings([...withFixes(loadWarnings), ...findings], loaded.scenario.file), findings };
}

/**
 * The analyzer's findings on a loaded scenario, after its load warnings (which get their fix
 * line): errors stop the command (exit 2, nothing run); with `strict`, so do warnings.
 */
export function analyzed(loaded: LoadedScenario, loadWarnings: readonly Diagnostic[], options: { requests?: number; strict: boolean }): { all: Diagnostic[]; findings: Diagnostic[] } {
  const { all, findings } = findingsOf(loaded, loadWarnings, options);
  gateFindings(all, options.strict);
  return { all, findings };
}

/** Prints findings, at most MAX_DIAGNOSTICS of them (a hostile scenario can make thousands). */
export function printFindings(findings: readonly Diagnostic[], io: CliIo): void {
  for (const d of findings.slice(0, MAX_DIAGNOSTICS)) io.err(formatDiagnostic(d) + '\n');
  if (findings.length > MAX_DIAGNOSTICS) io.err(`(and ${findings.length - MAX_DIAGNOSTICS} more findings not listed)\n`);
}

/** The warnings among `findings` (infos are for `validate`; errors never get this far). */
export const warningsOf = (findings: readonly Diagnostic[]) => findings.filter((d) => d.severity === 'warning');

/**
 * The preflight of commands that print no run summary (check, sweep, capacity, compare): every
 * scenario's load warnings and analyzer findings, gated together (errors of all scenarios are
 * listed at once), then the warnings printed once. `skip`: analyzer codes that do not apply to
 * what the command runs (capacity chooses the replicas itself, so load against capacity is its
 * question, not a mistake). `own`: the command's own warnings (compare's source-name and seed
 * checks), listed after the scenarios' and gated with them: `--strict` counts them too.
 */
export function preflight(scenarios: readonly LoadedScenario[], options: { requests?: number; strict: boolean; skip?: ReadonlySet<string>; own?: readonly Diagnostic[] }, io: CliIo): Diagnostic[] {
  // prepare: the run's size limits, checked now rather than in the middle of the work.
  const found = [...scenarios.flatMap((loaded) => findingsOf(loaded, prepare(loaded, { requests: options.requests }).warnings, options).all), ...(options.own ?? [])];
  // A file given twice (compare a.yaml a.yaml) is one set of findings.
  const seen = new Set<string>();
  const all = found.filter((d) => !seen.has(formatDiagnostic(d)) && seen.add(formatDiagnostic(d)));
  gateFindings(all, options.strict);
  printFindings(warningsOf(all), io);
  return all;
}
