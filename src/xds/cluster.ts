/**
 * CDS: the Envoy cluster a sidecar gets for one (service, subset, port), from the DestinationRule
 * that applies to that sidecar's namespace — load-balancing policy, outlier detection, panic
 * threshold, locality behaviour, circuit breakers and connect timeout, all in Envoy's terms with
 * Istio's defaults filled.
 *
 * Sources: istio pilot/pkg/networking/core/cluster_traffic_policy.go (applyTrafficPolicy,
 * applyLoadBalancer, applyOutlierDetection, applyConnectionPool, getDefaultCircuitBreakerThresholds),
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go (GetLocalityLbSetting),
 * pkg/config/mesh/mesh.go (DefaultMeshConfig).
 */
import type { EffectiveTrafficPolicy } from '../istio/traffic-policy.js';
import { localityBehaviour, type LocalityLbSetting } from '../istio/locality-setting.js';
import type { OutlierDetectionConfig } from '../outlier/config.js';
import type { IstioBehaviour } from './istio-behaviour.js';
import { envoyOutlierDetection, envoyPanicThreshold } from './outlier-detection.js';

/** Istio's mesh default: `localityLbSetting: {enabled: true}` (pkg/config/mesh/mesh.go DefaultMeshConfig). */
export const MESH_DEFAULT_LOCALITY_SETTING: LocalityLbSetting = { enabled: true };

/** Istio's policy when a DestinationRule names none (cluster_traffic_policy.go defaultLBAlgorithm). */
export const ISTIO_DEFAULT_LB_POLICY = 'LEAST_REQUEST';

/** Mesh `connectTimeout` default (pkg/config/mesh/mesh.go DefaultMeshConfig: 10 s). */
export const MESH_DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** cluster_traffic_policy.go getDefaultCircuitBreakerThresholds: every limit at 2^32-1. */
export const ISTIO_DEFAULT_CIRCUIT_LIMIT = 2 ** 32 - 1;

/** Envoy `circuit_breakers.thresholds[DEFAULT]` as Istio programs them. */
export interface CircuitBreakers {
  maxConnections: number;
  maxPendingRequests: number;
  maxRequests: number;
  maxRetries: number;
}

export interface EnvoyCluster {
  /** `outbound|<port>|<subset>|<fqdn>`, as Istio names Envoy clusters. */
  name: string;
  /** Index of the service in the scenario. */
  service: number;
  subset: string | undefined;
  port: number | undefined;
  /** Labels an endpoint must carry (the subset's); empty ⇒ every endpoint of the service. */
  subsetLabels: Record<string, string>;
  /** Host-picking policy: ROUND_ROBIN, LEAST_REQUEST or RANDOM (Istio's names). */
  lbPolicy: string;
  /** Envoy's detector config; undefined ⇒ the DR has no outlierDetection, Envoy runs no detector. */
  outlierDetection: OutlierDetectionConfig | undefined;
  /** `common_lb_config.healthy_panic_threshold`, percent. */
  panicThreshold: number;
  /** The locality setting that applies (the DR's, else the mesh's), before per-proxy application. */
  localityLbSetting: LocalityLbSetting | undefined;
  /** Istio applies failover priorities (needs outlierDetection, or forced). */
  enableFailover: boolean;
  /** Envoy `locality_weighted_lb_config` is set. */
  localityWeighted: boolean;
  circuitBreakers: CircuitBreakers;
  /** `connect_timeout`, ms. */
  connectTimeoutMs: number;
  /** The cluster of a `.global` host: the service in other meshes, through their ingress gateways. */
  federated: boolean;
}

export function clusterName(fqdn: string, subset: string | undefined, port: number | undefined): string {
  return `outbound|${port ?? ''}|${subset ?? ''}|${fqdn}`;
}

/** Positive limits are programmed; others leave Istio's default (applyConnectionPool). */
const limit = (v: number | undefined) => (v !== undefined && v > 0 ? v : ISTIO_DEFAULT_CIRCUIT_LIMIT);

/** The Envoy cluster for `service`'s `subset` on `port`, given the merged traffic policy. */
export function envoyCluster(
  service: { index: number; fqdn: string },
  subset: string | undefined,
  port: number | undefined,
  subsetLabels: Record<string, string>,
  tp: EffectiveTrafficPolicy,
  istio: IstioBehaviour,
  meshConnectTimeoutMs: number,
): EnvoyCluster {
  // loadbalancer.go GetLocalityLbSetting: the DR's setting overrides the mesh's entirely.
  const setting = tp.localityLbSetting ?? MESH_DEFAULT_LOCALITY_SETTING;
  const behaviour = localityBehaviour(setting, tp.outlierDetection !== undefined);
  const cp = tp.connectionPool;
  return {
    name: clusterName(service.fqdn, subset, port),
    service: service.index,
    subset,
    port,
    subsetLabels,
    // cluster_traffic_policy.go applyLoadBalancer: LEAST_CONN → LEAST_REQUEST; unset, UNSPECIFIED and
    // PASSTHROUGH (not simulated: behaves as the default) → LEAST_REQUEST.
    lbPolicy: tp.simple === undefined || tp.simple === 'PASSTHROUGH' || tp.simple === 'UNSPECIFIED' ? ISTIO_DEFAULT_LB_POLICY : tp.simple === 'LEAST_CONN' ? 'LEAST_REQUEST' : tp.simple,
    outlierDetection: tp.outlierDetection === undefined ? undefined : envoyOutlierDetection(tp.outlierDetection, istio),
    panicThreshold: envoyPanicThreshold(tp.outlierDetection, istio),
    localityLbSetting: setting,
    enableFailover: behaviour.enableFailover,
    localityWeighted: behaviour.localityWeighted,
    circuitBreakers: {
      maxConnections: limit(cp?.maxConnections),
      maxPendingRequests: limit(cp?.http1MaxPendingRequests),
      maxRequests: limit(cp?.http2MaxRequests),
      maxRetries: limit(cp?.maxRetries),
    },
    connectTimeoutMs: cp?.connectTimeoutMs ?? meshConnectTimeoutMs,
    federated: false,
  };
}
