/**
 * Resilience as Istio configures it, on hand-checkable cases: retries (Istio's default policy and
 * VirtualService `retries`), back-off bounds, per-try and route timeouts, circuit breakers from
 * `connectionPool`, and VirtualService fault injection.
 */
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/engine/random.js';
import { backoffMs, retriableFailure, retriableStatus } from '../../src/proxy/retry-policy-decisions.js';
import { simulateText } from '../../src/run.js';
import { istioBehaviour } from '../../src/xds/istio-behaviour.js';
import { defaultRetryPolicy, envoyRetryPolicy } from '../../src/xds/retry-policy.js';

/** One client at 10/s (no overlap between requests), 4 round-robin hosts, the first `dead` crashed. */
const scenario = (opts: { dead: number; vs?: string; dr?: string; requests?: number; serviceTime?: string; rate?: string; concurrency?: number; seed?: number }) => `
name: retries
seed: ${opts.seed ?? 9}
requests: ${opts.requests ?? 300}
clusters: [{name: c1, region: r1, zones: [z1]}]
latency: {sameZone: 1ms}
services:
  - {name: web, concurrency: ${opts.concurrency ?? 10}, serviceTime: ${opts.serviceTime ?? '5ms'}, deployments: [{cluster: c1, replicas: 4}]}
traffic:
  - {name: client, from: {cluster: c1}, to: web, rate: ${opts.rate ?? '10/s'}, arrival: constant}
${opts.dead > 0 ? `faults: [{kind: endpoint-crash, service: web, count: ${opts.dead}, at: 0s}]` : ''}
# Crashed pods stay Ready (in EDS) for the whole run, so the arithmetic below holds throughout.
kubernetes: {containerExitDetection: 1h}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web, namespace: default}
    spec: {host: web, trafficPolicy: ${opts.dr ?? '{loadBalancer: {simple: ROUND_ROBIN}}'}}
${opts.vs === undefined ? '' : `  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: web, namespace: default}
    spec: {hosts: [web], http: [${opts.vs}]}`}
`;

const run = (text: string) => simulateText(text, 'retries.yaml').result;

/**
 * The hand model of these runs: one request at a time, round robin over hosts 0..3 from `start`
 * (hosts 0..dead-1 refuse), each failed pick retried up to `retries` times with the previous_hosts
 * predicate (a host this request tried is re-picked, at most 5 times). Returns the requests that
 * failed and the retries sent.
 */
function roundRobinByHand(start: number, dead: number, retries: number, requests: number): { failed: number; retries: number } {
  let next = start;
  const pick = () => next++ % 4;
  let failed = 0;
  let sent = 0;
  for (let r = 0; r < requests; r++) {
    const tried: number[] = [];
    for (let attempt = 0; ; attempt++) {
      let host = pick();
      for (let i = 0; i < 5 && tried.includes(host); i++) host = pick();
      tried.push(host);
      if (host >= dead) break; // served
      if (attempt === retries) {
        failed++;
        break;
      }
      sent++;
    }
  }
  return { failed, retries: sent };
}

/**
 * Envoy's round robin starts at the balancer's random seed (round_robin_lb.cc: rr_index_ = seed_),
 * so where it starts depends on the scenario's seed: with these streams, seed 5 starts at host 0,
 * seed 4 at host 1, seed 9 at host 2, seed 6 at host 3 (the first picks are start, start+1, …).
 */
const SEED_BY_START = [5, 4, 9, 6];

