/**
 * Priority load, panic and priority choice against Envoy's
 * test/extensions/load_balancing_policies/common/load_balancer_impl_base_test.cc (LoadBalancerBaseTest),
 * the priority cases of round_robin_lb_test.cc (FailoverTest, panic tests), and reference §1.15.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  choosePriority,
  computePriorityLoad,
  isInPanic,
  priorityAvailability,
  type PriorityHostCounts,
  type PriorityLoadOptions,
} from '../../src/lb/priority-load.js';

/** Mirrors LoadBalancerBaseTest::updateHostSet(host_set, num_hosts, num_healthy, num_degraded, num_excluded). */
function lv(hosts: number, healthy: number, degraded = 0, excluded = 0): PriorityHostCounts {
  return { hosts, healthy, degraded, excluded };
}

interface Row {
  name: string;
  levels: PriorityHostCounts[];
  options?: PriorityLoadOptions;
  healthy: number[];
  degraded?: number[];
  panic?: boolean[];
}

function check(row: Row): void {
  const r = computePriorityLoad(row.levels, row.options);
  expect(r.healthy).toEqual(row.healthy);
  if (row.degraded) expect(r.degraded).toEqual(row.degraded);
  if (row.panic) expect(r.panic).toEqual(row.panic);
  const sum = r.healthy.reduce((a, b) => a + b, 0) + r.degraded.reduce((a, b) => a + b, 0);
  expect(sum).toBe(100);
}

// load_balancer_impl_base_test.cc, TEST_P(LoadBalancerBaseTest, GentleFailover)
const gentleFailover: Row[] = [
  { name: 'P0 1/1, P1 1/1: P0 100% healthy takes everything', levels: [lv(1, 1), lv(1, 1)], healthy: [100, 0], panic: [false, false] },
  // health P0 = 140*1/2 = 70, P1 = 70; NTA = min(100, 140) = 100; loads 70, min(30, 70) = 30
  { name: 'P0 1/2, P1 1/2: 50% * 1.4 = 70', levels: [lv(2, 1), lv(2, 1)], healthy: [70, 30], panic: [false, false] },
  // health P0 = 140*1/4 = 35, P1 = 100; NTA = 100 ⇒ P0 (25% < 50%) not in panic
  { name: 'P0 1/4, P1 2/2: 25% * 1.4 = 35, spill 65', levels: [lv(4, 1), lv(2, 2)], healthy: [35, 65], panic: [false, false] },
  // health 35 + 35 = NTA 70; loads 35*100/70 = 50, 50; both 25% < 50% ⇒ panic; total panic ⇒ 4/8, 4/8 = 50/50
  { name: 'P0 1/4, P1 1/4: NTA 70, both in panic', levels: [lv(4, 1), lv(4, 1)], healthy: [50, 50], panic: [true, true] },
  // P0: host_count = 4 - 3 excluded = 1, health = 140*1/1 → 100; NTA 100 ⇒ no panic
  { name: 'P0 1/4 with 3 excluded counts as fully healthy', levels: [lv(4, 1, 0, 3), lv(5, 1)], healthy: [100, 0], panic: [false, false] },
  // P0: 4 hosts all excluded ⇒ host_count 0 ⇒ health 0, 0% < 50 ⇒ panic; P1: 140*1/4 = 35 ⇒ NTA 35, 25% ⇒ panic
  // total panic ⇒ raw host counts 4 and 4 ⇒ 50/50
  { name: 'P0 all 4 excluded, P1 1/4: total panic by host counts', levels: [lv(4, 0, 0, 4), lv(4, 1)], healthy: [50, 50], panic: [true, true] },
  // total panic counts excluded hosts: 4/(4+6) = 40, 6/(4+6) = 60
  { name: 'total panic ignores exclusion: 4 and 6 hosts ⇒ 40/60', levels: [lv(4, 0, 0, 1), lv(6, 1, 0, 2)], healthy: [40, 60], panic: [true, true] },
];

