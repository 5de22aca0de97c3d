/**
 * The simulated part of one DestinationRule `TrafficPolicy` level, converted from Istio's fields
 * (durations in ms, Istio's "0 means unset" rules applied). Presence is kept per object
 * (`loadBalancer`, `connectionPool`, `outlierDetection`) because Istio merges levels object by
 * object (pilot/pkg/networking/util/util.go MergeSubsetTrafficPolicy).
 */
import type { LocalityLbSetting } from './locality-setting.js';
import type { ZoneAwareLbSetting } from './zone-aware-setting.js';

export type SimpleLb = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH' | 'LEAST_CONN' | 'UNSPECIFIED';

/** `loadBalancer`: its simulated fields. */
export interface LoadBalancerModel {
  /** As written, except the deprecated LEAST_CONN, which Istio maps to LEAST_REQUEST. */
  simple?: SimpleLb;
  localityLbSetting?: LocalityLbSetting;
  /** Istio 1.31 `zoneAwareLbSetting`. */
  zoneAwareLbSetting?: ZoneAwareLbSetting;
  /** `warmup.duration`, else the deprecated `warmupDurationSecs`, in ms. */
  warmupDurationMs?: number;
}

/**
 * `connectionPool`: Envoy circuit-breaker thresholds and the connect timeout. A threshold Istio
 * does not program (value <= 0, cluster_traffic_policy.go applyConnectionPool) is absent here:
 * Istio then uses 2^32-1 (getDefaultCircuitBreakerThresholds).
 */
export interface ConnectionPoolModel {
  /** tcp.maxConnections → Envoy max_connections. */
  maxConnections?: number;
  /** tcp.connectTimeout in ms (mesh default 10 s when absent). */
  connectTimeoutMs?: number;
  /** http.http1MaxPendingRequests → Envoy max_pending_requests. */
  http1MaxPendingRequests?: number;
  /** http.http2MaxRequests → Envoy max_requests. */
  http2MaxRequests?: number;
  /** http.maxRetries → Envoy max_retries. */
  maxRetries?: number;
}

/** One level (top, port, subset, subset port) of a TrafficPolicy. */
export interface PolicyLevel {
  loadBalancer?: LoadBalancerModel;
  connectionPool?: ConnectionPoolModel;
  outlierDetection?: IstioOutlierDetection;
  /** `tls` is present (not simulated, but it takes part in the object-level merge). */
  hasTls?: boolean;
}

/** A TrafficPolicy: its own level plus port-level settings in written order. */
export interface TrafficPolicyModel extends PolicyLevel {
  portLevelSettings: { port: number; policy: PolicyLevel }[];
}

/**
 * Istio `networking.v1alpha3.OutlierDetection`, field names verbatim; durations already in ms.
 * `undefined` means unset (for the UInt32Value wrappers, unset differs from 0).
 */
export interface IstioOutlierDetection {
  consecutive5xxErrors?: number;
  consecutiveGatewayErrors?: number;
  /** Deprecated int32; its meaning changed between versions (xds/outlier-detection.ts). */
  consecutiveErrors?: number;
  consecutiveLocalOriginFailures?: number;
  splitExternalLocalOriginErrors?: boolean;
  interval?: number;
  baseEjectionTime?: number;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}
