/**
 * Effective locality weights and the locality scheduler against Envoy's
 * test/extensions/load_balancing_policies/common/locality_wrr_test.cc (LocalityWrrTest,
 * OverProvisioningFactorTest) and the doc formula of locality_weight.rst.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLocalityScheduler, effectiveLocalityWeight, type LocalityCounts } from '../../src/lb/locality-weight.js';

function seq(s: { pick(): number }, n: number): number[] {
  return Array.from({ length: n }, () => s.pick());
}

function counts(s: { pick(): number }, n: number, size: number): number[] {
  const c = new Array<number>(size).fill(0);
  for (let i = 0; i < n; i++) c[s.pick()]++;
  return c;
}

/** One host per locality, all healthy, with the given weights. */
function oneHostEach(weights: number[]): LocalityCounts[] {
  return weights.map((weight) => ({ weight, eligible: 1, hosts: 1 }));
}

describe('effectiveLocalityWeight — locality_wrr.cc effectiveLocalityWeight', () => {
  it.each<[number, number, number, number, number, number, string]>([
    // [weight, eligible, hosts, excluded, OPF, expected, arithmetic]
    [1, 5, 5, 0, 140, 1, '1 * min(1, 1.4 * 5/5)'],
    [1, 4, 5, 0, 140, 1, '1 * min(1, 1.4 * 0.8 = 1.12)'],
    [1, 3, 5, 0, 140, 0.84, '1 * 1.4 * 0.6'],
    [1, 2, 5, 0, 140, 0.56, '1 * 1.4 * 0.4'],
    [1, 1, 5, 0, 140, 0.28, '1 * 1.4 * 0.2'],
    [1, 0, 5, 0, 140, 0, 'no eligible host'],
    [2, 1, 1, 0, 140, 2, '2 * min(1, 1.4)'],
    [1, 1, 3, 2, 140, 1, 'NotWarmedHostsLocality: 3 hosts - 2 excluded = 1, 1/1'],
    [1, 1, 2, 0, 100, 0.5, 'OverProvisioningFactorTest: OPF 100, 1/2'],
    [1, 1, 2, 0, 200, 1, 'OverProvisioningFactorTest: OPF 200, min(1, 2 * 0.5)'],
    [0, 1, 1, 0, 140, 0, 'MissingWeight: weight 0'],
    [3, 0, 0, 0, 140, 0, 'empty locality'],
    [3, 0, 2, 2, 140, 0, 'all hosts excluded'],
    [10, 5, 10, 0, 140, 7, 'locality_weight.rst: 10 * 1.4 * 0.5'],
  ])('w=%d eligible=%d hosts=%d excluded=%d OPF=%d ⇒ %d (%s)', (w, e, h, x, opf, expected) => {
    expect(effectiveLocalityWeight(w, e, h, x, opf)).toBeCloseTo(expected, 12);
  });

  it('is the doc pseudo-code up to a constant: weight * min(100, 140 * available / total) / 100', () => {
    // locality_weight.rst: availability = 140 * available / total (percent); effective = weight * min(100, availability)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 50 }), fc.nat(50), (w, total, a) => {
        const available = Math.min(a, total);
        const doc = (w * Math.min(100, (140 * available) / total)) / 100;
        expect(effectiveLocalityWeight(w, available, total)).toBeCloseTo(doc, 9);
      }),
    );
  });
});

