import fc from 'fast-check';
import { quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { pairedInterval, t975 } from '../../src/check/t-distribution.js';

describe('t distribution and the paired interval', () => {
  it.each([
    [1, 12.706], [4, 2.776], [9, 2.262], [29, 2.045], [30, 2.042], [35, 2.042], [40, 2.021], [100, 2.0], [1000, 1.96],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(t975(df)).toBe(t);
  });

  it('worked example: differences 1, 2, 3, 4, 5', () => {
    // mean 3; sd = sqrt(10/4) = 1.5811; half width = 2.776 · 1.5811 / sqrt(5) = 1.9630
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
