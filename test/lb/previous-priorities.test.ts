/**
 * The previous_priorities retry priority plug-in against Envoy's
 * test/extensions/retry/priority/previous_priorities/config_test.cc (RetryPriorityTest): each
 * upstream case is one row — the host counts per priority (addHosts), the original load, then the
 * steps (onHostAttempted, verifyPriorityLoads) in upstream's order. Health per priority is the load
 * balancer's: min(100, 140 × healthy / hosts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinePriorityLoad, HOST_IS_PRIORITY, NOTHING_ATTEMPTED, onHostAttempted, type PreviousPrioritiesState } from '../../src/lb/previous-priorities.js';
import { computePriorityLoad, type HealthyAndDegradedLoad, type PriorityHostCounts } from '../../src/lb/priority-load.js';

/** config_test.cc addHosts(priority, count, healthy_count, degraded_count). */
const addHosts = (count: number, healthy: number, degraded = 0): PriorityHostCounts => ({ hosts: count, healthy, degraded, excluded: 0 });

interface Step {
  /** onHostAttempted with a host of this priority first (none: verify only); hosts are named by their priority. */
  attempted?: number;
  healthy: number[];
  degraded: number[];
}

interface Row {
  name: string;
  updateFrequency: number;
  hosts: PriorityHostCounts[];
  original: HealthyAndDegradedLoad;
  steps: Step[];
}

