/**
 * Instructions per simulated request, counted by valgrind (callgrind): a measure of the request
 * path's cost that other tenants of a shared machine cannot disturb, unlike time. Runs the
 * canonical scenario (or another) of the build in <dir> twice, at N and 2N requests, with V8 compiling on the
 * main thread (--single-threaded, so the count does not depend on thread timing), and prints
 * (I(2N) − I(N)) / N: start-up, loading and most of the JIT's work cancel out. Instructions are
 * not time (a cache miss costs more than an add), so use this beside `npm run bench`, not instead;
 * repeated counts agree within about 3 % (when the JIT tiers up still varies a little).
 *
 *   node dist/bench/instructions.js <dir> [N=200000] [scenario=scenarios/bench/canonical.yaml]   (needs valgrind; ~2 min)
 *
 * Each build runs with the V8 flags its own CLI sets (src/cli/v8-tuning.ts), as bench/ab.ts does.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFlags } from './build-flags.js';

const [dirArg, nArg, scenarioArg] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: node dist/bench/instructions.js <dir> [requests=200000] [scenario]');
  process.exit(2);
}
const dir = resolve(dirArg);
const n = Number(nArg ?? 200_000);
const scenario = scenarioArg ?? 'scenarios/bench/canonical.yaml';
const one = fileURLToPath(new URL('./ab-one.js', import.meta.url));
const flags = await buildFlags(dir);

/** Instructions callgrind counted for one run of `requests` requests. */
function count(requests: number): Promise<number> {
  return new Promise((done, fail) => {
    const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', ...flags, one, dir, scenario, String(requests)];
    const p = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', fail);
    p.on('close', (code) => {
      const m = /Collected : (\d+)/.exec(err);
      if (code !== 0 || !m) fail(new Error(`valgrind exited ${code}:\n${err.slice(-2000)}`));
      else done(Number(m[1]));
    });
  });
}

const [a, b] = await Promise.all([count(n), count(2 * n)]);
console.log(`${dir} ${scenario}: ${Math.round((b - a) / n).toLocaleString('en-US')} instructions per request (I(${2 * n}) = ${b}, I(${n}) = ${a}); V8 flags: ${flags.join(' ') || '(none)'}`);
