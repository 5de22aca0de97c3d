/**
 * MS0108 OverCapacity: ρ = λ · E[S] / (replicas × concurrency) at the scenario's rates, with the
 * arithmetic in the comments. Capacity of web in the fixture: 4 replicas × 4 / 10 ms = 1,600/s.
 */
import { describe, expect, it } from 'vitest';
import { base, vs, withCode } from './fixtures.js';

describe('MS0108 OverCapacity', () => {
  it('2,000/s into 1,600/s of capacity: ρ = 1.25, at the service\'s deployments', () => {
    const doc = base();
    doc.traffic[0].rate = '2000/s';
    const [f, ...rest] = withCode(doc, 'MS0108');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', path: 'services[0].deployments' });
    expect(f.message).toBe(
      'ρ = 1.25 ≥ 1: at the scenario\'s rates about 2000/s reach web.shop (sources client 2000/s, with the calls they cause), and its 4 replicas × concurrency 4 at a mean service time of 10ms serve at most 1600/s; its queues grow for as long as this load lasts',
    );
  });

  it('1,500/s: ρ ≈ 0.94 is under capacity', () => {
    const doc = base();
    doc.traffic[0].rate = '1500/s';
    expect(withCode(doc, 'MS0108')).toEqual([]);
  });

  it('fan-out down the call graph: web (1,000/s) calls api with probability p; api serves 1 × 1 / 2 ms = 500/s', () => {
    const doc = base();
    doc.traffic[0].rate = '1000/s';
    doc.services[0].calls = [{ service: 'api', probability: 0.5 }];
    doc.services.push({ name: 'api', namespace: 'shop', concurrency: 1, serviceTime: '2ms', deployments: [{ cluster: 'c1', zone: 'z1', replicas: 1 }] });
    // 1,000 × 0.5 = 500/s into 500/s: ρ = 1.00
    const [f] = withCode(doc, 'MS0108');
    expect(f.path).toBe('services[1].deployments');
    expect(f.message).toMatch(/^ρ = 1\.00 ≥ 1: at the scenario's rates about 500\/s reach api\.shop/);
    // 1,000 × 0.4 = 400/s: ρ = 0.80
    doc.services[0].calls[0].probability = 0.4;
    expect(withCode(doc, 'MS0108')).toEqual([]);
  });

  it('a subset a route sends more than its share: v1 gets 90% of 1,000/s = 900/s into 2 × 4 / 10 ms = 800/s', () => {
    const doc = base();
    doc.traffic[0].rate = '1000/s';
    doc.policies = [
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'shop' }, spec: { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } },
      vs('web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'v1' }, weight: 90 }, { destination: { host: 'web', subset: 'v2' }, weight: 10 }] }] }),
    ];
    // The service as a whole: 1,000/1,600 = 0.625; subset v1: 900/800 = 1.125.
    const [f, ...rest] = withCode(doc, 'MS0108');
    expect(rest).toEqual([]);
    expect(f.message).toMatch(/^ρ = 1\.13 ≥ 1: at the scenario's rates about 900\/s reach web\.shop subset v1 .* its 2 replicas × concurrency 4 .* serve at most 800\/s/);
  });

  it('sources that send at different times are not added up; sources that overlap are', () => {
    const doc = base();
    doc.traffic = [
      { name: 'early', from: { cluster: 'c1', zone: 'z1' }, namespace: 'shop', to: 'web.shop', rate: '1000/s', duration: '5s' },
      { name: 'late', from: { cluster: 'c1', zone: 'z1' }, namespace: 'shop', to: 'web.shop', rate: '1000/s', start: '5s' },
    ];
    expect(withCode(doc, 'MS0108')).toEqual([]);
    doc.traffic[1].start = '4s';
    // From 4 s to 5 s both send: 2,000/s into 1,600/s.
    expect(withCode(doc, 'MS0108')[0].message).toMatch(/^ρ = 1\.25 ≥ 1: .* \(sources early 1000\/s, late 1000\/s/);
  });

  it('per-deployment service times and concurrency: 2 × 4 / 10 ms + 2 × 1 / 40 ms = 800 + 50 = 850/s', () => {
    const doc = base();
    doc.services[0].deployments[1].concurrency = 1;
    doc.services[0].deployments[1].serviceTime = '40ms';
    doc.traffic[0].rate = '850/s';
    expect(withCode(doc, 'MS0108')[0].message).toMatch(/serve at most 850\/s/);
    doc.traffic[0].rate = '840/s';
    expect(withCode(doc, 'MS0108')).toEqual([]);
  });

  it('sources sending together are added up, and a finding names only those that reach the service', () => {
    const doc = base();
    doc.services.push({ name: 'api', namespace: 'shop', concurrency: 1, serviceTime: '10ms', deployments: [{ cluster: 'c1', zone: 'z1', replicas: 1 }] });
    const source = (name: string, to: string, rate: string) => ({ name, from: { cluster: 'c1', zone: 'z1' }, namespace: 'shop', to, rate });
    // web: 900 + 900 = 1,800/s into 1,600/s (ρ = 1.125); api: 50/s into 100/s.
    doc.traffic = [source('a', 'web.shop', '900/s'), source('other', 'api.shop', '50/s'), source('b', 'web.shop', '900/s')];
    const found = withCode(doc, 'MS0108');
    expect(found.map((f) => f.path)).toEqual(['services[0].deployments']);
    expect(found[0].message).toMatch(/^ρ = 1\.13 ≥ 1: at the scenario's rates about 1800\/s reach web\.shop \(sources a 900\/s, b 900\/s, with the calls they cause\)/);
  });

  it('several overloaded subsets of one service: listed by subset name, whatever order the route names them in', () => {
    const doc = base();
    doc.traffic[0].rate = '1000/s';
    doc.policies = [
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'shop' }, spec: { host: 'web', subsets: [{ name: 'b-v2', labels: { version: 'v2' } }, { name: 'a-v1', labels: { version: 'v1' } }, { name: 'all', labels: {} }] } },
      // 50 % to each subset of 2 replicas: 500/s into 2 × 4 / 10 ms = 800/s each (ρ = 0.63); with 1 replica each, 400/s: ρ = 1.25.
      vs('web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'b-v2' }, weight: 50 }, { destination: { host: 'web', subset: 'a-v1' }, weight: 50 }] }] }),
    ];
    doc.services[0].deployments[0].replicas = 1;
    doc.services[0].deployments[1].replicas = 1;
    // The service as a whole: 1,000/s into 800/s is overloaded, so its subsets are not listed apart.
    expect(withCode(doc, 'MS0108').map((f) => f.message.match(/reach (web\.shop[^(]*) \(/)?.[1])).toEqual(['web.shop']);
    // Another deployment (label v3, 4 replicas: 1,600/s more) relieves the service, not the subsets.
    doc.services[0].deployments.push({ cluster: 'c2', zone: 'z3', replicas: 4, labels: { version: 'v3' } });
    expect(withCode(doc, 'MS0108').map((f) => f.message.match(/reach (web\.shop[^(]*) \(/)?.[1])).toEqual(['web.shop subset a-v1', 'web.shop subset b-v2']);
  });
});