const ROWS: Row[] = [
  {
    name: 'DefaultFrequency: after P0, P1 takes all; after P1 too, everything was tried ⇒ back to the original',
    updateFrequency: 1,
    hosts: [addHosts(2, 2), addHosts(2, 2)],
    original: { healthy: [100, 0], degraded: [0, 0] },
    steps: [
      { healthy: [100, 0], degraded: [0, 0] }, // before any attempt: unchanged
      { attempted: 0, healthy: [0, 100], degraded: [0, 0] },
      // P0 and P1 excluded ⇒ availability 0 ⇒ reset ⇒ health 100 + 100 capped at 100 ⇒ [100, 0]
      { attempted: 1, healthy: [100, 0], degraded: [0, 0] },
    ],
  },
  {
    name: 'NoHealthyUpstreams: no healthy host anywhere ⇒ the original load, before and after an attempt',
    updateFrequency: 1,
    hosts: [addHosts(10, 0), addHosts(10, 0), addHosts(10, 0)],
    original: { healthy: [0, 0, 0], degraded: [0, 0, 0] },
    steps: [
      { healthy: [0, 0, 0], degraded: [0, 0, 0] },
      { attempted: 0, healthy: [0, 0, 0], degraded: [0, 0, 0] },
    ],
  },
  {
    name: 'DefaultFrequencyUnhealthyPriorities: spill-over as attempted priorities drop out',
    updateFrequency: 1,
    // health: 140·3/10 = 42, 140·2/10 = 28, 100
    hosts: [addHosts(10, 3), addHosts(10, 2), addHosts(10, 10)],
    original: { healthy: [42, 28, 30], degraded: [0, 0, 0] },
    steps: [
      { healthy: [42, 28, 30], degraded: [0, 0, 0] },
      // P0 out: 28 + 100 capped at 100 ⇒ P1 28, P2 min(72, 100) = 72
      { attempted: 0, healthy: [0, 28, 72], degraded: [0, 0, 0] },
      { attempted: 1, healthy: [0, 0, 100], degraded: [0, 0, 0] },
      // all three tried ⇒ reset ⇒ 42, 28, min(30, 100)
      { attempted: 2, healthy: [42, 28, 30], degraded: [0, 0, 0] },
    ],
  },
  {
    name: 'DefaultFrequencyUnhealthyPrioritiesDegradedLoad: the same with degraded hosts',
    updateFrequency: 1,
    hosts: [addHosts(10, 0, 3), addHosts(10, 0, 2), addHosts(10, 0, 10)],
    original: { healthy: [0, 0, 0], degraded: [42, 28, 30] },
    steps: [
      { healthy: [0, 0, 0], degraded: [42, 28, 30] },
      { attempted: 0, healthy: [0, 0, 0], degraded: [0, 28, 72] },
      { attempted: 1, healthy: [0, 0, 0], degraded: [0, 0, 100] },
      { attempted: 2, healthy: [0, 0, 0], degraded: [42, 28, 30] },
    ],
  },
  {
    name: 'DefaultFrequencyUnhealthyPrioritiesDegradedLoadSpillover: healthy and degraded share what is left',
    updateFrequency: 1,
    // P0: degraded 140·3/10 = 42; P1: health min(100, 126) = 100, degraded 14; P2: health 28
    hosts: [addHosts(10, 0, 3), addHosts(10, 9, 1), addHosts(10, 2, 0)],
    original: { healthy: [0, 100, 0], degraded: [0, 0, 0] },
    steps: [
      { healthy: [0, 100, 0], degraded: [0, 0, 0] },
      // P1 out: availability 42 + 28 = 70 ⇒ P2 healthy 28·100/70 = 40, P0 degraded 42·100/70 = 60
      { attempted: 1, healthy: [0, 0, 40], degraded: [60, 0, 0] },
      { attempted: 2, healthy: [0, 0, 0], degraded: [100, 0, 0] },
      // everything tried ⇒ reset ⇒ P1 100 · 100/100 takes the whole load
      { attempted: 0, healthy: [0, 100, 0], degraded: [0, 0, 0] },
    ],
  },
  {
    name: 'OverriddenFrequency (update_frequency 2, what Istio writes): the load changes after the second attempt',
    updateFrequency: 2,
    hosts: [addHosts(2, 2), addHosts(2, 2)],
    original: { healthy: [100, 0], degraded: [0, 0] },
    steps: [
      { healthy: [100, 0], degraded: [0, 0] },
      { attempted: 0, healthy: [100, 0], degraded: [0, 0] },
      { attempted: 0, healthy: [0, 100], degraded: [0, 0] },
    ],
  },
  // Beyond upstream's cases: Istio's update_frequency 2 through a longer retry sequence.
  {
    name: 'update_frequency 2 over five attempts: P0, P0 ⇒ P1; between updates the last load; P0, P0, P1, P1 ⇒ reset',
    updateFrequency: 2,
    hosts: [addHosts(2, 2), addHosts(2, 2)],
    original: { healthy: [100, 0], degraded: [0, 0] },
    steps: [
      { attempted: 0, healthy: [100, 0], degraded: [0, 0] },
      { attempted: 0, healthy: [0, 100], degraded: [0, 0] },
      // 3 attempted: 3 % 2 ≠ 0 ⇒ the load of the last update
      { attempted: 1, healthy: [0, 100], degraded: [0, 0] },
      // 4 attempted: P0 and P1 excluded ⇒ reset (attempts forgotten) ⇒ [100, 0]
      { attempted: 1, healthy: [100, 0], degraded: [0, 0] },
      // 1 attempted since the reset: fewer than 2 ⇒ the original load
      { attempted: 0, healthy: [100, 0], degraded: [0, 0] },
      // 2 attempted since the reset, both P0 ⇒ P1 again
      { attempted: 0, healthy: [0, 100], degraded: [0, 0] },
    ],
  },
];

function replay(row: Row): void {
  const lb = computePriorityLoad(row.hosts, { panicThreshold: 0 });
  let state: PreviousPrioritiesState = NOTHING_ATTEMPTED;
  row.steps.forEach((step, i) => {
    if (step.attempted !== undefined) state = onHostAttempted(state, step.attempted);
    const r = determinePriorityLoad(state, lb, row.original, row.updateFrequency, HOST_IS_PRIORITY);
    state = r.state;
    expect([r.load.healthy, r.load.degraded], `step ${i}`).toEqual([step.healthy, step.degraded]);
  });
}

