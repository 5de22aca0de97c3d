/**
 * EdfScheduler against Envoy's test/common/upstream/edf_scheduler_test.cc, plus the EDF behaviour
 * asserted through the round-robin tests (weight changes) and fast-check properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdfScheduler } from '../../src/lb/edf.js';
import { RandomStreams } from '../../src/engine/random.js';

/** An empty scheduler, entries added one after the other, then `k` plain picks with constant weights. */
function plainAfterPicks(weights: readonly number[], k: number): EdfScheduler {
  const s = new EdfScheduler();
  weights.forEach((w, i) => s.add(w, i));
  for (let j = 0; j < k; j++) s.pickAndAdd((i) => weights[i]);
  return s;
}

function picks(s: EdfScheduler, n: number, weightOf: (i: number) => number): number[] {
  const out: number[] = [];
  for (let j = 0; j < n; j++) out.push(s.pickAndAdd(weightOf));
  return out;
}

/** edf_scheduler_test.cc EdfSchedulerTest::compareEdfSchedulers: same pop order, deadlines within 1e-5. */
function expectSameQueue(a: EdfScheduler, b: EdfScheduler): void {
  const ea = a.entries();
  const eb = b.entries();
  expect(ea.length).toBe(eb.length);
  for (let i = 0; i < ea.length; i++) {
    expect(Math.abs(ea[i].deadline - eb[i].deadline)).toBeLessThanOrEqual(1e-5);
    expect(ea[i].item).toBe(eb[i].item);
  }
}

describe('EdfScheduler — edf_scheduler_test.cc', () => {
  it('Empty: pickAndAdd on an empty scheduler returns nothing (-1)', () => {
    const s = new EdfScheduler();
    expect(s.pickAndAdd(() => 1)).toBe(-1);
    expect(s.peek()).toBe(-1);
  });

  it('Unweighted: 128 entries of weight 1 give plain RR (entry i at pick i of every round)', () => {
    const s = new EdfScheduler();
    for (let i = 0; i < 128; i++) s.add(1, i);
    for (let round = 0; round < 128; round++) {
      for (let i = 0; i < 128; i++) {
        // deadlines all equal (round + 1); FIFO order_offset_ breaks the ties in insertion order
        expect(s.peek()).toBe(i);
        expect(s.pickAndAdd(() => 1)).toBe(i);
      }
    }
  });

  it('Weighted: entry i has weight i+1; over 128*129/2 picks entry i is picked exactly i+1 times', () => {
    const s = new EdfScheduler();
    const count = new Array<number>(128).fill(0);
    for (let i = 0; i < 128; i++) s.add(i + 1, i);
    // Σ (i+1) for i < 128 = 128 * 129 / 2 = 8256 picks = one full period
    for (let p = 0; p < (128 * 129) / 2; p++) count[s.pickAndAdd((i) => i + 1)]++;
    for (let i = 0; i < 128; i++) expect(count[i]).toBe(i + 1);
  });

  it('SchedulerWithZeroPicksEqualToEmptyWithAddedEntries: createWithPicks(0) == add() one by one', () => {
    const weights = Array.from({ length: 128 }, (_, i) => i + 1);
    const items = weights.map((_, i) => i);
    const sched1 = plainAfterPicks(weights, 0);
    // deadline_i = 1 / w_i vs (0 + 1) / (w_i + 1e-13): equal within 1e-5
    const sched2 = EdfScheduler.createWithPicks(items, weights, 0);
    expectSameQueue(sched1, sched2);
  });

  it('SchedulerWithSomePicksEqualToEmptyWithAddedEntries: picks 5, 140, 501, 123456, 894571', () => {
    // weights (100.5 - 0.01) / 128 * i + 0.01, all distinct
    const weights = Array.from({ length: 128 }, (_, i) => ((100.5 - 0.01) / 128) * i + 0.01);
    const items = weights.map((_, i) => i);
    for (const k of [5, 140, 501, 123456, 894571]) {
      expectSameQueue(plainAfterPicks(weights, k), EdfScheduler.createWithPicks(items, weights, k));
    }
  });

  it('SchedulerWithSomePicksEmptyEntries: createWithPicks([], 123) is empty', () => {
    const s = EdfScheduler.createWithPicks([], [], 123);
    expect(s.length).toBe(0);
    expect(s.pickAndAdd(() => 0)).toBe(-1);
  });

  it.each([[[25, 75]], [[1, 99]], [[50, 50]], [[1, 20, 79]]])(
    'SchedulerWithRandomPicksFirstPickDistribution %j: first pick after createWithPicks(random) ≈ weights ±1%%',
    (weights) => {
      // edf_scheduler_test.cc firstPickTest: 4e5 schedulers, each with a random number of pre-picks
      const rng = new RandomStreams(7).stream('edf-first-pick');
      const items = weights.map((_, i) => i);
      const counts = new Array<number>(weights.length).fill(0);
      const iterations = 4e5;
      const weightOf = (i: number): number => weights[i];
      for (let it = 0; it < iterations; it++) {
        const s = EdfScheduler.createWithPicks(items, weights, rng.nextUint32(), weightOf);
        counts[s.pickAndAdd(weightOf)]++;
      }
      for (let i = 0; i < weights.length; i++) {
        // weights sum to 100, so weight == expected percent
        expect(Math.abs((100 * counts[i]) / iterations - weights[i])).toBeLessThanOrEqual(1.0);
      }
    },
  );
});

