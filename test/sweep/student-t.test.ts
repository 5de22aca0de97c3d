/** Student's t quantiles against the printed table, and the 95 % confidence interval of a mean. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanCi95, studentTCdf, studentTQuantile } from '../../src/sweep/student-t.js';

describe('Student t', () => {
  // t(0.975, df) from any statistics table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [9, 2.262], [10, 2.228], [20, 2.086], [30, 2.042], [100, 1.984],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('t(0.95, 1) = tan(0.45 pi) = 6.3138 (Cauchy)', () => {
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(Math.tan(0.45 * Math.PI), 6);
  });

  it('the CDF is symmetric and increasing', () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.integer({ min: 1, max: 60 }), (t, df) => {
        expect(studentTCdf(t, df) + studentTCdf(-t, df)).toBeCloseTo(1, 9);
        expect(studentTCdf(t + 0.5, df)).toBeGreaterThanOrEqual(studentTCdf(t, df));
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('mean 12 of 10, 12, 14: s = 2, half-width 4.3027 * 2 / sqrt(3) = 4.968', () => {
    const ci = meanCi95([10, 12, 14]);
    expect(ci.mean).toBe(12);
    expect(ci.low).toBeCloseTo(7.0317, 4);
    expect(ci.high).toBeCloseTo(16.9683, 4);
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
