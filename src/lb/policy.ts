/**
 * The host-picking policy interface: round robin, least request, random, or a user's own.
 *
 * The cluster load balancer decides the priority and locality (Envoy's shared math); a policy only
 * chooses one host among a *host source*: the healthy (or degraded, or all) hosts of one priority,
 * or of one locality inside it. For each source the balancer asks the policy for a picker when the
 * source is first picked from after a refresh (every health change refreshes every priority, an
 * EDS update the priorities it changes), as Envoy rebuilds its per-source schedulers on refresh.
 * A picker keeps its own state (round-robin index, EDF scheduler).
 *
 * User plug-ins implement `LoadBalancingPolicy` in a JavaScript module whose default export is the
 * policy (see README, "Writing a load-balancing plug-in").
 */
import type { Rng } from '../engine/random.js';

export interface PickContext {
  /** The proxy's load-balancing random stream. */
  readonly rng: Rng;
  /**
   * Host weights by cluster-local slot. Read it through the context at pick time: an EDS update
   * replaces the array (Envoy applies new weights to existing schedulers in place).
   */
  readonly weights: ArrayLike<number>;
  /**
   * Active (outstanding) requests from this proxy to each host, by slot. Read it through the
   * context at pick time: the array is replaced when the cluster grows.
   */
  readonly active: ArrayLike<number>;
  /** True when every host of the cluster has the same weight (so every source's weights are equal). */
  readonly uniformWeights?: boolean;
}

export interface HostPicker {
  /**
   * Chooses one host of the source. `hash` is the random number already drawn for the priority
   * choice (Envoy's RandomLoadBalancer reuses it). Returns a cluster-local host slot.
   */
  pick(hash: number): number;
}

export interface LoadBalancingPolicy {
  /** Name as in Istio's `loadBalancer.simple` (e.g. `LEAST_REQUEST`) or the plug-in's own. */
  readonly name: string;
  /**
   * Builds a picker for one host source. `hosts` is non-empty and never changes while the picker
   * is in use; `seed` is the load balancer's seed (Envoy's seed_, drawn once per LB; it seeds RR
   * indexes and EDF picks). `previous` is the picker this source had before the refresh, if any,
   * for policies that carry state across host-set changes (Envoy's round-robin index does).
   */
  newPicker(hosts: readonly number[], ctx: PickContext, seed: number, previous?: HostPicker): HostPicker;
  /**
   * Optional promise that a picker, once replaced (it is then only ever passed as `previous`),
   * never reads its `hosts` again. The balancer may then update a source's host array in place
   * for the next picker instead of copying it. Leave unset unless that holds.
   */
  readonly reusesHostArrays?: boolean;
}
