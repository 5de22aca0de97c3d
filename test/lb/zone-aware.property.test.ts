/**
 * Zone-aware routing invariants: the routing structures (fast-check over random local and
 * upstream spreads), the traffic shares a long run produces, and that a balancer without zone
 * routing draws exactly what it drew before zone routing existed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStreams } from '../../src/engine/random.js';
import { ClusterLoadBalancer } from '../../src/lb/cluster-load-balancer.js';
import type { ClusterSnapshot } from '../../src/lb/host-set.js';
import { LEAST_REQUEST } from '../../src/lb/policies/least-request.js';
import { ROUND_ROBIN } from '../../src/lb/policies/round-robin.js';
import { LOCALITY_DIRECT, LOCALITY_RESIDUAL, NO_LOCALITY_ROUTING, zoneRouting, type ZoneAwareConfig } from '../../src/lb/zone-aware.js';

const ZONES = ['a', 'b', 'c', 'd'];

function snapshot(upstream: number[], zoneAware?: ZoneAwareConfig): ClusterSnapshot {
  let next = 0;
  const localities = upstream.map((n, i) => ({ locality: `r/${ZONES[i]}`, weight: n, hosts: Array.from({ length: n }, () => next++) }));
  return { priorities: [{ localities }, { localities: [{ locality: 'x/y', weight: 2, hosts: [next++, next++] }] }], hostWeights: Array(next).fill(1), localityWeighted: false, overprovisioningFactor: 140, panicThreshold: 50, ...(zoneAware ? { zoneAware } : {}) };
}

const config = (local: number[], minClusterSize = 1): ZoneAwareConfig => ({
  localLocality: 'r/a',
  localCluster: local.map((n, i) => ({ locality: `r/${ZONES[i]}`, hosts: n, healthy: n })),
  minClusterSize,
  routingEnabled: 100,
  failTrafficOnPanic: false,
});

describe('zoneRouting invariants', () => {
  const counts = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 4 });
  it('direct iff our upstream share covers our local share; residual capacity is cumulative; the local share is a probability', () => {
    fc.assert(
      fc.property(counts, counts, (up, loc) => {
        const z = config(loc);
        const names = up.map((_, i) => `r/${ZONES[i]}`);
        const r = zoneRouting(z, { localities: names, healthy: up, hasLocalLocality: true });
        if (r.state === NO_LOCALITY_ROUTING) return;
        const totalUp = up.reduce((a, b) => a + b, 0);
        const totalLoc = loc.reduce((a, b) => a + b, 0);
        const upPct = up[0] === 0 ? 0 : Math.floor((10000 * up[0]) / totalUp);
        const locPct = up[0] === 0 ? 0 : Math.floor((10000 * loc[0]) / totalLoc);
        expect(r.state === LOCALITY_DIRECT).toBe(upPct > 0 && upPct >= locPct);
        if (r.state === LOCALITY_RESIDUAL) {
          expect(r.localPercentToRoute).toBeGreaterThanOrEqual(0);
          expect(r.localPercentToRoute).toBeLessThan(10000);
          expect(r.residualCapacity[0]).toBe(0);
          for (let i = 1; i < r.residualCapacity.length; i++) expect(r.residualCapacity[i]).toBeGreaterThanOrEqual(r.residualCapacity[i - 1]);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('ClusterLoadBalancer with zone-aware routing', () => {
  it('long-run shares follow the formula: A keeps 37.5%, C and D 2084/5418 of the rest each, E 1250/5418 of it', () => {
    // ZoneAwareResidualsMismatched's spread: upstream zones A,C,D,E renamed a,b,c,d; local B (no upstream) is z.
    const z = { ...config([2, 1, 1, 0], 6), localCluster: [...config([2, 1, 1, 0]).localCluster, { locality: 'r/z', hosts: 2, healthy: 2 }] };
    const lb = new ClusterLoadBalancer(snapshot([1, 3, 3, 1], z), ROUND_ROBIN, new RandomStreams(3).stream('lb'));
    const n = 200_000;
    const byZone = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const h = lb.chooseHost();
      byZone[h === 0 ? 0 : h <= 3 ? 1 : h <= 6 ? 2 : 3]++;
    }
    const cross = 1 - 0.375;
    const want = [0.375, (cross * 2084) / 5418, (cross * 2084) / 5418, (cross * 1250) / 5418];
    byZone.forEach((c, i) => expect(Math.abs(c / n - want[i])).toBeLessThan(0.005));
  });

  it('no zone routing (no local cluster, or an early exit) ⇒ the same picks and the same number of draws', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), (up, seed) => {
        const plain = new ClusterLoadBalancer(snapshot(up), LEAST_REQUEST, new RandomStreams(seed).stream('lb'));
        // min_cluster_size above the host count: Envoy latches NoLocalityRouting.
        const exited = new ClusterLoadBalancer(snapshot(up, config([1, 1], 1000)), LEAST_REQUEST, new RandomStreams(seed).stream('lb'));
        const a = Array.from({ length: 50 }, () => plain.chooseHost());
        const b = Array.from({ length: 50 }, () => exited.chooseHost());
        expect(b).toEqual(a);
        expect(plain.rng.nextUint32()).toBe(exited.rng.nextUint32());
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it('an outlier ejection in P0 regenerates the routing: direct becomes residual when our zone loses a host', () => {
    // local a:1 b:1; upstream a:2 b:2 ⇒ direct. Eject one host in a: a 1 of 3 healthy ⇒ 3333 < 5000.
    const lb = new ClusterLoadBalancer(snapshot([2, 2], config([1, 1], 1)), ROUND_ROBIN, new RandomStreams(5).stream('lb'));
    expect(lb.zoneRoutingState()!.state).toBe(LOCALITY_DIRECT);
    lb.setHealth(0, 2);
    expect(lb.zoneRoutingState()).toMatchObject({ state: LOCALITY_RESIDUAL, localPercentToRoute: 6666 });
    lb.setHealth(0, 0);
    expect(lb.zoneRoutingState()!.state).toBe(LOCALITY_DIRECT);
  });

  it('P1 never uses zone routing: with P0 gone, picks spread over P1 by its own policy', () => {
    const lb = new ClusterLoadBalancer(snapshot([1, 1], config([1, 1], 1)), ROUND_ROBIN, new RandomStreams(9).stream('lb'));
    lb.setHealth(0, 2);
    lb.setHealth(1, 2);
    const seen = new Set(Array.from({ length: 20 }, () => lb.chooseHost()));
    expect([...seen].sort()).toEqual([2, 3]);
    expect(lb.zoneStats.allDirectly + lb.zoneStats.sampled + lb.zoneStats.crossZone).toBe(0);
  });
});
