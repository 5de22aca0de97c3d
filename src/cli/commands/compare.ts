/**
 * `meshsim compare <a.yaml> <b.yaml> ... [--replications R] [--requests N] [--seed S]
 * [--streams common|independent] [--out DIR] [--strict]`: runs the designs on the same traffic (common random
 * numbers), prints them side by side and writes compare.txt, compare.csv and compare.json as one
 * result set into results/compare-<designs>/ (or DIR). The work is in src/compare/.
 */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { defaultFolderName, planComparison, runComparison } from '../../compare/compare.js';
import type { Streams } from '../../compare/replicate.js';
import { escapeControl } from '../../model/escape.js';
import { checkResultFolder, writeResultSet } from '../../report/write.js';
import { flagError } from '../../sweep/definition.js';
import { isAlive } from './alive.js';
import { Progress, wantsBar } from './progress.js';
import { checkInteger } from './sweep.js';
import type { CommandContext } from '../context.js';
import { preflight } from '../preflight.js';

const COMMAND = 'meshsim compare';

interface CompareArgs {
  designs: string[];
  replications: number;
  requests?: number;
  seed?: number;
  streams: Streams;
  out?: string;
  strict: boolean;
}

export function compareCommand(ctx: CommandContext): CommandModule<object, CompareArgs> {
  return {
    command: 'compare <designs..>',
    describe: 'Run designs on the same traffic (common random numbers) and print them side by side',
    builder: (y) =>
      y
        .positional('designs', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files; differences are against the first' })
        .option('replications', { type: 'number', default: 1, describe: 'runs per design; replication r uses seed + r in every design; >= 2 gives each difference a 95% confidence interval' })
        .option('requests', { type: 'number', describe: 'override the total number of requests of every run' })
        .option('seed', { type: 'number', describe: "seed of replication 0 (default: the first design's seed)" })
        .option('streams', { choices: ['common', 'independent'] as const, default: 'common' as const, describe: 'common: every design on the same seeds; independent: design d on seed + 1000*d (for contrast)' })
        .option('out', { type: 'string', describe: 'output folder (default results/compare-<designs>), replaced as a whole' })
        .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (of loading and of the analyzer) as errors: exit 2 and run nothing' }) as never,
    handler: async (a) => {
      if (a.designs.length < 2) throw flagError(COMMAND, '<designs>', `needs at least two scenario files to compare, got ${a.designs.length}`);
      checkInteger(COMMAND, 'replications', a.replications, 1);
      if (a.replications > 1000) throw flagError(COMMAND, '--replications', `must be at most 1000, got ${a.replications}`);
      checkInteger(COMMAND, 'requests', a.requests, 1);
      checkInteger(COMMAND, 'seed', a.seed, 0);
      if (a.out === '') throw flagError(COMMAND, '--out', 'needs a folder');
      const planned = planComparison(a.designs, { replications: a.replications, requests: a.requests, seed: a.seed, streams: a.streams });
      // Like run: the analyzer on every design first, then compare's own checks (source names,
      // seeds); errors (or any of these warnings with --strict) stop here.
      preflight(planned.designs.map((d) => d.loaded), { requests: a.requests, strict: a.strict, own: planned.warnings }, ctx.io);
      const dir = a.out ?? join('results', defaultFolderName(planned.designs));
      checkResultFolder(dir);
      // A bar on a terminal; elsewhere (CI logs, npm start piped) a line every 10 s once a run takes that long.
      const bar = wantsBar();
      const progress = new Progress({ label: 'compare', unit: 'runs', bar, every: 10, write: ctx.io.err });
      let shown = false;
      const out = runComparison(planned, (p) => {
        if (!bar && progress.rate().elapsed < 10) return;
        progress.update({ done: p.done, total: p.total, skipped: 0 });
        shown = true;
      });
      if (shown) progress.finish();
      const { elapsed } = progress.rate();
      writeResultSet(dir, out.files, { pid: process.pid, isAlive, nowMs: Date.now() });
      ctx.io.out(`${out.text}\nran ${a.designs.length * a.replications} runs in ${elapsed.toFixed(1)} s; wrote ${escapeControl(dir)}/{${Object.keys(out.files).join(',')}}\n`);
    },
  };
}
