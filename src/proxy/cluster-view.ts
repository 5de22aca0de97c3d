/**
 * One proxy's view of one upstream cluster: the endpoints EDS last gave it, its load balancer and,
 * when the cluster has outlier detection, its detector. Envoy keeps this state per proxy (per
 * worker, in fact; meshsim models one worker). Hosts are numbered by slot (cluster-slots.ts).
 */
import type { Rng } from '../engine/random.js';
import { ClusterLoadBalancer } from '../lb/cluster-load-balancer.js';
import { HEALTHY, UNHEALTHY, type ClusterSnapshot } from '../lb/host-set.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { OutlierDetector, type OutlierDetectorOptions, type OutlierEvent } from '../outlier/detector.js';
import type { EnvoyCluster } from '../xds/cluster.js';
import type { ClusterLoadAssignment } from '../xds/eds.js';
import type { ClusterSlots } from './cluster-slots.js';

export class ProxyClusterView {
  readonly lb: ClusterLoadBalancer;
  readonly detector: OutlierDetector | undefined;
  /** Outlier detection interval (ms); 0 without a detector. */
  readonly outlierIntervalMs: number;

  constructor(
    readonly id: number,
    /** Index of the proxy holding this view. */
    readonly proxy: number,
    readonly cluster: EnvoyCluster,
    snapshot: ClusterSnapshot,
    readonly slots: ClusterSlots,
    policy: LoadBalancingPolicy,
    lbRng: Rng,
    outlierRng: Rng | undefined,
    detectorOptions: OutlierDetectorOptions = {},
  ) {
    this.lb = new ClusterLoadBalancer(snapshot, policy, lbRng);
    const od = cluster.outlierDetection;
    this.detector = od === undefined || outlierRng === undefined ? undefined : new OutlierDetector(snapshot.hostWeights.length, od, outlierRng, detectorOptions);
    this.outlierIntervalMs = od?.interval ?? 0;
  }

  /** Slot → target id. */
  get hostTarget(): Int32Array {
    return this.slots.hostTarget;
  }

  /**
   * An outlier-detection decision reaches the load balancer: an ejected host becomes UNHEALTHY,
   * an un-ejected one HEALTHY (Envoy: the FAILED_OUTLIER_CHECK health flag). Returns false when
   * nothing changed (a detected ejection refused by the cap or not enforced).
   */
  applyOutlierEvent(e: OutlierEvent): boolean {
    if (e.action === 'eject' && !e.enforced) return false;
    this.lb.setHealth(e.host, e.action === 'eject' ? UNHEALTHY : HEALTHY);
    return true;
  }

  /**
   * A new assignment (an EDS push): the load balancer and the detector follow the new host set;
   * hosts that stay keep their state. Returns the hosts removed while ejected (they leave the
   * detector's active ejections without an un-eject event).
   */
  applyAssignment(a: ClusterLoadAssignment): number[] {
    const ejectedRemoved: number[] = [];
    const change = this.lb.updateHosts(this.slots.snapshotOf(a));
    if (this.detector) {
      for (const h of change.removed) if (this.detector.isEjected(h)) ejectedRemoved.push(h);
      this.detector.updateHosts(change.added, change.removed);
    }
    return ejectedRemoved;
  }
}