describe('EdfScheduler.createWithPicks details (edf_scheduler.h)', () => {
  it('the 1e-13 augmentation: weights 25/75, 23 picks give the same queue as 23 plain picks', () => {
    // edf_scheduler.h comment: floor picks {5, 17}; the comment's unaugmented deadlines
    // {0.24000000000000002, 0.24} made the leftover pick take item 1 first. (With today's closed form
    // (floor+1)/w both are exactly 0.24 in doubles; the epsilon makes the order deterministic.)
    expect((23 * (25 + 1e-13)) / (100 + 2e-13)).toBeCloseTo(5.75, 12); // floor 5
    expect((23 * (75 + 1e-13)) / (100 + 2e-13)).toBeCloseTo(17.25, 12); // floor 17
    // With it: 6/(25+1e-13) = 0.239999999999999 < 18/(75+1e-13) = 0.2399999999999997 ⇒ item 0 is
    // picked, leaving [item 1 @≈0.24, item 0 @≈0.28], as after 23 plain picks.
    expect(6 / (25 + 1e-13)).toBeLessThan(18 / (75 + 1e-13));
    const weights = [25, 75];
    expectSameQueue(plainAfterPicks(weights, 23), EdfScheduler.createWithPicks([0, 1], weights, 23));
    // Note: the *continuations* still differ (plain 1,1,1,1,0… vs 1,1,1,0,…): exact ties at 0.28 are
    // broken by accumulated rounding in one and closed-form deadlines in the other. Envoy's test
    // only compares queues within 1e-5.
  });

  it('picks are reduced modulo 429496729 (UINT_MAX/10), not clamped', () => {
    const weights = [1, 2, 3];
    const a = EdfScheduler.createWithPicks([0, 1, 2], weights, 429496729 + 7);
    const b = EdfScheduler.createWithPicks([0, 1, 2], weights, 7);
    expect(a.entries()).toEqual(b.entries());
    expect(a.now).toBe(b.now);
  });

  it('picks is taken as uint32 (the LB seed is truncated to 32 bits)', () => {
    const weights = [1, 3];
    const a = EdfScheduler.createWithPicks([0, 1], weights, 2 ** 32 + 5);
    const b = EdfScheduler.createWithPicks([0, 1], weights, 5);
    expect(a.entries()).toEqual(b.entries());
  });

  it('initial state: deadline (floor_i + 1) / (w_i + 1e-13), clock max floor_i / (w_i + 1e-13)', () => {
    // weights 1, 3; picks 10: W = 4 + 2e-13; floor = [floor(10*1/4), floor(10*3/4)] = [2, 7]
    // Σ floor = 9 < 10 ⇒ one leftover plain pick.
    // Before it: deadlines [3/1, 8/3] = [3, 2.667]; clock = max(2/1, 7/3) = 2.333...
    // Leftover pick: item 1 (2.667) → clock 2.667, re-added at 2.667 + 1/3 = 3.0 (order 2)
    const s = EdfScheduler.createWithPicks([0, 1], [1, 3], 10);
    expect(s.now).toBeCloseTo(8 / 3, 12);
    const e = s.entries();
    expect(e.map((x) => x.item)).toEqual([0, 1]); // 3/(1+1e-13) < 8/3 + 1/3 = 3, and item 0 was inserted first
    expect(e[0].deadline).toBeCloseTo(3, 12);
    expect(e[1].deadline).toBeCloseTo(3, 12);
  });

  it('weight changes take effect one pick later (round_robin_lb_test.cc Weighted, seed 0)', () => {
    // weights [1, 2]: initial deadlines 1/(1+1e-13) ≈ 0.9999999999999, 1/(2+1e-13) ≈ 0.49999999999998
    const w = [1, 2];
    const s = EdfScheduler.createWithPicks([0, 1], w, 0, (i) => w[i]);
    const weightOf = (i: number): number => w[i];
    // 1 @0.5 → re-add 1.0; 0 @0.9999999999999 → 2.0; 1 @1.0 → 1.5; 1 @1.5 → 2.0; 0 @≈2.0 (older order) ; 1 @2.0
    expect(picks(s, 6, weightOf)).toEqual([1, 0, 1, 1, 0, 1]);
    // swap weights to [2, 1]; the queued deadlines keep the old weights until each host is re-added
    w[0] = 2;
    w[1] = 1;
    expect(picks(s, 8, weightOf)).toEqual([1, 0, 0, 1, 0, 0, 1, 0]);
  });

  it('…which a plain EDF (add() without the 1e-13) does not reproduce (reference §1.8 [derived])', () => {
    // plain deadlines 1 and 0.5: item 0's chain is exactly 1, 2, 3 and meets item 1's 3.5 in a tie
    // that item 1 wins on insertion order, so the step after the weight swap goes 1, 0, 1 not 1, 0, 0.
    const w = [1, 2];
    const s = new EdfScheduler();
    s.add(1, 0);
    s.add(2, 1);
    const weightOf = (i: number): number => w[i];
    expect(picks(s, 6, weightOf)).toEqual([1, 0, 1, 1, 0, 1]);
    w[0] = 2;
    w[1] = 1;
    expect(picks(s, 3, weightOf)).toEqual([1, 0, 1]);
  });
});