describe('previous_priorities (config_test.cc RetryPriorityTest)', () => {
  it.each(ROWS)('$name', (row) => replay(row));

  it('PriorityMappingCallback: hosts map to priorities through the mapping given at each update; an unmapped host excludes nothing', () => {
    const lb = computePriorityLoad([addHosts(2, 2), addHosts(2, 2)]);
    const original = { healthy: [100, 0], degraded: [0, 0] };
    const host1 = 11;
    const host2 = 22;
    const mapping = (h: number) => (h === host1 ? 0 : 1);
    const noHost2 = (h: number) => (h === host1 ? 0 : undefined);
    // After attempting host1 (P0), P1 receives all the load.
    let state = onHostAttempted(NOTHING_ATTEMPTED, host1);
    let r = determinePriorityLoad(state, lb, original, 1, mapping);
    expect(r.load).toEqual({ healthy: [0, 100], degraded: [0, 0] });
    // A mapping that does not know host2: the same as after host1 alone.
    state = onHostAttempted(r.state, host2);
    r = determinePriorityLoad(state, lb, original, 1, noHost2);
    expect(r.load).toEqual({ healthy: [0, 100], degraded: [0, 0] });
    // With host2 mapped to P1, every priority was attempted ⇒ back to the original load.
    r = determinePriorityLoad(r.state, lb, original, 1, mapping);
    expect(r.load).toEqual(original);
  });

  it('the original load is returned as it is (same object) until update_frequency hosts were attempted', () => {
    const lb = computePriorityLoad([addHosts(2, 2), addHosts(2, 2)]);
    const original = { healthy: [100, 0], degraded: [0, 0] };
    let state = onHostAttempted(onHostAttempted(NOTHING_ATTEMPTED, 0), 0);
    expect(determinePriorityLoad(state, lb, original, 3, HOST_IS_PRIORITY).load).toBe(original);
    state = onHostAttempted(state, 0);
    expect(determinePriorityLoad(state, lb, original, 3, HOST_IS_PRIORITY).load).toEqual({ healthy: [0, 100], degraded: [0, 0] });
  });

  it('does not change the state it is given', () => {
    const lb = computePriorityLoad([addHosts(2, 2), addHosts(2, 2)]);
    const state = onHostAttempted(NOTHING_ATTEMPTED, 0);
    const copy = structuredClone(state);
    determinePriorityLoad(state, lb, lb, 1, HOST_IS_PRIORITY);
    expect(state).toEqual(copy);
    expect(NOTHING_ATTEMPTED).toEqual({ attempted: [], excluded: [], load: undefined });
  });
});

describe('previous_priorities invariants', () => {
  const levels = fc.array(
    fc.record({ hosts: fc.integer({ min: 1, max: 20 }), healthyShare: fc.double({ min: 0, max: 1, noNaN: true }), degradedShare: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ hosts, healthyShare, degradedShare }) => {
      const healthy = Math.floor(hosts * healthyShare);
      const degraded = Math.floor((hosts - healthy) * degradedShare);
      return addHosts(hosts, healthy, degraded);
    }),
    { minLength: 1, maxLength: 5 },
  );

  it('the load sums to 100 and leaves out every attempted priority unless nothing else is available', () => {
    fc.assert(
      fc.property(levels, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (hosts, picks, freq) => {
        const lb = computePriorityLoad(hosts, { panicThreshold: 0 });
        let state = NOTHING_ATTEMPTED;
        for (const pick of picks) {
          const before = onHostAttempted(state, pick % hosts.length);
          const r = determinePriorityLoad(before, lb, lb, freq, HOST_IS_PRIORITY);
          state = r.state;
          const sum = [...r.load.healthy, ...r.load.degraded].reduce((a, b) => a + b, 0);
          expect(sum).toBe(100);
          const updated = before.attempted.length % freq === 0;
          const reset = updated && r.state.attempted.length === 0;
          if (updated && !reset && r.load !== lb) {
            for (const p of before.attempted) expect(r.load.healthy[p] + r.load.degraded[p]).toBe(0);
          }
          // A priority with no healthy and no degraded host never gets load from the plug-in.
          if (r.load !== lb) hosts.forEach((h, p) => h.healthy + h.degraded === 0 && expect(r.load.healthy[p] + r.load.degraded[p]).toBe(0));
        }
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});
