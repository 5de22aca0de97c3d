/**
 * The library's front door: load a scenario, build its mesh configuration, run it, format the
 * outputs. The CLI and the tests call these; nothing here touches the terminal.
 */
import { loadScenarioFile, loadScenarioText, type LoadedScenario } from './model/load.js';
import { buildMeshConfig } from './sim/istio-mesh-config.js';
import type { LoadBalancingPolicy } from './lb/policy.js';
import { runScenario } from './sim/runner.js';
import type { RunResult } from './sim/result.js';
import { endpointsCsv, ejectionsCsv, routesCsv, timelineCsv } from './report/csv.js';
import { latencyCsv, populationsCsv, timelineDestinationsCsv } from './report/populations-csv.js';
import { buildSummary, type RunMeta, type Summary } from './report/summary.js';
import { formatSummaryText } from './report/text.js';
import { InputError } from './model/diagnostics.js';

export interface RunOutputs {
  result: RunResult;
  summary: Summary;
  /** File name → content, ready to write. */
  files: Record<string, string>;
  text: string;
}

export interface SimulateOptions {
  seed?: number;
  requests?: number;
  plugin?: LoadBalancingPolicy;
}

/** Checks a loaded scenario's mesh configuration (Istio resources); throws InputError on errors. */
export function prepare(loaded: LoadedScenario) {
  const { mesh, diagnostics } = buildMeshConfig(loaded.scenario);
  const warnings = [...loaded.warnings, ...diagnostics.filter((d) => d.severity === 'warning')];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InputError([...errors, ...warnings]);
  return { mesh, warnings };
}

export function simulate(loaded: LoadedScenario, options: SimulateOptions = {}): RunOutputs {
  const { mesh, warnings } = prepare(loaded);
  const result = runScenario(loaded.scenario, mesh, options);
  const meta: RunMeta = { scenario: loaded.scenario, hash: loaded.hash, warnings };
  const summary = buildSummary(result, meta);
  return {
    result,
    summary,
    text: formatSummaryText(summary),
    files: {
      'summary.json': JSON.stringify(summary, null, 2) + '\n',
      'routes.csv': routesCsv(result, meta),
      'timeline.csv': timelineCsv(result, meta),
      'endpoints.csv': endpointsCsv(result, meta),
      'ejections.csv': ejectionsCsv(result, meta),
      'latency.csv': latencyCsv(result, meta),
      'populations.csv': populationsCsv(result, meta),
      'timeline-destinations.csv': timelineDestinationsCsv(result, meta),
    },
  };
}

export function simulateFile(file: string, options: SimulateOptions = {}): RunOutputs {
  return simulate(loadScenarioFile(file), options);
}

export function simulateText(text: string, file = 'scenario.yaml', options: SimulateOptions = {}): RunOutputs {
  return simulate(loadScenarioText(text, file), options);
}
