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
});
