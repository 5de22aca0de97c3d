/**
 * Services calling services: a Bookinfo-like graph with constant times, so latencies are exact;
 * sequential and parallel calls; required and optional calls under a fault; call probabilities.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';

const bookinfo = (callMode: string, extra = '') => `
name: bookinfo
seed: 11
requests: 200
clusters: [{name: c1, region: r1, zones: [z1]}]
latency: {sameZone: 1ms}
services:
  - name: productpage
    serviceTime: 2ms
    concurrency: 1000
    callMode: ${callMode}
    calls:
      - {service: details, requestSize: 100B}
      - {service: reviews, requestSize: 200B, responseSize: 3000B}
    deployments: [{cluster: c1, replicas: 1}]
  - {name: details, serviceTime: 3ms, concurrency: 1000, responseSize: 1000B, deployments: [{cluster: c1, replicas: 1}]}
  - name: reviews
    serviceTime: 4ms
    concurrency: 1000
    calls: [{service: ratings, requestSize: 50B}]
    deployments: [{cluster: c1, replicas: 1}]
  - {name: ratings, serviceTime: 5ms, concurrency: 1000, responseSize: 10B, deployments: [{cluster: c1, replicas: 1}]}
traffic:
  - {name: users, from: {cluster: c1}, to: productpage, rate: 1/s, arrival: constant, requestSize: 400B}
${extra}`;

describe('call graphs', () => {
  it('sequential: 2 (productpage) + [1+3+1] (details) + [1 + 4 + (1+5+1) + 1] (reviews→ratings) + 1+1 = 22 ms', () => {
    const out = simulateText(bookinfo('sequential'), 'bookinfo.yaml');
    const r = out.result;
    expect(r.succeeded).toBe(200);
    expect(r.latency.meanMs).toBeCloseTo(22, 6);
    expect(r.latencyBreakdown.callsMs / r.latencyBreakdown.calls).toBeCloseTo(5 + 13, 6);
    // Per route (routes.csv mean_*_ms): each call's own network, service time and wait for its calls.
    const parts = Object.fromEntries(r.routes.map((x) => [x.service.split('.')[0], Object.values(x.breakdownMs).map((v) => Math.round(v * 1e6) / 1e6)]));
    // summary.json's latencyBreakdownMs: the root's parts, summing to the mean latency.
    const b = out.summary.latencyBreakdownMs;
    expect([b.network, b.gateway, b.queue, b.service, b.calls]).toEqual([2, 0, 0, 2, 18]);
    // [network, gateway, queue, service, calls]
    expect(parts).toEqual({ productpage: [2, 0, 0, 2, 18], details: [2, 0, 0, 3, 0], reviews: [2, 0, 0, 4, 7], ratings: [2, 0, 0, 5, 0] });
    // Every call is a route row from its caller's locality; the root and its three calls: 4 × 200.
    expect(r.routes.reduce((a, x) => a + x.requests, 0)).toBe(800);
    // Bytes: the CallSpec's sizes, the callee's responseSize unless the call names one.
    const bytes = r.hops.reduce((a, h) => ({ req: a.req + h.requestBytes, resp: a.resp + h.responseBytes }), { req: 0, resp: 0 });
    expect(bytes.req).toBe(200 * (400 + 100 + 200 + 50));
    expect(bytes.resp).toBe(200 * (1024 + 1000 + 3000 + 10));
  });

  it('parallel: 2 + max(5, 13) + 2 = 17 ms', () => {
    const r = simulateText(bookinfo('parallel'), 'bookinfo.yaml').result;
    expect(r.succeeded).toBe(200);
    expect(r.latency.meanMs).toBeCloseTo(17, 6);
  });

  it('a required call that fails fails the request with its cause; an optional one does not', () => {
    // The crashed pod stays Ready for the run (its endpoint stays in EDS): every call reaches it and is refused.
    const down = `faults: [{kind: endpoint-crash, service: ratings, at: 0s}]\nkubernetes: {containerExitDetection: 1h}`;
    const required = simulateText(bookinfo('sequential', down), 'bookinfo.yaml').result;
    expect(required.failed).toBe(200);
    expect(required.failures.connect_failure).toBe(200);
    const optional = simulateText(bookinfo('sequential', down).replace('calls: [{service: ratings, requestSize: 50B}]', 'calls: [{service: ratings, requestSize: 50B, required: false}]'), 'bookinfo.yaml').result;
    expect(optional.failed).toBe(0);
  });

  it('a call made with probability 0.25 happens for about a quarter of the requests', () => {
    const text = bookinfo('sequential').replace('requests: 200', 'requests: 4000').replace('- {service: details, requestSize: 100B}', '- {service: details, requestSize: 100B, probability: 0.25}');
    const r = simulateText(text, 'bookinfo.yaml').result;
    const served = (svc: string) => r.endpoints.filter((e) => e.service === `${svc}.default`).reduce((a, e) => a + e.served, 0);
    expect(served('details') / 4000).toBeGreaterThan(0.22);
    expect(served('details') / 4000).toBeLessThan(0.28);
    expect(served('ratings')).toBe(4000);
  });

  it('a call cycle is a load error', () => {
    const text = bookinfo('sequential').replace('{name: ratings, serviceTime: 5ms,', '{name: ratings, calls: [{service: productpage}], serviceTime: 5ms,');
    expect(() => simulateText(text, 'bookinfo.yaml')).toThrow(/cycle \(productpage → reviews → ratings → productpage\)/);
  });
});
