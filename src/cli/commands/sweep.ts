/**
 * `meshsim sweep <scenario> --set path=v1,v2 ... [--replications R] [--workers W] [--shard i/n]`:
 * turns argv into a sweep definition, draws progress, maps interruption (Ctrl-C) to "rerun to
 * resume", and prints where the results are. The work is in src/sweep/.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { escapeControl } from '../../model/escape.js';
import { checkOutputFolder } from '../../report/write.js';
import { prepare } from '../../run.js';
import { defineSweep, flagError, withSweepPlugin } from '../../sweep/definition.js';
import { SweepFolderError } from '../../sweep/folder.js';
import { parseShard } from '../../sweep/grid.js';
import { runSweep, SweepInterrupted } from '../../sweep/sweep.js';
import { PluginError } from '../../lb/policies/checked-plugin.js';
import { InputError } from '../../model/diagnostics.js';
import { StoppedAfterWork, type CommandContext } from '../context.js';
import { guardExit, PLUGIN_OPTIONS, pluginToRun } from '../plugin.js';
import { findingsOf, gateFindings, printFindings, warningsOf } from '../preflight.js';
import { Progress, wantsBar } from './progress.js';

const COMMAND = 'meshsim sweep';

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

interface SweepArgs {
  scenario: string;
  set?: string[];
  replications: number;
  workers?: number;
  requests?: number;
  out?: string;
  shard?: string;
  'lb-plugin'?: string;
  'allow-plugins': boolean;
  strict: boolean;
  'progress-every': number;
}

/** yargs lets `--workers abc` through as NaN: checks an integer flag. */
export function checkInteger(command: string, name: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw flagError(command, `--${name}`, `must be an integer >= ${min}, got ${String(v)}`);
}

/** Runs `work` with Ctrl-C turned into an abort signal; a second Ctrl-C kills at once. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    return await work(ac.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function sweepCommand(ctx: CommandContext): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep <scenario>',
    describe: 'Run a scenario over a grid of field values x seeds; write tidy and aggregate CSVs',
    builder: (y) =>
      y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('set', { type: 'string', array: true, describe: 'path=v1,v2,... (repeatable): values of a scenario field, e.g. services[0].deployments[1].replicas=2,3,4 or traffic[name=sleep].rate=100/s,200/s; lo..hi lists integers' })
        .option('replications', { type: 'number', default: 3, describe: 'runs per point; replication r uses seed = scenario seed + r (a 95% CI needs >= 2)' })
        .option('workers', { type: 'number', describe: 'worker threads (default: the number of CPUs)' })
        .option('requests', { type: 'number', describe: 'override the total number of requests of every run' })
        .option('out', { type: 'string', describe: 'sweep folder (default results/<scenario name>-sweep); rerunning resumes it' })
        .option('shard', { type: 'string', describe: 'i/n: run only points p with p mod n = i (0 <= i < n); combine shards with meshsim merge' })
        .option('lb-plugin', PLUGIN_OPTIONS['lb-plugin'])
        .option('allow-plugins', PLUGIN_OPTIONS['allow-plugins'])
        .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (of loading and of the analyzer, for any --set value) as errors: exit 2 and run nothing' })
        .option('progress-every', { type: 'number', default: 10, describe: 'seconds between progress lines when stderr is not a terminal (or CI is set)' }) as never,
    handler: async (a) => {
      checkInteger(COMMAND, 'replications', a.replications, 1);
      checkInteger(COMMAND, 'workers', a.workers, 1);
      checkInteger(COMMAND, 'requests', a.requests, 1);
      if (!(a['progress-every'] > 0)) throw flagError(COMMAND, '--progress-every', `must be > 0, got ${String(a['progress-every'])}`);
      const shard = a.shard === undefined ? undefined : parseShard(a.shard);
      if (a.shard !== undefined && !shard) throw flagError(COMMAND, '--shard', `expected i/n with 0 <= i < n (e.g. 0/4), got "${a.shard}"`);
      if (a['lb-plugin'] === '') throw flagError(COMMAND, '--lb-plugin', 'needs a file');
      if (a.out === '') throw flagError(COMMAND, '--out', 'needs a folder');
      // Like run: the analyzer (on each --set value applied to the scenario) before anything runs;
      // errors, or warnings with --strict, stop here; warnings are printed once, not per point.
      const requests = a.requests;
      const checked = defineSweep({ file: a.scenario, sets: a.set ?? [], replications: a.replications, requests, command: COMMAND, analyze: (v) => findingsOf(v, prepare(v, { requests }).warnings, { requests }).all });
      printFindings(warningsOf(gateFindings(checked.findings, a.strict)), ctx.io);
      const def = withSweepPlugin(checked, pluginToRun(checked.loaded, a['lb-plugin'], a['allow-plugins']), COMMAND);
      const dir = a.out ?? join('results', `${def.name}-sweep`);
      checkOutputFolder(dir);
      const workers = a.workers ?? availableParallelism();
      const progress = new Progress({ label: shard ? `sweep ${shard.index}/${shard.count}` : 'sweep', unit: 'points', bar: wantsBar(), every: a['progress-every'], write: ctx.io.err });
      let outcome;
      let finished = 0; // points this run finished (and wrote)
      try {
        // Plug-in code runs in this thread too (loaded here first; the points with one worker).
        outcome = await guardExit(def.pluginPath === undefined ? undefined : () => def.pluginPath!, () =>
          withInterrupt((signal) =>
            runSweep(def, {
              dir,
              workers,
              shard,
              signal,
              onProgress: (p) => {
                finished = p.done - p.skipped;
                progress.update(p);
              },
            }),
          ),
        );
      } catch (e) {
        if (e instanceof SweepFolderError) throw flagError(COMMAND, '--out', e.message);
        // A point that failed (a --set combination, a plug-in) stops the sweep; finished points stay.
        if ((e instanceof InputError || e instanceof PluginError) && finished > 0) {
          throw new StoppedAfterWork(e, `the sweep stopped there; the ${finished} point${finished === 1 ? '' : 's'} finished before it ${finished === 1 ? 'is' : 'are'} kept in ${dir} (no CSVs yet): fix the input, then run the same command to resume`);
        }
        if (e instanceof SweepInterrupted) {
          progress.finish();
          ctx.io.err(`interrupted: ${e.progress.done} of ${e.progress.total} points are finished and kept in ${dir}; run the same command again to resume\n`);
          process.kill(process.pid, 'SIGINT'); // exit as interrupted (130), the listener is gone
          await new Promise(() => {});
        }
        throw e;
      }
      progress.finish();
      const p = outcome.progress;
      const { perSecond, elapsed } = progress.rate();
      const runs = def.points * def.replications;
      ctx.io.out(
        `sweep ${escapeControl(def.name)}: ${plural(def.points, 'point')} x ${plural(def.replications, 'replication')} (${plural(runs, 'run')})` +
          `${shard ? `, shard ${shard.index}/${shard.count}: ${p.total.toLocaleString('en-US')} points` : ''}; ran ${p.done - p.skipped}, resumed ${p.skipped}` +
          ` in ${elapsed.toFixed(1)} s (${perSecond.toFixed(1)} points/s, ${workers} worker${workers === 1 ? '' : 's'})\n`,
      );
      if (outcome.written.length > 0) ctx.io.out(`wrote ${escapeControl(outcome.written.join(', '))}\n`);
      else if (shard) ctx.io.out(`points are in ${escapeControl(dir)}/points; when every shard has finished: meshsim merge <shard folders...> --out <folder>\n`);
    },
  };
}