// load_balancer_impl_base_test.cc, TEST_P(LoadBalancerBaseTest, GentleFailoverWithExtraLevels)
const gentleFailoverWithExtraLevels: Row[] = [
  { name: 'three levels 1/1: P0 takes all', levels: [lv(1, 1), lv(1, 1), lv(1, 1)], healthy: [100, 0, 0], panic: [false, false, false] },
  // 50% * 1.4 = 70; P1 health 70 takes the 30% spillover
  { name: '1/2 each: 70/30/0', levels: [lv(2, 1), lv(2, 1), lv(2, 1)], healthy: [70, 30, 0], degraded: [0, 0, 0] },
  // 25% * 1.4 = 35; P1 healthy takes all the spillover
  { name: '1/4, 2/2, 1/2: 35/65/0', levels: [lv(4, 1), lv(2, 2), lv(2, 1)], healthy: [35, 65, 0], degraded: [0, 0, 0] },
  // 35 + 35 + 35 = 105 ⇒ NTA 100; loads 35, 35, min(30, 35) = 30
  { name: '1/4 each: 35/35/30', levels: [lv(4, 1), lv(4, 1), lv(4, 1)], healthy: [35, 35, 30], degraded: [0, 0, 0] },
  // 20% * 1.4 = 28 each; NTA 84 < 100; 20% < 50% ⇒ all in panic ⇒ total panic: 5/15 each = 33, remainder 1 to P0
  { name: '1/5 each: 28*3 < 100, total panic 34/33/33', levels: [lv(5, 1), lv(5, 1), lv(5, 1)], healthy: [34, 33, 33], degraded: [0, 0, 0], panic: [true, true, true] },
  // P2 health 100 ⇒ NTA 100 ⇒ nobody in panic
  { name: 'P0, P1 down, P2 5/5: 0/0/100', levels: [lv(5, 0), lv(5, 0), lv(5, 5)], healthy: [0, 0, 100], degraded: [0, 0, 0], panic: [false, false, false] },
  // 80% * 1.4 = 112 → 100
  { name: 'P0, P1 down, P2 4/5: 80*1.4 >= 100', levels: [lv(5, 0), lv(5, 0), lv(5, 4)], healthy: [0, 0, 100], degraded: [0, 0, 0], panic: [false, false, false] },
  // P2 40% * 1.4 = 56 ⇒ NTA 56; all levels < 50% healthy ⇒ total panic ⇒ 5/15 each ⇒ 34/33/33
  { name: 'P0, P1 down, P2 2/5 (56%): total panic 34/33/33', levels: [lv(5, 0), lv(5, 0), lv(5, 2)], healthy: [34, 33, 33], degraded: [0, 0, 0], panic: [true, true, true] },
  // P0 degraded 5/5 → 100; P1 56 healthy + 56 degraded; P2 56: NTA = min(100, 268) = 100
  // healthy: P0 0, P1 56, P2 min(44, 56) = 44; degraded gets nothing left
  { name: 'P0 all degraded, P1 2 healthy 2 degraded, P2 2/5: 0/56/44', levels: [lv(5, 0, 5), lv(5, 2, 2), lv(5, 2)], healthy: [0, 56, 44], degraded: [0, 0, 0], panic: [false, false, false] },
  // all down: total panic over 5 + 3 + 2 = 10 hosts ⇒ 50/30/20
  { name: 'all down 5/3/2 hosts: total panic 50/30/20', levels: [lv(5, 0), lv(3, 0), lv(2, 0)], healthy: [50, 30, 20], degraded: [0, 0, 0], panic: [true, true, true] },
  // health 0, 140*2/6 = 46, 140*1/3 = 46; NTA 92; all < 50% ⇒ total panic over 14 hosts:
  // 500/14 = 35, 600/14 = 42, 300/14 = 21; remainder 2 to P0 ⇒ 37/42/21
  { name: 'rounding to the first priority: 5/6/3 hosts ⇒ 37/42/21', levels: [lv(5, 0), lv(6, 2), lv(3, 1)], healthy: [37, 42, 21], degraded: [0, 0, 0], panic: [true, true, true] },
  // health 0, 0, 28; degraded 140*1/5 = 28, 140*5/5 → 100, 0; NTA 100
  // healthy: 0, 0, 28; degraded: min(72, 28) = 28, min(44, 100) = 44, 0
  { name: 'load spills into degraded: 0/0/28 + 28/44/0', levels: [lv(5, 0, 1), lv(5, 0, 5), lv(5, 1)], healthy: [0, 0, 28], degraded: [28, 44, 0] },
  // panic threshold 0: degraded 0, 56, 28; NTA 84; degraded loads 5600/84 = 66, 2800/84 = 33, remainder 1
  // goes to the first priority with degraded availability (P1), none being healthy ⇒ 0/67/33
  { name: 'threshold 0: remainder to the first degraded priority 0/67/33', levels: [lv(5, 0), lv(5, 0, 2), lv(5, 0, 1)], options: { panicThreshold: 0 }, healthy: [0, 0, 0], degraded: [0, 67, 33] },
  // threshold 50 again: 0%, 40%, 20% (healthy + degraded) all < 50 ⇒ total panic by host counts 5/5/5 ⇒ 34/33/33
  { name: 'threshold 50: degraded-only levels in total panic 34/33/33', levels: [lv(5, 0), lv(5, 0, 2), lv(5, 0, 1)], healthy: [34, 33, 33], degraded: [0, 0, 0] },
  { name: 'total panic 3/3/3: remainder to P0', levels: [lv(3, 0), lv(3, 0), lv(3, 0)], healthy: [34, 33, 33], panic: [true, true, true] },
  // P0 empty: 600/9 = 66, 300/9 = 33, remainder 1 goes to the first non-empty priority (P1)
  { name: 'total panic 0/6/3: remainder to the first non-empty priority', levels: [lv(0, 0), lv(6, 0), lv(3, 0)], healthy: [0, 67, 33], panic: [true, true, true] },
  { name: 'total panic 3/3/3 again', levels: [lv(3, 0), lv(3, 0), lv(3, 0)], healthy: [34, 33, 33], panic: [true, true, true] },
];

