/**
 * One run of the endpoint-scale benchmark (issue 11 "Endpoints") in its own process: the canonical
 * scenario (scenarios/bench/canonical.yaml: 3 regions × 2 zones, least request, the 80/15/5
 * `distribute` split, ~60% load) with `scale` times the replicas per zone and `scale` times the
 * request rate, so the load per endpoint is the same: scale 1 is the canonical 36 endpoints, 100
 * is 3,600, 1000 is 36,000. Prints {endpoints, requests, events, wallS, cpuS, peakRssMb, meanMs}.
 *
 *   node dist/bench/endpoints-one.js <scale> <requests>
 */
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../src/model/load.js';
import { runScenario } from '../src/sim/runner.js';

/** The canonical scenario's text with replicas and rates multiplied by `scale`. */
export function scaledCanonical(scale: number, requests: number): string {
  const text = readFileSync('scenarios/bench/canonical.yaml', 'utf8');
  return text
    .replace(/^requests: \d+$/m, `requests: ${requests}`)
    .replace(/replicas: (\d+)\}/g, (_, n: string) => `replicas: ${Number(n) * scale}}`)
    .replace(/rate: (\d+)\/s\}/g, (_, n: string) => `rate: ${Number(n) * scale}/s}`);
}

const [scaleArg, nArg] = process.argv.slice(2);
const scale = Number(scaleArg ?? 1);
const loaded = loadScenarioText(scaledCanonical(scale, Number(nArg ?? 1_000_000)), `canonical-x${scale}.yaml`);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const r = runScenario(loaded.scenario);
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
const endpoints = loaded.scenario.services.reduce((a, s) => a + s.deployments.reduce((b, d) => b + d.replicas, 0), 0);
process.stdout.write(
  JSON.stringify({ endpoints, requests: r.generated, events: r.events, wallS, cpuS: (c.user + c.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024, meanMs: r.latency.meanMs }) + '\n',
);
