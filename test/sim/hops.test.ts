/**
 * A call of two hops, driven by hand: the caller's view is pointed at a stand-in gateway station
 * (as split-horizon EDS will do for a remote network), whose own proxy balances over the service's
 * endpoints. Constant delays make every millisecond and byte checkable.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/model/load.js';
import { runScenario } from '../../src/sim/runner.js';
import type { World } from '../../src/sim/world.js';

const SCENARIO = `
name: two-hops
seed: 3
requests: 1
clusters:
  - {name: c1, region: r1, zones: [z1]}
  - {name: c2, region: r2, zones: [z3]}
latency: {sameZone: 1ms, crossZone: 5ms, crossRegion: 30ms}
services:
  - name: echo
    ports: [80]
    serviceTime: 10ms
    responseSize: 2000B
    deployments: [{cluster: c2, zone: z3, replicas: 2}]
traffic:
  - {name: client, from: {cluster: c1, zone: z1}, to: echo, rate: 1/s, requestSize: 500B}
`;

/**
 * Puts an east-west gateway in c2/z3 between the client and echo. The gateway forwards inside its
 * own network (its own EDS): in the endpoints' network it reaches them; in another, nothing.
 */
function throughGateway(w: World, processingMs: number, network = 'network-default'): void {
  const src = w.sources[0];
  const cluster = src.routes[0].views[0].cluster;
  const gw = w.addGateway({ name: 'eastwest-c2-0', kind: 'eastwest', mesh: 'mesh', cluster: 'c2', network, locality: { region: 'r2', zone: 'z3', subzone: '' }, concurrency: 4, queueLimit: Infinity, processing: { dist: 'constant', value: processingMs } });
  // The caller sees the gateway instead of the endpoints (split-horizon EDS, by hand).
  const viaGateway = w.newView(w.proxies[src.proxies[0]], cluster, {
    priorities: [[{ locality: 'r2/z3', weight: 2, endpoints: [{ target: gw.id, weight: 2 }] }]],
    localityWeighted: false,
    overprovisioningFactor: 140,
    panicThreshold: 50,
  });
  src.routes[0].views[0] = viaGateway;
}

describe('a call of two hops through a gateway station', () => {
  const { scenario } = loadScenarioText(SCENARIO, 'two-hops.yaml');

  it('one hop: 30 ms there, 10 ms service, 30 ms back', () => {
    const r = runScenario(scenario);
    expect(r.succeeded).toBe(1);
    expect(r.latency.maxMs).toBeCloseTo(70, 6);
    expect(r.hops).toEqual([{ fromCluster: 'c1', fromLocality: 'r1/z1', toCluster: 'c2', toLocality: 'r2/z3', toKind: 'endpoint', service: 'echo.default', pathClass: 'cross-region', requests: 1, requestBytes: 500, responseBytes: 2000 }]);
  });

  it('two hops: 30 there + 2 gateway + 1 on + 10 service + 1 back + 30 back = 74 ms, each hop carrying the bytes', () => {
    const r = runScenario(scenario, { prepareWorld: (w) => throughGateway(w, 2) });
    expect(r.succeeded).toBe(1);
    expect(r.latency.maxMs).toBeCloseTo(74, 6);
    expect(r.latencyBreakdown).toEqual({ calls: 1, networkMs: 62, gatewayMs: 2, queueMs: 0, serviceMs: 10, callsMs: 0 });
    expect(r.hops).toEqual([
      { fromCluster: 'c1', fromLocality: 'r1/z1', toCluster: 'c2', toLocality: 'r2/z3', toKind: 'eastwest', service: 'echo.default', pathClass: 'cross-region', requests: 1, requestBytes: 500, responseBytes: 2000 },
      { fromCluster: 'c2', fromLocality: 'r2/z3', toCluster: 'c2', toLocality: 'r2/z3', toKind: 'endpoint', service: 'echo.default', pathClass: 'same-zone', requests: 1, requestBytes: 500, responseBytes: 2000 },
    ]);
    // The route row is end to end: from the client's locality to the endpoint that served.
    expect(r.routes.map((x) => [x.sourceLocality, x.destinationCluster, x.destinationLocality, x.pathClass])).toEqual([['r1/z1', 'c2', 'r2/z3', 'cross-region']]);
    // …and so is its breakdown (routes.csv mean_*_ms): the two hops' network time, the gateway's, the service's.
    expect(r.routes[0].breakdownMs).toEqual({ networkMs: 62, gatewayMs: 2, queueMs: 0, serviceMs: 10, callsMs: 0 });
    // Both endpoints sit behind the gateway; the gateway's proxy picked one of them.
    expect(r.endpoints.reduce((a, e) => a + e.served, 0)).toBe(1);
  });

  it('a gateway with nothing behind it answers 503 no_healthy_upstream back along the first hop', () => {
    const r = runScenario(scenario, {
      prepareWorld: (w) => throughGateway(w, 1, 'elsewhere'),
    });
    expect(r.failures.no_healthy_upstream).toBe(1);
    // The request reached the gateway (bytes on the first hop), no second hop was made.
    expect(r.hops).toEqual([{ fromCluster: 'c1', fromLocality: 'r1/z1', toCluster: 'c2', toLocality: 'r2/z3', toKind: 'eastwest', service: 'echo.default', pathClass: 'cross-region', requests: 1, requestBytes: 500, responseBytes: 0 }]);
  });
});
