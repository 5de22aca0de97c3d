/**
 * The library's front door: load a scenario, build its mesh configuration, run it, format the
 * outputs. The CLI and the tests call these; nothing here touches the terminal.
 */
import { loadScenarioFile, loadScenarioText, type LoadedScenario } from './model/load.js';
import type { LoadBalancingPolicy } from './lb/policy.js';
import { runScenario } from './sim/runner.js';
import type { RunResult } from './sim/result.js';
import { endpointsCsv, ejectionsCsv, routesCsv, timelineCsv } from './report/csv.js';
import { latencyCsv, populationsCsv, timelineDestinationsCsv } from './report/populations-csv.js';
import { buildSummary, type RunMeta, type Summary } from './report/summary.js';
import { formatSummaryText } from './report/text.js';

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

export function simulate(loaded: LoadedScenario, options: SimulateOptions = {}): RunOutputs {
  const result = runScenario(loaded.scenario, options);
  const meta: RunMeta = { scenario: loaded.scenario, hash: loaded.hash, warnings: loaded.warnings };
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
