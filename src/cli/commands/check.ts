/**
 * `meshsim check <scenario | results-dir>`: the CI gate. Thresholds (scenario `checks:`,
 * --thresholds FILE, --threshold), --baseline with --tolerance, --against-policy with a plug-in.
 * Exit 0 pass, 1 regression, 2 bad input (nothing written). --junit and --markdown write the
 * report for CI and pull requests. See docs/check.md.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import type { LoadBalancingPolicy } from '../../lb/policy.js';
import { InputError } from '../../model/diagnostics.js';
import { loadScenarioFile } from '../../model/load.js';
import { checkJunit, checkMarkdown, checkText } from '../../check/format.js';
import { exitCode } from '../../check/outcome.js';
import { isResultsTarget, parseTolerance, runCheck } from '../../check/run-check.js';

interface CheckArgs {
  target: string;
  thresholds?: string;
  threshold?: string[];
  baseline?: string;
  tolerance: string;
  'against-policy'?: string;
  'lb-plugin'?: string;
  replications: number;
  metric: string;
  seed?: number;
  requests?: number;
  junit?: string;
  markdown?: string;
}

function usage(option: string, message: string): never {
  throw new InputError([{ severity: 'error', file: '(command line)', path: option, message }]);
}

async function loadPlugin(path: string): Promise<LoadBalancingPolicy> {
  let mod: { default?: Partial<LoadBalancingPolicy> };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as typeof mod;
  } catch (e) {
    throw new InputError([{ severity: 'error', file: path, path: '(plugin)', message: `cannot load plug-in: ${(e as Error).message}` }]);
  }
  const p = mod.default;
  if (!p || typeof p.name !== 'string' || typeof p.newPicker !== 'function') {
    throw new InputError([{ severity: 'error', file: path, path: '(plugin)', message: 'the default export must be a LoadBalancingPolicy: { name: string, newPicker(hosts, ctx, seed) }' }]);
  }
  return p as LoadBalancingPolicy;
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError([{ severity: 'error', file, path: '(output)', message: `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <target>',
  describe: 'CI gate: check a scenario (run it) or a results directory against thresholds, a baseline or the built-in policy',
  builder: (y: Argv) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'scenario file (run, then checked) or results directory' })
      .option('thresholds', { type: 'string', describe: 'YAML file of thresholds (a list, or checks: [...])' })
      .option('threshold', { type: 'string', array: true, describe: 'a threshold, e.g. "p99 < 120ms" (repeatable)' })
      .option('baseline', { type: 'string', describe: 'summary.json to compare against' })
      .option('tolerance', { type: 'string', default: '0%', describe: 'how much worse than the baseline / built-in policy is still a pass (e.g. 2%)' })
      .option('against-policy', { type: 'string', describe: 'built-in policy (LEAST_REQUEST, ROUND_ROBIN, RANDOM) to compare the --lb-plugin with' })
      .option('lb-plugin', { type: 'string', describe: 'load-balancing plug-in under test (or to run the scenario with)' })
      .option('replications', { type: 'number', default: 5, describe: 'paired runs (seeds seed..seed+R-1) for --against-policy' })
      .option('metric', { type: 'string', default: 'p99', describe: 'metric --against-policy gates on: p50, p90, p99, p999, mean, errorRate' })
      .option('seed', { type: 'number', describe: 'override the scenario seed' })
      .option('requests', { type: 'number', describe: 'override the total number of requests' })
      .option('junit', { type: 'string', describe: 'write a JUnit XML report here' })
      .option('markdown', { type: 'string', describe: 'write a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)' }) as unknown as Argv<CheckArgs>,
  handler: async (a) => {
    for (const [k, v, min] of [['seed', a.seed, 0], ['requests', a.requests, 1], ['replications', a.replications, 2]] as const) {
      if (v !== undefined && !(Number.isInteger(v) && v >= min)) usage(`--${k}`, `must be an integer >= ${min}`);
    }
    const tolerance = parseTolerance(a.tolerance);
    let pluginPath = a['lb-plugin'];
    if (!pluginPath && !isResultsTarget(a.target)) {
      const scenario = loadScenarioFile(a.target).scenario;
      if (scenario.pluginPath) pluginPath = resolve(scenario.file, '..', scenario.pluginPath);
    }
    const plugin = pluginPath ? await loadPlugin(pluginPath) : undefined;
    const report = runCheck({
      target: a.target,
      thresholdsFile: a.thresholds,
      thresholds: a.threshold,
      baseline: a.baseline,
      tolerance,
      againstPolicy: a['against-policy'],
      plugin,
      replications: a.replications,
      metric: a.metric,
      seed: a.seed,
      requests: a.requests,
    });
    if (a.junit) write(a.junit, checkJunit(report));
    if (a.markdown) write(a.markdown, checkMarkdown(report));
    process.stdout.write(checkText(report));
    const code = exitCode(report);
    if (code !== 0) {
      // main() sets the exit code after the command returns; a regression must stay exit 1.
      process.exitCode = code;
      process.once('exit', () => {
        process.exitCode = code;
      });
    }
  },
};
