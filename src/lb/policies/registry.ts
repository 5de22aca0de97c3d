/**
 * The built-in host-pick policies, by Istio `loadBalancer.simple` name.
 *
 * Istio maps `LEAST_CONN` (deprecated) and `LEAST_REQUEST` to Envoy LEAST_REQUEST, `RANDOM` and
 * `ROUND_ROBIN` to their Envoy namesakes, and an unset/`UNSPECIFIED` policy to LEAST_REQUEST
 * (`defaultLBAlgorithm`). `PASSTHROUGH` and consistent hash are not simulated.
 *
 * Source: istio pilot/pkg/networking/core/cluster_traffic_policy.go (applyLoadBalancer,
 * applySimpleDefaultLoadBalancer).
 */
import type { LoadBalancingPolicy } from '../policy.js';
import { LEAST_REQUEST } from './least-request.js';
import { RANDOM } from './random.js';
import { ROUND_ROBIN } from './round-robin.js';

export const builtinPolicies: Record<string, LoadBalancingPolicy> = {
  ROUND_ROBIN,
  LEAST_REQUEST,
  RANDOM,
};

/** Istio's policy when a DestinationRule names none (cluster_traffic_policy.go defaultLBAlgorithm). */
export const ISTIO_DEFAULT_POLICY = 'LEAST_REQUEST';

/** Istio names that map onto a built-in policy (cluster_traffic_policy.go applyLoadBalancer). */
const ALIASES: Record<string, string> = {
  LEAST_CONN: 'LEAST_REQUEST',
  UNSPECIFIED: ISTIO_DEFAULT_POLICY,
};

/**
 * The built-in policy for an Istio `loadBalancer.simple` name; no name (or `UNSPECIFIED`) gives
 * Istio's default, LEAST_REQUEST. Throws for names that are not simulated (e.g. PASSTHROUGH).
 */
export function resolvePolicy(name?: string | null): LoadBalancingPolicy {
  const key = name == null || name === '' ? ISTIO_DEFAULT_POLICY : (ALIASES[name] ?? name);
  const policy = Object.prototype.hasOwnProperty.call(builtinPolicies, key) ? builtinPolicies[key] : undefined;
  if (!policy) {
    throw new Error(`unknown load-balancing policy "${name}" (built-in: ${Object.keys(builtinPolicies).join(', ')})`);
  }
  return policy;
}
