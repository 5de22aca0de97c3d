/**
 * Types for Istio's locality load-balancing setting (networking.istio.io LocalityLoadBalancerSetting)
 * and for the EDS locality groups it rewrites.
 *
 * A cluster's endpoints reach a proxy as locality groups (Envoy `LocalityLbEndpoints`): one
 * locality, one locality weight, a list of endpoints. Istio's `ApplyLocalityLoadBalancer` rewrites
 * these groups for each calling proxy: it reweights them (`distribute`) or splits and orders them
 * into Envoy priorities (default failover ladder, `failover`, `failoverPriority`).
 */

import type { Locality } from '../topology/locality.js';

export type { Locality } from '../topology/locality.js';

/** Istio API `LocalityLoadBalancerSetting`, field names verbatim. */
export interface LocalityLbSetting {
  /** `false` turns locality load balancing off at this level (DR overrides mesh entirely). */
  enabled?: boolean;
  /** Per source locality (`from`), the share of traffic (percent, 1..100, Σ = 100) each `to` pattern receives. */
  distribute?: { from: string; to: Record<string, number> }[];
  /** Region-level failover: when the proxy is in region `from`, other regions except `to` go last. */
  failover?: { from: string; to: string }[];
  /** Ordered labels (`key` or `key=value`) used to rank endpoints into priorities. */
  failoverPriority?: string[];
}

/** One endpoint; `labels` hold workload labels plus the topology labels below. */
export interface EndpointInput {
  index: number;
  weight: number;
  labels: Record<string, string>;
}

/** One EDS `LocalityLbEndpoints`. `weight` unset ⇒ Σ endpoint weights (Istio `refreshWeight`). */
export interface LocalityGroupInput {
  locality: Locality;
  weight?: number;
  endpoints: EndpointInput[];
}

/** The calling proxy: its locality and its labels (used by `failoverPriority`). */
export interface ProxyInfo {
  locality: Locality;
  labels: Record<string, string>;
}

/** One output `LocalityLbEndpoints`: a locality group at an Envoy priority. */
export interface PrioritizedGroup {
  locality: Locality;
  priority: number;
  weight: number;
  /** `EndpointInput.index` of the group's endpoints, in input order. */
  endpoints: number[];
}

export interface AppliedLocalitySetting {
  /** Output groups in Istio's order (input order; a split group's parts by ascending raw priority). */
  groups: PrioritizedGroup[];
  /** Number of distinct priorities; they are exactly 0..priorities-1. */
  priorities: number;
  /** Whether the cluster carries Envoy `locality_weighted_lb_config`. */
  localityWeighted: boolean;
}

export interface ApplyLocalityOptions {
  /** Failover/priorities apply only with outlier detection in the DR, or when forced. */
  enableFailover: boolean;
  /** `ENABLE_LOCALITY_WEIGHTED_LB_CONFIG=true` (Istio default false). */
  forceLocalityWeighted?: boolean;
  /**
   * `failoverPriority` network rule of istio/istio#60829 (merged July 2026, on master/1.31): when the
   * first label is exactly `topology.istio.io/network`, other-network endpoints are still ranked by
   * the remaining labels, below every same-network endpoint. Default true (newest behaviour);
   * false reproduces Istio ≤ 1.30 (a network mismatch puts the endpoint straight into the last tier).
   */
  networkPreferred?: boolean;
}

/**
 * Internal working form of a locality group while the rules run. `weight` null mirrors Go's nil
 * `LoadBalancingWeight` (a group with no endpoints and no explicit weight).
 */
export interface WorkGroup {
  locality: Locality;
  weight: number | null;
  priority: number;
  endpoints: EndpointInput[];
}
