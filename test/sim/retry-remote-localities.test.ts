/**
 * VirtualService `retries.retryRemoteLocalities` end to end: Istio sets Envoy's previous_priorities
 * retry plug-in with update_frequency 2 (retry.go ConvertPolicy, buildPreviousPrioritiesConfig), so
 * once two attempts failed in the local priority, the next retry goes to the next priority.
 *
 * The caller sits in zone a; web has 2 pods in zone a (P0: the caller's zone, as Istio ranks
 * localities once the DestinationRule has outlierDetection) and 2 in zone b (P1). Zone a is
 * black-holed for the whole run, and nothing tells the caller: the pods stay in EDS (node grace
 * period 1 h) and outlier detection ejects nothing (consecutive5xxErrors 0), so P0 keeps 100 % of
 * the priority load. Every attempt that lands in zone a fails after the connect timeout.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';
import type { RunResult } from '../../src/sim/result.js';

const REQUESTS = 100;

function scenario(retries: string): string {
  return `
name: retry-remote-localities
seed: 3
requests: ${REQUESTS}
clusters: [{name: c1, region: r1, zones: [a, b]}]
latency: {sameZone: 1ms, crossZone: 2ms}
connectTimeout: 100ms
services:
  - name: web
    concurrency: 10
    serviceTime: 5ms
    deployments:
      - {cluster: c1, zone: a, replicas: 2}
      - {cluster: c1, zone: b, replicas: 2}
traffic:
  - {name: client, from: {cluster: c1, zone: a}, to: web, rate: 10/s, arrival: constant}
faults:
  - {kind: zone-outage, zone: a, service: web, at: 0s, mode: blackhole}
kubernetes: {nodeMonitorGracePeriod: 1h}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web, namespace: default}
    spec: {host: web, trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 0}}}
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: web, namespace: default}
    spec: {hosts: [web], http: [{retries: ${retries}, route: [{destination: {host: web}}]}]}
`;
}

function run(retries: string): { r: RunResult; warnings: string[] } {
  const out = simulateText(scenario(retries), 'retry-remote-localities.yaml');
  return { r: out.result, warnings: out.summary.warnings.map((w) => w.message) };
}

/** Attempts sent to each zone (every attempt's hop from the caller, refused or not). */
function attemptsByZone(r: RunResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of r.hops) out[h.toLocality] = (out[h.toLocality] ?? 0) + h.requests;
  return out;
}

describe('retryRemoteLocalities (previous_priorities, update_frequency 2)', () => {
  it('false: all 3 attempts of every request stay in the black-holed local priority and fail', () => {
    const { r, warnings } = run('{attempts: 2, retryOn: connect-failure, retryRemoteLocalities: false}');
    expect(warnings).toEqual([]);
    // previous_hosts moves the first retry to the other zone-a pod; the second finds both tried and
    // keeps a zone-a pod after 5 re-picks: P0 has all the load.
    expect(attemptsByZone(r)).toEqual({ 'r1/a': 3 * REQUESTS });
    expect(r.resilience.retries).toBe(2 * REQUESTS);
    expect(r.failed).toBe(REQUESTS);
    expect(r.failures.connect_failure).toBe(REQUESTS);
    expect(r.ejections).toEqual([]);
  });

  it('true: two attempts in P0, then the second retry goes to P1 and succeeds', () => {
    const { r, warnings } = run('{attempts: 2, retryOn: connect-failure, retryRemoteLocalities: true}');
    expect(warnings).toEqual([]);
    // attempt 1: original load (not a retry); retry 1: 1 host attempted < update_frequency 2 ⇒
    // original load; retry 2: 2 attempted ⇒ P0 excluded ⇒ P1 100 %.
    expect(attemptsByZone(r)).toEqual({ 'r1/a': 2 * REQUESTS, 'r1/b': REQUESTS });
    expect(r.resilience.retries).toBe(2 * REQUESTS);
    expect(r.failed).toBe(0);
    expect(r.succeeded).toBe(REQUESTS);
    expect(r.endpoints.filter((e) => e.locality === 'r1/b').reduce((a, e) => a + e.served, 0)).toBe(REQUESTS);
  });

  it('true with a single retry: update_frequency 2 is never reached, so the retry stays local', () => {
    const { r } = run('{attempts: 1, retryOn: connect-failure, retryRemoteLocalities: true}');
    expect(attemptsByZone(r)).toEqual({ 'r1/a': 2 * REQUESTS });
    expect(r.failed).toBe(REQUESTS);
  });

  it('true with 4 retries: P0, P0, P1 — the first success ends the request', () => {
    const { r } = run('{attempts: 4, retryOn: connect-failure, retryRemoteLocalities: true}');
    expect(attemptsByZone(r)).toEqual({ 'r1/a': 2 * REQUESTS, 'r1/b': REQUESTS });
    expect(r.failed).toBe(0);
  });
});
