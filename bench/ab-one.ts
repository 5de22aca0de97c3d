/**
 * One canonical run of the build in <dir> (imported from <dir>/dist), for bench/ab.ts: prints
 * {requests, events, wallS, cpuS, meanMs}. CPU time (user + system) is printed beside wall time
 * because, on a shared machine, other tenants stretch wall time more than this process's CPU time.
 *
 *   node dist/bench/ab-one.js <dir> <scenario> <requests>
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, file, n] = process.argv.slice(2);
const from = (p: string) => import(pathToFileURL(join(resolve(dir), 'dist', p)).href);
const { loadScenarioFile } = await from('src/model/load.js');
const run = await from('src/run.js');
const { runScenario } = await from('src/sim/runner.js');

const loaded = loadScenarioFile(join(dir, file));
// Older builds (before the Istio configuration was checked at load) take a mesh from prepare().
const mesh = typeof run.prepare === 'function' ? run.prepare(loaded).mesh : undefined;
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const options = { requests: Number(n) };
const r = mesh === undefined ? runScenario(loaded.scenario, options) : runScenario(loaded.scenario, mesh, options);
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ requests: r.generated, events: r.events, wallS, cpuS: (c.user + c.system) / 1e6, meanMs: r.latency.meanMs }) + '\n');
