/**
 * Egress dollars end to end: bytes counted per hop by the simulator, priced by the cost model
 * (src/cost, unit-tested on its own in test/cost). Hand-computable cases.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';

const scenario = (extra: string, response = '1MB') => `
name: cost
seed: 1
requests: 1000
clusters:
  - {name: a, region: us-east-1, zones: [us-east-1a, us-east-1b], network: na}
  - {name: b, region: us-west-2, zones: [us-west-2a], network: nb}
services:
  - {name: files, responseSize: ${response}, concurrency: 100, deployments: [{cluster: a, zone: us-east-1b, replicas: 1}]}
traffic:
  - {name: client, from: {cluster: a, zone: us-east-1a}, to: files, rate: 10/s, arrival: constant, requestSize: 0B}
pricing: aws
${extra}`;

describe('egress cost from simulated hops', () => {
  it('1,000 responses of 1 MB across AWS zones: 1 GB × ($0.01 out + $0.01 in) = $0.02', () => {
    const r = simulateText(scenario(''), 'cost.yaml').result;
    expect(r.cost!.total.usd).toBeCloseTo(0.02, 12);
    expect(r.cost!.byPathClass.find((c) => c.pathClass === 'cross-zone')!.usd).toBeCloseTo(0.02, 12);
    // Extrapolated to a 30-day month at the simulated rate.
    expect(r.cost!.total.usdPerMonth).toBeCloseTo((0.02 * 2_592_000) / (r.measuredMs / 1000), 9);
  });

  it('no pricing: bytes are counted, nothing is priced', () => {
    const r = simulateText(scenario('').replace('pricing: aws', ''), 'cost.yaml').result;
    expect(r.cost).toBeUndefined();
    expect(r.hops[0].responseBytes).toBe(1e9);
  });

  it('a remote caller through an east-west gateway pays inter-region transfer and the load balancer in front of the gateway', () => {
    const text = scenario(`gateways: [{cluster: a, kind: eastwest, zones: [us-east-1b], replicas: 1}]`).replace('from: {cluster: a, zone: us-east-1a}', 'from: {cluster: b}');
    const r = simulateText(text, 'cost.yaml').result;
    const byKind = Object.fromEntries(r.hops.map((h) => [h.toKind, h]));
    expect(byKind.eastwest.responseBytes).toBe(1e9);
    expect(byKind.endpoint.responseBytes).toBe(1e9);
    const cls = Object.fromEntries(r.cost!.byPathClass.map((c) => [c.pathClass, c.usd]));
    expect(cls['same-zone']).toBe(0);
    expect(cls['cross-region']).toBeGreaterThan(0);
    // The load balancer processes every byte of the gateway hop once (request + response).
    const lb = r.cost!.byDevice.reduce((a, d) => a + d.processedBytes, 0);
    expect(lb).toBe(1e9);
  });

  it('federation: an exported call crosses the egress gateway and the remote ingress; 1 GB back from us-west-2 costs $0.02 transfer + $0.006 at the NLB = $0.026', () => {
    const text = `
name: cost-federation
seed: 1
requests: 1000
clusters:
  - {name: a, region: us-east-1, zones: [us-east-1a], network: na}
  - {name: b, region: us-west-2, zones: [us-west-2a], network: nb}
meshes:
  - {name: mesh-a, clusters: [a]}
  - {name: mesh-b, clusters: [b], exports: [files.default]}
gateways:
  - {cluster: a, kind: egress, replicas: 1, concurrency: 64}
  - {cluster: b, kind: ingress, replicas: 1, concurrency: 64}
services:
  - {name: files, responseSize: 1MB, concurrency: 100, deployments: [{cluster: b, replicas: 1}]}
traffic:
  - {name: client, from: {cluster: a}, to: files, rate: 10/s, arrival: constant, requestSize: 0B}
pricing: aws
`;
    const r = simulateText(text, 'cost.yaml').result;
    expect(r.failed).toBe(0);
    // Three hops, each carrying the 1 GB of responses: to the egress gateway, across to the remote ingress, to the pod.
    const kinds = Object.fromEntries(r.hops.map((h) => [h.toKind, [h.pathClass, h.responseBytes]]));
    expect(kinds).toEqual({ egress: ['same-zone', 1e9], ingress: ['cross-region', 1e9], endpoint: ['same-zone', 1e9] });
    // AWS bills inter-region transfer at the sending region (the responses leave us-west-2): 1 GB × $0.02; with the NLB, $0.026 on the class.
    const cls = Object.fromEntries(r.cost!.byPathClass.map((c) => [c.pathClass, c.usd]));
    expect(cls['cross-region']).toBeCloseTo(0.026, 12);
    expect(cls['same-zone']).toBe(0);
    // The NLB in front of the remote ingress gateway processes the crossing hop's bytes once: 1 GB × $0.006.
    expect(r.cost!.byDevice.map((d) => [d.device, d.cloud, d.processedBytes])).toEqual([['load-balancer', 'aws', 1e9]]);
    expect(r.cost!.byDevice[0].usd).toBeCloseTo(0.006, 12);
    expect(r.cost!.total.usd).toBeCloseTo(0.026, 12);
    // Attributed to the route between the two meshes' clusters.
    expect(r.cost!.byRoute.filter((x) => x.usd > 0).map((x) => [x.source, x.destination, x.service])).toEqual([['a', 'b', 'files.default']]);
  });
});