describe('EdfScheduler properties', () => {
  it('pick frequencies converge to the weights', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 8 }), fc.nat(100000), (weights, seed) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const s = EdfScheduler.createWithPicks(weights.map((_, i) => i), weights, seed);
        const counts = new Array<number>(weights.length).fill(0);
        const rounds = 20;
        for (let p = 0; p < rounds * total; p++) counts[s.pickAndAdd((i) => weights[i])]++;
        // EDF with constant weights: over any window of m·W picks each entry is picked m·w_i times, ±1
        for (let i = 0; i < weights.length; i++) expect(Math.abs(counts[i] - rounds * weights[i])).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('createWithPicks(k) ≈ k plain picks: each entry was picked the same number of times, ±1 (ties)', () => {
    // Envoy only promises near-equality (deadlines within 1e-5, tie order may differ); exact
    // next-pick equality fails in ~15% of random cases with distinct weights (near-ties), so the
    // property checked is the pick counts of the next round.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }), fc.nat(20000), (weights, k) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const a = plainAfterPicks(weights, k);
        const b = EdfScheduler.createWithPicks(weights.map((_, i) => i), weights, k);
        const ca = new Array<number>(weights.length).fill(0);
        const cb = new Array<number>(weights.length).fill(0);
        for (let p = 0; p < total; p++) {
          ca[a.pickAndAdd((i) => weights[i])]++;
          cb[b.pickAndAdd((i) => weights[i])]++;
        }
        for (let i = 0; i < weights.length; i++) expect(Math.abs(ca[i] - cb[i])).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
