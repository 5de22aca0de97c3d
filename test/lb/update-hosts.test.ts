/**
 * ClusterLoadBalancer.updateHosts (Envoy's PrioritySet::updateHosts as an EDS push delivers it)
 * and setHealth: hosts added, removed, re-weighted and moved between priorities; what survives
 * (active counts, health, round-robin index) and what is refreshed and reseeded.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams, type Rng } from '../../src/engine/random.js';
import { ClusterLoadBalancer } from '../../src/lb/cluster-load-balancer.js';
import { HEALTHY, UNHEALTHY, type ClusterSnapshot } from '../../src/lb/host-set.js';
import { LEAST_REQUEST } from '../../src/lb/policies/least-request.js';
import { RANDOM } from '../../src/lb/policies/random.js';
import { ROUND_ROBIN } from '../../src/lb/policies/round-robin.js';

/** Priorities as lists of localities, each a list of host slots; `capacity` slots in all. */
function snap(priorities: number[][][], capacity: number, opts: Partial<ClusterSnapshot> & { weights?: Record<number, number> } = {}): ClusterSnapshot {
  const { weights, ...rest } = opts;
  const hostWeights = Array.from({ length: capacity }, (_, h) => weights?.[h] ?? 1);
  return {
    priorities: priorities.map((locs, pi) => ({ localities: locs.map((hosts, li) => ({ locality: `r/z${pi}${li}`, weight: hosts.length, hosts })) })),
    hostWeights,
    localityWeighted: false,
    overprovisioningFactor: 140,
    panicThreshold: 50,
    ...rest,
  };
}

/** Counts the draws an LB makes on its stream. */
class CountingRng implements Rng {
  draws = 0;
  private readonly inner = new RandomStreams(5).stream('count');
  next(): number {
    this.draws++;
    return this.inner.next();
  }
  nextUint32(): number {
    this.draws++;
    return this.inner.nextUint32();
  }
}

const rng = (name: string) => new RandomStreams(3).stream(name);

function frequencies(lb: ClusterLoadBalancer, picks: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < picks; i++) {
    const h = lb.chooseHost();
    m.set(h, (m.get(h) ?? 0) + 1);
  }
  return m;
}

describe('updateHosts: membership', () => {
  // Each case: hosts before and after (slots), which are picked afterwards, added/removed reported.
  const cases: Array<{ name: string; before: number[][][]; after: number[][][]; cap: number; picked: number[]; added: number[]; removed: number[] }> = [
    { name: 'a host joins P0', before: [[[0, 1]]], after: [[[0, 1, 2]]], cap: 3, picked: [0, 1, 2], added: [2], removed: [] },
    { name: 'a host leaves P0', before: [[[0, 1, 2]]], after: [[[0, 2]]], cap: 3, picked: [0, 2], added: [], removed: [1] },
    { name: 'a new slot beyond the old capacity', before: [[[0, 1]]], after: [[[0, 1], [5]]], cap: 6, picked: [0, 1, 5], added: [5], removed: [] },
    { name: 'a locality empties and another appears', before: [[[0], [1]]], after: [[[0], [2]]], cap: 3, picked: [0, 2], added: [2], removed: [1] },
    { name: 'every host replaced', before: [[[0, 1]]], after: [[[2, 3]]], cap: 4, picked: [2, 3], added: [2, 3], removed: [0, 1] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const capBefore = Math.max(...c.before.flat(2)) + 1;
      const lb = new ClusterLoadBalancer(snap(c.before, capBefore), ROUND_ROBIN, rng(c.name));
      lb.chooseHost();
      const change = lb.updateHosts(snap(c.after, c.cap));
      expect(change).toEqual({ added: c.added, removed: c.removed });
      // Round robin over equal weights visits every present host once per cycle.
      const seen = new Set(Array.from({ length: 4 * c.picked.length }, () => lb.chooseHost()));
      expect([...seen].sort((a, b) => a - b)).toEqual(c.picked);
    });
  }

  it('active counts and ejections of staying hosts survive; a removed host can still finish its requests', () => {
    const lb = new ClusterLoadBalancer(snap([[[0, 1, 2, 3, 4]]], 5), LEAST_REQUEST, rng('survive'));
    lb.chooseHost();
    lb.active[0] = 3; // three requests in flight to host 0
    lb.active[4] = 2; // two to host 4, which is about to be removed
    lb.setHealth(1, UNHEALTHY);
    lb.updateHosts(snap([[[0, 1, 2, 3, 5]]], 6));
    expect(lb.active[0]).toBe(3);
    expect(lb.healthOf(1)).toBe(UNHEALTHY);
    // 4 of 5 healthy: 80% * 1.4 > 100 ⇒ P0 keeps everything, host 1 is never picked
    const picks = Array.from({ length: 200 }, () => lb.chooseHost());
    expect(picks).not.toContain(1);
    expect(picks).not.toContain(4);
    expect(picks).toContain(5);
    lb.active[4]--; // the removed host's requests end
    lb.active[4]--;
    expect(lb.active[4]).toBe(0);
  });

  it('a host that comes back is a new host: healthy again', () => {
    const lb = new ClusterLoadBalancer(snap([[[0, 1, 2]]], 3), ROUND_ROBIN, rng('back'));
    lb.setHealth(2, UNHEALTHY);
    lb.updateHosts(snap([[[0, 1]]], 3));
    expect(lb.updateHosts(snap([[[0, 1, 2]]], 3))).toEqual({ added: [2], removed: [] });
    expect(lb.healthOf(2)).toBe(HEALTHY);
  });
});

