/**
 * RDS: the route a sidecar applies to calls to one service — weighted clusters from the
 * VirtualService route that matches the caller (or the service itself), with the route's timeout,
 * retry policy and fault kept as Envoy would get them.
 *
 * Sources: istio pilot/pkg/networking/core/route/route.go (BuildHTTPRoutesForVirtualService,
 * GetDestinationCluster, BuildDefaultHTTPOutboundRoute), route/retry/retry.go.
 */
import type { ResolvedFault } from '../istio/virtual-service.js';
import type { EnvoyCluster } from './cluster.js';
import type { EnvoyRetryPolicy } from './retry-policy.js';

export interface WeightedCluster {
  cluster: EnvoyCluster;
  weight: number;
}

export interface EnvoyRoute {
  /** Destinations with weight > 0, in the route's order; empty ⇒ no route forwards the call (404 NR). */
  clusters: WeightedCluster[];
  /** Route timeout, ms; undefined ⇒ none (Istio sets no timeout by default). Includes every retry. */
  timeoutMs: number | undefined;
  /** undefined ⇒ retries disabled (`retries.attempts: 0`). */
  retryPolicy: EnvoyRetryPolicy | undefined;
  fault: ResolvedFault | undefined;
}
