/** Student's t quantiles against the printed table. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile, t975 } from '../../src/stats/student-t.js';

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

  it.each([
    // between the printed rows the exact quantile, not the next smaller row: t(0.975, 35) = 2.0301, t(0.975, 1000) = 1.9623
    [1, 12.706], [4, 2.776], [9, 2.262], [29, 2.045], [30, 2.042], [35, 2.030], [40, 2.021], [60, 2.0], [120, 1.980], [1000, 1.962],
  ])('t975(%i) = %f', (df, t) => {
    expect(t975(df)).toBeCloseTo(t, 3);
  });

  it('t975 refuses fewer than 1 degree of freedom and falls towards 1.96', () => {
    expect(() => t975(0)).toThrow(/degrees of freedom/);
    expect(t975(100_000)).toBeCloseTo(1.96, 3);
    expect(t975(3)).toBeGreaterThan(t975(4));
  });
});
