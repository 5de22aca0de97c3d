/**
 * ClusterLoadBalancer: Envoy's per-request pipeline (priority → panic → locality → host) over
 * the shared math, checked on whole pick sequences and frequencies.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LEAST_REQUEST } from '../../src/lb/policies/least-request.js';
import { RandomStreams } from '../../src/engine/random.js';
import { ClusterLoadBalancer } from '../../src/lb/cluster-load-balancer.js';
import { HEALTHY, UNHEALTHY, type ClusterSnapshot } from '../../src/lb/host-set.js';
import { ROUND_ROBIN } from '../../src/lb/policies/round-robin.js';
import { RANDOM } from '../../src/lb/policies/random.js';

/** Priorities given as lists of localities, each a host count; hosts numbered in order. */
function snapshot(priorities: number[][], opts: Partial<ClusterSnapshot> = {}, localityWeights?: number[][]): ClusterSnapshot {
  let next = 0;
  const ps = priorities.map((locs, pi) => ({
    localities: locs.map((n, li) => ({ locality: `r/z${pi}${li}`, weight: localityWeights?.[pi][li] ?? n, hosts: Array.from({ length: n }, () => next++) })),
  }));
  return { priorities: ps, hostWeights: Array(next).fill(1), localityWeighted: false, overprovisioningFactor: 140, panicThreshold: 50, ...opts };
}

function counts(lb: ClusterLoadBalancer, picks: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < picks; i++) {
    const h = lb.chooseHost();
    m.set(h, (m.get(h) ?? 0) + 1);
  }
  return m;
}

const rng = (name: string) => new RandomStreams(1).stream(name);