describe('buildLocalityScheduler — locality_wrr_test.cc', () => {
  it('HostSetEmpty: no localities ⇒ no scheduler', () => {
    expect(buildLocalityScheduler([], 0)).toBeNull();
  });

  it('AllHostsUnhealthy: no eligible host in the priority ⇒ no scheduler', () => {
    expect(buildLocalityScheduler([0, 1, 2].map(() => ({ weight: 1, eligible: 0, hosts: 1 })), 0)).toBeNull();
  });

  it('AllZeroWeights: every effective weight 0 ⇒ no scheduler', () => {
    expect(buildLocalityScheduler(oneHostEach([0, 0]), 0)).toBeNull();
  });

  it('NotWarmedHostsLocality: A 1 healthy of 3 with 2 excluded, B 2/2 ⇒ weights 1, 1 ⇒ 0,1,0,1', () => {
    const s = buildLocalityScheduler(
      [
        { weight: 1, eligible: 1, hosts: 3, excluded: 2 }, // 1 * min(1, 1.4 * 1/1) = 1
        { weight: 1, eligible: 2, hosts: 2 }, // 1
      ],
      0,
    )!;
    expect(seq(s, 4)).toEqual([0, 1, 0, 1]);
  });

  it('UnweightedLocalities {1,1,1}: 0,1,2,0,1,2', () => {
    expect(seq(buildLocalityScheduler(oneHostEach([1, 1, 1]), 0)!, 6)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('WeightedLocalities {1,2}: 1,0,1,1,0,1', () => {
    // deadlines 1/(1+1e-13) ≈ 1, 1/(2+1e-13) ≈ 0.5 ⇒ 1 @0.5, 0 @≈1, 1 @1, 1 @1.5, 0 @≈2, 1 @2
    expect(seq(buildLocalityScheduler(oneHostEach([1, 2]), 0)!, 6)).toEqual([1, 0, 1, 1, 0, 1]);
  });

  it('MissingWeight {1,0,1}: locality 1 is never picked: 0,2,0,2,0,2', () => {
    expect(seq(buildLocalityScheduler(oneHostEach([1, 0, 1]), 0)!, 6)).toEqual([0, 2, 0, 2, 0, 2]);
  });

  it('WeightedAllChosen {1,6,3}: one pick for each seed 0..9 gives counts 1, 6, 3', () => {
    const c = [0, 0, 0];
    for (let seed = 0; seed < 10; seed++) c[buildLocalityScheduler(oneHostEach([1, 6, 3]), seed)!.pick()]++;
    expect(c).toEqual([1, 6, 3]);
  });

  it.each([
    // [healthy hosts in A (of 5, weight 1), picks A, picks B (1 host, weight 2)]
    [5, 33, 67], // weights 1 : 2
    [4, 33, 67], // 1.4 * 0.8 > 1 ⇒ 1 : 2
    [3, 29, 71], // 0.84 : 2
    [2, 22, 78], // 0.56 : 2
    [1, 12, 88], // 0.28 : 2
    [0, 0, 100], // 0 ⇒ only B has an entry
  ])('UnhealthyFailover: A %d/5 healthy ⇒ %d/%d of 100 picks', (healthy, a, b) => {
    const s = buildLocalityScheduler(
      [
        { weight: 1, eligible: healthy, hosts: 5 },
        { weight: 2, eligible: 1, hosts: 1 },
      ],
      0,
    )!;
    expect(counts(s, 100, 2)).toEqual([a, b]);
  });

  it.each([
    [100, 33, 67], // effective 0.5 : 1
    [200, 50, 50], // effective min(1, 2 * 0.5) = 1 : 1
  ])('OverProvisioningFactorTest.LocalityPickChanges: OPF %d ⇒ %d/%d', (opf, a, b) => {
    const s = buildLocalityScheduler(
      [
        { weight: 1, eligible: 1, hosts: 2 },
        { weight: 1, eligible: 1, hosts: 1 },
      ],
      0,
      opf,
    )!;
    expect(counts(s, 100, 2)).toEqual([a, b]);
  });

  it('OPF 0: every effective weight is 0 ⇒ no scheduler', () => {
    expect(buildLocalityScheduler([{ weight: 1, eligible: 1, hosts: 2 }], 0, 0)).toBeNull();
  });

  it('effectiveWeights are exposed per locality', () => {
    const s = buildLocalityScheduler(
      [
        { weight: 1, eligible: 3, hosts: 5 },
        { weight: 0, eligible: 1, hosts: 1 },
        { weight: 2, eligible: 1, hosts: 1 },
      ],
      0,
    )!;
    expect(Array.from(s.effectiveWeights).map((x) => +x.toFixed(12))).toEqual([0.84, 0, 2]);
  });

  it('property: locality pick shares converge to effective weights / Σ effective weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: fc.integer({ min: 0, max: 10 }), hosts: fc.integer({ min: 1, max: 10 }), h: fc.nat(10) }), { minLength: 1, maxLength: 5 }),
        fc.nat(1_000_000),
        (ls, seed) => {
          const locs = ls.map((l) => ({ weight: l.weight, hosts: l.hosts, eligible: Math.min(l.h, l.hosts) }));
          const s = buildLocalityScheduler(locs, seed);
          const eff = locs.map((l) => effectiveLocalityWeight(l.weight, l.eligible, l.hosts));
          const total = eff.reduce((a, b) => a + b, 0);
          if (total === 0) {
            expect(s).toBeNull();
            return;
          }
          const n = 2000;
          const c = counts(s!, n, locs.length);
          // EDF: each count is within ±(number of localities) of n * share
          for (let i = 0; i < locs.length; i++) expect(Math.abs(c[i] - (n * eff[i]) / total)).toBeLessThanOrEqual(locs.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
