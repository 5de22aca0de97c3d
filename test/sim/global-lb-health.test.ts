/**
 * The global load balancer health-checks the ingress gateways: users of a region whose ingress
 * gateways are down fail until two failed checks (5 s apart) take them out of the pool, then fail
 * over to the next region by RTT, and come back two good checks after the gateways do.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';
import { healthFlipAt } from '../../src/sim/global-lb-health.js';

describe('healthFlipAt (checks every 5 s from 0, thresholds 2 and 2, timeout 5 s)', () => {
  it.each([
    // [change at, down, blackhole, flip at]: first check at or after the change, then one more.
    [12_000, true, false, 20_000], //  checks at 15 s and 20 s fail
    [15_000, true, false, 20_000], //  a check at the very moment sees it
    [12_000, true, true, 25_000], //   ... and a blackholed replica fails each check 5 s later
    [32_000, false, false, 40_000], // good checks at 35 s and 40 s
    [0, true, false, 5_000],
  ])('changed at %d ms, down %s, blackhole %s: flips at %d ms', (now, down, blackhole, at) => {
    expect(healthFlipAt(now, down, blackhole)).toBe(at);
  });
});

/** Users near r1 (RTT 10 ms; 100 ms to r2) call web through the ingress gateways of c1 (r1) or c2 (r2). */
const scenario = (faults: string) => `
name: glb
seed: 3
duration: 50s
clusters:
  - {name: c1, region: r1, zones: [a]}
  - {name: c2, region: r2, zones: [b]}
latency: {sameZone: 1ms, crossRegion: 40ms}
gateways:
  - {cluster: c1, kind: ingress, replicas: 2}
  - {cluster: c2, kind: ingress, replicas: 2}
services:
  - name: web
    concurrency: 100
    serviceTime: 5ms
    deployments:
      - {cluster: c1, replicas: 2}
      - {cluster: c2, replicas: 2}
users:
  - {name: people, to: web, rate: 100/s, arrival: constant, rtt: {r1: 10ms, r2: 100ms}}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web}
    spec: {host: web, trafficPolicy: {outlierDetection: {consecutive5xxErrors: 5, interval: 1s, baseEjectionTime: 30s}}}
faults:
${faults}
`;

describe('global load balancer health checks', () => {
  it('an ingress outage in r1 (12 s to 32 s): users fail until 20 s, are served from r2 until 40 s, then from r1 again', () => {
    const out = simulateText(scenario('  - {kind: gateway-outage, gateway: ingress, cluster: c1, at: 12s, for: 20s}'), 'glb.yaml');
    const rows = out.result.timeline;
    const failed = (from: number, to: number) => rows.filter((t) => t.startMs >= from && t.endMs <= to).reduce((a, t) => a + t.failed, 0);
    // 100/s for the 8 s before the checks take c1's gateways out; none after.
    expect(failed(12_000, 20_000)).toBeGreaterThanOrEqual(795);
    expect(failed(12_000, 20_000)).toBeLessThanOrEqual(805);
    expect(failed(21_000, 50_000)).toBe(0);
    const f = out.summary.faults[0];
    // The last failures (sent just before 20 s) come back in the 20–21 s row.
    expect(f.recoveredAfterMs).toBe(9_000);
    // Served in r2 from 20 s until the good checks at 35 s and 40 s: 20 s of the 20 s fault, 8 s after it.
    const r2 = out.result.routes.filter((r) => r.root && r.destinationLocality.startsWith('r2')).reduce((a, r) => a + r.succeeded, 0);
    expect(r2).toBeGreaterThanOrEqual(1995);
    expect(r2).toBeLessThanOrEqual(2005);
  });

  it('an outage shorter than two checks is never noticed: its users fail for all of it, nobody moves', () => {
    const out = simulateText(scenario('  - {kind: gateway-outage, gateway: ingress, cluster: c1, at: 16s, for: 3s}'), 'glb.yaml');
    const f = out.summary.faults[0];
    expect(f.errorRateDuring).toBe(1);
    expect(out.result.routes.filter((r) => r.root && r.destinationLocality.startsWith('r2')).length).toBe(0);
  });
});
