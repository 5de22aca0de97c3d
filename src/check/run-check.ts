/**
 * `meshsim check` as a library call: gathers thresholds (scenario `checks:`, a file, arguments),
 * a baseline and a policy comparison, checks every input before anything runs (planCheck: bad
 * input is an InputError, exit 2, nothing written), then runs the scenario when the target is one
 * (or reads a results directory) and returns the report (executeCheck). The CLI analyzes the
 * scenario and loads a plug-in between the two. Exit 0 pass / 1 regression is the caller's.
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { resolvePolicy } from '../lb/policies/registry.js';
import { InputError } from '../model/diagnostics.js';
import { loadScenarioFile, type LoadedScenario } from '../model/load.js';
import { readResults, readSummary, resultsFromFiles, type ResultSet, type SummaryData } from '../report/html/results.js';
import { simulate } from '../run.js';
import { comparePolicies, POLICY_METRICS } from './against-policy.js';
import { compareToBaseline } from './baseline.js';
import { evaluateThresholds } from './evaluate.js';
import type { CheckReport, CheckSuite } from './outcome.js';
import { argumentThresholds, fileThresholds, parseAll, scenarioThresholds, type PlacedThreshold } from './threshold-sources.js';

export interface CheckOptions {
  /** A scenario file (run, then checked) or a results directory (checked as it is). */
  target: string;
  thresholdsFile?: string;
  thresholds?: string[];
  baseline?: string;
  /** Fraction: 0.02 for 2 %. */
  tolerance?: number;
  againstPolicy?: string;
  /** The plug-in under test (for --against-policy) or to run the scenario with. */
  plugin?: LoadBalancingPolicy;
  /**
   * The --lb-plugin file as given on the command line (the CLI loads it after planning, see
   * PlanHooks); only checked here: a results directory refuses it.
   */
  pluginFlag?: string;
  replications?: number;
  metric?: string;
  seed?: number;
  requests?: number;
}

function bad(file: string, path: string, message: string): never {
  throw new InputError([{ severity: 'error', file, path, message }]);
}

