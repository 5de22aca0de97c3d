/**
 * The library's front door: load a scenario, run it, format the outputs. The CLI and the tests
 * call these; nothing here touches the terminal.
 *
 * Every way a run can go wrong because of its input ends in an InputError (a scenario or policy
 * problem, an input limit reached while running) or a PluginError (a user's plug-in broke its
 * contract); anything else thrown from here is a meshsim bug.
 */
import { dirname } from 'node:path';
import { loadScenarioFile, loadScenarioText, type LoadedScenario } from './model/load.js';
import type { LoadBalancingPolicy } from './lb/policy.js';
import { checkedPolicy } from './lb/policies/checked-plugin.js';
import { runScenario } from './sim/runner.js';
import type { RunResult } from './sim/result.js';
import { endpointsCsv, ejectionsCsv, hopsCsv, routesCsv, timelineCsv } from './report/csv.js';
import { latencyCsv, populationsCsv, timelineDestinationsCsv } from './report/populations-csv.js';
import { buildSummary, summaryJson, type RunMeta, type Summary } from './report/summary.js';
import { formatSummaryText } from './report/text.js';
import { InputError, formatPath, type Diagnostic, type FieldPath } from './model/diagnostics.js';
import { checkRunSize } from './model/size-limits.js';
import { TimelineLimitError } from './metrics/timeline.js';
import { TimerLimitError } from './metrics/timer-budget.js';
import { localityNotes } from './analysis/analyze.js';

/** The files one run writes (its result set). */
export const OUTPUT_FILES = [
  'summary.json', 'routes.csv', 'hops.csv', 'timeline.csv', 'endpoints.csv', 'ejections.csv', 'latency.csv', 'populations.csv', 'timeline-destinations.csv',
] as const;

export interface RunOutputs {
  result: RunResult;
  summary: Summary;
  /** File name → content, ready to write. */
  files: Record<string, string>;
  text: string;
}

export interface Prepared {
  warnings: Diagnostic[];
}

export interface SimulateOptions {
  seed?: number;
  requests?: number;
  /** A user's host-picking policy; every call is checked (see lb/policies/checked-plugin.ts). */
  plugin?: LoadBalancingPolicy;
  /** How messages name the plug-in's origin (its file); default: nothing beyond its name. */
  pluginFile?: string;
  /** What prepare() returned, when the caller already checked the scenario. */
  prepared?: Prepared;
  /** Notes for the text summary; default: the analyzer's locality-failover notes (analysis/analyze.ts). */
  notes?: readonly string[];
}

/**
 * Checks the size of the run a loaded scenario asks for (`requests` overrides the scenario's
 * total, as --requests does); throws InputError on errors. (The Istio resources were checked at load.)
 */
export function prepare(loaded: LoadedScenario, options: { requests?: number } = {}): Prepared {
  const errors = checkRunSize(loaded.scenario, loaded.locate, options.requests ?? loaded.scenario.maxRequests);
  if (errors.length > 0) throw new InputError([...errors, ...loaded.warnings]);
  return { warnings: loaded.warnings };
}

/** An input limit met while running, as the diagnostic the user sees (file, line, field). */
function limitDiagnostic(loaded: LoadedScenario, path: FieldPath, message: string): InputError {
  const pos = loaded.locate(path);
  return new InputError([{ severity: 'error', file: loaded.scenario.file, line: pos?.line, column: pos?.column, path: formatPath(path), message }]);
}

export function simulate(loaded: LoadedScenario, options: SimulateOptions = {}): RunOutputs {
  const { warnings } = options.prepared ?? prepare(loaded, options);
  const plugin = options.plugin && checkedPolicy(options.plugin, pluginLabel(options.plugin, options.pluginFile));
  let result: RunResult;
  try {
    result = runScenario(loaded.scenario, { seed: options.seed, requests: options.requests, plugin });
  } catch (e) {
    if (e instanceof TimelineLimitError) throw limitDiagnostic(loaded, ['timeline', 'interval'], e.message);
    if (e instanceof TimerLimitError) throw limitDiagnostic(loaded, [], e.message);
    throw e;
  }
  const meta: RunMeta = { scenario: loaded.scenario, hash: loaded.hash, warnings };
  const summary = buildSummary(result, meta);
  let text: string | undefined;
  return {
    result,
    summary,
    // Formatted when first read: sweeps and capacity searches never print it (nor need its notes).
    get text() {
      return (text ??= formatSummaryText(summary, { scenarioDir: dirname(loaded.scenario.file), notes: options.notes ?? localityNotes(loaded) }));
    },
    files: {
      'summary.json': summaryJson(summary),
      'routes.csv': routesCsv(result, meta),
      'hops.csv': hopsCsv(result, meta),
      'timeline.csv': timelineCsv(result, meta),
      'endpoints.csv': endpointsCsv(result, meta),
      'ejections.csv': ejectionsCsv(result, meta),
      'latency.csv': latencyCsv(result, meta),
      'populations.csv': populationsCsv(result, meta),
      'timeline-destinations.csv': timelineDestinationsCsv(result, meta),
    },
  };
}

/** `"NAME"` or `"NAME" (file)`: how messages name a plug-in. */
export function pluginLabel(plugin: LoadBalancingPolicy, file?: string): string {
  const name = typeof plugin.name === 'string' ? JSON.stringify(plugin.name.length > 60 ? `${plugin.name.slice(0, 59)}…` : plugin.name) : '(unnamed)';
  return file === undefined ? name : `${name} (${file})`;
}

export function simulateFile(file: string, options: SimulateOptions = {}): RunOutputs {
  return simulate(loadScenarioFile(file), options);
}

export function simulateText(text: string, file = 'scenario.yaml', options: SimulateOptions = {}): RunOutputs {
  return simulate(loadScenarioText(text, file), options);
}
