/**
 * Built-in pick policies against Envoy's round_robin_lb_test.cc, least_request_lb_test.cc and
 * random_lb_test.cc, where the case is expressible through the HostPicker interface (mocked random
 * values become a scripted Rng), plus frequency properties.
 *
 * Envoy's MockRandomGenerator returns 0 unless scripted, so the LB seed is 0 in most tests; the
 * first random() of a chooseHost is the priority hash, which pickers receive as `pick(hash)`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/engine/random.js';
import { RandomStreams } from '../../src/engine/random.js';
import type { HostPicker, LoadBalancingPolicy, PickContext } from '../../src/lb/policy.js';
import { LEAST_REQUEST, leastRequest } from '../../src/lb/policies/least-request.js';
import { RANDOM } from '../../src/lb/policies/random.js';
import { builtinPolicies, ISTIO_DEFAULT_POLICY, resolvePolicy } from '../../src/lb/policies/registry.js';
import { ROUND_ROBIN } from '../../src/lb/policies/round-robin.js';

/** An Rng returning scripted uint32 values, then `fallback` forever (gmock WillOnce…/WillRepeatedly). */
class ScriptedRng implements Rng {
  calls = 0;
  private i = 0;
  constructor(
    private readonly script: number[] = [],
    private readonly fallback = 0,
  ) {}
  nextUint32(): number {
    this.calls++;
    return this.i < this.script.length ? this.script[this.i++] : this.fallback;
  }
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }
}

function ctx(weights: number[], active: number[] = weights.map(() => 0), rng: Rng = new ScriptedRng()): PickContext {
  return { rng, weights, active };
}

function seq(p: HostPicker, n: number, hash = 0): number[] {
  return Array.from({ length: n }, () => p.pick(hash));
}

