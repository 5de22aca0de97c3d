/**
 * Sidecar-scale benchmark (issue 11 "Sidecars"): N calling proxies (one traffic source with N
 * replicas, each its own sidecar) × one upstream cluster of E endpoints with outlierDetection,
 * through the public run API (a generated scenario text, loadScenarioText +
 * runScenario). Prints the scenario load time, the build time up to the first event (the first
 * host pick, seen through a pass-through plug-in around Istio's default LEAST_REQUEST), the
 * whole run's wall time and the process's peak RSS.
 *
 *   node dist/bench/proxies.js [proxies=10000] [endpoints=3600] [requestsPerProxy=2]
 *
 * Every proxy sends `requestsPerProxy` requests (the source's replicas take requests in turn), so
 * every load balancer and detector is touched; a fraction (0.01) leaves most proxies untouched.
 * The run lasts 2 s of simulated time per request per proxy with 1 s outlier-detection intervals.
 * Run it in a fresh process: peak RSS is the process's.
 */
import { loadScenarioText } from '../src/model/load.js';
import type { HostPicker, LoadBalancingPolicy, PickContext } from '../src/lb/policy.js';
import { LEAST_REQUEST } from '../src/lb/policies/least-request.js';
import { runScenario } from '../src/sim/runner.js';

const [proxies = 10000, endpoints = 3600, perProxy = 2] = process.argv.slice(2).map(Number);

function scenario(): string {
  const zones = ['a', 'b', 'c'];
  const perZone = Math.ceil(endpoints / zones.length);
  const rate = Math.max(1, Math.round(proxies / 2));
  return [
    'name: proxies',
    'seed: 3',
    `requests: ${Math.max(1, Math.round(proxies * perProxy))}`,
    'clusters:',
    `  - {name: c1, region: r1, zones: [${zones.map((z) => `r1-${z}`).join(', ')}]}`,
    'latency: {sameZone: 0.1ms, crossZone: 1ms, crossRegion: 30ms}',
    'services:',
    '  - name: api',
    '    namespace: bench',
    '    concurrency: 4',
    '    serviceTime: {dist: exponential, mean: 10ms}',
    '    deployments:',
    ...zones.map((z, i) => `      - {cluster: c1, zone: r1-${z}, replicas: ${i < zones.length - 1 ? perZone : endpoints - perZone * (zones.length - 1)}}`),
    'traffic:',
    `  - {name: sidecars, from: {cluster: c1, zone: r1-a}, namespace: bench, to: api.bench, rate: ${rate}/s, replicas: ${proxies}}`,
    'policies:',
    '  - apiVersion: networking.istio.io/v1',
    '    kind: DestinationRule',
    '    metadata: {name: api, namespace: bench}',
    '    spec:',
    '      host: api.bench.svc.cluster.local',
    '      trafficPolicy:',
    '        outlierDetection: {consecutive5xxErrors: 5, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50}',
    '',
  ].join('\n');
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
let firstPickMs = -1;
/** Istio's default policy, unchanged; only notes when the first pick happens. */
const observed: LoadBalancingPolicy = {
  name: LEAST_REQUEST.name,
  newPicker(hosts: readonly number[], ctx: PickContext, seed: number, previous?: HostPicker): HostPicker {
    if (firstPickMs < 0) firstPickMs = now();
    return LEAST_REQUEST.newPicker(hosts, ctx, seed, previous);
  },
};

const t0 = now();
const loaded = loadScenarioText(scenario(), 'proxies.yaml');
const t1 = now();
const r = runScenario(loaded.scenario, { plugin: observed });
const t2 = now();
const out = {
  proxies,
  endpoints,
  requests: r.generated,
  loadMs: Math.round(t1 - t0),
  firstEventMs: Math.round(firstPickMs - t1),
  runMs: Math.round(t2 - t1),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(out));
