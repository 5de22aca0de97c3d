/**
 * A proxy: the Envoy of one workload replica (a calling pod's sidecar, later a gateway replica),
 * with its xDS identity and, per service it calls, the route it applies and its views of the
 * route's clusters. A route's destinations that name the same Envoy cluster share one view (one
 * load balancer and one detector per cluster, as in Envoy).
 */
import type { Rng } from '../engine/random.js';
import type { EnvoyRoute } from '../xds/route.js';
import type { ProxyNode } from '../xds/translator.js';
import type { ProxyClusterView } from './cluster-view.js';

/** A route as one proxy holds it: the translated route and a view per weighted cluster. */
export interface ProxyRoute {
  route: EnvoyRoute;
  /** One per `route.clusters` entry, in order (repeated clusters share a view). */
  views: ProxyClusterView[];
  /** Cumulative weights of `route.clusters`, for the weighted pick. */
  cumulativeWeights: number[];
  totalWeight: number;
  /** No cluster because the service runs only in other meshes and none exports it (federation). */
  notExported?: boolean;
  /** The run's number for the route (its runner numbers routes as calls first use them); -1 until then. */
  id: number;
}

/**
 * What the proxy is, which decides what EDS it gets and how it forwards: a workload's sidecar; an
 * ingress gateway (routes by service); an east-west gateway (SNI pass-through inside its own
 * network); an egress gateway (towards other meshes); the global load balancer in front of the
 * ingress gateways (for users outside the mesh).
 */
export type ProxyRole = 'sidecar' | 'ingress' | 'eastwest' | 'egress' | 'global-lb';

export interface Proxy {
  id: number;
  /** `<workload>-<replica>` */
  name: string;
  node: ProxyNode;
  /** Interned locality of the proxy (LocalityTable index). */
  locality: number;
  role: ProxyRole;
  /** The mesh whose control plane configures it ('' for the global load balancer). */
  mesh: string;
}

/**
 * Envoy's weighted-cluster pick (source/common/router/config_impl.cc pickWeightedCluster): `random % Σweights`
 * against the cumulative weights. Returns the index into `route.clusters`.
 */
export function pickWeightedCluster(r: ProxyRoute, rng: Rng): number {
  if (r.views.length === 1) return 0;
  const x = rng.nextUint32() % r.totalWeight;
  let d = 0;
  while (x >= r.cumulativeWeights[d]) d++;
  return d;
}

export function proxyRoute(route: EnvoyRoute, views: ProxyClusterView[]): ProxyRoute {
  const cumulativeWeights: number[] = [];
  let acc = 0;
  for (const c of route.clusters) cumulativeWeights.push((acc += c.weight));
  return { route, views, cumulativeWeights, totalWeight: acc, id: -1 };
}
