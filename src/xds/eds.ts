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
import { DEFAULT_OVERPROVISIONING_FACTOR } from '../lb/priority-load.js';
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
}

/** Groups endpoints by locality in order of first appearance (endpoint_builder.go LocalityLbEndpoints). */
function localityGroups(endpoints: readonly EdsEndpoint[]): LocalityGroupInput[] {
  const byLocality = new Map<string, LocalityGroupInput>();
  endpoints.forEach((e, index) => {
    const key = localityString(e.locality);
    let g = byLocality.get(key);
    if (!g) {
      g = { locality: { region: e.locality.region, zone: e.locality.zone, subzone: e.locality.subzone }, endpoints: [] };
      byLocality.set(key, g);
    }
    g.endpoints.push({ index, weight: e.weight, labels: e.labels });
  });
  return [...byLocality.values()];
}

/** The assignment `proxy` receives for `cluster`, whose endpoints are `endpoints` (in registry order). */
export function clusterLoadAssignment(cluster: EnvoyCluster, proxy: ProxyInfo, endpoints: readonly EdsEndpoint[], istio: IstioBehaviour): ClusterLoadAssignment {
  const applied = applyLocalitySetting(proxy, localityGroups(endpoints), cluster.localityLbSetting, {
    enableFailover: cluster.enableFailover,
    networkPreferred: istio.failoverPriorityNetworkPreferred,
  });
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
  };
}

export type { EdsEndpoint } from './endpoint.js';
