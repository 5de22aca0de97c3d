/**
 * One proxy's view of one upstream cluster: the endpoints EDS last gave it, its load balancer and,
 * when the cluster has outlier detection, its detector. Envoy keeps this state per proxy (per
 * worker, in fact; meshsim models one worker).
 *
 * Hosts are numbered per view (slots): a target (endpoint or gateway) gets a slot the first time an
 * assignment lists it, in ascending target order, and keeps it; the load balancer and the detector
 * index their per-host state by slot, so an assignment that changes the endpoint set keeps the
 * state of the hosts that stay.
 */
import type { Rng } from '../engine/random.js';
import { ClusterLoadBalancer } from '../lb/cluster-load-balancer.js';
import { HEALTHY, UNHEALTHY, type ClusterSnapshot } from '../lb/host-set.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { OutlierDetector, type OutlierDetectorOptions, type OutlierEvent } from '../outlier/detector.js';
import type { EnvoyCluster } from '../xds/cluster.js';
import type { ClusterLoadAssignment } from '../xds/eds.js';

export class ProxyClusterView {
  readonly lb: ClusterLoadBalancer;
  readonly health: Uint8Array;
  readonly detector: OutlierDetector | undefined;
  /** Outlier detection interval (ms); 0 without a detector. */
  readonly outlierIntervalMs: number;
  /** Slot → target id. */
  hostTarget: Int32Array;
  private readonly slotOf = new Map<number, number>();

  constructor(
    readonly id: number,
    /** Index of the proxy holding this view. */
    readonly proxy: number,
    readonly cluster: EnvoyCluster,
    assignment: ClusterLoadAssignment,
    policy: LoadBalancingPolicy,
    lbRng: Rng,
    outlierRng: Rng | undefined,
    detectorOptions: OutlierDetectorOptions = {},
  ) {
    this.hostTarget = new Int32Array(0);
    const snapshot = this.snapshotOf(assignment);
    const n = snapshot.hostWeights.length;
    this.health = new Uint8Array(n);
    this.lb = new ClusterLoadBalancer(snapshot, policy, lbRng, this.health);
    const od = cluster.outlierDetection;
    this.detector = od === undefined || outlierRng === undefined ? undefined : new OutlierDetector(n, od, outlierRng, detectorOptions);
    this.outlierIntervalMs = od?.interval ?? 0;
  }

  /** Number of slots (hosts ever assigned). */
  get slots(): number {
    return this.hostTarget.length;
  }

  /**
   * An outlier-detection decision reaches the load balancer: an ejected host becomes UNHEALTHY,
   * an un-ejected one HEALTHY (Envoy: the FAILED_OUTLIER_CHECK health flag). Returns false when
   * nothing changed (a detected ejection refused by the cap or not enforced).
   */
  applyOutlierEvent(e: OutlierEvent): boolean {
    if (e.action === 'eject' && !e.enforced) return false;
    this.health[e.host] = e.action === 'eject' ? UNHEALTHY : HEALTHY;
    this.lb.refresh();
    return true;
  }

  /** Slots for the assignment's targets (new targets in ascending order), and the LB snapshot. */
  private snapshotOf(a: ClusterLoadAssignment): ClusterSnapshot {
    const fresh: number[] = [];
    for (const p of a.priorities) for (const l of p) for (const e of l.endpoints) if (!this.slotOf.has(e.target)) fresh.push(e.target);
    if (fresh.length > 0) {
      fresh.sort((x, y) => x - y);
      const grown = new Int32Array(this.hostTarget.length + fresh.length);
      grown.set(this.hostTarget);
      for (const t of fresh) {
        if (this.slotOf.has(t)) continue;
        const slot = this.slotOf.size;
        this.slotOf.set(t, slot);
        grown[slot] = t;
      }
      this.hostTarget = grown.subarray(0, this.slotOf.size);
    }
    const hostWeights = new Array<number>(this.slotOf.size).fill(1);
    const priorities = a.priorities.map((p) => ({
      localities: p.map((l) => ({
        locality: l.locality,
        weight: l.weight,
        hosts: l.endpoints.map((e) => {
          const slot = this.slotOf.get(e.target)!;
          hostWeights[slot] = e.weight;
          return slot;
        }),
      })),
    }));
    return {
      priorities,
      hostWeights,
      localityWeighted: a.localityWeighted,
      overprovisioningFactor: a.overprovisioningFactor,
      panicThreshold: a.panicThreshold,
    };
  }
}
