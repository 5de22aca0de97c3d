/**
 * `meshsim check <scenario | results-dir>`: the CI gate. Thresholds (scenario `checks:`,
 * --thresholds FILE, --threshold), --baseline with --tolerance, --against-policy with a plug-in.
 * Exit 0 pass, 1 regression, 2 bad input (nothing written). --junit and --markdown write the
 * report for CI and pull requests. See docs/check.md.
 */
import { writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../../model/diagnostics.js';
import { escapeControlLines } from '../../model/escape.js';
import { checkJunit, checkMarkdown, checkText } from '../../check/format.js';
import { exitCode } from '../../check/outcome.js';
import { executeCheck, parseTolerance, planCheck } from '../../check/run-check.js';
import { checkOutputFile } from '../../report/write.js';
import type { CommandContext } from '../context.js';
import { PLUGIN_OPTIONS, pluginToRun, withPlugin } from '../plugin.js';
import { preflight } from '../preflight.js';

interface CheckArgs {
  target: string;
  thresholds?: string;
  threshold?: string[];
  baseline?: string;
  tolerance: string;
  'against-policy'?: string;
  'lb-plugin'?: string;
  'allow-plugins': boolean;
  strict: boolean;
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

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError([{ severity: 'error', file, path: '(output)', message: `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
}

export function checkCommand(ctx: CommandContext): CommandModule<object, CheckArgs> {
  return {
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
        .option('lb-plugin', { ...PLUGIN_OPTIONS['lb-plugin'], describe: 'load-balancing plug-in under test, or to run the scenario with (runs its code)' })
        .option('allow-plugins', PLUGIN_OPTIONS['allow-plugins'])
        .option('replications', { type: 'number', default: 5, describe: 'paired runs (seeds seed..seed+R-1) for --against-policy' })
        .option('metric', { type: 'string', default: 'p99', describe: 'metric --against-policy gates on: p50, p90, p99, p999, mean, errorRate' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('requests', { type: 'number', describe: 'override the total number of requests' })
        .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (of loading and of the analyzer) as errors: exit 2 and run nothing' })
        .option('junit', { type: 'string', describe: 'write a JUnit XML report here' })
        .option('markdown', { type: 'string', describe: 'write a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)' }) as unknown as Argv<CheckArgs>,
    handler: async (a) => {
      for (const [k, v, min] of [['seed', a.seed, 0], ['requests', a.requests, 1], ['replications', a.replications, 2]] as const) {
        if (v !== undefined && !(Number.isInteger(v) && v >= min)) usage(`--${k}`, `must be an integer >= ${min}`);
      }
      if (a['lb-plugin'] === '') usage('--lb-plugin', 'needs a file');
      const tolerance = parseTolerance(a.tolerance);
      // Where the reports go is checked before anything runs (a named pipe would block the write).
      for (const f of [a.junit, a.markdown]) if (f !== undefined) checkOutputFile(f, { devices: true });
      const plan = planCheck(
        { target: a.target, thresholdsFile: a.thresholds, thresholds: a.threshold, baseline: a.baseline, tolerance, againstPolicy: a['against-policy'], pluginFlag: a['lb-plugin'], replications: a.replications, metric: a.metric, seed: a.seed, requests: a.requests },
        {
          // Like run: the analyzer first (errors, or warnings with --strict, stop here), then the plug-in rule.
          scenarioLoaded: (loaded) => {
            preflight([loaded], { requests: a.requests, strict: a.strict }, ctx.io);
            return pluginToRun(loaded, a['lb-plugin'], a['allow-plugins']);
          },
        },
      );
      const report = await withPlugin(plan.pluginFile, (plugin) => executeCheck(plan, plugin, plan.pluginFile));
      if (a.junit) write(a.junit, checkJunit(report));
      if (a.markdown) write(a.markdown, checkMarkdown(report));
      ctx.io.out(escapeControlLines(checkText(report)));
      ctx.setExit(exitCode(report));
    },
  };
}
