/**
 * The designs meshsim compares, end to end on small scenarios with constant delays: one mesh on a
 * flat network, one mesh on two networks (split-horizon EDS through east-west gateways), a
 * federation of two meshes (exported services through egress and ingress gateways), and users
 * outside the mesh entering through ingress gateways behind a global load balancer.
 * Gateways get 64 workers here, so nothing queues at them and latencies add up exactly.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';

const topology = (networks: string, extra: string) => `
name: designs
seed: 7
requests: 4000
clusters:
  - {name: west, region: us-west1, zones: [us-west1-a], network: ${networks === 'two' ? 'net-west' : 'net'}}
  - {name: east, region: us-east1, zones: [us-east1-b], network: ${networks === 'two' ? 'net-east' : 'net'}}
latency: {sameZone: 1ms, crossZone: 2ms, crossRegion: 30ms}
services:
  - name: hello
    concurrency: 100
    serviceTime: 5ms
    responseSize: 1000B
    deployments:
      - {cluster: west, replicas: 1}
      - {cluster: east, replicas: 3}
traffic:
  - {name: client, from: {cluster: west}, to: hello, rate: 100/s, requestSize: 100B}
${extra}`;

/** Round robin, so shares follow EDS weights (least request would favour the nearer, less loaded hosts). */
const roundRobin = `
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: hello, namespace: default}
    spec: {host: hello, trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}}`;

const sharesOf = (r: { shares: { byDestinationCluster: { cluster: string; share: number | null }[] } }) =>
  Object.fromEntries(r.shares.byDestinationCluster.map((x) => [x.cluster, x.share ?? 0]));

describe('single mesh, flat network', () => {
  it('the caller sees all 4 endpoints directly: ≈ 1/4 local, 3/4 remote, one hop each', () => {
    const out = simulateText(topology('one', roundRobin), 'designs.yaml');
    const shares = sharesOf(out.summary);
    expect(shares.west).toBeGreaterThan(0.22);
    expect(shares.west).toBeLessThan(0.28);
    expect(out.result.hops.every((h) => h.toKind === 'endpoint')).toBe(true);
  });
});

describe('single mesh, two networks (split-horizon EDS)', () => {
  const gw = `gateways: [{cluster: east, kind: eastwest, replicas: 1, processing: 1ms, concurrency: 64}]`;

  it('remote endpoints come as the east-west gateway, weighted by the 3 pods behind it', () => {
    const out = simulateText(topology('two', gw + roundRobin), 'designs.yaml');
    const shares = sharesOf(out.summary);
    expect(shares.east).toBeGreaterThan(0.72);
    expect(shares.east).toBeLessThan(0.78);
    const kinds = new Set(out.result.hops.map((h) => `${h.fromLocality}>${h.toKind}`));
    expect(kinds).toEqual(new Set(['us-west1/us-west1-a>endpoint', 'us-west1/us-west1-a>eastwest', 'us-east1/us-east1-b>endpoint']));
    // Through the gateway: 30 + 1 (gateway) + 1 + 5 + 1 + 30 = 68 ms; locally 1 + 5 + 1 = 7 ms.
    const east = out.result.routes.find((r) => r.destinationCluster === 'east')!;
    expect(east.latency.meanMs).toBeCloseTo(68, 6);
  });
});

