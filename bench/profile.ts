/**
 * Where a run's time goes, by stage of the request path: runs one benchmark scenario under V8's
 * sampling profiler (node --cpu-prof, in a fresh process) and sums the self time of its functions
 * by the folder or file they live in. Inlined functions are attributed to their own source (V8
 * keeps their positions), so the stages are what the code does, not how the compiler merged it.
 *
 *   node dist/bench/profile.js [scenario=scenarios/bench/canonical.yaml] [requests=2000000]
 *   node dist/bench/profile.js --scale 1000 [requests]     (the 36,000-endpoint variant)
 *   node dist/bench/profile.js --default-budget ...        (V8's default inlining budget, not the CLI's)
 *
 * With the CLI's raised inlining budget (src/cli/v8-tuning.ts) most callees compile into the
 * request path's handlers and their time is reported there; --default-budget runs with V8's
 * defaults, where each stage keeps more of its own functions (the run is then slower).
 */
import { spawnSync } from 'node:child_process';
import { V8_FLAGS } from '../src/cli/v8-tuning.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Stages, first match wins: a path fragment of the function's file (or a V8 pseudo-function). */
const STAGES: [string, (url: string, fn: string) => boolean][] = [
  ['event kernel: queue, clock, dispatch', (u) => /\/engine\/(event-queue|simulation)\.js$/.test(u)],
  ['random numbers and samplers (Alea, log)', (u) => /\/engine\/(random|distributions)\.js$/.test(u) || /seedrandom/.test(u)],
  ['stations: servers and queues', (u) => /\/engine\/stations\.js$/.test(u)],
  ['load balancer: priority, locality EDF, least request', (u) => /\/lb\//.test(u)],
  ['metrics: histograms, routes, hops, populations, timeline', (u) => /\/metrics\/|\/sim\/(run-metrics|route-index)\.js$/.test(u)],
  ['request path: arrive, route, attempt, hop, respond, finish', (u) => /\/sim\/(runner|calls)\.js$/.test(u) || /\/proxy\//.test(u)],
  ['garbage collector', (_u, f) => f === '(garbage collector)'],
  ['loading, building the world, Node start', () => true],
];

const args = process.argv.slice(2);
const defaultBudget = args[0] === '--default-budget';
if (defaultBudget) args.shift();
let scale = 0;
if (args[0] === '--scale') {
  scale = Number(args[1]);
  args.splice(0, 2);
}
const scenario = scale > 0 ? '' : (args[0] ?? 'scenarios/bench/canonical.yaml');
const requests = Number((scale > 0 ? args[0] : args[1]) ?? 2_000_000);
const dir = mkdtempSync(join(tmpdir(), 'meshsim-profile-'));
const script = fileURLToPath(new URL(scale > 0 ? './endpoints-one.js' : './bench-one.js', import.meta.url));
const r = spawnSync(process.execPath, [...(defaultBudget ? [] : V8_FLAGS), '--cpu-prof', '--cpu-prof-interval', '100', `--cpu-prof-dir=${dir}`, script, ...(scale > 0 ? [String(scale)] : [scenario]), String(requests)], {
  encoding: 'utf8',
});
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const run = JSON.parse(r.stdout.trim().split('\n').pop()!) as { requests: number; events: number; cpuS: number };
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
rmSync(dir, { recursive: true, force: true });

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const totals = new Map<string, number>(STAGES.map(([name]) => [name, 0]));
const functions = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i])!;
  const us = profile.timeDeltas[i];
  if (n.callFrame.functionName === '(idle)') continue;
  total += us;
  const stage = STAGES.find(([, match]) => match(n.callFrame.url, n.callFrame.functionName))![0];
  totals.set(stage, totals.get(stage)! + us);
  const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}

const what = scale > 0 ? `the canonical scenario ×${scale} (endpoints-one)` : scenario;
console.log(`${what}, ${run.requests.toLocaleString('en-US')} requests, ${run.events.toLocaleString('en-US')} events; profiled ${(total / 1000).toFixed(0)} ms (the profiler slows the run); V8 flags: ${defaultBudget ? 'none (default inlining budget)' : V8_FLAGS.join(' ')}`);
console.log('stage                                                       ms      %   ns/request');
for (const [name] of STAGES) {
  const us = totals.get(name)!;
  console.log(`${name.padEnd(58)} ${(us / 1000).toFixed(0).padStart(6)} ${((100 * us) / total).toFixed(1).padStart(6)} ${((us * 1000) / run.requests).toFixed(0).padStart(11)}`);
}
console.log('\ntop functions (self time)');
for (const [k, us] of [...functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