/** "2%" → 0.02, "0.02" → 0.02. */
export function parseTolerance(text: string): number {
  const m = /^\s*(\d+(\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  if (!m) bad('(command line)', '--tolerance', `expected a tolerance such as 2% or 0.02, got "${text}"`);
  const v = Number(m![1]) / (m![3] === '%' ? 100 : 1);
  if (v >= 1 && m![3] !== '%') bad('(command line)', '--tolerance', `"${text}" reads as ${v * 100} %; write 2% or 0.02`);
  return v;
}

export function isResultsTarget(target: string): boolean {
  return existsSync(target) && (statSync(target).isDirectory() || basename(target) === 'summary.json');
}

/**
 * A results directory is checked as it was run: nothing runs again, and its summary does not
 * name the scenario file that made it, so the options of a run (a plug-in, a seed, a request
 * count) could not be used. They are refused rather than silently ignored (a CI step would
 * otherwise pass without testing what it names).
 */
function refuseRunOptions(o: CheckOptions): void {
  const run = (what: string, how: string) => `a results directory is checked as it was run (nothing runs again), so ${what} would not be used: give the scenario file to run it ${how}`;
  if (o.plugin !== undefined || o.pluginFlag !== undefined) bad(o.target, '--lb-plugin', run('a plug-in', 'with the plug-in'));
  if (o.seed !== undefined) bad(o.target, '--seed', run('a seed', 'with that seed'));
  if (o.requests !== undefined) bad(o.target, '--requests', run('a request count', 'with that many requests'));
}

/** Every input of a check, read and checked; nothing has run yet. */
export interface CheckPlan {
  options: CheckOptions;
  /** The scenario, when the target is one (it is run); undefined for a results directory. */
  loaded: LoadedScenario | undefined;
  thresholds: PlacedThreshold[];
  baseline: SummaryData | undefined;
  tolerance: number;
  /** The plug-in file the caller's `scenarioLoaded` chose (loaded by the caller, after planning). */
  pluginFile: string | undefined;
}

export interface PlanHooks {
  /**
   * Called once the scenario target has loaded and validated, before the other inputs are read:
   * the CLI's analyzer and plug-in rule (cli/preflight.ts, cli/plugin.ts). Returns the plug-in
   * file to run, if any; nothing may be run here.
   */
  scenarioLoaded?(loaded: LoadedScenario): string | undefined;
}

/**
 * Reads and checks every input of a check (the scenario or results directory, thresholds, the
 * baseline, the policy comparison's options) and runs nothing: bad input is an InputError here,
 * before any plug-in is loaded.
 */
export function planCheck(o: CheckOptions, hooks: PlanHooks = {}): CheckPlan {
  const results = isResultsTarget(o.target);
  if (results) refuseRunOptions(o);
  const loaded = results ? undefined : loadScenarioFile(o.target);
  const pluginFile = loaded ? hooks.scenarioLoaded?.(loaded) : undefined;
  const pluginGiven = o.plugin !== undefined || pluginFile !== undefined;
  const thresholds = parseAll([
    ...(loaded ? scenarioThresholds(o.target) : []),
    ...(o.thresholdsFile ? fileThresholds(o.thresholdsFile) : []),
    ...argumentThresholds(o.thresholds ?? []),
  ]);
  const baseline = o.baseline ? readSummary(o.baseline) : undefined;
  const tolerance = o.tolerance ?? 0;
  if (o.againstPolicy !== undefined) {
    if (!loaded) bad(o.target, '--against-policy', 'a policy comparison runs the scenario: name a scenario file, not a results directory');
    if (!pluginGiven) bad('(command line)', '--against-policy', 'name the plug-in under test with --lb-plugin FILE (or loadBalancing.plugin in the scenario, with --allow-plugins)');
    try {
      resolvePolicy(o.againstPolicy);
    } catch (e) {
      bad('(command line)', '--against-policy', (e as Error).message);
    }
    if (!(Number.isInteger(o.replications ?? 5) && (o.replications ?? 5) >= 2)) bad('(command line)', '--replications', 'needs an integer >= 2 (a confidence interval needs at least two paired runs)');
    if (!((o.metric ?? 'p99') in POLICY_METRICS)) bad('(command line)', '--metric', `expected one of ${Object.keys(POLICY_METRICS).join(', ')}, got "${o.metric}"`);
  }
  if (thresholds.length === 0 && !baseline && o.againstPolicy === undefined) {
    bad(o.target, '(check)', 'nothing to check: add thresholds (a `checks:` list in the scenario, --thresholds FILE or --threshold "p99 < 120ms"), --baseline FILE or --against-policy NAME');
  }
  return { options: o, loaded, thresholds, baseline, tolerance, pluginFile };
}

/** Runs a planned check (the scenario, or reads the results directory) and returns its report. */
export function executeCheck(plan: CheckPlan, plugin: LoadBalancingPolicy | undefined = plan.options.plugin, pluginFile?: string): CheckReport {
  const { options: o, loaded, thresholds, baseline, tolerance } = plan;
  // The result: read, or run the scenario (with the plug-in when one is given).
  let result: ResultSet | undefined;
  if (thresholds.length > 0 || baseline) {
    result = loaded ? resultsFromFiles(simulate(loaded, { seed: o.seed, requests: o.requests, plugin, pluginFile }).files, o.target) : readResults(o.target);
  }
  const suites: CheckSuite[] = [];
  if (thresholds.length > 0) suites.push(evaluateThresholds(thresholds, result!));
  if (baseline) suites.push(compareToBaseline(result!.summary, baseline, tolerance, o.baseline!));
  if (o.againstPolicy !== undefined) {
    suites.push(comparePolicies(loaded!, { plugin: plugin!, builtin: o.againstPolicy, replications: o.replications ?? 5, metric: o.metric ?? 'p99', tolerance, seed: o.seed, requests: o.requests }));
  }
  return { subject: o.target, suites };
}

/** Plans and runs a check in one call (the library form of `meshsim check`). */
export function runCheck(o: CheckOptions): CheckReport {
  return executeCheck(planCheck(o));
}
