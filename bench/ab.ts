/**
 * A/B benchmark: alternates runs of the canonical benchmark between two built checkouts (each in
 * its own Node process, in turn, so both see the same machine noise) and prints the medians.
 * The machine is shared and noisy: compare only figures measured in the same sitting.
 *
 *   node dist/bench/ab.js <dirA> <dirB> [runs=7] [requests=1000000]   (runs dist/bench/ab-one.js on each)
 *
 * Each build runs with the V8 flags its own CLI sets (src/cli/v8-tuning.ts), as its users run it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildFlags } from './build-flags.js';

const [dirA, dirB, runsArg, nArg] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node dist/bench/ab.js <dirA> <dirB> [runs=7] [requests=1000000]');
  process.exit(2);
}
const runs = Number(runsArg ?? 7);
const n = String(nArg ?? 1_000_000);

const one = fileURLToPath(new URL('./ab-one.js', import.meta.url));

interface One {
  requests: number;
  wallS: number;
  cpuS: number;
  events: number;
  meanMs: number;
}

const flags = { [dirA]: await buildFlags(dirA), [dirB]: await buildFlags(dirB) };

function once(dir: string): One {
  const r = spawnSync(process.execPath, [...flags[dir], one, dir, 'scenarios/bench/canonical.yaml', n], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${dir}: ${r.stderr}`);
  return JSON.parse(r.stdout) as One;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const walls: Record<'A' | 'B', number[]> = { A: [], B: [] };
const cpus: Record<'A' | 'B', number[]> = { A: [], B: [] };
let last: Record<'A' | 'B', One | undefined> = { A: undefined, B: undefined };
for (let i = 0; i < runs; i++) {
  // alternate which goes first, so neither always runs right after the other
  const order: ('A' | 'B')[] = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
  for (const k of order) {
    const m = once(k === 'A' ? dirA : dirB);
    walls[k].push(m.wallS);
    cpus[k].push(m.cpuS);
    last = { ...last, [k]: m };
  }
}
for (const k of ['A', 'B'] as const) {
  const m = last[k]!;
  const med = median(walls[k]);
  const cpu = median(cpus[k]);
  console.log(
    `${k} ${k === 'A' ? dirA : dirB}: median wall ${med.toFixed(3)} s (${Math.round(m.requests / med).toLocaleString('en-US')} req/s, ${Math.round(m.events / med).toLocaleString('en-US')} events/s), median CPU ${cpu.toFixed(3)} s; wall ${walls[k].map((w) => w.toFixed(3)).join(' ')}; CPU ${cpus[k].map((w) => w.toFixed(3)).join(' ')}; events ${m.events}, mean ${m.meanMs}`,
  );
}
const pct = (xs: Record<'A' | 'B', number[]>) => (((median(xs.A) - median(xs.B)) / median(xs.A)) * 100).toFixed(1);
for (const [k, dir] of [['A', dirA], ['B', dirB]]) console.log(`${k} V8 flags: ${flags[dir].join(' ') || '(none)'}`);
console.log(`B vs A: wall ${pct(walls)}% faster, CPU ${pct(cpus)}% faster (positive = B faster)`);