describe('ClusterLoadBalancer', () => {
  it('P0 with 5 of 10 hosts healthy keeps 70% (50% * 1.4), P1 takes 30%', () => {
    const s = snapshot([[10], [10]]);
    const health = new Uint8Array(20);
    for (let h = 0; h < 5; h++) health[h] = UNHEALTHY;
    const lb = new ClusterLoadBalancer(s, RANDOM, rng('a'), health);
    expect(lb.priorityLoad.healthy).toEqual([70, 30]);
    const c = counts(lb, 100_000);
    let p0 = 0;
    for (const [h, n] of c) {
      expect(health[h]).toBe(HEALTHY); // unhealthy hosts are never picked outside panic
      if (h < 10) p0 += n;
    }
    expect(Math.abs(p0 / 100_000 - 0.7)).toBeLessThan(0.01);
  });

  it('a priority in panic balances over all its hosts, healthy or not (lb_healthy_panic)', () => {
    // one priority, 1 of 4 healthy: 25% < 50% panic threshold and NTA = 35 < 100
    const s = snapshot([[4]]);
    const health = Uint8Array.from([UNHEALTHY, UNHEALTHY, UNHEALTHY, HEALTHY]);
    const lb = new ClusterLoadBalancer(s, ROUND_ROBIN, rng('b'), health);
    expect(lb.priorityLoad.panic).toEqual([true]);
    const c = counts(lb, 400);
    expect([...c.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(lb.stats.healthyPanic).toBe(400);
  });

  it('a retry priority load replaces the priority choice only: P1 picks, one draw per pick, panic flags kept', () => {
    const s = snapshot([[2], [2]], { panicThreshold: 0 });
    const a = new ClusterLoadBalancer(s, RANDOM, rng('r'));
    const b = new ClusterLoadBalancer(s, RANDOM, rng('r'));
    expect(a.priorityLoad.healthy).toEqual([100, 0]);
    const retryLoad = { healthy: [0, 100], degraded: [0, 0] };
    for (let i = 0; i < 50; i++) {
      const own = a.chooseHost();
      const moved = b.chooseHost(retryLoad);
      expect(own).toBeLessThan(2);
      expect(moved).toBeGreaterThanOrEqual(2);
      // RANDOM reuses the priority's random number, so the same draw picks the same index in each priority.
      expect(moved - 2).toBe(own);
    }
    expect(b.priorityLoad.healthy).toEqual([100, 0]);
    expect(a.priorityOf(3)).toBe(1);
    expect(a.priorityOf(9)).toBe(-1);
  });

  it('panic threshold 0 (Istio with outlierDetection): nothing healthy ⇒ no host (no healthy upstream)', () => {
    const s = snapshot([[2], [2]], { panicThreshold: 0 });
    const lb = new ClusterLoadBalancer(s, ROUND_ROBIN, rng('c'), new Uint8Array(4).fill(UNHEALTHY));
    expect(lb.chooseHost()).toBe(-1);
    expect(lb.stats.noHealthyUpstream).toBe(1);
  });

  it('locality-weighted: picks follow locality weights 2:1 exactly over whole EDF rounds', () => {
    const s = snapshot([[2, 2]], { localityWeighted: true }, [[2, 1]]);
    const lb = new ClusterLoadBalancer(s, ROUND_ROBIN, rng('d'), new Uint8Array(4));
    const c = counts(lb, 3000);
    const first = (c.get(0) ?? 0) + (c.get(1) ?? 0);
    expect(first).toBe(2000);
  });

  it('locality-weighted: a locality with half its hosts unhealthy keeps weight * min(1, 1.4 * 0.5) = 70%', () => {
    const s = snapshot([[2, 2]], { localityWeighted: true }, [[1, 1]]);
    const health = Uint8Array.from([UNHEALTHY, HEALTHY, HEALTHY, HEALTHY]);
    const lb = new ClusterLoadBalancer(s, ROUND_ROBIN, rng('e'), health);
    const c = counts(lb, 1700);
    // effective weights 0.7 : 1 ⇒ 700 : 1000 picks
    expect(c.get(1)).toBe(700);
    expect((c.get(2) ?? 0) + (c.get(3) ?? 0)).toBe(1000);
  });

  it('round robin keeps its index across a refresh (Envoy RoundRobinLoadBalancerTest.Normal)', () => {
    const s = snapshot([[3], [1]]);
    const health = new Uint8Array(4);
    const lb = new ClusterLoadBalancer(s, ROUND_ROBIN, rng('f'), health);
    const a = lb.chooseHost();
    const b = lb.chooseHost();
    expect(b).toBe((a + 1) % 3);
    lb.setHealth(3, UNHEALTHY); // a change elsewhere refreshes every priority's sources
    expect(lb.chooseHost()).toBe((b + 1) % 3);
  });

  it('an initial health array must match the slot capacity (an internal invariant, so it throws)', () => {
    expect(() => new ClusterLoadBalancer(snapshot([[2]]), ROUND_ROBIN, rng('g'), new Uint8Array(3))).toThrow(/health/);
  });
});

describe('ClusterLoadBalancer properties', () => {
  const arb = fc.record({
    priorities: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    unhealthy: fc.array(fc.boolean(), { maxLength: 40 }),
    localityWeighted: fc.boolean(),
    panicThreshold: fc.constantFrom(0, 50),
    policy: fc.constantFrom(ROUND_ROBIN, LEAST_REQUEST, RANDOM),
    seed: fc.nat(),
  });

  it('same seed, same picks; a pick is a host of the cluster, healthy unless its priority is in panic', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const s = snapshot(p.priorities, { localityWeighted: p.localityWeighted, panicThreshold: p.panicThreshold });
        const n = s.hostWeights.length;
        const health = Uint8Array.from({ length: n }, (_, i) => (p.unhealthy[i] ? UNHEALTHY : HEALTHY));
        const make = () => new ClusterLoadBalancer(s, p.policy, new RandomStreams(p.seed).stream('lb'), Uint8Array.from(health));
        const a = make();
        const b = make();
        const picksA = Array.from({ length: 50 }, () => a.chooseHost());
        const picksB = Array.from({ length: 50 }, () => b.chooseHost());
        expect(picksB).toEqual(picksA);
        const sum = a.priorityLoad.healthy.reduce((x, y) => x + y, 0) + a.priorityLoad.degraded.reduce((x, y) => x + y, 0);
        expect(sum).toBe(100);
        const anyPanic = a.priorityLoad.panic.some((x) => x);
        for (const h of picksA) {
          expect(h).toBeLessThan(n);
          if (h >= 0 && !anyPanic) expect(health[h]).toBe(HEALTHY);
        }
        if (a.stats.healthyPanic === 0 && health.every((x) => x === UNHEALTHY)) expect(picksA.every((h) => h === -1)).toBe(true);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
