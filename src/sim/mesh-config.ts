/**
 * MeshConfig: what the mesh's configuration decides for each traffic source — which upstream
 * clusters it calls and with which weights (VirtualService), and each cluster's policy
 * (DestinationRule). Built from the scenario's Istio resources by istio-mesh-config.ts.
 */
import type { TrafficSpec, Scenario } from '../model/scenario.js';
import type { Endpoint } from '../topology/endpoints.js';
import type { ClusterPolicy } from './cluster-policy.js';
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
