/**
 * MeshConfig: what the mesh's configuration decides for each traffic source — which upstream
 * clusters it calls and with which weights (VirtualService), and each cluster's policy
 * (DestinationRule). The default routes every call to its service with Istio's defaults.
 */
import type { TrafficSpec, Scenario } from '../model/scenario.js';
import type { Endpoint } from '../topology/endpoints.js';
import { DEFAULT_CLUSTER_POLICY, type ClusterPolicy } from './cluster-policy.js';
import { clusterName, selectEndpoints, type UpstreamCluster } from './upstream-cluster.js';
import type { RouteDestination } from './world.js';

export interface MeshConfig {
  routeFor(t: TrafficSpec, endpoints: readonly Endpoint[], cache: Map<string, UpstreamCluster>): RouteDestination[];
}

/** Looks up or creates the upstream cluster for (service, subset, port) with the given policy. */
export function upstreamCluster(
  s: Scenario,
  service: number,
  subset: string | undefined,
  port: number | undefined,
  policy: ClusterPolicy,
  endpoints: readonly Endpoint[],
  cache: Map<string, UpstreamCluster>,
  /** Identity of the rule the policy came from: callers in other namespaces may see another rule. */
  policyKey = '',
): UpstreamCluster {
  const name = clusterName(s.services[service].fqdn, subset, port);
  const key = `${name}#${policyKey}`;
  let c = cache.get(key);
  if (!c) {
    c = { name, service, policy, endpoints: selectEndpoints(endpoints, service, policy.subsetLabels) };
    cache.set(key, c);
  }
  return c;
}

/** No Istio resources: each source calls its service's single cluster with Istio's defaults. */
export function defaultMeshConfig(s: Scenario): MeshConfig {
  return {
    routeFor(t, endpoints, cache) {
      return [{ cluster: upstreamCluster(s, t.service, undefined, t.port, DEFAULT_CLUSTER_POLICY, endpoints, cache), weight: 100 }];
    },
  };
}
