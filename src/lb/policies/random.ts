/**
 * RANDOM: Envoy's RandomLoadBalancer. The random number drawn for the priority choice is reused to
 * index the host: `hosts[hash % n]`; host weights are ignored.
 *
 * Source: envoy source/extensions/load_balancing_policies/random/random_lb.cc (peekOrChoose).
 */
import type { HostPicker, LoadBalancingPolicy } from '../policy.js';

class RandomPicker implements HostPicker {
  constructor(private readonly hosts: readonly number[]) {}
  pick(hash: number): number {
    // random_lb.cc peekOrChoose: hosts_to_use[random_hash % hosts_to_use.size()], same random_hash as hostSourceToUse.
    return this.hosts[hash % this.hosts.length];
  }
}

export const RANDOM: LoadBalancingPolicy = {
  name: 'RANDOM',
  reusesHostArrays: true,
  newPicker(hosts: readonly number[]): HostPicker {
    return new RandomPicker(hosts);
  },
};

export default RANDOM;
