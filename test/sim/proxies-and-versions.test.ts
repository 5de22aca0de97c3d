/**
 * Calling proxies detect failures independently (one outlier detector per sidecar), and the
 * Istio version pin changes the behaviours that changed between releases.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';

function scenario(opts: { replicas: number; istio: string; hosts: number; od: string }): string {
  return `
name: pin
seed: 3
istio: "${opts.istio}"
duration: 20s
clusters: [{name: c1, region: r1, zones: [z1]}]
services:
  - name: svc
    concurrency: 4
    serviceTime: {dist: exponential, mean: 5ms}
    deployments: [{cluster: c1, replicas: ${opts.hosts}}]
traffic:
  - {name: client, from: {cluster: c1}, to: svc, rate: 100/s, replicas: ${opts.replicas}}
faults:
  - {kind: endpoint-crash, cluster: c1, at: 5s}
# The crashed endpoint stays in EDS (Kubernetes never marks it NotReady): only outlier detection acts.
kubernetes: {containerExitDetection: 1h}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: svc}
    spec:
      host: svc.default.svc.cluster.local
      trafficPolicy:
        loadBalancer: {simple: ROUND_ROBIN}
        outlierDetection: ${opts.od}
  # Retries off, so each failure the detector counts is one the client sees (Istio's default
  # retries would hide them: see test/sim/istio-scenarios.test.ts and test/sim/retries.test.ts).
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: svc}
    spec:
      hosts: [svc]
      http: [{retries: {attempts: 0}, route: [{destination: {host: svc}}]}]
`;
}

describe('calling proxies', () => {
  it('each of 3 sidecars ejects the crashed host on its own, after its own consecutive errors', () => {
    const out = simulateText(scenario({ replicas: 3, istio: '1.30', hosts: 4, od: '{consecutive5xxErrors: 3, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50}' }), 'pin.yaml');
    const ejects = out.result.ejections.filter((e) => e.action === 'eject');
    expect(ejects.map((e) => e.proxy).sort()).toEqual(['client-0', 'client-1', 'client-2']);
    expect(new Set(ejects.map((e) => e.host)).size).toBe(1);
    // each proxy needed 3 failures of its own: 9 failed requests in all
    expect(out.result.failures.connect_failure).toBe(9);
  });
});

describe('Istio version pin', () => {
  const od = '{consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 30s}'; // maxEjectionPercent: default 10%

  it('Istio 1.30 (Envoy ≥1.27): with 4 hosts and the 10% default, nothing can be ejected; the dead host keeps failing', () => {
    const out = simulateText(scenario({ replicas: 1, istio: '1.30', hosts: 4, od }), 'pin.yaml');
    expect(out.result.ejections).toEqual([]);
    expect(out.summary.loadBalancing.ejectionOverflows).toBeGreaterThan(0);
    // round robin over 4 hosts: a quarter of the requests after 5s fail
    expect(out.result.failures.connect_failure).toBeGreaterThan(300);
  });

  it('Istio 1.18 (Envoy ≤1.26): the first ejection passes (100·0/4 < 10), so the dead host is ejected', () => {
    const out = simulateText(scenario({ replicas: 1, istio: '1.18', hosts: 4, od }), 'pin.yaml');
    expect(out.result.ejections.filter((e) => e.action === 'eject')).toHaveLength(1);
    expect(out.result.failures.connect_failure).toBeLessThan(10);
  });

  it('panic threshold: with outlierDetection, 1.30 programs minHealthPercent (default 0) and 1.2 keeps Envoy\'s 50%', () => {
    const od100 = '{consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}';
    // 2 hosts, one dead and ejected: 50% healthy. Only a crash of both makes the difference visible:
    const both = (istio: string) =>
      simulateText(scenario({ replicas: 1, istio, hosts: 2, od: od100 }).replace('at: 5s}', 'at: 5s, count: 2}'), 'pin.yaml');
    const recent = both('1.30');
    const old = both('1.2');
    // 1.30: panic disabled ⇒ once both are ejected, requests fail fast with no healthy upstream
    expect(recent.result.failures.no_healthy_upstream).toBeGreaterThan(1000);
    // 1.2: panic at 50% ⇒ all hosts are used anyway (panic-mode picks), failing as connect failures
    expect(old.result.failures.no_healthy_upstream).toBe(0);
    expect(old.summary.loadBalancing.healthyPanicPicks).toBeGreaterThan(1000);
  });
});

describe('outlier reporting of local-origin events', () => {
  it('split mode: successful connections reset the local-origin counter, so scattered connect failures never eject', () => {
    const od = '{splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 3, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}';
    const text = scenario({ replicas: 1, istio: '1.30', hosts: 2, od })
      .replace('  - {kind: endpoint-crash, cluster: c1, at: 5s}', ['1s', '3s', '5s', '7s'].map((at) => `  - {kind: endpoint-crash, cluster: c1, at: ${at}, for: 15ms}`).join('\n'));
    const out = simulateText(text, 'split.yaml');
    expect(out.result.failures.connect_failure).toBeGreaterThanOrEqual(4);
    expect(out.result.ejections).toEqual([]);
  });

  it('failed connections carry no bytes; every fault counts the requests started during it', () => {
    const out = simulateText(scenario({ replicas: 1, istio: '1.30', hosts: 4, od: '{consecutive5xxErrors: 1000}' }), 'bytes.yaml');
    const failedOnly = out.result.routes.filter((r) => r.succeeded === 0);
    for (const r of out.result.routes) expect(r.requestBytes).toBe(r.succeeded * 512);
    expect(failedOnly).toEqual([]);
    const f = out.summary.faults[0];
    expect(f.failedDuring).toBe(out.result.failures.connect_failure);
    expect(f.requestsDuring).toBeGreaterThan(1400); // 100/s from 5s to the end (20s)
  });
});

describe('requests caught by a crash', () => {
  const od = '{consecutive5xxErrors: 1000}';
  const text = (mode: string) =>
    scenario({ replicas: 1, istio: '1.30', hosts: 1, od })
      .replace('serviceTime: {dist: exponential, mean: 5ms}', 'serviceTime: 200ms')
      .replace('  - {kind: endpoint-crash, cluster: c1, at: 5s}', `  - {kind: endpoint-crash, cluster: c1, at: 5s, for: 1s, mode: ${mode}}`);

  it('refuse: the requests in service and queued at the crash are reset at once (503 UC), new ones refused', () => {
    const out = simulateText(text('refuse'), 'crash.yaml');
    const r = out.result;
    // concurrency 4, 200 ms service, 100/s: ~4 in service and a growing queue when it crashes
    expect(r.failures.upstream_reset).toBeGreaterThanOrEqual(4);
    expect(r.failures.connect_failure).toBeGreaterThan(80); // 1 s of arrivals refused
    expect(r.succeeded + r.failed).toBe(r.generated);
  });

  it('blackhole: reset requests fail only after connectTimeout (10 s), the endpoint serves again after the fault', () => {
    const out = simulateText(text('blackhole'), 'crash.yaml');
    const last = out.result.timeline.filter((t) => t.failures.upstream_reset > 0).map((t) => t.endMs);
    expect(Math.min(...last)).toBeGreaterThanOrEqual(15_000);
    expect(out.result.endpoints[0].served).toBeGreaterThan(1000);
  });
});
