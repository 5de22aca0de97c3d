/**
 * The control plane: when a failed endpoint leaves the proxies' EDS (Kubernetes readiness, istiod
 * debounce, push delay), what a control-plane outage freezes in each model (multi-primary,
 * primary-remote, external, federation), and how Istio 1.31 sends not-ready endpoints.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';
import { destinationRule, noRetries } from '../fixtures/policies.js';

/**
 * web runs 2 replicas in each of c1 (zone a) and c2 (zone b), one region, one network; client1
 * runs in c1 and client2 in c2, 100/s each, for 20 s. Round robin, retries off, no outlier
 * detection: a request fails exactly when it is sent to a dead host still in the caller's EDS.
 */
function scenario(faults: string, opts: { controlPlane?: string; extra?: string; istio?: string; dr?: string } = {}): string {
  return `
name: cp
seed: 11
duration: 20s
${opts.istio ? `istio: "${opts.istio}"` : ''}
clusters:
  - {name: c1, network: n1, region: r1, zones: [a]}
  - {name: c2, network: n1, region: r1, zones: [b]}
latency: {sameZone: 1ms, crossZone: 2ms}
controlPlane: ${opts.controlPlane ?? '{model: multi-primary}'}
services:
  - name: web
    concurrency: 100
    serviceTime: 5ms
    deployments:
      - {cluster: c1, zone: a, replicas: 2}
      - {cluster: c2, zone: b, replicas: 2}
traffic:
  - {name: client1, from: {cluster: c1}, to: web, rate: 100/s, arrival: constant}
  - {name: client2, from: {cluster: c2}, to: web, rate: 100/s, arrival: constant}
faults:
${faults}
${opts.extra ?? ''}
policies:
${destinationRule('web', opts.dr)}
${noRetries('web')}
`;
}

const CRASH = '  - {kind: endpoint-crash, cluster: c2, service: web, count: 1, at: 2s}';
const run = (text: string) => simulateText(text, 'cp.yaml');

/** Failed requests of each source while the crash (the fault at `index`) was active. */
function failedBySource(text: string, index = 0): Record<string, number> {
  const f = run(text).summary.faults[index];
  return Object.fromEntries(['client1', 'client2'].map((s) => [s, f.affectedSources.find((a) => a.source === s)?.failed ?? 0]));
}

// A quarter of 100/s for 18 s: a source whose view keeps the dead host fails ~450 requests; one whose
// view drops it after 1.15 s (1 s container exit + 100 ms debounce + 50 ms push) fails ~29.
const FROZEN = [440, 460];
const FRESH = [25, 35];
const within = (x: number, [lo, hi]: number[]) => x >= lo && x <= hi;

describe('endpoint updates', () => {
  it('a crashed container leaves EDS after containerExitDetection + debounce + push delay (1 s + 100 ms + 50 ms)', () => {
    const f = run(scenario(CRASH)).summary.faults[0];
    expect(f.detectedBy).toBe('eds-update');
    expect(f.detectedAfterMs).toBe(1150);
    const failed = failedBySource(scenario(CRASH));
    expect(within(failed.client1, FRESH) && within(failed.client2, FRESH)).toBe(true);
  });

  it('a hung endpoint (blackhole) leaves after failureThreshold failed probes: between 21.15 and 31.15 s', () => {
    const text = scenario('  - {kind: endpoint-crash, cluster: c2, service: web, count: 1, at: 1s, mode: blackhole}').replace('duration: 20s', 'duration: 40s');
    const f = run(text).summary.faults[0];
    expect(f.detectedAfterMs).toBeGreaterThanOrEqual(21_150);
    expect(f.detectedAfterMs).toBeLessThan(31_150);
  });

  it('a zone outage: the pods of the lost nodes leave after nodeMonitorGracePeriod (here 5 s)', () => {
    const f = run(scenario('  - {kind: zone-outage, zone: b, at: 2s}', { extra: 'kubernetes: {nodeMonitorGracePeriod: 5s}' })).summary.faults[0];
    expect(f.detectedAfterMs).toBe(5150);
  });

  it('a cluster outage takes its API server down too: its endpoints stay in EDS (nothing detects it without outlier detection)', () => {
    const f = run(scenario('  - {kind: cluster-outage, cluster: c2, at: 2s}')).summary.faults[0];
    expect(f.detectedAfterMs).toBeNull();
    expect(f.errorRateDuring).toBeCloseTo(0.5, 2);
  });

  it('the endpoint comes back when the fault ends (after a readiness probe), and serves again', () => {
    const r = run(scenario('  - {kind: endpoint-crash, cluster: c2, service: web, count: 1, at: 2s, for: 4s}')).result;
    const crashed = r.endpoints.find((e) => e.cluster === 'c2')!;
    // 2 s of round-robin share before the crash, and again from at most 16.15 s after the end.
    expect(crashed.served).toBeGreaterThan(4 * 50 + 100);
  });
});