const hosts = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('ROUND_ROBIN — round_robin_lb_test.cc', () => {
  it('SingleHost', () => {
    expect(seq(ROUND_ROBIN.newPicker([0], ctx([1]), 0), 3)).toEqual([0, 0, 0]);
  });

  it('Normal: seed 0 ⇒ 0,1,0,1,0', () => {
    expect(seq(ROUND_ROBIN.newPicker(hosts(2), ctx([1, 1]), 0), 5)).toEqual([0, 1, 0, 1, 0]);
  });

  it('Seed: random() = 1 ⇒ index starts at 1: 1,2,0,1', () => {
    expect(seq(ROUND_ROBIN.newPicker(hosts(3), ctx([1, 1, 1]), 1), 4)).toEqual([1, 2, 0, 1]);
  });

  it('MaxUnhealthyPanic: panic source (all 6 hosts) 0,1,2; healthy source after recovery 0,1', () => {
    // each host source has its own index, starting at the seed (0)
    expect(seq(ROUND_ROBIN.newPicker(hosts(6), ctx([1, 1, 1, 1, 1, 1]), 0), 3)).toEqual([0, 1, 2]);
    expect(seq(ROUND_ROBIN.newPicker([0, 1, 2, 3], ctx([1, 1, 1, 1, 1, 1]), 0), 2)).toEqual([0, 1]);
  });

  it('picks the hosts of the source by cluster-local index', () => {
    expect(seq(ROUND_ROBIN.newPicker([7, 3, 5], ctx(new Array(8).fill(1)), 4), 4)).toEqual([3, 5, 7, 3]);
  });

  it('Weighted: EDF with createWithPicks(seed 0), weight changes, host added, hosts removed', () => {
    const w = [1, 2, 3, 4];
    const c = ctx(w);
    let p = ROUND_ROBIN.newPicker([0, 1], c, 0);
    // initial weights 1, 2 respected
    expect(seq(p, 6)).toEqual([1, 0, 1, 1, 0, 1]);
    // modify weights to 2, 1 (no refresh): converge on the new weighting after one pick cycle
    w[0] = 2;
    w[1] = 1;
    expect(seq(p, 8)).toEqual([1, 0, 0, 1, 0, 0, 1, 0]);
    // add host 2 with weight 3: refresh rebuilds the scheduler with seed 0
    p = ROUND_ROBIN.newPicker([0, 1, 2], c, 0);
    expect(seq(p, 12)).toEqual([2, 0, 2, 1, 0, 2, 2, 0, 2, 1, 0, 2]);
    // remove hosts 1 and 2, add host 3 with weight 4, host 0 back to weight 1
    w[0] = 1;
    p = ROUND_ROBIN.newPicker([0, 3], c, 0);
    expect(seq(p, 10)).toEqual([3, 3, 3, 0, 3, 3, 3, 3, 0, 3]);
  });

  it('WeightedSeed: random() = 1 ⇒ 0,1,1,0,1,1', () => {
    // createWithPicks(1): floors [0, 0], one leftover pick takes host 1 (deadline 0.5)
    expect(seq(ROUND_ROBIN.newPicker(hosts(2), ctx([1, 2]), 1), 6)).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('WeightedInitializationPicksAllHosts: weights 6,3,1, seeds 0..9 ⇒ first picks 6,3,1', () => {
    const c = [0, 0, 0];
    for (let seed = 0; seed < 10; seed++) c[ROUND_ROBIN.newPicker(hosts(3), ctx([6, 3, 1]), seed).pick(seed)]++;
    expect(c).toEqual([6, 3, 1]);
  });
});

describe('LEAST_REQUEST — least_request_lb_test.cc', () => {
  it('SingleHost: random() 0 (priority), 2, 3 ⇒ the only host', () => {
    const rng = new ScriptedRng([2, 3]);
    expect(LEAST_REQUEST.newPicker([0], ctx([1], [0], rng), 0).pick(0)).toBe(0);
    // Envoy still draws choice_count random numbers for one host (no EDF for ≤ 1 host)
    expect(rng.calls).toBe(2);
  });

  it('Normal: samples 2 % 2 = 0 and 3 % 2 = 1; the one with fewer active requests wins', () => {
    const active = [1, 2];
    expect(LEAST_REQUEST.newPicker(hosts(2), ctx([1, 1], active, new ScriptedRng([2, 3])), 0).pick(0)).toBe(0);
    active[0] = 2;
    active[1] = 1;
    expect(LEAST_REQUEST.newPicker(hosts(2), ctx([1, 1], active, new ScriptedRng([2, 3])), 0).pick(0)).toBe(1);
  });

  it('PNC: default and choiceCount 2 draw 2 samples; choiceCount 5 draws 5', () => {
    const active = [4, 3, 2, 1];
    const w = [1, 1, 1, 1];
    // random() always 0 ⇒ host 0 sampled every time
    for (const [policy, draws] of [
      [LEAST_REQUEST, 2],
      [leastRequest({ choiceCount: 2 }), 2],
      [leastRequest({ choiceCount: 5 }), 5],
    ] as const) {
      const rng = new ScriptedRng();
      expect(policy.newPicker(hosts(4), ctx(w, active, rng), 0).pick(0)).toBe(0);
      expect(rng.calls).toBe(draws); // Envoy: Times(3) / Times(3) / Times(6) including the priority hash
    }
    // P5C: samples 3, 0, 3, 2, 1 ⇒ host 3 (1 active) stays the candidate
    const rng = new ScriptedRng([3, 0, 3, 2, 1]);
    expect(leastRequest({ choiceCount: 5 }).newPicker(hosts(4), ctx(w, active, rng), 0).pick(0)).toBe(3);
  });

  it('ties keep the first sampled host (strictly fewer active requests replaces it)', () => {
    expect(LEAST_REQUEST.newPicker(hosts(2), ctx([1, 1], [3, 3], new ScriptedRng([1, 0])), 0).pick(0)).toBe(1);
  });

  it('FullScanOneHostWithLeastRequests: host 3 (1 active) wins', () => {
    const p = leastRequest({ selectionMethod: 'FULL_SCAN' }).newPicker(hosts(5), ctx([1, 1, 1, 1, 1], [4, 3, 2, 1, 5], new ScriptedRng()), 0);
    expect(p.pick(0)).toBe(3);
  });

  it('FullScanMultipleHostsWithLeastRequests: 1e6 picks split evenly over the 3 tied hosts ±5000', () => {
    const rng = new RandomStreams(1).stream('full-scan');
    const p = leastRequest({ selectionMethod: 'FULL_SCAN' }).newPicker(hosts(5), ctx([1, 1, 1, 1, 1], [3, 3, 1, 1, 1], rng), 0);
    const c = [0, 0, 0, 0, 0];
    const n = 1_000_000;
    for (let i = 0; i < n; i++) c[p.pick(0)]++;
    expect(c[0] + c[1]).toBe(0);
    for (const k of [2, 3, 4]) expect(Math.abs(c[k] - n / 3)).toBeLessThanOrEqual(5000);
  });

  const weightImbalance = (policy: LoadBalancingPolicy): void => {
    const active = [0, 0];
    const p = policy.newPicker(hosts(2), ctx([1, 2], active), 0);
    // 2:1 for host 1: weights 1/1, 2/1
    expect(seq(p, 6)).toEqual([1, 0, 1, 1, 0, 1]);
    // host 1 at 1 active: 2/(1+1) = 1 ⇒ 1:1
    active[1] = 1;
    expect(seq(p, 5)).toEqual([1, 0, 1, 0, 1]);
    // host 0 at 1 active (1/2 = 0.5), host 1 at 0 (2/1 = 2) ⇒ 4:1
    active[0] = 1;
    active[1] = 0;
    expect(seq(p, 10)).toEqual([0, 1, 1, 1, 0, 1, 1, 1, 1, 0]);
  };

  it('WeightImbalance: EDF on weight / (active + 1)', () => weightImbalance(LEAST_REQUEST));

  it('WeightImbalanceWithInvalidActiveRequestBias: bias -1 ⇒ 1.0', () => weightImbalance(leastRequest({ activeRequestBias: -1 })));

  it('WeightImbalanceWithCustomActiveRequestBias: bias 0 ⇒ plain WRR regardless of active requests', () => {
    const p = leastRequest({ activeRequestBias: 0 }).newPicker(hosts(2), ctx([1, 2], [0, 1]), 0);
    expect(seq(p, 6)).toEqual([1, 0, 1, 1, 0, 1]);
  });

  it('EqualWeightsWithActiveRequestBias: explicit bias forces EDF ⇒ 2:1 for the idle host (200 ± 2 of 300)', () => {
    // effective weights host 0 = 1 / (1 + 1) = 0.5, host 1 = 1 / (0 + 1) = 1
    const p = leastRequest({ activeRequestBias: 1.0 }).newPicker(hosts(2), ctx([1, 1], [1, 0]), 0);
    const c = [0, 0];
    for (let i = 0; i < 300; i++) c[p.pick(0)]++;
    expect(Math.abs(c[1] - 200)).toBeLessThanOrEqual(2);
  });

  it('EqualWeightsWithActiveRequestBiasRuntimeGuardDisabled: P2C samples host 0 twice ⇒ host 0', () => {
    const policy = leastRequest({ activeRequestBias: 1.0, activeRequestBiasForcesWeighted: false });
    const p = policy.newPicker(hosts(2), ctx([1, 1], [1, 0]), 0);
    expect(seq(p, 10)).toEqual(new Array(10).fill(0));
  });

  it('WeightImbalanceCallbacks: 1, 0, then after removing host 1 only host 0', () => {
    expect(seq(LEAST_REQUEST.newPicker(hosts(2), ctx([1, 2]), 0), 2)).toEqual([1, 0]);
    expect(LEAST_REQUEST.newPicker([0], ctx([1, 2]), 0).pick(0)).toBe(0);
  });

  it('rejects choiceCount < 2 (proto validation uint32 gte 2)', () => {
    expect(() => leastRequest({ choiceCount: 1 })).toThrow();
  });
});

describe('RANDOM — random_lb_test.cc', () => {
  it('Normal: random() 2 ⇒ host 0, 3 ⇒ host 1 (the priority hash indexes the host)', () => {
    const p = RANDOM.newPicker(hosts(2), ctx([1, 1]), 0);
    expect(p.pick(2)).toBe(0);
    expect(p.pick(3)).toBe(1);
  });

  it('ignores weights and draws nothing', () => {
    const rng = new ScriptedRng();
    const p = RANDOM.newPicker([4, 9, 6], ctx([1, 1, 1, 1, 100, 1, 1, 1, 1, 1], undefined, rng), 0);
    expect([0, 1, 2, 3, 4, 5].map((h) => p.pick(h))).toEqual([4, 9, 6, 4, 9, 6]);
    expect(rng.calls).toBe(0);
  });
});

describe('registry', () => {
  it('builtinPolicies and Istio default', () => {
    expect(Object.keys(builtinPolicies).sort()).toEqual(['LEAST_REQUEST', 'RANDOM', 'ROUND_ROBIN']);
    expect(ISTIO_DEFAULT_POLICY).toBe('LEAST_REQUEST');
    for (const [k, v] of Object.entries(builtinPolicies)) expect(v.name).toBe(k);
  });

  it('resolvePolicy: names, default, Istio aliases, unknown', () => {
    expect(resolvePolicy('ROUND_ROBIN')).toBe(ROUND_ROBIN);
    expect(resolvePolicy('RANDOM')).toBe(RANDOM);
    expect(resolvePolicy(undefined)).toBe(LEAST_REQUEST);
    expect(resolvePolicy('')).toBe(LEAST_REQUEST);
    expect(resolvePolicy('UNSPECIFIED')).toBe(LEAST_REQUEST);
    expect(resolvePolicy('LEAST_CONN')).toBe(LEAST_REQUEST); // cluster_traffic_policy.go: LEAST_CONN ⇒ least request
    expect(() => resolvePolicy('PASSTHROUGH')).toThrow(/unknown/);
    expect(() => resolvePolicy('toString')).toThrow(/unknown/);
  });
});

describe('policy properties', () => {
  it('weighted round robin converges to the host weights', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 8 }), fc.nat(), (w, seed) => {
        const total = w.reduce((a, b) => a + b, 0);
        const p = ROUND_ROBIN.newPicker(hosts(w.length), ctx(w), seed);
        const c = new Array<number>(w.length).fill(0);
        for (let i = 0; i < 50 * total; i++) c[p.pick(0)]++;
        for (let i = 0; i < w.length; i++) expect(Math.abs(c[i] - 50 * w[i])).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('P2C prefers the less loaded host: P(pick the busiest of n) = 1/n², P(pick the idlest) = 1 - (1 - 1/n)²', () => {
    const rng = new RandomStreams(3).stream('p2c');
    const n = 4;
    // distinct active counts: host 0 idlest … host 3 busiest
    const p = LEAST_REQUEST.newPicker(hosts(n), ctx([1, 1, 1, 1], [0, 1, 2, 3], rng), 0);
    const c = new Array<number>(n).fill(0);
    const N = 400_000;
    for (let i = 0; i < N; i++) c[p.pick(0)]++;
    // host k wins iff both samples are ≥ k and one is k: ((n-k)² - (n-k-1)²) / n²  ⇒ 7/16, 5/16, 3/16, 1/16
    const expected = [7, 5, 3, 1].map((x) => x / 16);
    for (let k = 0; k < n; k++) expect(Math.abs(c[k] / N - expected[k])).toBeLessThan(0.005);
  });

  it('pickers do not draw from the Rng except LEAST_REQUEST on the unweighted path', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.nat(), (w, seed) => {
        const equal = w.every((x) => x === w[0]);
        for (const policy of [ROUND_ROBIN, RANDOM, LEAST_REQUEST]) {
          const rng = new ScriptedRng([], 7);
          const p = policy.newPicker(hosts(w.length), ctx(w, undefined, rng), seed);
          for (let i = 0; i < 10; i++) {
            const h = p.pick(seed + i);
            expect(h).toBeGreaterThanOrEqual(0);
            expect(h).toBeLessThan(w.length);
          }
          const lrUnweighted = policy === LEAST_REQUEST && (equal || w.length === 1);
          expect(rng.calls).toBe(lrUnweighted ? 20 : 0);
        }
      }),
    );
  });
});