describe('retries', () => {
  it('retries off: with 2 of 4 hosts dead, round robin fails exactly every other request, from any start', () => {
    // 300 requests = 75 rounds of 4 picks; each round has 2 dead picks: 150 failures, 0 retries.
    SEED_BY_START.forEach((seed, start) => {
      expect(roundRobinByHand(start, 2, 0, 300)).toEqual({ failed: 150, retries: 0 });
      const r = run(scenario({ seed, dead: 2, vs: '{retries: {attempts: 0}, route: [{destination: {host: web}}]}' }));
      expect(r.failures.connect_failure).toBe(150);
      expect(r.failed).toBe(150);
      expect(r.resilience.retries).toBe(0);
    });
  });

  it('one retry: a request fails only when both picks are dead — round robin over d,d,a,a fails 1 request in 3', () => {
    // Picks d0,d1 (fail), a2, a3, d0,d1 (fail), …: 3 requests per 4 picks, 1 failing: 100 of 300 from
    // any start. Retries: 1 per failure, plus 1 when the run starts at d1 (d1 then a2 serves it).
    const expected = [100, 101, 100, 100];
    SEED_BY_START.forEach((seed, start) => {
      expect(roundRobinByHand(start, 2, 1, 300)).toEqual({ failed: 100, retries: expected[start] });
      const r = run(scenario({ seed, dead: 2, vs: '{retries: {attempts: 1, retryOn: connect-failure}, route: [{destination: {host: web}}]}' }));
      expect(r.failures.connect_failure).toBe(100);
      expect(r.failed).toBe(100);
      expect(r.resilience.retries).toBe(expected[start]);
    });
  });

  it("Istio's default policy (2 retries, previous_hosts): with 2 of 4 dead no request fails", () => {
    const r = run(scenario({ dead: 2 }));
    expect(r.failed).toBe(0);
    // Seed 9 starts at host 2: a2, a3, then d0,d1,a2 (2 retries), a3, d0,d1,a2, …: requests 3, 5, …, 299
    // spend 2 retries each: 149 × 2.
    expect(roundRobinByHand(2, 2, 2, 300)).toEqual({ failed: 0, retries: 298 });
    expect(r.resilience.retries).toBe(298);
  });

  it("Istio's default policy with 3 of 4 dead: a request fails only when all 3 attempts land on dead hosts — exactly 150", () => {
    // Picks d0,d1,d2 (fail), a3, d0,d1,d2 (fail), a3, …: every other request fails, 2 retries each,
    // from any start; a run that starts at d1 or d2 spends 2 or 1 retries on its first request.
    const expected = [300, 302, 301, 300];
    SEED_BY_START.forEach((seed, start) => {
      expect(roundRobinByHand(start, 3, 2, 300)).toEqual({ failed: 150, retries: expected[start] });
      const r = run(scenario({ seed, dead: 3 }));
      expect(r.failures.connect_failure).toBe(150);
      expect(r.failed).toBe(150);
      expect(r.resilience.retries).toBe(expected[start]);
      expect(r.endpoints.map((e) => e.served)).toEqual([0, 0, 0, 150]);
    });
  });

  it('every attempt on a dead host: all retries are spent — failures = requests, attempts = requests × (1 + attempts)', () => {
    for (const attempts of [1, 2, 4]) {
      const r = run(scenario({ dead: 4, vs: `{retries: {attempts: ${attempts}, retryOn: connect-failure}, route: [{destination: {host: web}}]}` }));
      expect(r.failed).toBe(300);
      expect(r.failures.connect_failure).toBe(300);
      expect(r.resilience.retries).toBe(300 * attempts);
      // Every attempt is one hop from the caller (a refused connection carries no bytes, but counts).
      expect(r.hops.reduce((a, h) => a + h.requests, 0)).toBe(300 * (1 + attempts));
      expect(r.endpoints.reduce((a, e) => a + e.served, 0)).toBe(0);
    }
  });

  it('a crashed host among 4, consecutive5xxErrors 3, retries off: exactly 3 failures before it is ejected', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 3, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50}}';
    const off = run(scenario({ dead: 1, dr, vs: '{retries: {attempts: 0}, route: [{destination: {host: web}}]}' }));
    expect(off.failures.connect_failure).toBe(3);
    expect(off.ejections.filter((e) => e.action === 'eject')).toHaveLength(1);
    // With the default retries the same three refusals are retried elsewhere: nobody sees them, the host is still ejected.
    const on = run(scenario({ dead: 1, dr }));
    expect(on.failed).toBe(0);
    expect(on.ejections.filter((e) => e.action === 'eject')).toHaveLength(1);
  });

  it('an upstream error status is retried only when the policy names it (503 left the defaults in 1.24)', () => {
    expect(retriableStatus(defaultRetryPolicy(istioBehaviour([1, 24])), 503)).toBe(false);
    expect(retriableStatus(defaultRetryPolicy(istioBehaviour([1, 23])), 503)).toBe(true);
    const gw = envoyRetryPolicy({ attempts: 2, retryOn: ['gateway-error'] }, istioBehaviour([1, 30]))!;
    expect([502, 503, 504, 500].map((s) => retriableStatus(gw, s))).toEqual([true, true, true, false]);
    expect(retriableFailure(gw, 'reset')).toBe(true);
    expect(retriableFailure(gw, 'overflow')).toBe(false);
    const cf = defaultRetryPolicy(istioBehaviour([1, 30]));
    expect([retriableFailure(cf, 'connect-failure'), retriableFailure(cf, 'reset'), retriableFailure(cf, 'per-try-timeout')]).toEqual([true, false, false]);
  });

  it('back-off is uniform in [0, base·2^(n-1)) capped at the max interval (backoff_strategy.cc)', () => {
    let x = 0;
    const rng: Rng = { next: () => 0, nextUint32: () => (x = (x * 1103515245 + 12345) >>> 0) };
    for (let n = 1; n <= 6; n++) {
      const bound = Math.min(25 * 2 ** (n - 1), 250);
      let max = 0;
      for (let i = 0; i < 2000; i++) {
        const b = backoffMs(n, 25, 250, rng);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(bound);
        max = Math.max(max, b);
      }
      expect(max).toBeGreaterThan(bound * 0.9);
    }
  });
});

