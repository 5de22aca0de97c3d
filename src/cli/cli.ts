/**
 * meshsim's command line: a thin shell over the library. Each command turns argv into typed
 * options, calls the library and prints. Every failure the user can fix (bad input, an input
 * limit, a plug-in breaking its contract, an unusable --out folder) ends with exit code 2 and a
 * message without a stack trace; exit code 1 means a bug in meshsim.
 *
 * `runCli` runs in-process with its output captured (the fuzzer and tests use it); `main.ts` is
 * the executable around it.
 */
import { defaultReportPath, reportCommand, reportTo } from './commands/report.js';
import { checkCommand } from './commands/check.js';
import { sweepCommand } from './commands/sweep.js';
import { mergeCommand } from './commands/merge.js';
import { capacityCommand } from './commands/capacity.js';
import { compareCommand } from './commands/compare.js';
import { isAlive } from './commands/alive.js';
import { join } from 'node:path';
import yargs from 'yargs';
import { formatDiagnostic, InputError, type Diagnostic } from '../model/diagnostics.js';
import { escapeControl } from '../model/escape.js';
import { loadScenarioFile } from '../model/load.js';
import { scenarioJsonSchema } from '../model/schema.js';
import { PluginError } from '../lb/policies/checked-plugin.js';
import { prepare, simulate } from '../run.js';
import { checkOutputFile, checkResultFolder, ResultSetError, writeResultSet } from '../report/write.js';
import { writeFileSync } from 'node:fs';
import { VERSION } from '../version.js';
import { StoppedAfterWork, type CliIo, type CommandContext } from './context.js';
import { PLUGIN_OPTIONS, pluginToRun, withPlugin } from './plugin.js';
import { analyzed, printFindings, StrictError, warningsOf } from './preflight.js';

export const EXIT_OK = 0;
export const EXIT_BUG = 1;
export const EXIT_USAGE = 2;

export type { CliIo } from './context.js';

/** A mistake in the command line or its environment (bad flag, unwritable --out): a message, no stack. */
class UsageError extends Error {
  constructor(message: string, readonly help = '') {
    super(message);
    this.name = 'UsageError';
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** yargs types `number` options but lets `--seed abc` through as NaN. */
function checkCount(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isSafeInteger(v) && v >= min)) throw new UsageError(`--${name} must be an integer >= ${min}`);
}

async function runCommand(a: { scenario: string; seed?: number; requests?: number; out?: string; json: boolean; 'lb-plugin'?: string; 'allow-plugins': boolean; report: boolean; strict: boolean }, io: CliIo): Promise<void> {
  checkCount('seed', a.seed, 0);
  checkCount('requests', a.requests, 1);
  if (a.out === '') throw new UsageError('--out needs a folder');
  if (a['lb-plugin'] === '') throw new UsageError('--lb-plugin needs a file');
  const loaded = loadScenarioFile(a.scenario);
  const prepared = prepare(loaded, { requests: a.requests });
  // The analyzer first: errors and (with --strict) warnings stop here; warnings (the load's and the analyzer's) are printed before the run.
  const { all } = analyzed(loaded, prepared.warnings, { requests: a.requests, strict: a.strict });
  const warnings = warningsOf(all);
  printFindings(warnings, io);
  const file = pluginToRun(loaded, a['lb-plugin'], a['allow-plugins']);
  const dir = a.out ?? join('results', loaded.scenario.name);
  checkResultFolder(dir);
  // summary.json records the warnings the run printed (the load's and the analyzer's), in the printed order.
  const recorded = { warnings };
  const out = await withPlugin(file, (plugin) => simulate(loaded, { seed: a.seed, requests: a.requests, plugin, pluginFile: file, prepared: recorded }));
  writeResultSet(dir, out.files, { pid: process.pid, isAlive, nowMs: Date.now() });
  if (a.report) io.err(`wrote ${escapeControl(reportTo([dir], defaultReportPath([dir])).join(', '))}\n`);
  io.out(a.json ? out.files['summary.json'] : `${out.text}\nwrote ${escapeControl(dir)}/{${Object.keys(out.files).join(',')}}\n`);
}

function validateCommand(a: { scenario: string; requests?: number; strict: boolean }, io: CliIo): void {
  checkCount('requests', a.requests, 1);
  const loaded = loadScenarioFile(a.scenario);
  const { warnings } = prepare(loaded, { requests: a.requests });
  const plugin: Diagnostic[] = [];
  if (loaded.scenario.pluginPath !== undefined) {
    const pos = loaded.locate(['loadBalancing', 'plugin']);
    plugin.push({ severity: 'warning', file: loaded.scenario.file, line: pos?.line, column: pos?.column, path: 'loadBalancing.plugin', message: 'names a plug-in: `meshsim run`, `check`, `sweep` and `capacity` run it only with --allow-plugins' });
  }
  const { all } = analyzed(loaded, [...warnings, ...plugin], { requests: a.requests, strict: a.strict });
  printFindings(all, io);
  const nWarnings = all.filter((d) => d.severity === 'warning').length;
  const nInfos = all.filter((d) => d.severity === 'info').length;
  const infos = nInfos > 0 ? `, ${plural(nInfos, 'note')}` : '';
  io.out(escapeControl(`${a.scenario}: ok (${plural(loaded.scenario.services.length, 'service')}, ${plural(loaded.scenario.traffic.length, 'traffic source')}, ${plural(nWarnings, 'warning')}${infos})`) + '\n');
}

