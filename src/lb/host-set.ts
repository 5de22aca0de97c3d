/**
 * The hosts of one upstream cluster as one calling proxy sees them: priorities, each holding
 * localities, each holding hosts. This is what EDS delivers to an Envoy (ClusterLoadAssignment):
 * immutable per snapshot (and shareable between proxies); health is kept by the load balancer on
 * top, and a new assignment is a new snapshot (ClusterLoadBalancer.updateHosts).
 *
 * Hosts are cluster-local *slots*: the xDS layer gives an endpoint a slot the first time it
 * appears in the cluster and never gives that slot to another endpoint, so a slot identifies a
 * host across snapshots. A snapshot lists the slots present now; `hostWeights` is indexed by slot
 * and its length is the slot capacity (at least the largest slot + 1). The simulator maps slots to
 * its endpoints or gateways.
 */

import type { ZoneAwareConfig } from './zone-aware.js';

/** Health of a host as Envoy's load balancer sees it. */
export const HEALTHY = 0;
export const DEGRADED = 1;
/** Failed a health check, ejected by outlier detection, or sent as UNHEALTHY by EDS. */
export const UNHEALTHY = 2;
export type HostHealth = typeof HEALTHY | typeof DEGRADED | typeof UNHEALTHY;

export interface LocalityBucket {
  /** `region/zone/subzone`, with empty parts when a label is missing. */
  locality: string;
  /** EDS locality load-balancing weight (Istio: Σ endpoint weights, or the `distribute` weight). */
  weight: number;
  /** Host slots in this locality, in EDS order. */
  hosts: number[];
}

export interface PriorityLevel {
  localities: LocalityBucket[];
}

export interface ClusterSnapshot {
  /** Priority levels, P0 first. */
  priorities: PriorityLevel[];
  /** Host weights by slot (EDS load_balancing_weight, default 1); length = slot capacity. */
  hostWeights: number[];
  /** Whether the cluster carries locality_weighted_lb_config (locality weights are used). */
  localityWeighted: boolean;
  /** Overprovisioning factor, percent (default 140). */
  overprovisioningFactor: number;
  /** Healthy panic threshold, percent (Envoy default 50; Istio with outlierDetection: minHealthPercent). */
  panicThreshold: number;
  /**
   * The calling proxy's local cluster and the cluster's `zone_aware_lb_config` (zone-aware.ts).
   * Absent ⇒ the proxy has no local cluster and zone-aware routing never happens (Istio ≤1.30;
   * 1.31 without ISTIO_META_ENABLE_SELF_DISCOVERY).
   */
  zoneAware?: ZoneAwareConfig;
}
