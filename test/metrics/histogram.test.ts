import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantileSorted } from 'simple-statistics';
import { LatencyHistogram } from '../../src/metrics/histogram.js';

describe('LatencyHistogram', () => {
  it('percentiles within 0.1% (or 1 µs) of the exact order statistic', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 600_000, noNaN: true }), { minLength: 1, maxLength: 2000 }), (xs) => {
        const h = new LatencyHistogram();
        for (const x of xs) h.record(x);
        const sorted = [...xs].sort((a, b) => a - b);
        for (const q of [0.5, 0.9, 0.99]) {
          const exact = sorted[Math.max(0, Math.ceil(q * xs.length) - 1)];
          const got = h.quantileMs(q);
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(Math.max(0.001, exact * 0.001));
        }
        expect(h.maxMs).toBe(sorted[sorted.length - 1]);
        expect(h.count).toBe(xs.length);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('agrees with simple-statistics on a large sample', () => {
    const h = new LatencyHistogram();
    const xs: number[] = [];
    for (let i = 1; i <= 100_000; i++) {
      const x = (i * 7919) % 100_003 / 10; // 0..10000 ms, scrambled
      xs.push(x);
      h.record(x);
    }
    xs.sort((a, b) => a - b);
    expect(h.quantileMs(0.99)).toBeCloseTo(quantileSorted(xs, 0.99), 0);
    expect(h.meanMs).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6);
  });

  it('merge equals recording everything in one histogram', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) {
      const x = (i * 37) % 500;
      (i % 2 ? a : b).record(x);
      all.record(x);
    }
    a.merge(b);
    expect(a.summary()).toEqual(all.summary());
  });

  it('counts past 256 and 65,536 in one bucket stay exact (8-bit counters carry), recorded or merged', () => {
    const all = new LatencyHistogram();
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 150_000; i++) {
      all.record(1);
      (i < 100_000 ? a : b).record(1);
    }
    for (let i = 0; i < 70_000; i++) {
      all.record(2);
      b.record(2);
    }
    // 150,000 of 220,000 at 1 ms (below 2,048 µs every microsecond is its own bucket): rank ceil(0.68 n) = 149,600 is 1 ms, rank ceil(0.69 n) = 151,800 is 2 ms.
    expect(all.quantileMs(0.68)).toBe(1);
    expect(all.quantileMs(0.69)).toBe(2);
    expect(all.count).toBe(220_000);
    a.merge(b);
    expect(a.summary()).toEqual(all.summary());
    expect(a.quantileMs(0.68)).toBe(1);
    expect(a.quantileMs(0.69)).toBe(2);
  });

  it('empty histogram reports NaN, not zero', () => {
    expect(new LatencyHistogram().summary().p99Ms).toBeNaN();
  });
});
