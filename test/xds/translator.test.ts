/**
 * The per-proxy translation (xds/translator.ts): RDS weighted clusters from a VirtualService, CDS
 * from the DestinationRule the caller's namespace sees (policy, outlier detection, panic threshold,
 * circuit breakers), and EDS per proxy locality — computed from the loaded scenario, no run.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/model/load.js';
import { REGION_LABEL, ZONE_LABEL } from '../../src/topology/locality.js';
import { ISTIO_DEFAULT_CIRCUIT_LIMIT } from '../../src/xds/cluster.js';
import type { EdsEndpoint } from '../../src/xds/eds.js';
import { istioBehaviour } from '../../src/xds/istio-behaviour.js';
import { XdsTranslator, type ProxyNode } from '../../src/xds/translator.js';

const SCENARIO = `
name: xds
seed: 1
requests: 10
istio: "1.22"
clusters:
  - {name: c1, region: r1, zones: [z1, z2]}
  - {name: c2, region: r2, zones: [z3]}
services:
  - {name: reviews, namespace: bookinfo, ports: [9080], deployments: [{cluster: c1, replicas: 1, labels: {version: v1}}]}
traffic:
  - {name: pp, from: {cluster: c1, zone: z1}, namespace: bookinfo, to: reviews, rate: 10/s}
  - {name: other, from: {cluster: c1, zone: z1}, namespace: elsewhere, to: reviews.bookinfo, rate: 10/s}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: reviews, namespace: bookinfo}
    spec:
      host: reviews
      exportTo: ["."]
      trafficPolicy:
        loadBalancer: {simple: ROUND_ROBIN}
        connectionPool: {tcp: {maxConnections: 100, connectTimeout: 250ms}, http: {http1MaxPendingRequests: 10, maxRetries: 3}}
        outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 30s, minHealthPercent: 20}
      subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v3, labels: {version: v3}}
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: reviews, namespace: bookinfo}
    spec:
      hosts: [reviews]
      exportTo: ["."]
      http:
        - timeout: 2s
          retries: {attempts: 4, perTryTimeout: 500ms, retryOn: "connect-failure,503"}
          route:
            - {destination: {host: reviews, subset: v1}, weight: 75}
            - {destination: {host: reviews, subset: v3}, weight: 25}
`;

function node(namespace: string, zone: string): ProxyNode {
  return {
    namespace,
    workloadLabels: { app: 'pp' },
    labels: { app: 'pp', [REGION_LABEL]: zone === 'z3' ? 'r2' : 'r1', [ZONE_LABEL]: zone },
    locality: { region: zone === 'z3' ? 'r2' : 'r1', zone, subzone: '' },
    network: '',
    cluster: 'c1',
  };
}

describe('XdsTranslator', () => {
  const { scenario } = loadScenarioText(SCENARIO, 'xds.yaml');
  const xds = new XdsTranslator({ services: scenario.services, istio: scenario.istio, behaviour: istioBehaviour(scenario.istioVersion), connectTimeoutMs: scenario.connectTimeoutMs });

  it('RDS: the VirtualService route as weighted clusters with timeout and retry policy kept', () => {
    const r = xds.route(node('bookinfo', 'z1'), 0, undefined);
    expect(r.clusters.map((c) => [c.cluster.name, c.weight])).toEqual([
      ['outbound|9080|v1|reviews.bookinfo.svc.cluster.local', 75],
      ['outbound|9080|v3|reviews.bookinfo.svc.cluster.local', 25],
    ]);
    expect(r.timeoutMs).toBe(2000);
    expect(r.retryPolicy).toMatchObject({ numRetries: 4, perTryTimeoutMs: 500, retryOn: ['connect-failure', 'retriable-status-codes'], retriableStatusCodes: [503] });
  });

  it('CDS: the DestinationRule the caller sees, in Envoy terms', () => {
    const c = xds.route(node('bookinfo', 'z1'), 0, undefined).clusters[0].cluster;
    expect(c.lbPolicy).toBe('ROUND_ROBIN');
    expect(c.outlierDetection).toMatchObject({ consecutive5xx: 2, interval: 1000, baseEjectionTime: 30_000, maxEjectionPercent: 10, enforcingSuccessRate: 0 });
    expect(c.panicThreshold).toBe(20); // minHealthPercent (1.3+)
    expect(c.enableFailover).toBe(true);
    expect(c.circuitBreakers).toEqual({ maxConnections: 100, maxPendingRequests: 10, maxRequests: ISTIO_DEFAULT_CIRCUIT_LIMIT, maxRetries: 3 });
    expect(c.connectTimeoutMs).toBe(250);
    expect(c.subsetLabels).toEqual({ version: 'v1' });
  });

  it('a caller in another namespace sees neither resource (exportTo "."): default route and cluster, no subsets, Istio defaults', () => {
    const r = xds.route(node('elsewhere', 'z1'), 0, undefined);
    expect(r.clusters.map((c) => c.cluster.name)).toEqual(['outbound|9080||reviews.bookinfo.svc.cluster.local']);
    const c = r.clusters[0].cluster;
    expect(c.lbPolicy).toBe('LEAST_REQUEST');
    expect(c.outlierDetection).toBeUndefined();
    expect(c.panicThreshold).toBe(50);
    expect(c.connectTimeoutMs).toBe(10_000);
    expect(r.retryPolicy?.numRetries).toBe(2);
  });

  it('the same rule gives one shared cluster object; proxies get their own EDS', () => {
    const a = xds.route(node('bookinfo', 'z1'), 0, undefined).clusters[0].cluster;
    const b = xds.route(node('bookinfo', 'z3'), 0, undefined).clusters[0].cluster;
    expect(a).toBe(b);
    const eps: EdsEndpoint[] = [
      { target: 0, locality: { region: 'r1', zone: 'z1', subzone: '' }, labels: {}, weight: 1 },
      { target: 1, locality: { region: 'r1', zone: 'z2', subzone: '' }, labels: {}, weight: 1 },
      { target: 2, locality: { region: 'r2', zone: 'z3', subzone: '' }, labels: {}, weight: 1 },
    ];
    const targetsByPriority = (zone: string) => xds.loadAssignment(node('bookinfo', zone), a, eps).priorities.map((p) => p.flatMap((l) => l.endpoints.map((e) => e.target)));
    // outlierDetection on: the region → zone ladder from each proxy's own locality.
    expect(targetsByPriority('z1')).toEqual([[0], [1], [2]]);
    expect(targetsByPriority('z3')).toEqual([[2], [0, 1]]);
  });
});
