/** One benchmark run in its own process: prints {requests, wallS, cpuS, events, peakRssMb, meanMs} as JSON. */
import { loadScenarioFile } from '../src/model/load.js';
import { runScenario } from '../src/sim/runner.js';

const [file, n] = process.argv.slice(2);
const loaded = loadScenarioFile(file);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const r = runScenario(loaded.scenario, { requests: Number(n) });
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({ requests: r.generated, wallS, cpuS: (c.user + c.system) / 1e6, events: r.events, peakRssMb: process.resourceUsage().maxRSS / 1024, meanMs: r.latency.meanMs }) + '\n',
);