// load_balancer_impl_base_test.cc, TEST_P(LoadBalancerBaseTest, PrioritySelection) — the load part
const prioritySelection: Row[] = [
  // both in panic (0 healthy): total panic by host counts 1/1
  { name: 'P0 0/1, P1 0/1: total panic 50/50', levels: [lv(1, 0), lv(1, 0)], healthy: [50, 50] },
  // 100*1/3 = 33, 100*2/3 = 66, remainder 1 to P0
  { name: 'P0 0/1, P1 0/2: total panic 34/66', levels: [lv(1, 0), lv(2, 0)], healthy: [34, 66] },
  { name: 'P2 1/1 healthy: 0/0/100', levels: [lv(1, 0), lv(2, 0), lv(1, 1)], healthy: [0, 0, 100] },
  { name: 'P0 back to 1/1: 100/0/0', levels: [lv(1, 1), lv(2, 0), lv(1, 1)], healthy: [100, 0, 0] },
  { name: 'P0 0/1 again: fail back to P2', levels: [lv(1, 0), lv(2, 0), lv(1, 1)], healthy: [0, 0, 100] },
];

// load_balancer_impl_base_test.cc, TEST_P(LoadBalancerBaseTest, OverProvisioningFactor)
const overProvisioningFactor: Row[] = [
  // default OPF 140: 2/4 * 1.4 = 70
  { name: 'OPF 140: 2/4, 2/4 ⇒ 70/30', levels: [lv(4, 2), lv(4, 2)], healthy: [70, 30] },
  // OPF 100: 2/4 * 1.0 = 50 ⇒ NTA 100 ⇒ 50/50
  { name: 'OPF 100: 2/4, 2/4 ⇒ 50/50', levels: [lv(4, 2), lv(4, 2)], options: { overprovisioningFactor: 100 }, healthy: [50, 50] },
];

// load_balancer_impl_base_test.cc, WeightedPriorityHealth / ...Excluded / ...Degraded (OPF 100)
const weightedPriorityHealth: Row[] = [
  // P0 weights 3,3 healthy, 2,2 unhealthy: 100 * 6 / 10 = 60; P1 1/1 ⇒ 60/40
  {
    name: 'WeightedPriorityHealth: healthy weight 6 of 10 ⇒ 60/40',
    levels: [{ ...lv(4, 2), healthyWeight: 6, degradedWeight: 0, totalWeight: 10, excludedWeight: 0 }, lv(1, 1)],
    options: { overprovisioningFactor: 100, weightedPriorityHealth: true },
    healthy: [60, 40],
  },
  // P0 weights 4 healthy, 10 excluded, 6 unhealthy: 100 * 4 / (20 - 10) = 40 ⇒ 40/60
  {
    name: 'WeightedPriorityHealthExcluded: 4 / (20 - 10) ⇒ 40/60',
    levels: [{ ...lv(3, 1, 0, 1), healthyWeight: 4, degradedWeight: 0, totalWeight: 20, excludedWeight: 10 }, lv(1, 1)],
    options: { overprovisioningFactor: 100, weightedPriorityHealth: true },
    healthy: [40, 60],
  },
  // P0: 4 healthy, 3 degraded, 2+1 unhealthy of 10 ⇒ health 40, degraded 30
  // P1: 1 healthy, 9 degraded of 10 ⇒ health 10, degraded 90; NTA = min(100, 170) = 100
  // healthy 40, 10; degraded min(50, 30) = 30, min(20, 90) = 20
  {
    name: 'WeightedPriorityHealthDegraded: 40/10 healthy, 30/20 degraded',
    levels: [
      { ...lv(4, 1, 1), healthyWeight: 4, degradedWeight: 3, totalWeight: 10, excludedWeight: 0 },
      { ...lv(2, 1, 1), healthyWeight: 1, degradedWeight: 9, totalWeight: 10, excludedWeight: 0 },
    ],
    options: { overprovisioningFactor: 100, weightedPriorityHealth: true },
    healthy: [40, 10],
    degraded: [30, 20],
  },
];

