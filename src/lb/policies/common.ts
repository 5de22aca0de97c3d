/**
 * Helpers shared by the built-in pick policies (Envoy's EdfLoadBalancerBase).
 *
 * Source: envoy source/extensions/load_balancing_policies/common/load_balancer_impl.cc
 * (hostWeightsAreEqual, EdfLoadBalancerBase::refresh, EdfLoadBalancerBase::chooseHostOnce).
 */
import { EdfScheduler } from '../edf.js';
import type { HostPicker } from '../policy.js';

/** Envoy's `hostWeightsAreEqual`: true for 0 or 1 host, or when every weight equals the first. */
export function hostWeightsAreEqual(hosts: readonly number[], weights: ArrayLike<number>): boolean {
  // load_balancer_impl.cc hostWeightsAreEqual: hosts.size() <= 1 ⇒ equal; else compare to hosts[0].
  if (hosts.length <= 1) return true;
  const w = weights[hosts[0]];
  for (let i = 1; i < hosts.length; i++) if (weights[hosts[i]] !== w) return false;
  return true;
}

/**
 * A host picker backed by an EDF scheduler over `hosts`, created as Envoy's refresh does:
 * `createWithPicks(hosts, hostWeight, seed)`; each pick re-adds the host with `hostWeight` now.
 */
export class EdfHostPicker implements HostPicker {
  private readonly edf: EdfScheduler;
  private readonly fallback: number;

  constructor(hosts: readonly number[], seed: number, private readonly hostWeight: (host: number) => number) {
    const weights = new Float64Array(hosts.length);
    for (let i = 0; i < hosts.length; i++) weights[i] = hostWeight(hosts[i]);
    // load_balancer_impl.cc EdfLoadBalancerBase::refresh: EdfScheduler::createWithPicks(hosts, hostWeight, seed_).
    this.edf = EdfScheduler.createWithPicks(hosts, weights, seed, hostWeight);
    this.fallback = hosts[0];
  }

  pick(): number {
    // load_balancer_impl.cc EdfLoadBalancerBase::chooseHostOnce: edf_->pickAndAdd(hostWeight).
    const h = this.edf.pickAndAdd(this.hostWeight);
    // Only reachable if every host weight dropped to 0 (EDS forbids weight 0; Envoy asserts weight > 0).
    return h < 0 ? this.fallback : h;
  }
}