describe('mesh federation', () => {
  const meshes = (exports: string, egress = '') => `
meshes:
  - {name: mesh-west, clusters: [west]}
  - {name: mesh-east, clusters: [east], exports: [${exports}]}
gateways:
  - {cluster: east, kind: ingress, replicas: 2, processing: 1ms, concurrency: 64}
${egress}`;
  const eastOnly = (t: string) => t.replace('      - {cluster: west, replicas: 1}\n', '');

  it('an exported service is reached through the remote ingress gateway; endpoints are never merged', () => {
    const out = simulateText(eastOnly(topology('two', meshes('hello.default'))), 'designs.yaml');
    expect(out.result.failed).toBe(0);
    expect(out.result.hops.map((h) => `${h.fromLocality}>${h.toKind}`).sort()).toEqual(['us-east1/us-east1-b>endpoint', 'us-west1/us-west1-a>ingress']);
    // 30 + 1 + 1 + 5 + 1 + 30 = 68 ms
    expect(out.result.latency.meanMs).toBeCloseTo(68, 6);
  });

  it('with an egress gateway the call crosses both gateways, and each hop carries the bytes', () => {
    const egress = `  - {cluster: west, kind: egress, replicas: 1, processing: 1ms, concurrency: 64}`;
    const out = simulateText(eastOnly(topology('two', meshes('hello.default', egress))), 'designs.yaml');
    expect(out.result.failed).toBe(0);
    const hops = out.result.hops.map((h) => `${h.fromLocality}>${h.toKind}`).sort();
    expect(hops).toEqual(['us-east1/us-east1-b>endpoint', 'us-west1/us-west1-a>egress', 'us-west1/us-west1-a>ingress']);
    for (const h of out.result.hops) expect([h.requests, h.requestBytes, h.responseBytes]).toEqual([4000, 4000 * 100, 4000 * 1000]);
    // 1 + 1 (egress) + 30 + 1 (ingress) + 1 + 5 + 1 + 30 + 1 = 71 ms
    expect(out.result.latency.meanMs).toBeCloseTo(71, 6);
  });

  it('a service that is not exported fails with not_exported', () => {
    const out = simulateText(eastOnly(topology('two', meshes(''))), 'designs.yaml');
    expect(out.result.failures.not_exported).toBe(4000);
    expect(out.result.hops).toEqual([]);
  });

  it('the pods behind a remote gateway do not change the caller split between gateways', () => {
    const threeMeshes = (eastPods: number) => `
name: fed
seed: 3
requests: 6000
clusters:
  - {name: west, region: us-west1, zones: [us-west1-a], network: a}
  - {name: east, region: us-east1, zones: [us-east1-b], network: b}
  - {name: south, region: us-south1, zones: [us-south1-a], network: c}
latency: {sameZone: 1ms, crossRegion: 30ms}
meshes:
  - {name: m-west, clusters: [west]}
  - {name: m-east, clusters: [east], exports: [hello.default]}
  - {name: m-south, clusters: [south], exports: [hello.default]}
gateways:
  - {cluster: east, kind: ingress, replicas: 1}
  - {cluster: south, kind: ingress, replicas: 1}
services:
  - name: hello
    concurrency: 100
    deployments: [{cluster: east, replicas: ${eastPods}}, {cluster: south, replicas: 1}]
traffic:
  - {name: client, from: {cluster: west}, to: hello, rate: 100/s}
`;
    const eastShare = (pods: number) => sharesOf(simulateText(threeMeshes(pods), 'fed.yaml').summary).east;
    const one = eastShare(1);
    const nine = eastShare(9);
    expect(one).toBeGreaterThan(0.45);
    expect(one).toBeLessThan(0.55);
    expect(Math.abs(nine - one)).toBeLessThan(0.03);
  });
});

describe('users outside the mesh', () => {
  const users = (lb: string) => `
gateways:
  - {cluster: west, kind: ingress, replicas: 1, processing: 1ms, concurrency: 64}
  - {cluster: east, kind: ingress, replicas: 1, processing: 1ms, concurrency: 64}
users:
  - {name: frankfurt, to: hello, rate: 50/s, rtt: {us-west1: 150ms, us-east1: 90ms}}
ingress: ${lb}`;

  it('nearest: every user enters in the lowest-RTT region, then its gateway balances from there', () => {
    const out = simulateText(topology('one', users('{globalLoadBalancer: nearest}')), 'designs.yaml');
    const first = out.result.hops.filter((h) => h.fromLocality === '@frankfurt');
    expect(first.map((h) => [h.toLocality, h.toKind, h.pathClass])).toEqual([['us-east1/us-east1-b', 'ingress', 'internet']]);
  });

  it('weighted: users split by the cluster weights', () => {
    const out = simulateText(topology('one', users('{globalLoadBalancer: weighted, weights: {west: 1, east: 3}}')), 'designs.yaml');
    const first = out.result.hops.filter((h) => h.fromLocality === '@frankfurt');
    const total = first.reduce((a, h) => a + h.requests, 0);
    const west = first.find((h) => h.toLocality === 'us-west1/us-west1-a')!.requests / total;
    expect(west).toBeGreaterThan(0.21);
    expect(west).toBeLessThan(0.29);
  });

  it('users without an ingress gateway are a load error naming the field', () => {
    const text = topology('one', `users: [{name: u, to: hello, rate: 1/s, rtt: {us-west1: 1ms, us-east1: 1ms}}]`);
    expect(() => simulateText(text, 'designs.yaml')).toThrow(/users: users enter the mesh through an ingress gateway/);
  });
});
