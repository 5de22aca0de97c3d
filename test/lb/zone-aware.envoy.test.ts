/**
 * Zone-aware routing reproduced from Envoy's own tests:
 * envoyproxy/envoy test/extensions/load_balancing_policies/round_robin/round_robin_lb_test.cc
 * @ 0d2acde2e8d7 (RoundRobinLoadBalancerTest.ZoneAware*, NoZoneAware*, LowPrecisionForDistribution;
 * older trees: test/common/upstream/load_balancer_impl_test.cc), against load_balancer_impl.cc
 * @ e01a970ac688.
 *
 * Envoy's tests script `random()`: per pick [priority hash, `% 10000` draw, residual draw]. The
 * runtime check `upstream.zone_routing.enabled` is mocked there; meshsim draws it from the same
 * stream only when routing_enabled is strictly between 0 and 100, so the cases with 98% get one
 * more scripted value (0: enabled). Localities are zones of one region `r`; a balancer is built
 * with seed 0 (the first draw), so round robin starts at each source's first host.
 */
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/engine/random.js';
import { ClusterLoadBalancer } from '../../src/lb/cluster-load-balancer.js';
import type { ClusterSnapshot } from '../../src/lb/host-set.js';
import { ROUND_ROBIN } from '../../src/lb/policies/round-robin.js';
import { calculateLocalityPercentages, LOCALITY_RESIDUAL, tryChooseLocalLocalityHosts, zoneRouting, type ZoneAwareConfig } from '../../src/lb/zone-aware.js';

/** An Rng that returns scripted values, then 0 (Envoy tests' NiceMock default). */
class ScriptedRng implements Rng {
  private queue: number[] = [];
  draws = 0;
  push(...v: number[]): void {
    this.queue.push(...v);
  }
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }
  nextUint32(): number {
    this.draws++;
    return this.queue.shift() ?? 0;
  }
}

/**
 * An upstream P0 whose localities (zones of region r) hold `n` hosts each, numbered in the
 * given order; zone → host slots.
 */
function upstream(zones: [zone: string, hosts: number][], zoneAware?: Partial<ZoneAwareConfig>, panicThreshold = 50): { snapshot: ClusterSnapshot; hosts: Record<string, number[]> } {
  let next = 0;
  const hosts: Record<string, number[]> = {};
  const localities = zones.map(([z, n]) => {
    hosts[z] = Array.from({ length: n }, () => next++);
    return { locality: `r/${z}`, weight: n, hosts: hosts[z] };
  });
  const za: ZoneAwareConfig | undefined =
    zoneAware === undefined
      ? undefined
      : { localLocality: 'r/A', localCluster: [], minClusterSize: 6, routingEnabled: 100, failTrafficOnPanic: false, ...zoneAware };
  return {
    snapshot: { priorities: [{ localities }], hostWeights: Array(next).fill(1), localityWeighted: false, overprovisioningFactor: 140, panicThreshold, ...(za ? { zoneAware: za } : {}) },
    hosts,
  };
}

/** A local cluster with every host healthy. */
const local = (zones: [zone: string, hosts: number][]) => zones.map(([z, n]) => ({ locality: `r/${z}`, hosts: n, healthy: n }));

function balancer(snapshot: ClusterSnapshot): { lb: ClusterLoadBalancer; rng: ScriptedRng } {
  const rng = new ScriptedRng();
  const lb = new ClusterLoadBalancer(snapshot, ROUND_ROBIN, rng);
  void lb.priorityLoad; // build now: the seed draw (0) is not part of the per-pick scripts
  return { lb, rng };
}

/** One pick with scripted draws. */
function pick(b: { lb: ClusterLoadBalancer; rng: ScriptedRng }, ...draws: number[]): number {
  b.rng.push(...draws);
  return b.lb.chooseHost();
}