describe('a control-plane outage freezes the views of the proxies its istiod serves', () => {
  const outage = (f: string) => `${CRASH}\n  - ${f}`;

  it('no outage: both clusters drop the dead host', () => {
    const failed = failedBySource(scenario(CRASH));
    expect(within(failed.client1, FRESH) && within(failed.client2, FRESH)).toBe(true);
  });

  it("multi-primary: c1's istiod down freezes c1's proxies only", () => {
    const failed = failedBySource(scenario(outage('{kind: control-plane-outage, cluster: c1, at: 0s}')));
    expect(within(failed.client1, FROZEN)).toBe(true);
    expect(within(failed.client2, FRESH)).toBe(true);
  });

  it('the outage itself is never "detected": ejections and pushes during it detect the crash, not the frozen control plane', () => {
    const out = run(scenario(outage('{kind: control-plane-outage, cluster: c1, at: 0s}'), { dr: '{loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 2, interval: 1s, maxEjectionPercent: 100}}' }));
    const [crash, cp] = out.summary.faults;
    expect(crash.detectedBy).toBe('ejection');
    expect(cp.detectedAfterMs).toBeNull();
    expect(cp.detectedBy).toBeNull();
  });

  it('primary-remote: the primary down freezes every cluster', () => {
    const failed = failedBySource(scenario(outage('{kind: control-plane-outage, cluster: c1, at: 0s}'), { controlPlane: '{model: primary-remote, primary: c1}' }));
    expect(within(failed.client1, FROZEN) && within(failed.client2, FROZEN)).toBe(true);
  });

  it('primary-remote: the primary cluster itself down (cluster outage) freezes the remote cluster too', () => {
    const text = scenario('  - {kind: endpoint-crash, cluster: c2, service: web, count: 1, at: 2s}\n  - {kind: cluster-outage, cluster: c1, at: 0s}', { controlPlane: '{model: primary-remote, primary: c1}' });
    const f = run(text).summary.faults[1];
    // client1's own pods are in the dead cluster: it sends nothing meanwhile (100/s for the 20 s not sent).
    expect(f.requestsDuring).toBe(2000);
    expect(Math.abs(f.notSentDuring! - 2000)).toBeLessThanOrEqual(2);
    // client2 keeps c1's two dead hosts (c1's API server is down) and, frozen, the crashed c2 host: 3 of 4 fail.
    const failed = failedBySource(text);
    expect(failed.client1).toBe(0);
    expect(failed.client2 / 1800).toBeCloseTo(3 / 4, 2);
    // multi-primary: c2's own istiod drops the crashed host: 2 of the 3 hosts left are dead.
    const multi = failedBySource(text.replace('{model: primary-remote, primary: c1}', '{model: multi-primary}'));
    expect(multi.client2 / 1800).toBeCloseTo(2 / 3 + (1 / 12) * (1.15 / 18), 2);
  });

  it('external: the control plane down freezes every cluster; it pushes the current state when it is back', () => {
    const frozen = failedBySource(scenario(outage('{kind: control-plane-outage, at: 0s}'), { controlPlane: '{model: external}' }));
    expect(within(frozen.client1, FROZEN) && within(frozen.client2, FROZEN)).toBe(true);
    const back = failedBySource(scenario(outage('{kind: control-plane-outage, at: 0s, for: 8s}'), { controlPlane: '{model: external}' }));
    // Frozen until 8 s, then the push: ~6.05 s of failures at 25/s.
    expect(back.client1).toBeGreaterThan(140);
    expect(back.client1).toBeLessThan(160);
  });

  it('federation: an outage of one mesh\'s control plane leaves the other mesh\'s proxies fresh', () => {
    const text = scenario(outage('{kind: control-plane-outage, mesh: m1, at: 0s}'), {
      extra: 'meshes: [{name: m1, clusters: [c1]}, {name: m2, clusters: [c2]}]',
    });
    const failed = failedBySource(text);
    // Each mesh sees only its own endpoints: client1 never calls c2's web; client2's mesh (m2) is fresh.
    expect(failed.client1).toBe(0);
    expect(within(failed.client2, [45, 65])).toBe(true); // 1 of 2 hosts for 1.15 s at 100/s: ~58
  });
});

describe('not-ready endpoints as Envoy sees them', () => {
  // Outlier detection on (so Istio writes locality priorities) but never ejecting.
  const dr = '{loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 100000, interval: 1h}}';
  const text = (istio: string) => scenario('  - {kind: endpoint-crash, cluster: c1, service: web, count: 1, at: 1s}', { istio, dr }).replace('rate: 100/s, arrival: constant}\n  - {name: client2, from: {cluster: c2}, to: web, rate: 100/s, arrival: constant}', 'rate: 100/s, arrival: constant}');
  const shareOfB = (istio: string) => {
    const r = run(text(istio)).result;
    const b = r.routes.filter((x) => x.root && x.destinationLocality.endsWith('/b')).reduce((a, x) => a + x.requests, 0);
    return b / r.routes.filter((x) => x.root).reduce((a, x) => a + x.requests, 0);
  };

  it('1.30 leaves the not-ready endpoint out: its zone keeps one healthy host at priority 0 and all the traffic', () => {
    expect(shareOfB('1.30')).toBe(0);
  });

  it('1.31 sends it as UNHEALTHY: priority 0 is 50 % healthy (70 % with overprovisioning), 30 % spills to zone b', () => {
    const share = shareOfB('1.31');
    expect(share).toBeGreaterThan(0.26);
    expect(share).toBeLessThan(0.3);
  });
});
