/**
 * ROUND_ROBIN: Envoy's RoundRobinLoadBalancer.
 *
 * Equal host weights (or a single host): plain index, `hosts[(seed + i++) % n]`, the index starting
 * at the LB seed. Unequal weights: EDF on the host weights, created with `createWithPicks(seed)`;
 * weights are read from `ctx.weights` when a host is re-added, so a weight change applies one pick
 * of that host later (Envoy's `RoundRobinLoadBalancerTest.Weighted`). Slow start is not modelled.
 *
 * Source: envoy source/extensions/load_balancing_policies/round_robin/round_robin_lb.h
 * (refreshHostSource, unweightedHostPick, hostWeight) and common/load_balancer_impl.cc
 * (EdfLoadBalancerBase::refresh).
 */
import type { HostPicker, LoadBalancingPolicy, PickContext } from '../policy.js';
import { EdfHostPicker, hostWeightsAreEqual } from './common.js';

class RoundRobinIndexPicker implements HostPicker {
  /** Envoy's rr_indexes_[source]: a counter that keeps running across refreshes of the source. */
  counter: number;
  constructor(private readonly hosts: readonly number[], start: number) {
    this.counter = start;
  }
  pick(): number {
    // round_robin_lb.h unweightedHostPick: hosts[rr_indexes_[source]++ % hosts.size()].
    return this.hosts[this.counter++ % this.hosts.length];
  }
}

export const ROUND_ROBIN: LoadBalancingPolicy = {
  name: 'ROUND_ROBIN',
  reusesHostArrays: true,
  newPicker(hosts: readonly number[], ctx: PickContext, seed: number, previous?: HostPicker): HostPicker {
    // load_balancer_impl.cc EdfLoadBalancerBase::refresh: equal weights or ≤1 host ⇒ no EDF, unweighted pick.
    // round_robin_lb.h refreshHostSource: rr_indexes_.insert({source, seed_}) starts at the seed and
    // keeps an existing source's index (RoundRobinLoadBalancerTest.Normal continues after a host update).
    if (ctx.uniformWeights === true || hostWeightsAreEqual(hosts, ctx.weights)) {
      return new RoundRobinIndexPicker(hosts, previous instanceof RoundRobinIndexPicker ? previous.counter : seed);
    }
    // round_robin_lb.h hostWeight: host.weight() (slow start factor not modelled), read at re-add time.
    return new EdfHostPicker(hosts, seed, (h) => ctx.weights[h]);
  },
};

export default ROUND_ROBIN;
