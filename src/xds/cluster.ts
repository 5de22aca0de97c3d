/**
 * CDS: the Envoy cluster a sidecar gets for one (service, subset, port), from the DestinationRule
 * that applies to that sidecar's namespace — load-balancing policy, outlier detection, panic
 * threshold, locality behaviour, circuit breakers and connect timeout, all in Envoy's terms with
 * Istio's defaults filled.
 *
 * The locality behaviour comes from four places (effective-lb-setting.ts): the DestinationRule's
 * `zoneAwareLbSetting` and `localityLbSetting`, the Kubernetes Service's `trafficDistribution`, and
 * the MeshConfig's `zoneAwareLbSetting` and `localityLbSetting`. From 1.31 the MeshConfig's
 * `defaultTrafficPolicy` fills the blocks (loadBalancer, connectionPool, outlierDetection) the
 * DestinationRule leaves unset.
 *
 * Sources: istio pilot/pkg/networking/core/cluster_traffic_policy.go (applyTrafficPolicy,
 * applyLoadBalancer, applyOutlierDetection, applyConnectionPool, getDefaultCircuitBreakerThresholds),
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go (GetEffectiveLbSetting, GetLocalityLbSetting),
 * pkg/config/mesh/mesh.go (DefaultMeshConfig).
 */
import type { TrafficDistribution } from '../istio/kube-service.js';
import type { MeshConfigModel } from '../istio/mesh-config.js';
import type { EffectiveTrafficPolicy } from '../istio/traffic-policy.js';
import { localityBehaviour, type LocalityLbSetting } from '../istio/locality-setting.js';
import type { ZoneAwareLbSetting } from '../istio/zone-aware-setting.js';
import { DEFAULT_MIN_CLUSTER_SIZE, DEFAULT_ROUTING_ENABLED } from '../lb/zone-aware.js';
import type { OutlierDetectionConfig } from '../outlier/config.js';
import { effectiveLbSetting, trafficDistributionSetting } from './effective-lb-setting.js';
import type { IstioBehaviour } from './istio-behaviour.js';
import { envoyOutlierDetection, envoyPanicThreshold, sendsUnhealthyEndpoints } from './outlier-detection.js';

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
  /** The locality setting that applies (effective-lb-setting.ts), before per-proxy application; undefined ⇒ none. */
  localityLbSetting: LocalityLbSetting | undefined;
  /** The zone-aware setting that applies instead (Istio 1.31; ApplyZoneAwareLoadBalancer). */
  zoneAwareLbSetting?: ZoneAwareLbSetting;
  /**
   * Envoy `zone_aware_lb_config` as programmed: a zone-aware setting ⇒ its min_cluster_size and
   * routing 100%; a zone-aware setting with `enabled: false` ⇒ routing 0%. Undefined ⇒ Envoy's
   * defaults (6, 100%), which matter only to a proxy with a local cluster.
   */
  zoneAware?: { minClusterSize: number; routingEnabled: number };
  /** Istio applies failover priorities (needs outlierDetection in the DR, or forced). */
  enableFailover: boolean;
  /** Envoy `locality_weighted_lb_config` is set. */
  localityWeighted: boolean;
  circuitBreakers: CircuitBreakers;
  /** `connect_timeout`, ms. */
  connectTimeoutMs: number;
  /** The cluster of a `.global` host: the service in other meshes, through their ingress gateways. */
  federated: boolean;
  /** Not-ready endpoints reach the proxy as UNHEALTHY rather than being left out (sendsUnhealthyEndpoints). */
  sendsUnhealthyEndpoints: boolean;
}

export function clusterName(fqdn: string, subset: string | undefined, port: number | undefined): string {
  return `outbound|${port ?? ''}|${subset ?? ''}|${fqdn}`;
}

/** Positive limits are programmed; others leave Istio's default (applyConnectionPool). */
const limit = (v: number | undefined) => (v !== undefined && v > 0 ? v : ISTIO_DEFAULT_CIRCUIT_LIMIT);

/** What the translation knows of the mesh besides the DestinationRule. */
export interface ClusterContext {
  /** The mesh config (absent ⇒ Istio's defaults). */
  mesh?: MeshConfigModel;
  /** The Kubernetes Service's trafficDistribution (spec field or Istio's annotation). */
  trafficDistribution?: TrafficDistribution;
}

/**
 * 1.31 MeshConfig defaultTrafficPolicy: each block the DestinationRule leaves unset comes from the
 * mesh baseline (its port-level entry for the port, if any). The DR's own outlierDetection is kept
 * apart: EDS failover still looks only at it (reference §1.10).
 */
