/**
 * Properties of a load balancer driven by random sequences of EDS updates (updateHosts) and
 * health changes (setHealth): the invariants of every state (loads sum to 100, picks are present
 * hosts, healthy ones outside panic), and agreement with a balancer built from scratch on the same
 * state: the same loads, panic flags, host sources (in the same order) and effective locality
 * weights; and, once both see the same random numbers from a common refresh on, the same picks.
 *
 * "The same state" includes the empty priorities an update left behind: Envoy never removes a
 * priority level, so the balancer built from scratch gets the snapshot padded with them. Picks are
 * compared for RANDOM and LEAST_REQUEST (no requests in flight); round robin is compared by its
 * sources only, since its index carries the history of earlier picks by design.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, type Rng } from '../../src/engine/random.js';
import { ClusterLoadBalancer } from '../../src/lb/cluster-load-balancer.js';
import { DEGRADED, HEALTHY, UNHEALTHY, type ClusterSnapshot, type HostHealth } from '../../src/lb/host-set.js';
import { LEAST_REQUEST } from '../../src/lb/policies/least-request.js';
import { RANDOM } from '../../src/lb/policies/random.js';
import { ROUND_ROBIN } from '../../src/lb/policies/round-robin.js';

const CAPACITY = 24;

/** Where each slot is in one EDS assignment (absent when `priority` < 0). */
const slotArb = fc.record({
  priority: fc.integer({ min: -1, max: 2 }),
  locality: fc.integer({ min: 0, max: 2 }),
  order: fc.nat({ max: 1000 }),
  weight: fc.constantFrom(1, 1, 1, 2, 3),
});
const assignmentArb = fc.record({
  slots: fc.array(slotArb, { minLength: 1, maxLength: CAPACITY }),
  localityWeights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 9, maxLength: 9 }),
});
type Assignment = typeof assignmentArb extends fc.Arbitrary<infer T> ? T : never;

const opArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), assignment: assignmentArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('health' as const), host: fc.nat({ max: CAPACITY - 1 }), state: fc.constantFrom<HostHealth>(HEALTHY, HEALTHY, DEGRADED, UNHEALTHY) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pick' as const), n: fc.integer({ min: 1, max: 20 }) }) },
);

const caseArb = fc.record({
  first: assignmentArb,
  ops: fc.array(opArb, { maxLength: 40 }),
  localityWeighted: fc.boolean(),
  panicThreshold: fc.constantFrom(0, 50),
  policy: fc.constantFrom('RANDOM', 'LEAST_REQUEST', 'ROUND_ROBIN'),
  seed: fc.nat(),
  inspectEveryStep: fc.boolean(),
});

const POLICIES = { RANDOM, LEAST_REQUEST, ROUND_ROBIN };

/** A snapshot from an assignment: slots grouped by priority and locality, ordered by `order` then slot. */
function snapshotOf(a: Assignment, localityWeighted: boolean, panicThreshold: number): ClusterSnapshot {
  const byPlace = new Map<string, Array<{ slot: number; order: number }>>();
  let maxPriority = -1;
  a.slots.forEach((s, slot) => {
    if (s.priority < 0) return;
    maxPriority = Math.max(maxPriority, s.priority);
    const key = `${s.priority}/${s.locality}`;
    if (!byPlace.has(key)) byPlace.set(key, []);
    byPlace.get(key)!.push({ slot, order: s.order });
  });
  const priorities = Array.from({ length: maxPriority + 1 }, (_, p) => ({
    localities: [0, 1, 2]
      .filter((l) => byPlace.has(`${p}/${l}`))
      .map((l) => ({
        locality: `r/z${l}`,
        weight: a.localityWeights[p * 3 + l],
        hosts: byPlace
          .get(`${p}/${l}`)!
          .sort((x, y) => x.order - y.order || x.slot - y.slot)
          .map((x) => x.slot),
      })),
  }));
  return {
    priorities: priorities.length > 0 ? priorities : [{ localities: [] }],
    hostWeights: Array.from({ length: a.slots.length }, (_, slot) => a.slots[slot].weight),
    localityWeighted,
    overprovisioningFactor: 140,
    panicThreshold,
  };
}