describe('RoundRobinLoadBalancerTest zone-aware cases (Envoy round_robin_lb_test.cc)', () => {
  it('ZoneAwareSmallCluster: 3 healthy hosts < min_cluster_size 7 ⇒ plain round robin; min 1 ⇒ all to the local zone', () => {
    const zones: [string, number][] = [['A', 1], ['B', 1], ['C', 1]];
    const u = upstream(zones, { localLocality: 'r/B', localCluster: local(zones), minClusterSize: 7, routingEnabled: 98 });
    const b = balancer(u.snapshot);
    expect(b.lb.zoneRoutingState()?.reason).toBe('cluster-too-small');
    expect([pick(b, 0), pick(b, 0), pick(b, 0)]).toEqual([u.hosts.A[0], u.hosts.B[0], u.hosts.C[0]]);
    // "Cluster size is computed once at zone aware struct regeneration point."
    expect(b.lb.zoneStats.clusterTooSmall).toBe(1);
    // min_cluster_size 1 and a reload: 1 local of 3 (3333) ≤ upstream 3333 ⇒ LocalityDirect to B.
    b.lb.updateHosts({ ...u.snapshot, zoneAware: { ...u.snapshot.zoneAware!, minClusterSize: 1 } });
    expect(pick(b, 0, 0)).toBe(u.hosts.B[0]);
  });

  it('ZoneAwareZonesMismatched: local A:1 B:1, upstream A:1 C:1 — direct in A; from B everything goes to C', () => {
    const up: [string, number][] = [['A', 1], ['C', 1]];
    const inA = balancer(upstream(up, { localLocality: 'r/A', localCluster: local([['A', 1], ['B', 1]]), minClusterSize: 2 }).snapshot);
    const hostsA = upstream(up).hosts;
    expect(pick(inA, 0)).toBe(hostsA.A[0]);
    expect(inA.lb.zoneStats.allDirectly).toBe(1);
    expect(pick(inA, 0)).toBe(hostsA.A[0]);
    expect(inA.lb.zoneStats.allDirectly).toBe(2);
    // In zone B there is no upstream host: A has no residual (5000 vs 5000), C has 5000.
    const inB = balancer(upstream(up, { localLocality: 'r/B', localCluster: local([['B', 1], ['A', 1]]), minClusterSize: 2 }).snapshot);
    expect(pick(inB, 0, 0, 0)).toBe(hostsA.C[0]);
    expect(inB.lb.zoneStats.crossZone).toBe(1);
    expect(pick(inB, 0, 0, 4999)).toBe(hostsA.C[0]);
    expect(inB.lb.zoneStats.crossZone).toBe(2);
  });

  it('ZoneAwareResidualsMismatched: 6 local (A2 B2 C1 D1), 8 upstream (A1 C3 D3 E1) — 37.5% stays in A, residuals C/D 20.83%, E 12.5%', () => {
    const u = upstream([['A', 1], ['C', 3], ['D', 3], ['E', 1]], { localCluster: local([['A', 2], ['B', 2], ['C', 1], ['D', 1]]), minClusterSize: 6 });
    const b = balancer(u.snapshot);
    // local% A = 10000*2/6 = 3333, upstream% A = 1250 ⇒ keep 1250*10000/3333 = 3750 of 10000 in A
    expect(b.lb.zoneRoutingState()).toMatchObject({ state: LOCALITY_RESIDUAL, localPercentToRoute: 3750 });
    // residual: C 3750-1666 = 2084, D 2084 (cum 4168), E 1250-0 (cum 5418)
    expect(b.lb.zoneRoutingState()!.residualCapacity).toEqual([0, 2084, 4168, 5418]);
    expect(pick(b, 0, 0)).toBe(u.hosts.A[0]);
    expect(pick(b, 0, 3749)).toBe(u.hosts.A[0]);
    expect(b.lb.zoneStats.sampled).toBe(2);
    expect(pick(b, 0, 3750, 0)).toBe(u.hosts.C[0]);
    expect(pick(b, 0, 3750, 2083)).toBe(u.hosts.C[1]);
    expect(pick(b, 0, 9999, 2084)).toBe(u.hosts.D[0]);
    expect(pick(b, 0, 9999, 4167)).toBe(u.hosts.D[1]);
    expect(pick(b, 0, 9999, 4168)).toBe(u.hosts.E[0]);
    expect(pick(b, 0, 9999, 5417)).toBe(u.hosts.E[0]);
    expect(b.lb.zoneStats.crossZone).toBe(6);
  });

  it('ZoneAwareDifferentZoneSize: local B1 A1, upstream B1 A1 C1 — 2/3 stay in B, the rest to C', () => {
    const u = upstream([['A', 1], ['B', 1], ['C', 1]], { localLocality: 'r/B', localCluster: local([['B', 1], ['A', 1]]), minClusterSize: 3, routingEnabled: 98 });
    const b = balancer(u.snapshot);
    // upstream% 3333 < local% B 5000 ⇒ residual; 3333*10000/5000 = 6666 stay local
    expect(b.lb.zoneRoutingState()!.localPercentToRoute).toBe(6666);
    expect(pick(b, 0, 0, 0)).toBe(u.hosts.B[0]);
    expect(pick(b, 0, 0, 6665)).toBe(u.hosts.B[0]);
    expect(b.lb.zoneStats.sampled).toBe(2);
    expect(pick(b, 0, 0, 6666, 0)).toBe(u.hosts.C[0]);
    expect(pick(b, 0, 0, 9999, 3333)).toBe(u.hosts.C[0]);
    expect(b.lb.zoneStats.crossZone).toBe(2);
  });

  it('ZoneAwareRoutingLargeZoneSwitchOnOff: direct to the one local host; runtime zone routing off ⇒ round robin over all', () => {
    const zones: [string, number][] = [['A', 1], ['B', 1], ['C', 1]];
    const u = upstream(zones, { localLocality: 'r/B', localCluster: local(zones), minClusterSize: 3 });
    const b = balancer(u.snapshot);
    expect(pick(b, 0)).toBe(u.hosts.B[0]);
    expect(pick(b, 0)).toBe(u.hosts.B[0]);
    expect(b.lb.zoneStats.allDirectly).toBe(2);
    // "Disable runtime global zone routing": routing_enabled 0 (no draw at 0).
    b.lb.updateHosts({ ...u.snapshot, zoneAware: { ...u.snapshot.zoneAware!, routingEnabled: 0 } });
    const before = b.rng.draws;
    expect(pick(b, 0)).toBe(u.hosts.A[0]);
    expect(b.rng.draws - before).toBe(1);
  });

  it('ZoneAwareRoutingSmallZone: local A1 B1 C1, upstream A1 B2 C2 — 60% stays in A, the rest to B/C', () => {
    const u = upstream([['A', 1], ['B', 2], ['C', 2]], { localCluster: local([['A', 1], ['B', 1], ['C', 1]]), minClusterSize: 5 });
    const b = balancer(u.snapshot);
    // upstream% A 2000 < local% 3333 ⇒ 2000*10000/3333 = 6000
    expect(b.lb.zoneRoutingState()!.localPercentToRoute).toBe(6000);
    expect(pick(b, 0, 100)).toBe(u.hosts.A[0]);
    expect(b.lb.zoneStats.sampled).toBe(1);
    // "Force request out of small zone": residual B 667, C 667; 2 → B
    expect(pick(b, 0, 9999, 2)).toBe(u.hosts.B[0]);
    expect(b.lb.zoneStats.crossZone).toBe(1);
  });

  it('ZoneAwareNoMatchingZones: local A B C, upstream D E F — residual 3333 each (total 9999: rounding)', () => {
    const u = upstream([['D', 1], ['E', 1], ['F', 1]], { localCluster: local([['A', 1], ['B', 1], ['C', 1]]), minClusterSize: 3 });
    const b = balancer(u.snapshot);
    expect(b.lb.zoneRoutingState()!.residualCapacity).toEqual([3333, 6666, 9999]);
    const cases: [number, number][] = [[3332, u.hosts.D[0]], [3333, u.hosts.E[0]], [6665, u.hosts.E[0]], [6666, u.hosts.F[0]], [9998, u.hosts.F[0]]];
    cases.forEach(([draw, host], i) => {
      expect(pick(b, 0, 0, draw)).toBe(host);
      expect(b.lb.zoneStats.crossZone).toBe(i + 1);
    });
  });

  it('NoZoneAwareNotEnoughLocalZones: a local cluster in one zone ⇒ no zone routing', () => {
    const u = upstream([['A', 1], ['B', 1]], { localCluster: local([['A', 1]]), minClusterSize: 2 });
    const b = balancer(u.snapshot);
    expect(b.lb.zoneRoutingState()!.reason).toBe('local-localities');
    expect([pick(b, 0), pick(b, 0)]).toEqual([u.hosts.A[0], u.hosts.B[0]]);
    expect(b.lb.zoneStats).toMatchObject({ allDirectly: 0, sampled: 0, crossZone: 0 });
  });

  it('NoZoneAwareNotEnoughUpstreamZones: an upstream in one zone ⇒ no zone routing', () => {
    const u = upstream([['A', 1]], { localCluster: local([['A', 1], ['B', 1]]), minClusterSize: 1 });
    const b = balancer(u.snapshot);
    expect(b.lb.zoneRoutingState()!.reason).toBe('upstream-localities');
    expect([pick(b, 0), pick(b, 0)]).toEqual([u.hosts.A[0], u.hosts.A[0]]);
    expect(b.lb.zoneStats).toMatchObject({ allDirectly: 0, sampled: 0, crossZone: 0 });
  });

  it('ZoneAwareEmptyLocalities: empty upstream localities take no traffic; residual C 833, E 1666, F 833, H 1666', () => {
    const u = upstream(
      [['A', 0], ['B', 0], ['C', 2], ['E', 1], ['F', 2], ['G', 0], ['H', 1], ['I', 0]],
      { localCluster: local([['A', 1], ['C', 1], ['D', 1], ['F', 1]]), minClusterSize: 3 },
    );
    const b = balancer(u.snapshot);
    expect(b.lb.zoneRoutingState()!.residualCapacity).toEqual([0, 0, 833, 2499, 3332, 3332, 4998, 4998]);
    const cases: [number, number][] = [
      [0, u.hosts.C[0]], [832, u.hosts.C[1]], [833, u.hosts.E[0]], [2498, u.hosts.E[0]], [2499, u.hosts.F[0]],
      [3331, u.hosts.F[1]], [3332, u.hosts.H[0]], [4997, u.hosts.H[0]], [4998, u.hosts.C[0]], // 4998 % 4998 = 0: wrap around
    ];
    cases.forEach(([draw, host], i) => {
      expect(pick(b, 0, 0, draw)).toBe(host);
      expect(b.lb.zoneStats.crossZone).toBe(i + 1);
    });
  });

  it('LowPrecisionForDistribution: 45000/55000 local vs 44999/55001 upstream leaves no capacity ⇒ a random zone', () => {
    // The Envoy test builds 200 000 hosts; the routing structures depend only on the counts.
    const z: ZoneAwareConfig = { localLocality: 'r/A', localCluster: local([['A', 45000], ['B', 55000]]), minClusterSize: 1, routingEnabled: 100, failTrafficOnPanic: false };
    const r = zoneRouting(z, { localities: ['r/A', 'r/B'], healthy: [44999, 55001], hasLocalLocality: true });
    // upstream% A = 4499 < local% 4500 ⇒ residual, keep 4499*10000/4500 = 9997; B: 5500 vs 5500 ⇒ no residual
    expect(r).toMatchObject({ state: LOCALITY_RESIDUAL, localPercentToRoute: 9997, residualCapacity: [0, 0] });
    const stats = { allDirectly: 0, sampled: 0, crossZone: 0, noCapacityLeft: 0 };
    const draws = [9999, 2];
    expect(tryChooseLocalLocalityHosts(r, 2, () => draws.shift()!, stats)).toBe(0);
    expect(stats.noCapacityLeft).toBe(1);
  });

  it('NoZoneAwareRoutingOneZone: one upstream locality ⇒ the plain healthy hosts', () => {
    const u = upstream([['A', 1]], { localCluster: local([['A', 1]]) });
    expect(pick(balancer(u.snapshot), 0)).toBe(u.hosts.A[0]);
  });

  it('NoZoneAwareRoutingNotHealthy: upstream and local share one locality that is not ours ⇒ round robin over both hosts', () => {
    const u = upstream([['A', 2]], { localLocality: 'r/B', localCluster: local([['A', 2]]) });
    const b = balancer(u.snapshot);
    expect([pick(b, 0), pick(b, 0)]).toEqual([u.hosts.A[0], u.hosts.A[1]]);
  });

  // The Envoy test gives the local host set no hosts but two non-empty localities; meshsim's local
  // cluster is counts per locality, so "no usable local host" is written as two localities with
  // no healthy host: the local cluster is in panic (0% < 50%).
  it('NoZoneAwareRoutingLocalEmpty: local cluster in panic ⇒ regular routing, lb_local_cluster_not_ok', () => {
    const u = upstream([['A', 1], ['B', 1]], { localCluster: [{ locality: 'r/A', hosts: 1, healthy: 0 }, { locality: 'r/B', hosts: 1, healthy: 0 }], minClusterSize: 1 });
    const b = balancer(u.snapshot);
    expect(pick(b, 0)).toBe(u.hosts.A[0]);
    expect(b.lb.stats.healthyPanic).toBe(0);
    expect(b.lb.zoneStats.localClusterNotOk).toBe(1);
  });

  it('NoZoneAwareRoutingLocalEmptyFailTrafficOnPanic: the same with fail_traffic_on_panic ⇒ no host', () => {
    const u = upstream([['A', 1], ['B', 1]], { localCluster: [{ locality: 'r/A', hosts: 1, healthy: 0 }, { locality: 'r/B', hosts: 1, healthy: 0 }], minClusterSize: 1, failTrafficOnPanic: true });
    const b = balancer(u.snapshot);
    expect(pick(b, 0)).toBe(-1);
    expect(b.lb.stats.healthyPanic).toBe(0);
    expect(b.lb.zoneStats.localClusterNotOk).toBe(1);
  });

  it('NoZoneAwareRoutingNoLocalLocality: the local cluster has no host in our locality ⇒ regular routing', () => {
    const u = upstream([['A', 1], ['B', 1]], { localLocality: 'r/C', localCluster: local([['A', 1], ['B', 1]]) });
    const b = balancer(u.snapshot);
    expect(pick(b, 0)).toBe(u.hosts.A[0]);
    expect(b.lb.stats.healthyPanic).toBe(0);
    expect(b.lb.zoneStats.localClusterNotOk).toBe(1);
  });
});

describe('calculateLocalityPercentages', () => {
  it('looks local counts up by locality name, not by index', () => {
    const pct = calculateLocalityPercentages(local([['B', 1], ['A', 3]]), { localities: ['r/A', 'r/B', 'r/C'], healthy: [1, 1, 2], hasLocalLocality: true });
    expect(pct).toEqual([{ local: 7500, upstream: 2500 }, { local: 2500, upstream: 2500 }, { local: 0, upstream: 5000 }]);
  });
});