// round_robin_lb_test.cc FailoverTest / RoundRobinLoadBalancerTest (the priority part)
const roundRobinPriority: Row[] = [
  // BasicFailover: P0 1 host unhealthy, P1 1 healthy ⇒ health 0, 100 ⇒ NTA 100 ⇒ all to P1, no panic
  { name: 'FailoverTest.BasicFailover', levels: [lv(1, 0), lv(1, 1)], healthy: [0, 100], panic: [false, false] },
  // BasicDegradedHosts: P0 1 degraded, P1 empty ⇒ degraded 100 ⇒ degraded load P0 100
  { name: 'FailoverTest.BasicDegradedHosts', levels: [lv(1, 0, 1), lv(0, 0)], healthy: [0, 0], degraded: [100, 0] },
  // BasicFailoverDegradedHosts: a healthy P1 host beats a degraded P0 host
  { name: 'FailoverTest.BasicFailoverDegradedHosts', levels: [lv(1, 0, 1), lv(1, 1)], healthy: [0, 100], degraded: [0, 0] },
  // PrioritiesWithNotAllWarmedHosts: P0 1/2 ⇒ 70; P1 1/1 ⇒ 70/30 (hash 0 ⇒ 1 ≤ 70 ⇒ P0)
  { name: 'FailoverTest.PrioritiesWithNotAllWarmedHosts', levels: [lv(2, 1), lv(1, 1)], healthy: [70, 30] },
  // PrioritiesWithZeroWarmedHosts: P0 0/2 ⇒ everything to P1
  { name: 'FailoverTest.PrioritiesWithZeroWarmedHosts', levels: [lv(2, 0), lv(1, 1)], healthy: [0, 100], panic: [false, false] },
  // MaxUnhealthyPanic: 2/6 healthy = 33% < 50% ⇒ panic (single priority ⇒ total panic, load 100)
  { name: 'RoundRobinLoadBalancerTest.MaxUnhealthyPanic (2/6)', levels: [lv(6, 2)], healthy: [100], panic: [true] },
  // …back above: 4/6 = 66.7% ≥ 50%; health 140*4/6 = 93
  { name: 'RoundRobinLoadBalancerTest.MaxUnhealthyPanic (4/6)', levels: [lv(6, 4)], healthy: [100], panic: [false] },
  // DisablePanicMode: threshold 0, no healthy host ⇒ P0 100, not in panic (no host will be chosen)
  { name: 'RoundRobinLoadBalancerTest.DisablePanicMode', levels: [lv(1, 0)], options: { panicThreshold: 0 }, healthy: [100], panic: [false] },
];

// Reference §1.15: doc tables vs code (100 hosts per level so that percents are exact)
const docVsCode: Row[] = [
  // priority.rst "25%/25%/20% → 36/36/28": health 35, 35, 28, NTA 98; all < 50% healthy ⇒ total panic ⇒ 34/33/33
  { name: '§1.15 priority.rst 25/25/20 with panic 50: 34/33/33', levels: [lv(100, 25), lv(100, 25), lv(100, 20)], healthy: [34, 33, 33], panic: [true, true, true] },
  // panic off: 3500/98 = 35, 35, 2800/98 = 28; sum 98, remainder 2 to P0 ⇒ 37/35/28 (doc says 36/36/28)
  { name: '§1.15 priority.rst 25/25/20 without panic: 37/35/28', levels: [lv(100, 25), lv(100, 25), lv(100, 20)], options: { panicThreshold: 0 }, healthy: [37, 35, 28] },
  // panic_threshold.rst "P0 50%, P1 60% → 50/50": health 70, 84 ⇒ NTA 100 ⇒ 70/30
  { name: '§1.15 panic_threshold.rst 50%/60%: 70/30 (doc 50/50)', levels: [lv(100, 50), lv(100, 60)], healthy: [70, 30], panic: [false, false] },
  // "25% / 100% → 25/75": health 35, 100 ⇒ 35/65
  { name: '§1.15 panic_threshold.rst 25%/100%: 35/65 (doc 25/75)', levels: [lv(100, 25), lv(100, 100)], healthy: [35, 65], panic: [false, false] },
  // "5% / 65% → 7/93": health 7, 91, NTA 98: 700/98 = 7, 9100/98 = 92, remainder 1 to P0 ⇒ 8/92; P0 (5%) in panic, P1 (65%) not
  { name: '§1.15 panic_threshold.rst 5%/65%: 8/92 (doc 7/93)', levels: [lv(100, 5), lv(100, 65)], healthy: [8, 92], panic: [true, false] },
  // priority.rst worked example: P0 5/10 healthy ⇒ 70, P1 10/10 ⇒ 30
  { name: 'priority.rst: 50% healthy * 1.4 = 70', levels: [lv(10, 5), lv(10, 10)], healthy: [70, 30], panic: [false, false] },
];

