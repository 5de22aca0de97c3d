#!/usr/bin/env node
/**
 * meshsim's command line: a thin shell over the library. Each command turns argv into typed
 * options, calls the library, prints, and maps user errors to exit code 2 (no stack trace).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatDiagnostic, InputError } from '../model/diagnostics.js';
import { loadScenarioFile } from '../model/load.js';
import { scenarioJsonSchema } from '../model/schema.js';
import { simulate } from '../run.js';
import { writeOutputsAtomically } from '../report/write.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { VERSION } from '../version.js';
import { defaultReportPath, reportCommand, reportTo } from './commands/report.js';
import { checkCommand } from './commands/check.js';
import { sweepCommand } from './commands/sweep.js';
import { mergeCommand } from './commands/merge.js';
import { capacityCommand } from './commands/capacity.js';

const EXIT_USAGE = 2;

/** A mistake in the command line or its environment (bad flag, unwritable --out): a message, no stack. */
class UsageError extends Error {
  constructor(message: string, readonly help = '') {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes files the user asked for, turning I/O failures into a plain message. */
function writeOrExplain(what: string, write: () => unknown): void {
  try {
    write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${what}: ${code ? `${code}: ` : ''}${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
}

/** yargs types `number` options but lets `--seed abc` through as NaN. */
function checkCount(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be an integer >= ${min}`);
}

/** Loads a user's load-balancing plug-in: a module whose default export is a LoadBalancingPolicy. */
async function loadPlugin(path: string | undefined): Promise<LoadBalancingPolicy | undefined> {
  if (!path) return undefined;
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (e) {
    throw new InputError([{ severity: 'error', file: path, path: '(plugin)', message: `cannot load plug-in: ${(e as Error).message}` }]);
  }
  const p = mod.default as Partial<LoadBalancingPolicy> | undefined;
  if (!p || typeof p.name !== 'string' || typeof p.newPicker !== 'function') {
    throw new InputError([{ severity: 'error', file: path, path: '(plugin)', message: 'the default export must be a LoadBalancingPolicy: { name: string, newPicker(hosts, ctx, seed) }' }]);
  }
  return p as LoadBalancingPolicy;
}

function reportInputError(e: InputError): void {
  for (const d of e.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  const n = e.diagnostics.filter((d) => d.severity === 'error').length;
  process.stderr.write(`${n} error${n === 1 ? '' : 's'}; nothing was run and no files were written.\n`);
}

async function main(argv: string[]): Promise<number> {
  await yargs(argv)
    .scriptName('meshsim')
    .version(VERSION)
    .strict()
    .command(
      'run <scenario>',
      'Run a scenario; print a summary and write results/<name>/',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
          .option('seed', { type: 'number', describe: 'override the scenario seed' })
          .option('requests', { type: 'number', describe: 'override the total number of requests' })
          .option('out', { type: 'string', describe: 'output directory (default results/<scenario name>)' })
          .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the table' })
          .option('lb-plugin', { type: 'string', describe: 'JavaScript module whose default export is a LoadBalancingPolicy' })
          .option('report', { type: 'boolean', default: false, describe: 'also write report.html (and report.md) next to the results' }),
      async (a) => {
        checkCount('seed', a.seed, 0);
        checkCount('requests', a.requests, 1);
        const loaded = loadScenarioFile(a.scenario);
        const plugin = await loadPlugin(a['lb-plugin'] ?? (loaded.scenario.pluginPath ? resolve(loaded.scenario.file, '..', loaded.scenario.pluginPath) : undefined));
        const out = simulate(loaded, { seed: a.seed, requests: a.requests, plugin });
        const dir = a.out ?? join('results', loaded.scenario.name);
        writeOrExplain(`results to ${dir}`, () => writeOutputsAtomically(dir, out.files));
        if (a.report) process.stderr.write(`wrote ${reportTo([dir], defaultReportPath([dir])).join(', ')}\n`);
        process.stdout.write(a.json ? out.files['summary.json'] : out.text + `\nwrote ${dir}/{${Object.keys(out.files).join(',')}}\n`);
      },
    )
    .command(
      'validate <scenario>',
      'Check a scenario and its Istio resources without running it',
      (y) => y.positional('scenario', { type: 'string', demandOption: true }),
      (a) => {
        const loaded = loadScenarioFile(a.scenario);
        const warnings = loaded.warnings;
        for (const w of warnings) process.stderr.write(formatDiagnostic(w) + '\n');
        process.stdout.write(`${a.scenario}: ok (${loaded.scenario.services.length} services, ${loaded.scenario.traffic.length} traffic sources, ${warnings.length} warning${warnings.length === 1 ? '' : 's'})\n`);
      },
    )
    .command(
      'schema',
      'Print the JSON Schema of scenario files (for editors)',
      (y) => y.option('out', { type: 'string', describe: 'write to this file instead of stdout' }),
      (a) => {
        const text = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
        if (a.out) writeOrExplain(a.out, () => writeFileSync(a.out!, text));
        else process.stdout.write(text);
      },
    )
    .command(reportCommand)
    .command(checkCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(capacityCommand)
    .demandCommand(1, 'name a command: run, validate or schema')
    .fail((msg, err, y) => {
      if (err) throw err;
      // Throwing (not just printing) stops yargs from running the command anyway.
      throw new UsageError(msg, String(y.help()));
    })
    .help()
    .parseAsync();
  return 0;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError) {
      reportInputError(e);
      process.exitCode = EXIT_USAGE;
    } else if (e instanceof UsageError) {
      process.stderr.write(`meshsim: ${e.message}\n${e.help ? `\n${e.help}\n` : ''}`);
      process.exitCode = EXIT_USAGE;
    } else {
      throw e;
    }
  },
);