describe('timeouts', () => {
  it('a route timeout of 50 ms ends 100 ms requests with 504 timeout; their abandoned attempts drain', () => {
    const r = run(scenario({ dead: 0, serviceTime: '100ms', vs: '{timeout: 50ms, route: [{destination: {host: web}}]}' }));
    expect(r.failures.timeout).toBe(300);
    // Every endpoint still served the abandoned requests it had started.
    expect(r.endpoints.reduce((a, e) => a + e.served, 0)).toBe(300);
  });

  it('per-try timeouts retried on 5xx: 3 tries of 30 ms each, then 504; the detector sees local-origin timeouts', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 1000, consecutiveGatewayErrors: 3, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}}';
    const r = run(scenario({ dead: 0, serviceTime: '100ms', requests: 20, dr, vs: '{retries: {attempts: 2, perTryTimeout: 30ms, retryOn: 5xx}, route: [{destination: {host: web}}]}' }));
    // Timeouts count as 504 gateway errors (consecutiveGatewayErrors: 3): hosts get ejected, and once
    // all four are out (maxEjectionPercent 100, panic threshold 0) the rest find no healthy upstream.
    expect(r.ejections.filter((e) => e.reason === 'consecutive-gateway-failure' && e.action === 'eject')).toHaveLength(4);
    expect(r.failures.timeout).toBeGreaterThan(0);
    expect(r.failures.timeout + r.failures.no_healthy_upstream).toBe(20);
  });
});

describe('circuit breakers (connectionPool)', () => {
  it('http2MaxRequests 2 at 4 concurrent requests: the rest overflow with circuit_breaker (UO), never retried', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN}, connectionPool: {http: {http2MaxRequests: 2}}}';
    const r = run(scenario({ dead: 0, serviceTime: '100ms', rate: '40/s', dr }));
    expect(r.failures.circuit_breaker).toBeGreaterThan(100);
    expect(r.succeeded + r.failures.circuit_breaker).toBe(300);
  });

  it('maxConnections 1 with 1000 pending allowed: requests wait for the connection, nothing fails', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN}, connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1000}}}';
    const r = run(scenario({ dead: 0, serviceTime: '20ms', rate: '40/s', requests: 100, dr }));
    expect(r.failed).toBe(0);
    // One request at a time: 22 ms each (1 + 20 + 1) for 100 requests arriving every 25 ms — no wait,
    // but at 60/s the pending queue grows.
    const busy = run(scenario({ dead: 0, serviceTime: '20ms', rate: '60/s', requests: 100, dr }));
    expect(busy.failed).toBe(0);
    expect(busy.latency.maxMs).toBeGreaterThan(100);
  });
});

describe('fault injection (VirtualService fault)', () => {
  it('abort 50%: about half fail with fault_abort and never reach an endpoint', () => {
    const r = run(scenario({ dead: 0, requests: 2000, rate: '100/s', vs: '{fault: {abort: {percentage: {value: 50}, httpStatus: 503}}, route: [{destination: {host: web}}]}' }));
    expect(r.failures.fault_abort / 2000).toBeGreaterThan(0.45);
    expect(r.failures.fault_abort / 2000).toBeLessThan(0.55);
    expect(r.endpoints.reduce((a, e) => a + e.served, 0)).toBe(r.succeeded);
  });

  it('delay 100% of 10 ms: every request takes exactly 10 ms more', () => {
    const base = run(scenario({ dead: 0 }));
    const delayed = run(scenario({ dead: 0, vs: '{fault: {delay: {percentage: {value: 100}, fixedDelay: 10ms}}, route: [{destination: {host: web}}]}' }));
    expect(delayed.latency.meanMs - base.latency.meanMs).toBeCloseTo(10, 6);
  });
});