describe('computePriorityLoad — load_balancer_impl_base_test.cc', () => {
  it.each(gentleFailover.map((r) => [r.name, r] as const))('GentleFailover: %s', (_n, row) => check(row));
  it.each(gentleFailoverWithExtraLevels.map((r) => [r.name, r] as const))('GentleFailoverWithExtraLevels: %s', (_n, row) => check(row));
  it.each(prioritySelection.map((r) => [r.name, r] as const))('PrioritySelection: %s', (_n, row) => check(row));
  it.each(overProvisioningFactor.map((r) => [r.name, r] as const))('OverProvisioningFactor: %s', (_n, row) => check(row));
  it.each(weightedPriorityHealth.map((r) => [r.name, r] as const))('%s', (_n, row) => check(row));
});

describe('computePriorityLoad — round_robin_lb_test.cc priority cases', () => {
  it.each(roundRobinPriority.map((r) => [r.name, r] as const))('%s', (_n, row) => check(row));

  it('FailoverTest.BasicDegradedHosts: the request lands on P0 degraded hosts', () => {
    const r = computePriorityLoad([lv(1, 0, 1), lv(0, 0)]);
    expect(choosePriority(r, 0)).toEqual({ priority: 0, degraded: true });
  });

  it('FailoverTest.BasicFailoverDegradedHosts: healthy P1 is chosen over degraded P0', () => {
    const r = computePriorityLoad([lv(1, 0, 1), lv(1, 1)]);
    for (const hash of [0, 49, 99, 12345]) expect(choosePriority(r, hash)).toEqual({ priority: 1, degraded: false });
  });

  it('RoundRobinLoadBalancerTest.DegradedLocality: random 50 ⇒ degraded, random 0 ⇒ healthy', () => {
    // 1 healthy + 2 degraded of 3: health 140/3 = 46, degraded 280/3 = 93, NTA 100
    // healthy [46], degraded [min(54, 93) = 54]; 50 % 100 + 1 = 51 > 46 ⇒ degraded; 0 + 1 = 1 ⇒ healthy
    const r = computePriorityLoad([lv(3, 1, 2)]);
    expect(r.healthy).toEqual([46]);
    expect(r.degraded).toEqual([54]);
    expect(choosePriority(r, 50)).toEqual({ priority: 0, degraded: true });
    expect(choosePriority(r, 0)).toEqual({ priority: 0, degraded: false });
  });
});

describe('computePriorityLoad — reference §1.15 doc-vs-code', () => {
  it.each(docVsCode.map((r) => [r.name, r] as const))('%s', (_n, row) => check(row));
});

