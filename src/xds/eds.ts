/**
 * EDS: the ClusterLoadAssignment one proxy receives for one cluster — the cluster's endpoints
 * grouped by locality, then rewritten for that proxy by Istio's locality setting (`distribute`
 * weights, failover priorities), with the panic threshold and locality weighting of the cluster.
 *
 * Endpoints are named by target id (an endpoint or, later, a gateway: whatever a hop can reach);
 * the proxy's load balancer numbers them itself (proxy/cluster-view.ts).
 *
 * Sources: istio pilot/pkg/xds/endpoints/endpoint_builder.go (BuildClusterLoadAssignment,
 * refreshWeight), pilot/pkg/networking/core/loadbalancer/loadbalancer.go (ApplyLocalityLoadBalancer).
 */
import { applyLocalitySetting, type LocalityGroupInput, type ProxyInfo } from '../istio/locality-setting.js';
import { applyZoneAwareSetting } from '../istio/zone-aware-setting.js';
import { DEFAULT_OVERPROVISIONING_FACTOR } from '../lb/priority-load.js';
import { DEFAULT_MIN_CLUSTER_SIZE, DEFAULT_ROUTING_ENABLED, type LocalClusterLocality, type ZoneAwareConfig } from '../lb/zone-aware.js';
import { localityString } from '../topology/locality.js';
import type { EnvoyCluster } from './cluster.js';
import type { EdsEndpoint } from './endpoint.js';
import type { IstioBehaviour } from './istio-behaviour.js';
import { keepFirstHostPerTarget } from './split-horizon.js';

export interface LbEndpoint {
  target: number;
  weight: number;
}

/** Envoy `LocalityLbEndpoints`. */
export interface LocalityLbEndpoints {
  /** `region/zone/subzone`, trailing empty parts dropped. */
  locality: string;
  weight: number;
  endpoints: LbEndpoint[];
}

export interface ClusterLoadAssignment {
  /** Locality groups per priority, P0 first; priorities are exactly 0..n-1. */
  priorities: LocalityLbEndpoints[][];
  localityWeighted: boolean;
  /** Percent; Istio never sets it, so Envoy's default 140. */
  overprovisioningFactor: number;
  panicThreshold: number;
  /**
   * The proxy's local cluster with the cluster's zone_aware_lb_config (lb/zone-aware.ts), when the
   * proxy has a local cluster (Istio 1.31 self-discovery); the load balancer's snapshot carries it.
   */
  zoneAware?: ZoneAwareConfig;
}

/** Groups endpoints by locality in order of first appearance (endpoint_builder.go LocalityLbEndpoints). */
function localityGroups(endpoints: readonly EdsEndpoint[]): LocalityGroupInput[] {
  const byLocality = new Map<string, LocalityGroupInput>();
  // Replicas of a deployment share their locality object: its key is made once per run of them.
  let lastLocality: EdsEndpoint['locality'] | undefined;
  let lastKey = '';
  endpoints.forEach((e, index) => {
    if (e.locality !== lastLocality) {
      lastLocality = e.locality;
      lastKey = localityString(e.locality);
    }
    const key = lastKey;
    let g = byLocality.get(key);
    if (!g) {
      g = { locality: { region: e.locality.region, zone: e.locality.zone, subzone: e.locality.subzone }, endpoints: [] };
      byLocality.set(key, g);
    }
    g.endpoints.push({ index, weight: e.weight, labels: e.labels });
  });
  return [...byLocality.values()];
}

/**
 * The assignment `proxy` receives for `cluster`, whose endpoints are `endpoints` (in registry
 * order). `localCluster`: the proxy's own workload per locality, if it has a local cluster.
 */
export function clusterLoadAssignment(
  cluster: EnvoyCluster,
  proxy: ProxyInfo,
  endpoints: readonly EdsEndpoint[],
  istio: IstioBehaviour,
  localCluster?: readonly LocalClusterLocality[],
): ClusterLoadAssignment {
  const groups = localityGroups(endpoints);
  const opts = { enableFailover: cluster.enableFailover, networkPreferred: istio.failoverPriorityNetworkPreferred };
  // endpoint_builder.go: ApplyZoneAwareLoadBalancer for a zone-aware setting, else ApplyLocalityLoadBalancer.
  const applied =
    cluster.zoneAwareLbSetting !== undefined
      ? applyZoneAwareSetting(proxy, groups, cluster.zoneAwareLbSetting, opts)
      : applyLocalitySetting(proxy, groups, cluster.localityLbSetting, opts);
  const priorities: LocalityLbEndpoints[][] = [];
  for (let i = 0; i < applied.priorities; i++) priorities.push([]);
  // Envoy eds.cc: a host listed twice in one assignment (a gateway per remote locality) is kept once.
  for (const g of keepFirstHostPerTarget(applied.groups, (i: number) => endpoints[i].target)) {
    if (g.endpoints.length === 0) continue;
    priorities[g.priority].push({
      locality: localityString(g.locality),
      weight: g.weight,
      endpoints: g.endpoints.map((i) => ({ target: endpoints[i].target, weight: endpoints[i].weight })),
    });
  }
  return {
    priorities: priorities.length > 0 ? priorities : [[]],
    localityWeighted: applied.localityWeighted,
    overprovisioningFactor: DEFAULT_OVERPROVISIONING_FACTOR,
    panicThreshold: cluster.panicThreshold,
    // load_balancer_impl.cc: with a local cluster, zone-aware routing runs with the cluster's
    // zone_aware_lb_config, or Envoy's defaults (min_cluster_size 6, routing 100%) when Istio sets none.
    ...(localCluster !== undefined
      ? {
          zoneAware: {
            localLocality: localityString(proxy.locality),
            localCluster,
            minClusterSize: cluster.zoneAware?.minClusterSize ?? DEFAULT_MIN_CLUSTER_SIZE,
            routingEnabled: cluster.zoneAware?.routingEnabled ?? DEFAULT_ROUTING_ENABLED,
            failTrafficOnPanic: false,
          },
        }
      : {}),
  };
}

export type { EdsEndpoint } from './endpoint.js';
