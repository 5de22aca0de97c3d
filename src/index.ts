/**
 * meshsim as a library: load a scenario, run it, get its outputs. The CLI (src/cli) is a thin
 * shell over these.
 *
 *   import { simulateFile } from 'meshsim';
 *   const out = simulateFile('scenarios/helloworld-two-clusters.yaml', { seed: 7 });
 *   console.log(out.summary.latencyMs.p99);
 */
export { simulate, simulateFile, simulateText, type RunOutputs, type SimulateOptions } from './run.js';
export { loadScenarioFile, loadScenarioText, type LoadedScenario } from './model/load.js';
export { InputError, formatDiagnostic, type Diagnostic } from './model/diagnostics.js';
export { runScenario, type RunOptions } from './sim/runner.js';
export type { RunResult } from './sim/result.js';
export type { Summary } from './report/summary.js';
export type { LoadBalancingPolicy, HostPicker, PickContext } from './lb/policy.js';
export { compareDesigns, type CompareOptions, type CompareOutputs, type Comparison } from './compare/compare.js';
export { VERSION } from './version.js';
