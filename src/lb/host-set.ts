/**
 * The hosts of one upstream cluster as one calling proxy sees them: priorities, each holding
 * localities, each holding hosts. This is what EDS delivers to an Envoy (ClusterLoadAssignment):
 * immutable per snapshot; health changes are applied as flags on top.
 *
 * Hosts are numbered 0..n-1 inside the cluster (cluster-local indexes); the simulator maps them to
 * its endpoints or gateways.
 */

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
  /** Cluster-local host indexes in this locality. */
  hosts: number[];
}

export interface PriorityLevel {
  localities: LocalityBucket[];
}

export interface ClusterSnapshot {
  /** Priority levels, P0 first. */
  priorities: PriorityLevel[];
  /** Host weights by cluster-local index (EDS load_balancing_weight, default 1). */
  hostWeights: number[];
  /** Whether the cluster carries locality_weighted_lb_config (locality weights are used). */
  localityWeighted: boolean;
  /** Overprovisioning factor, percent (default 140). */
  overprovisioningFactor: number;
  /** Healthy panic threshold, percent (Envoy default 50; Istio with outlierDetection: minHealthPercent). */
  panicThreshold: number;
}