/** An Rng whose source can be swapped, that can be primed with values, and remembers its first draw. */
class SwitchRng implements Rng {
  first: number | undefined;
  constructor(
    public source: Rng,
    private readonly primed: number[] = [],
  ) {}
  nextUint32(): number {
    const v = this.primed.length > 0 ? this.primed.shift()! : this.source.nextUint32();
    if (this.first === undefined) this.first = v;
    return v;
  }
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }
}

function present(s: ClusterSnapshot): Set<number> {
  return new Set(s.priorities.flatMap((p) => p.localities.flatMap((l) => l.hosts)));
}

/** The balancer built from scratch for the same state. */
function fresh(lb: ClusterLoadBalancer, s: ClusterSnapshot, rng: Rng): ClusterLoadBalancer {
  const levels = lb.inspect().priorities.length;
  const padded: ClusterSnapshot = { ...s, priorities: [...s.priorities, ...Array.from({ length: levels - s.priorities.length }, () => ({ localities: [] }))] };
  const health = Array.from({ length: s.hostWeights.length }, (_, h) => lb.healthOf(h));
  return new ClusterLoadBalancer(padded, lb.policy, rng, health);
}

function checkPicks(lb: ClusterLoadBalancer, s: ClusterSnapshot, n: number): void {
  const hosts = present(s);
  const load = lb.priorityLoad;
  expect(load.healthy.reduce((a, b) => a + b, 0) + load.degraded.reduce((a, b) => a + b, 0)).toBe(100);
  const anyPanic = load.panic.some((x) => x);
  for (let i = 0; i < n; i++) {
    const h = lb.chooseHost();
    if (h < 0) continue;
    expect(hosts.has(h)).toBe(true);
    if (!anyPanic) expect(lb.healthOf(h)).not.toBe(UNHEALTHY);
  }
}

describe('ClusterLoadBalancer under random updates and health changes', () => {
  it('keeps its invariants and agrees with a balancer built from scratch', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const rng = new SwitchRng(new RandomStreams(c.seed).stream('lb'));
        let s = snapshotOf(c.first, c.localityWeighted, c.panicThreshold);
        const lb = new ClusterLoadBalancer(s, POLICIES[c.policy as keyof typeof POLICIES], rng);
        for (const op of c.ops) {
          if (op.kind === 'update') {
            const next = snapshotOf(op.assignment, c.localityWeighted, c.panicThreshold);
            const before = present(s);
            const after = present(next);
            const change = lb.updateHosts(next);
            expect(change.added).toEqual([...after].filter((h) => !before.has(h)).sort((a, b) => a - b));
            expect(change.removed).toEqual([...before].filter((h) => !after.has(h)).sort((a, b) => a - b));
            s = next;
          } else if (op.kind === 'health') {
            if (op.host < s.hostWeights.length) lb.setHealth(op.host, op.state);
          } else {
            checkPicks(lb, s, op.n);
          }
          if (c.inspectEveryStep) expect(lb.inspect()).toEqual(fresh(lb, s, new RandomStreams(1).stream('x')).inspect());
        }
        checkPicks(lb, s, 10);
        // Built from scratch on the same state, with the same LB seed: same derived state.
        const rngB = new SwitchRng(new RandomStreams(1).stream('unused'), [rng.first!]);
        const b = fresh(lb, s, rngB);
        expect(b.inspect()).toEqual(lb.inspect());
        // From a common refresh on, with the same random numbers: the same picks.
        const hosts = [...present(s)];
        if (hosts.length === 0 || c.policy === 'ROUND_ROBIN') return;
        rng.source = new RandomStreams(c.seed).stream('sync');
        rngB.source = new RandomStreams(c.seed).stream('sync');
        const h = hosts[c.seed % hosts.length];
        const to = lb.healthOf(h) === HEALTHY ? UNHEALTHY : HEALTHY;
        lb.setHealth(h, to);
        b.setHealth(h, to);
        const picksA = Array.from({ length: 40 }, () => lb.chooseHost());
        const picksB = Array.from({ length: 40 }, () => b.chooseHost());
        expect(picksA).toEqual(picksB);
      }),
      { seed: 20260823, numRuns: 400 },
    );
  });
});
