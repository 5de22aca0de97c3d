/**
 * VirtualService weights over DestinationRule subsets, and port-level traffic policies, end to end.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';

const base = (policies: string, extra = '') => `
name: reviews
seed: 5
requests: 20000
clusters: [{name: c1, region: r1, zones: [z1]}]
services:
  - name: reviews
    namespace: bookinfo
    ports: [9080, 9090]
    concurrency: 8
    serviceTime: 5ms
    deployments:
      - {cluster: c1, replicas: 2, labels: {version: v1}}
      - {cluster: c1, replicas: 2, labels: {version: v2}}
      - {cluster: c1, replicas: 1, labels: {version: v3}}
traffic:
  - {name: productpage, from: {cluster: c1}, namespace: bookinfo, to: reviews, rate: 500/s${extra}}
policies:
${policies}`;

const DR = `
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: reviews, namespace: bookinfo}
    spec:
      host: reviews
      trafficPolicy:
        loadBalancer: {simple: RANDOM}
        portLevelSettings:
          - port: {number: 9090}
            loadBalancer: {simple: ROUND_ROBIN}
      subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
        - {name: v3, labels: {version: v3}, trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}}`;

const VS = `
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: reviews, namespace: bookinfo}
    spec:
      hosts: [reviews]
      http:
        - route:
            - {destination: {host: reviews, subset: v1}, weight: 90}
            - {destination: {host: reviews, subset: v3}, weight: 10}`;

describe('subsets and port-level settings', () => {
  it('VirtualService 90/10 over subsets v1/v3: v2 gets nothing, v1 ≈ 90%', () => {
    const out = simulateText(base(DR + VS), 'reviews.yaml');
    const byEndpoint = new Map(out.result.endpoints.map((e) => [e.name, e.served]));
    const served = (v: number) => [...byEndpoint.entries()].filter(([n]) => n.includes(`-${v}-`)).reduce((a, [, s]) => a + s, 0);
    // deployment index: v1 = 0, v2 = 1, v3 = 2
    expect(served(1)).toBe(0);
    expect(Math.abs(served(0) / 20000 - 0.9)).toBeLessThan(0.01);
    expect(served(0) + served(2)).toBe(20000);
  });

  it('the Envoy clusters are named by port and subset, as Istio names them', () => {
    const out = simulateText(base(DR + VS), 'reviews.yaml');
    expect(out.result.lbStats.map((s) => s.cluster).sort()).toEqual([
      'outbound|9080|v1|reviews.bookinfo.svc.cluster.local',
      'outbound|9080|v3|reviews.bookinfo.svc.cluster.local',
    ]);
  });

  it('port-level loadBalancer applies on its port: ROUND_ROBIN on 9090 spreads exactly evenly, RANDOM on 9080 does not', () => {
    const evenness = (port: number) => {
      const out = simulateText(base(DR, `, port: ${port}`), 'reviews.yaml');
      const served = out.result.endpoints.map((e) => e.served);
      return Math.max(...served) - Math.min(...served);
    };
    expect(evenness(9090)).toBeLessThanOrEqual(1); // round robin over 5 hosts: 4000 each
    expect(evenness(9080)).toBeGreaterThan(20); // random picks
  });

  it('a route to a subset no DestinationRule defines is an error naming the VirtualService field', () => {
    expect(() => simulateText(base(VS), 'reviews.yaml')).toThrow(/subset/);
  });
});

describe('VirtualService matches on the caller', () => {
  const twoCallers = (vs: string) =>
    base(DR + vs).replace(
      "  - {name: productpage, from: {cluster: c1}, namespace: bookinfo, to: reviews, rate: 500/s}",
      [
        '  - {name: productpage, from: {cluster: c1}, namespace: bookinfo, labels: {app: productpage}, to: reviews, rate: 500/s}',
        '  - {name: tester, from: {cluster: c1}, namespace: qa, labels: {app: tester}, to: reviews.bookinfo, rate: 500/s}',
      ].join('\n'),
    );
  const VS_SOURCE = `
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: reviews, namespace: bookinfo}
    spec:
      hosts: [reviews.bookinfo.svc.cluster.local]
      http:
        - match: [{sourceLabels: {app: tester}}, {headers: {end-user: {exact: jason}}}]
          route: [{destination: {host: reviews.bookinfo.svc.cluster.local, subset: v3}}]
        - route: [{destination: {host: reviews.bookinfo.svc.cluster.local, subset: v1}}]`;

  it('sourceLabels route the matching caller to v3, the others take the default route to v1; the header match warns', () => {
    const out = simulateText(twoCallers(VS_SOURCE), 'reviews.yaml');
    const byCluster = new Map(out.result.lbStats.map((s) => [s.proxy, s.cluster]));
    expect(byCluster.get('tester-0')).toBe('outbound|9080|v3|reviews.bookinfo.svc.cluster.local');
    expect(byCluster.get('productpage-0')).toBe('outbound|9080|v1|reviews.bookinfo.svc.cluster.local');
    expect(out.summary.warnings.map((w) => w.path)).toContain('spec.http[0].match[1]');
  });

  it('match.port routes calls addressing that port (the caller names 9090) and leaves the first port\'s calls to the next route', () => {
    const VS_PORT = VS_SOURCE.replace("[{sourceLabels: {app: tester}}, {headers: {end-user: {exact: jason}}}]", '[{port: 9090}]');
    const out = simulateText(twoCallers(VS_PORT).replace('to: reviews.bookinfo, rate: 500/s}', 'to: reviews.bookinfo, port: 9090, rate: 500/s}'), 'reviews.yaml');
    const byCluster = new Map(out.result.lbStats.map((s) => [s.proxy, s.cluster]));
    // tester names port 9090: the port match takes it to v3, on 9090's cluster; productpage names none (first port, 9080): v1.
    expect(byCluster.get('tester-0')).toBe('outbound|9090|v3|reviews.bookinfo.svc.cluster.local');
    expect(byCluster.get('productpage-0')).toBe('outbound|9080|v1|reviews.bookinfo.svc.cluster.local');
    expect(out.summary.warnings).toEqual([]);
  });

  it('sourceNamespace matches the caller\'s namespace', () => {
    const out = simulateText(twoCallers(VS_SOURCE.replace('{sourceLabels: {app: tester}}', '{sourceNamespace: bookinfo}')), 'reviews.yaml');
    const byCluster = new Map(out.result.lbStats.map((s) => [s.proxy, s.cluster]));
    expect(byCluster.get('productpage-0')).toContain('|v3|');
    expect(byCluster.get('tester-0')).toContain('|v1|');
  });
});

it('two route destinations resolving to one Envoy cluster share its load balancer', () => {
  const vs = VS.replace('subset: v3}, weight: 10', 'subset: v1}, weight: 10');
  const out = simulateText(base(DR + vs), 'reviews.yaml');
  expect(out.result.lbStats.map((s) => s.cluster)).toEqual(['outbound|9080|v1|reviews.bookinfo.svc.cluster.local']);
  expect(out.result.generated).toBe(20000);
});