describe('updateHosts: priorities', () => {
  it('a host moving from P1 to P0 keeps its health and active count; loads follow', () => {
    // P0: 4 hosts, P1: 1 host (slot 4), which is ejected and busy.
    const lb = new ClusterLoadBalancer(snap([[[0, 1, 2, 3]], [[4]]], 5), RANDOM, rng('move'));
    lb.chooseHost();
    lb.active[4] = 7;
    lb.setHealth(4, UNHEALTHY);
    lb.setHealth(0, UNHEALTHY);
    lb.setHealth(1, UNHEALTHY);
    // P0 2/4 healthy: 70 ; P1 0/1: 0 ⇒ NTA 70 < 100: P0 gets 100 (all of it, scaled)
    expect(lb.priorityLoad.healthy).toEqual([100, 0]);
    lb.updateHosts(snap([[[0, 1, 2, 3, 4]], []], 5));
    expect(lb.active[4]).toBe(7);
    expect(lb.healthOf(4)).toBe(UNHEALTHY);
    // P0 now 2/5 healthy: 140*2/5 = 56; P1 empty: panic (40% < 50%) on P0 since NTA 56 < 100
    expect(lb.priorityLoad.health).toEqual([56, 0]);
    expect(lb.priorityLoad.panic[0]).toBe(true);
    const picks = new Set(Array.from({ length: 500 }, () => lb.chooseHost()));
    expect([...picks].sort()).toEqual([0, 1, 2, 3, 4]); // panic: all hosts of P0, the moved one included
  });

  it('a priority the update leaves out is emptied, not dropped (Envoy never shrinks a priority set)', () => {
    const lb = new ClusterLoadBalancer(snap([[[0, 1]], [[2]]], 3), ROUND_ROBIN, rng('shrink'));
    lb.updateHosts(snap([[[0, 1]]], 3));
    expect(lb.priorityLoad.healthy).toEqual([100, 0]);
    expect(lb.inspect().priorities[1].all).toEqual([]);
  });

  it('round robin keeps its index in a priority the update does not touch (RoundRobinLoadBalancerTest.Normal)', () => {
    const lb = new ClusterLoadBalancer(snap([[[0, 1, 2]], [[3]]], 4), ROUND_ROBIN, rng('rr'));
    const a = lb.chooseHost();
    const b = lb.chooseHost();
    expect(b).toBe((a + 1) % 3);
    lb.updateHosts(snap([[[0, 1, 2]], [[3, 4]]], 5)); // only P1 changes
    expect(lb.chooseHost()).toBe((b + 1) % 3);
  });

  it('round robin keeps its index when its own priority changes (same source, new host list)', () => {
    const seed = rng('rr2').nextUint32(); // the LB's seed_ is the first draw of its stream
    const lb = new ClusterLoadBalancer(snap([[[0, 1, 2]]], 3), ROUND_ROBIN, rng('rr2'));
    const picks = Array.from({ length: 4 }, () => lb.chooseHost());
    // round_robin_lb.h: hosts[rr_index++ % n], rr_index starting at seed_
    expect(picks).toEqual([0, 1, 2, 3].map((i) => (seed + i) % 3));
    lb.updateHosts(snap([[[0, 1, 2, 3]]], 4));
    // the index continues at seed + 4 over the new list
    expect(lb.chooseHost()).toBe([0, 1, 2, 3][(seed + 4) % 4]);
  });
});

