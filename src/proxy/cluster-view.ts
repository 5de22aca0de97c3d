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
    // A host is healthy only without any health flag: an un-ejected host EDS marks UNHEALTHY stays so.
    this.lb.setHealth(e.host, e.action === 'eject' || this.edsUnhealthy(e.host) ? UNHEALTHY : HEALTHY);
    return true;
  }

  /** Hosts EDS sent as UNHEALTHY (Envoy's FAILED_EDS_HEALTH flag), by slot; null: none. */
  private edsHealth: Uint8Array | null = null;

  edsUnhealthy(host: number): boolean {
    return this.edsHealth !== null && host < this.edsHealth.length && this.edsHealth[host] === 1;
  }

  /**
   * The EDS health of a host (an endpoint sent as UNHEALTHY, Istio 1.31): the host is unhealthy
   * while EDS says so or outlier detection ejected it (upstream_impl.cc: health flags combine).
   */
  setEdsHealth(host: number, unhealthy: boolean): void {
    if (this.edsUnhealthy(host) === unhealthy) return;
    if (this.edsHealth === null || this.edsHealth.length <= host) {
      const grown = new Uint8Array(Math.max(host + 1, this.slots.size));
      if (this.edsHealth !== null) grown.set(this.edsHealth);
      this.edsHealth = grown;
    }
    this.edsHealth[host] = unhealthy ? 1 : 0;
    const ejected = this.detector?.isEjected(host) ?? false;
    this.lb.setHealth(host, unhealthy || ejected ? UNHEALTHY : HEALTHY);
  }

  /**
   * A new assignment (an EDS push): the load balancer and the detector follow the new host set;
   * hosts that stay keep their state. Returns the hosts removed while ejected (they leave the
   * detector's active ejections without an un-eject event).
   */
  applyAssignment(a: ClusterLoadAssignment): number[] {
    return this.applySnapshot(this.slots.snapshotOf(a));
  }

  /** As applyAssignment, from a snapshot built on this view's slots (shared by views alike). */
  applySnapshot(snapshot: ClusterSnapshot): number[] {
    const ejectedRemoved: number[] = [];
    const change = this.lb.updateHosts(snapshot);
    // A removed host loses its EDS health flag (it comes back, if ever, as a new host).
    if (this.edsHealth !== null) for (const h of change.removed) if (h < this.edsHealth.length) this.edsHealth[h] = 0;
    if (this.detector) {
      for (const h of change.removed) if (this.detector.isEjected(h)) ejectedRemoved.push(h);
      this.detector.updateHosts(change.added, change.removed);
    }
    return ejectedRemoved;
  }
}