function withMeshBaseline(tp: EffectiveTrafficPolicy, mesh: MeshConfigModel | undefined, port: number | undefined, istio: IstioBehaviour): EffectiveTrafficPolicy {
  const base = istio.meshDefaultTrafficPolicy ? mesh?.defaultTrafficPolicy : undefined;
  if (base === undefined) return tp;
  const level = (port !== undefined ? base.portLevelSettings.find((p) => p.port === port)?.policy : undefined) ?? base;
  const out: EffectiveTrafficPolicy = { ...tp };
  const hasLb = tp.simple !== undefined || tp.localityLbSetting !== undefined || tp.zoneAwareLbSetting !== undefined || tp.warmupDurationMs !== undefined;
  if (!hasLb && level.loadBalancer !== undefined) {
    const lb = level.loadBalancer;
    if (lb.simple !== undefined) out.simple = lb.simple;
    if (lb.localityLbSetting !== undefined) out.localityLbSetting = lb.localityLbSetting;
    if (lb.zoneAwareLbSetting !== undefined) out.zoneAwareLbSetting = lb.zoneAwareLbSetting;
    if (lb.warmupDurationMs !== undefined) out.warmupDurationMs = lb.warmupDurationMs;
  }
  if (tp.connectionPool === undefined && level.connectionPool !== undefined) out.connectionPool = level.connectionPool;
  if (tp.outlierDetection === undefined && level.outlierDetection !== undefined) out.outlierDetection = level.outlierDetection;
  return out;
}

/** The Envoy cluster for `service`'s `subset` on `port`, given the merged traffic policy. */
export function envoyCluster(
  service: { index: number; fqdn: string },
  subset: string | undefined,
  port: number | undefined,
  subsetLabels: Record<string, string>,
  drPolicy: EffectiveTrafficPolicy,
  istio: IstioBehaviour,
  meshConnectTimeoutMs: number,
  ctx: ClusterContext = {},
): EnvoyCluster {
  const tp = withMeshBaseline(drPolicy, ctx.mesh, port, istio);
  // loadbalancer.go GetEffectiveLbSetting: DR zone-aware > DR locality > Service trafficDistribution
  // > mesh zone-aware > mesh locality (default {enabled: true}).
  const eff = effectiveLbSetting(
    ctx.mesh?.localityLbSetting ?? MESH_DEFAULT_LOCALITY_SETTING,
    ctx.mesh?.zoneAwareLbSetting,
    { localityLbSetting: tp.localityLbSetting, zoneAwareLbSetting: tp.zoneAwareLbSetting },
    ctx.trafficDistribution,
    istio,
  );
  // cluster_traffic_policy.go applyLocalityLoadBalancer: failover needs outlierDetection, or is forced
  // (trafficDistribution; zone-aware always applies its region buckets).
  const zoneAware = eff.zoneAware;
  const behaviour = localityBehaviour(eff.locality, tp.outlierDetection !== undefined, { forceFailover: eff.forceFailover || zoneAware !== undefined });
  const drFailover = eff.forceFailover || zoneAware !== undefined || drPolicy.outlierDetection !== undefined;
  // applyLoadBalancer: a Service with trafficDistribution sends unhealthy endpoints ⇒ panic threshold 0.
  const sendUnhealthy = trafficDistributionSetting(ctx.trafficDistribution, istio) !== undefined;
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
    panicThreshold: envoyPanicThreshold(tp.outlierDetection, istio, sendUnhealthy ? { sendUnhealthyEndpoints: true } : {}),
    localityLbSetting: eff.locality,
    ...(zoneAware !== undefined ? { zoneAwareLbSetting: zoneAware } : {}),
    // Envoy zone_aware_lb_config: min_cluster_size from the setting (default 6); enabled: false ⇒ routing_enabled 0%.
    ...(zoneAware !== undefined
      ? { zoneAware: { minClusterSize: zoneAware.minClusterSize ?? DEFAULT_MIN_CLUSTER_SIZE, routingEnabled: DEFAULT_ROUTING_ENABLED } }
      : eff.zoneAwareDisabled
        ? { zoneAware: { minClusterSize: DEFAULT_MIN_CLUSTER_SIZE, routingEnabled: 0 } }
        : {}),
    // EDS failover priorities look at the DestinationRule's own outlierDetection (reference §1.10).
    enableFailover: drFailover,
    // zone_aware_lb_config and locality_weighted_lb_config are one oneof.
    localityWeighted: zoneAware === undefined && behaviour.localityWeighted,
    circuitBreakers: {
      maxConnections: limit(cp?.maxConnections),
      maxPendingRequests: limit(cp?.http1MaxPendingRequests),
      maxRequests: limit(cp?.http2MaxRequests),
      maxRetries: limit(cp?.maxRetries),
    },
    connectTimeoutMs: cp?.connectTimeoutMs ?? ctx.mesh?.connectTimeoutMs ?? meshConnectTimeoutMs,
    federated: false,
    sendsUnhealthyEndpoints: sendsUnhealthyEndpoints(tp.outlierDetection, istio, { sendUnhealthyEndpoints: sendUnhealthy }),
  };
}