describe('updateHosts: weights', () => {
  it('weights 1:3 after an update that refreshes the priority: picks converge to 1:3', () => {
    const lb = new ClusterLoadBalancer(snap([[[0, 1]]], 2), ROUND_ROBIN, rng('w'));
    lb.chooseHost();
    // host 1 now weight 3 and a third host joins (a membership change refreshes P0)
    lb.updateHosts(snap([[[0, 1, 2]]], 3, { weights: { 1: 3 } }));
    const f = frequencies(lb, 5000);
    // weights 1:3:1 ⇒ 1000:3000:1000 over 1000 EDF rounds (±1: the schedule starts mid-round, createWithPicks(seed))
    expect(Math.abs(f.get(0)! - 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(f.get(1)! - 3000)).toBeLessThanOrEqual(1);
    expect(Math.abs(f.get(2)! - 1000)).toBeLessThanOrEqual(1);
  });

  it('a weight-only change applies in place: an EDF source re-adds with the new weight, an equal-weight source waits for the next refresh', () => {
    // Already weighted (1:2): EDF; host 1 goes to weight 3 without a refresh.
    const weighted = new ClusterLoadBalancer(snap([[[0, 1]]], 2, { weights: { 1: 2 } }), ROUND_ROBIN, rng('w2'));
    weighted.chooseHost();
    weighted.updateHosts(snap([[[0, 1]]], 2, { weights: { 1: 3 } }));
    const f = frequencies(weighted, 40000);
    expect(Math.abs(f.get(1)! / 40000 - 0.75)).toBeLessThan(0.01);

    // Equal weights (1:1): plain round robin, which Envoy does not rebuild on a weight change
    // (upstream_impl.cc updateDynamicHostList changes the weight in place, no refresh).
    const equal = new ClusterLoadBalancer(snap([[[0, 1], [2]]], 3), ROUND_ROBIN, rng('w3'));
    equal.chooseHost();
    equal.updateHosts(snap([[[0, 1], [2]]], 3, { weights: { 1: 3 } }));
    const g = frequencies(equal, 3000);
    expect(g.get(1)).toBe(1000);
    // A health change refreshes every priority: now the EDF uses 1:3 (host 2 leaves: 1:3 of 0 and 1)
    equal.setHealth(2, UNHEALTHY);
    const h = frequencies(equal, 4000);
    expect(Math.abs(h.get(0)! - 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(h.get(1)! - 3000)).toBeLessThanOrEqual(1);
  });

  it('a source refreshed but not yet picked from was built, in Envoy, with the weights of the refresh', () => {
    const lb = new ClusterLoadBalancer(snap([[[0, 1], [2]]], 3), ROUND_ROBIN, rng('w4'));
    lb.chooseHost();
    lb.setHealth(2, UNHEALTHY); // refresh: Envoy rebuilds the sources now, with equal weights
    lb.updateHosts(snap([[[0, 1], [2]]], 3, { weights: { 1: 3 } })); // weight only: no refresh
    const f = frequencies(lb, 2000);
    expect(f.get(0)).toBe(1000); // still plain round robin over [0, 1]
    expect(f.get(1)).toBe(1000);
  });
});

describe('random draws: what is reseeded', () => {
  it('locality-weighted: a health change draws one seed per priority, an update one per changed priority, a weight change none', () => {
    const r = new CountingRng();
    const lb = new ClusterLoadBalancer(snap([[[0, 1]], [[2], [3]], [[4]]], 5, { localityWeighted: true }), ROUND_ROBIN, r);
    expect(r.draws).toBe(0); // nothing is built before the first use
    lb.inspect();
    expect(r.draws).toBe(1 + 3); // the LB seed, then a locality seed per priority
    lb.setHealth(0, UNHEALTHY);
    expect(r.draws).toBe(4 + 3); // reloadHealthyHostsHelper updates every priority
    lb.setHealth(0, UNHEALTHY);
    expect(r.draws).toBe(7); // no change, no refresh
    lb.updateHosts(snap([[[0, 1]], [[2], [3, 5]], [[4]]], 6, { localityWeighted: true }));
    expect(r.draws).toBe(7 + 1); // only P1 changed
    lb.updateHosts(snap([[[0, 1]], [[2], [3, 5]], [[4]]], 6, { localityWeighted: true, weights: { 4: 2 } }));
    expect(r.draws).toBe(8); // weights change in place
  });

  it('without locality weighting, refreshes draw nothing', () => {
    const r = new CountingRng();
    const lb = new ClusterLoadBalancer(snap([[[0, 1]], [[2]]], 3), ROUND_ROBIN, r);
    lb.setHealth(1, UNHEALTHY);
    lb.updateHosts(snap([[[0, 1]], [[2, 3]]], 4));
    expect(r.draws).toBe(1); // the LB seed only
  });

  it('a balancer built lazily sees the same draws in the same order as one used at once', () => {
    const s = snap([[[0, 1, 2], [3]], [[4, 5]]], 6, { localityWeighted: true });
    const eager = new ClusterLoadBalancer(s, LEAST_REQUEST, new RandomStreams(9).stream('lb'));
    eager.inspect();
    const lazy = new ClusterLoadBalancer(s, LEAST_REQUEST, new RandomStreams(9).stream('lb'));
    const a = Array.from({ length: 100 }, () => eager.chooseHost());
    const b = Array.from({ length: 100 }, () => lazy.chooseHost());
    expect(b).toEqual(a);
  });
});
