import fc from 'fast-check';
import { quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { interval95, meanCi95, pairedDifferences, pairedInterval } from '../../src/stats/interval.js';

/** The 95 % interval of a mean and of paired differences (check, sweep, capacity and compare use these). */
describe('the paired interval', () => {
  it('worked example: differences 1, 2, 3, 4, 5', () => {
    // mean 3; sd = sqrt(10/4) = 1.5811; half width = 2.7764 · 1.5811 / sqrt(5) = 1.9633
    const ci = pairedInterval([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.sd).toBeCloseTo(1.5811, 4);
    expect(ci.halfWidth).toBeCloseTo(1.963, 3);
    expect([ci.low, ci.high].map((v) => Number(v.toFixed(3)))).toEqual([1.037, 4.963]);
  });

  it('identical differences give a zero-width interval; one replication is refused', () => {
    expect(pairedInterval([2, 2, 2])).toMatchObject({ low: 2, high: 2, halfWidth: 0 });
    expect(() => pairedInterval([1])).toThrow(/at least 2/);
  });

  it('the interval holds the mean and narrows as replications agree (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 40 }), (d) => {
        const ci = pairedInterval(d);
        expect(ci.low).toBeLessThanOrEqual(ci.mean + 1e-9);
        expect(ci.high).toBeGreaterThanOrEqual(ci.mean - 1e-9);
        // shifting every difference shifts the interval, not its width
        const shifted = pairedInterval(d.map((x) => x + 7));
        expect(shifted.halfWidth).toBeCloseTo(ci.halfWidth, 6);
        expect(shifted.mean).toBeCloseTo(ci.mean + 7, 6);
        expect(ci.mean).toBeCloseTo(quantile([ci.low, ci.high], 0.5), 6);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('the interval of a mean', () => {
  it('mean 12 of 10, 12, 14: s = 2, half-width 4.3027 * 2 / sqrt(3) = 4.968', () => {
    const ci = meanCi95([10, 12, 14]);
    expect(ci.mean).toBe(12);
    expect(ci.low).toBeCloseTo(7.0317, 4);
    expect(ci.high).toBeCloseTo(16.9683, 4);
    expect(interval95([10, 12, 14]).halfWidth).toBeCloseTo(4.9683, 4);
  });

  it('ignores nulls; no interval from fewer than two values', () => {
    expect(meanCi95([null, 5])).toEqual({ n: 1, mean: 5, low: null, high: null });
    expect(meanCi95([null])).toEqual({ n: 0, mean: null, low: null, high: null });
    expect(meanCi95([3, null, 3])).toEqual({ n: 2, mean: 3, low: 3, high: 3 });
  });

  it('the interval contains the mean and narrows with more of the same spread', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 20 }), (xs) => {
        const a = meanCi95(xs);
        const b = meanCi95([...xs, ...xs]);
        expect(a.low!).toBeLessThanOrEqual(a.mean! + 1e-9);
        expect(a.high!).toBeGreaterThanOrEqual(a.mean! - 1e-9);
        expect(b.high! - b.low!).toBeLessThanOrEqual(a.high! - a.low! + 1e-9);
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});

describe('paired differences', () => {
  it('other − base per replication, skipping replications where either is missing', () => {
    expect(pairedDifferences([10, 20, null, 40], [12, 19, 5, null])).toEqual([2, -1]);
    expect(pairedDifferences([1, 2, 3], [1, 2])).toEqual([0, 0]);
  });

  it('pairing removes what both share: a common shift per replication leaves a zero-width interval', () => {
    // base 10, 30, 50 (widely spread); other = base + 2 in every replication
    const base = [10, 30, 50];
    const other = base.map((x) => x + 2);
    expect(pairedInterval(pairedDifferences(base, other))).toMatchObject({ mean: 2, halfWidth: 0 });
    // unpaired, the same numbers give an interval of ±t(0.975,2)·20/√3 = ±49.7 around each mean
    expect(interval95(other).halfWidth).toBeCloseTo(49.683, 3);
  });
});