describe('priorityAvailability / isInPanic / choosePriority', () => {
  it('health = min(100, OPF * healthy / (hosts - excluded)), truncated', () => {
    expect(priorityAvailability(lv(4, 1))).toEqual({ health: 35, degraded: 0 }); // 140 * 1 / 4 = 35
    expect(priorityAvailability(lv(3, 1, 2))).toEqual({ health: 46, degraded: 93 }); // 140/3 = 46.67, 280/3 = 93.3
    expect(priorityAvailability(lv(5, 4))).toEqual({ health: 100, degraded: 0 }); // 112 capped
    expect(priorityAvailability(lv(4, 0, 0, 4))).toEqual({ health: 0, degraded: 0 }); // host_count 0
    expect(priorityAvailability(lv(7, 5), 100)).toEqual({ health: 71, degraded: 0 }); // 500 / 7 = 71.4
  });

  it('isHostSetInPanic: healthy% + degraded% < threshold; empty host set is 0% ⇒ panic', () => {
    expect(isInPanic(lv(6, 2), 50)).toBe(true); // 33.3 < 50
    expect(isInPanic(lv(4, 2), 50)).toBe(false); // 50 is not < 50
    expect(isInPanic(lv(4, 1, 1), 50)).toBe(false); // 25 + 25 = 50
    expect(isInPanic(lv(0, 0), 50)).toBe(true);
    expect(isInPanic(lv(0, 0), 0)).toBe(false);
    expect(isInPanic(lv(4, 1, 0, 3), 50)).toBe(false); // 1 of 1 non-excluded
  });

  it('choosePriority: hash % 100 + 1 against the cumulative loads (healthy, then degraded)', () => {
    const load = { healthy: [70, 20], degraded: [10, 0] };
    expect(choosePriority(load, 0)).toEqual({ priority: 0, degraded: false }); // 1 ≤ 70
    expect(choosePriority(load, 69)).toEqual({ priority: 0, degraded: false }); // 70 ≤ 70
    expect(choosePriority(load, 70)).toEqual({ priority: 1, degraded: false }); // 71 ≤ 90
    expect(choosePriority(load, 89)).toEqual({ priority: 1, degraded: false }); // 90
    expect(choosePriority(load, 90)).toEqual({ priority: 0, degraded: true }); // 91 ≤ 100
    expect(choosePriority(load, 199)).toEqual({ priority: 0, degraded: true }); // 199 % 100 + 1 = 100
  });

  it('PrioritySelectionWithFilter: a retry-priority load [0, 100] picks P1', () => {
    expect(choosePriority({ healthy: [0, 100], degraded: [0, 0] }, 0).priority).toBe(1);
    expect(choosePriority({ healthy: [0, 0], degraded: [0, 100] }, 0)).toEqual({ priority: 1, degraded: true });
  });
});

const levelArb = fc
  .record({ hosts: fc.nat(40), h: fc.nat(40), d: fc.nat(40), e: fc.nat(40) })
  .map(({ hosts, h, d, e }) => {
    const healthy = Math.min(h, hosts);
    const degraded = Math.min(d, hosts - healthy);
    const excluded = Math.min(e, hosts - healthy - degraded);
    return lv(hosts, healthy, degraded, excluded);
  });
const optionsArb = fc.record({
  overprovisioningFactor: fc.integer({ min: 1, max: 300 }),
  panicThreshold: fc.integer({ min: 0, max: 120 }),
});

describe('computePriorityLoad properties (fast-check)', () => {
  it('healthy + degraded loads sum to 100 for any host counts (BoundaryConditions, PrioritySelectionFuzz)', () => {
    fc.assert(
      fc.property(fc.array(levelArb, { minLength: 1, maxLength: 6 }), optionsArb, (levels, options) => {
        const r = computePriorityLoad(levels, options);
        const sum = r.healthy.reduce((a, b) => a + b, 0) + r.degraded.reduce((a, b) => a + b, 0);
        expect(sum).toBe(100);
        for (const x of [...r.healthy, ...r.degraded]) expect(x).toBeGreaterThanOrEqual(0);
        // every hash maps to some priority
        for (let hash = 0; hash < 100; hash++) choosePriority(r, hash);
      }),
      { numRuns: 2000 },
    );
  });

  it('no load below a priority whose health is 100', () => {
    fc.assert(
      fc.property(fc.array(levelArb, { minLength: 1, maxLength: 6 }), optionsArb, (levels, options) => {
        const r = computePriorityLoad(levels, options);
        const full = r.health.findIndex((h) => h === 100);
        if (full < 0) return;
        for (let p = full + 1; p < levels.length; p++) {
          expect(r.healthy[p]).toBe(0);
          expect(r.degraded[p]).toBe(0);
        }
        // and nobody is in panic: NTA is 100
        expect(r.panic.every((x) => !x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a chosen healthy priority has healthy hosts, or the cluster is in panic (PrioritySelectionFuzz)', () => {
    fc.assert(
      fc.property(fc.array(levelArb, { minLength: 1, maxLength: 4 }), fc.nat(), (levels, hash) => {
        const r = computePriorityLoad(levels);
        const c = choosePriority(r, hash);
        if (c.degraded) expect(levels[c.priority].degraded).toBeGreaterThan(0);
        else expect(levels[c.priority].healthy > 0 || r.panic[c.priority] || r.normalizedTotalAvailability === 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