function reportInputError(e: InputError, io: CliIo, kept?: string): void {
  for (const d of e.diagnostics) io.err(formatDiagnostic(d) + '\n');
  const n = e.diagnostics.filter((d) => d.severity === 'error').length;
  const more = e.dropped > 0 ? ` (and ${e.dropped} more problems not listed)` : '';
  io.err(`${n} error${n === 1 ? '' : 's'}${more}; ${kept === undefined ? 'nothing was run and no files were written.' : escapeControl(kept)}\n`);
}

/** Options (and variadic positionals) whose values are lists; every other repeated option keeps its last value. */
const LIST_OPTIONS = new Set(['_', '$0', '--', 'set', 'threshold', 'slo', 'folders', 'results', 'designs']);

/** Runs the CLI on `argv` (without `node meshsim`); returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exit = EXIT_OK;
  const ctx: CommandContext = { io, setExit: (code) => (exit = code) };
  try {
    await yargs(argv)
      .scriptName('meshsim')
      .version(VERSION)
      .exitProcess(false)
      // A repeated option keeps its last value (never an array where a path or number is expected),
      // except the options that are lists by design (--set, --threshold, --slo, listed folders).
      .parserConfiguration({ 'duplicate-arguments-array': true })
      .middleware((argv) => {
        for (const [k, v] of Object.entries(argv)) {
          if (Array.isArray(v) && !LIST_OPTIONS.has(k)) (argv as Record<string, unknown>)[k] = v[v.length - 1];
        }
      }, true)
      .strict()
      .command(
        'run <scenario>',
        'Run a scenario; print a summary and write results/<name>/',
        (y) =>
          y
            .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
            .option('seed', { type: 'number', describe: 'override the scenario seed' })
            .option('requests', { type: 'number', describe: 'override the total number of requests' })
            .option('out', { type: 'string', describe: 'output folder (default results/<scenario name>), replaced as a whole by each run' })
            .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the table' })
            .option('lb-plugin', PLUGIN_OPTIONS['lb-plugin'])
            .option('allow-plugins', PLUGIN_OPTIONS['allow-plugins'])
            .option('report', { type: 'boolean', default: false, describe: 'also write report.html (and report.md) next to the results' })
            .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (of loading and of the analyzer) as errors: exit 2 and run nothing' }),
        (a) => runCommand(a as Parameters<typeof runCommand>[0], io),
      )
      .command(
        'validate <scenario>',
        'Check a scenario and its Istio resources without running it',
        (y) =>
          y
            .positional('scenario', { type: 'string', demandOption: true })
            .option('requests', { type: 'number', describe: 'the total number of requests run would be given (--requests): checked against duration' })
            .option('strict', { type: 'boolean', default: false, describe: 'exit 2 when there are warnings (for CI)' }),
        (a) => validateCommand(a as { scenario: string; requests?: number; strict: boolean }, io),
      )
      .command(
        'schema',
        'Print the JSON Schema of scenario files (for editors)',
        (y) => y.option('out', { type: 'string', describe: 'write to this file instead of stdout' }),
        (a) => {
          const text = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
          if (a.out !== undefined) {
            checkOutputFile(a.out, { devices: true }); // a named pipe would block the write forever
            try {
              writeFileSync(a.out, text);
            } catch (e) {
              throw new UsageError(`cannot write ${a.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
            }
          } else io.out(text);
        },
      )
      .command(reportCommand(ctx))
      .command(checkCommand(ctx))
      .command(sweepCommand(ctx))
      .command(mergeCommand(ctx))
      .command(capacityCommand(ctx))
      .command(compareCommand(ctx))
      .demandCommand(1, 'name a command: run, validate, schema, report, check, sweep, merge, capacity or compare')
      .fail((msg, err, y) => {
        if (err) throw err;
        // Throwing (not just printing) stops yargs from running the command anyway.
        throw new UsageError(msg, String(y.help()));
      })
      .help()
      .parseAsync();
    return exit;
  } catch (thrown) {
    let e = thrown;
    if (e instanceof StoppedAfterWork) {
      if (e.cause instanceof InputError) {
        reportInputError(e.cause, io, e.kept);
        return EXIT_USAGE;
      }
      if (e.cause instanceof PluginError) {
        io.err(escapeControl(`meshsim: plug-in ${e.cause.plugin} failed: ${e.cause.detail}`) + `\n${escapeControl(e.kept)}\n`);
        return EXIT_USAGE;
      }
      e = e.cause;
    }
    if (e instanceof InputError) {
      reportInputError(e, io);
      return EXIT_USAGE;
    }
    if (e instanceof StrictError) {
      printFindings(e.diagnostics, io);
      const n = e.diagnostics.filter((d) => d.severity === 'warning').length;
      io.err(`${plural(n, 'warning')} and --strict treats warnings as errors; nothing was run and no files were written.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof PluginError) {
      io.err(escapeControl(`meshsim: plug-in ${e.plugin} failed: ${e.detail}`) + '\nthe run was stopped; no files were written.\n');
      return EXIT_USAGE;
    }
    if (e instanceof ResultSetError) {
      io.err(escapeControl(`meshsim: cannot write results to ${e.dir}: ${e.message}`) + '\nno files were written.\n');
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.err(escapeControl(`meshsim: ${e.message}`) + '\n' + (e.help ? `\n${e.help}\n` : ''));
      return EXIT_USAGE;
    }
    io.err(`meshsim: internal error (a bug in meshsim; please report it with the scenario):\n${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT_BUG;
  }
}
