/**
 * Invariants of the cost model, over random hops across the three clouds and the internet:
 * cost is additive over hops (the table's total, its classes and its routes all sum the hops),
 * linear in bytes, never negative, and blind to how traffic is split into rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOfHop, costTable, DEVICES, type HopTraffic } from '../../src/cost/index.js';
import { CLUSTERS, multiCloud } from './fixtures.js';

const pricing = multiCloud({ devices: { ingress: ['load-balancer'], eastwest: ['load-balancer'], internet: ['nat'] } });
const ends = [...CLUSTERS.flatMap((c) => [`${c.name}/a`, `${c.name}/b`]), 'internet'];

const endArb = fc.constantFrom(...ends).map((s) => (s === 'internet' ? ('internet' as const) : { cluster: s.split('/')[0], zone: s.split('/')[1] }));
const hopArb: fc.Arbitrary<HopTraffic> = fc
  .record({
    from: endArb,
    to: endArb,
    service: fc.constantFrom('a', 'b', 'c'),
    requests: fc.nat(1_000_000),
    requestBytes: fc.nat(1e12),
    responseBytes: fc.nat(1e12),
    toGateway: fc.option(fc.constantFrom('ingress' as const, 'eastwest' as const, 'egress' as const), { nil: undefined }),
    via: fc.subarray([...DEVICES]),
  })
  .filter((h) => !(h.from === 'internet' && h.to === 'internet'));

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const RUNS = { seed: 7, numRuns: 300 };

describe('cost properties', () => {
  it('never negative, in every part', () => {
    fc.assert(
      fc.property(hopArb, (h) => {
        const c = costOfHop(pricing, h);
        return [c.requestUsd, c.responseUsd, c.processingUsd, c.usd, ...c.devices.map((d) => d.usd)].every((x) => x >= 0 && Number.isFinite(x));
      }),
      RUNS,
    );
  });

  it('additive over hops: total = Σ hops = Σ classes = Σ routes = transfer + processing', () => {
    fc.assert(
      fc.property(fc.array(hopArb, { maxLength: 30 }), (hops) => {
        const t = costTable(pricing, hops, 60);
        const sum = hops.reduce((a, h) => a + costOfHop(pricing, h).usd, 0);
        return (
          close(t.total.usd, sum) &&
          close(t.byPathClass.reduce((a, r) => a + r.usd, 0), sum) &&
          close(t.byRoute.reduce((a, r) => a + r.usd, 0), sum) &&
          close(t.total.transferUsd + t.total.processingUsd, sum) &&
          close(t.byDevice.reduce((a, d) => a + d.usd, 0), t.total.processingUsd)
        );
      }),
      RUNS,
    );
  });

  it('linear in bytes: k times the bytes cost k times as much', () => {
    fc.assert(
      fc.property(hopArb, fc.integer({ min: 0, max: 1000 }), (h, k) => {
        const once = costOfHop(pricing, h).usd;
        const scaled = costOfHop(pricing, { ...h, requestBytes: k * h.requestBytes, responseBytes: k * h.responseBytes }).usd;
        return close(scaled, k * once);
      }),
      RUNS,
    );
  });

  it('splitting a hop\'s bytes over two rows changes nothing', () => {
    fc.assert(
      fc.property(hopArb, fc.double({ min: 0, max: 1, noNaN: true }), (h, f) => {
        const a = { ...h, requestBytes: Math.floor(h.requestBytes * f), responseBytes: Math.floor(h.responseBytes * f) };
        const b = { ...h, requestBytes: h.requestBytes - a.requestBytes, responseBytes: h.responseBytes - a.responseBytes };
        return close(costTable(pricing, [a, b], 1).total.usd, costOfHop(pricing, h).usd);
      }),
      RUNS,
    );
  });

  it('the additivity check can fail: a hop counted twice costs twice', () => {
    const h: HopTraffic = { from: { cluster: 'use1', zone: 'a' }, to: { cluster: 'use1', zone: 'b' }, service: 's', requests: 1, requestBytes: 1e9, responseBytes: 0 };
    expect(close(costTable(pricing, [h, h], 1).total.usd, costOfHop(pricing, h).usd)).toBe(false);
  });
});
