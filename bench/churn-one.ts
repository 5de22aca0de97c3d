/**
 * One churn run in its own process (see churn.ts): 4 zones of E/4 endpoints each, 4 calling
 * proxies in zone a, outlierDetection (consecutive 5xx 1, interval 1 s, base ejection 10 s,
 * max 100 %) so that the default region/zone failover priorities apply; with `outage`, zone a is
 * down from 2 s to 8 s. Prints {wallS, cpuS, requests, events, ejections, failed, peakRssMb} as JSON.
 */
import { loadScenarioText } from '../src/model/load.js';
import { runScenario } from '../src/sim/runner.js';

function churnScenario(endpoints: number, requests: number, outage: boolean): string {
  const perZone = Math.max(1, Math.round(endpoints / 4));
  const zones = ['a', 'b', 'c', 'd'];
  return [
    'name: churn',
    'seed: 7',
    `requests: ${requests}`,
    'clusters:',
    `  - {name: c1, region: r1, zones: [${zones.map((z) => `r1-${z}`).join(', ')}]}`,
    'latency: {sameZone: 0.1ms, crossZone: 1ms, crossRegion: 30ms}',
    'services:',
    '  - name: api',
    '    namespace: bench',
    '    concurrency: 4',
    '    serviceTime: {dist: exponential, mean: 10ms}',
    '    deployments:',
    ...zones.map((z) => `      - {cluster: c1, zone: r1-${z}, replicas: ${perZone}}`),
    'traffic:',
    '  - {name: clients, from: {cluster: c1, zone: r1-a}, namespace: bench, to: api.bench, rate: 20000/s, replicas: 4}',
    ...(outage ? ['faults:', '  - {kind: zone-outage, zone: r1-a, at: 2s, for: 6s}'] : []),
    'policies:',
    '  - apiVersion: networking.istio.io/v1',
    '    kind: DestinationRule',
    '    metadata: {name: api, namespace: bench}',
    '    spec:',
    '      host: api.bench.svc.cluster.local',
    '      trafficPolicy:',
    '        loadBalancer: {simple: LEAST_REQUEST}',
    '        outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 10s, maxEjectionPercent: 100}',
    '',
  ].join('\n');
}

const [e, n, mode] = process.argv.slice(2);
const loaded = loadScenarioText(churnScenario(Number(e), Number(n), mode === 'outage'), 'churn.yaml');
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const r = runScenario(loaded.scenario);
const cpu = process.cpuUsage(c0);
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(
  JSON.stringify({ wallS, cpuS: (cpu.user + cpu.system) / 1e6, requests: r.generated, events: r.events, ejections: r.ejections.length, failed: r.failed, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
