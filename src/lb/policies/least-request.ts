/**
 * LEAST_REQUEST: Envoy's LeastRequestLoadBalancer.
 *
 * Equal host weights (the default path): `choiceCount` (default 2) uniform samples
 * `hosts[rng.nextUint32() % n]`, keeping the one with strictly fewer active requests (the first
 * sampled wins ties) — P2C. Unequal weights: EDF on the dynamic weight
 * `weight / (active + 1)^activeRequestBias` (bias default 1.0; bias 0 ⇒ plain weighted round robin),
 * created with `createWithPicks(seed)` and re-evaluated each time a host is re-added.
 * An explicitly configured bias forces the EDF path even for equal weights (newest Envoy, runtime
 * guard `least_request_lb_active_request_bias_forces_weighted`, default on); Istio never sets it.
 * `selectionMethod: 'FULL_SCAN'` scans every host and breaks ties uniformly (reservoir sampling).
 * Slow start and pending-request counting are not modelled; `ctx.active` is the active count.
 *
 * Source: envoy source/extensions/load_balancing_policies/least_request/least_request_lb.{h,cc}
 * (constructor defaults, refresh, hostWeight, unweightedHostPickNChoices, unweightedHostPickFullScan).
 */
import type { Rng } from '../../engine/random.js';
import type { HostPicker, LoadBalancingPolicy, PickContext } from '../policy.js';
import { EdfHostPicker, hostWeightsAreEqual } from './common.js';

export interface LeastRequestOptions {
  /** Hosts sampled per pick on the unweighted path; ≥ 2 (proto validation); default 2. */
  choiceCount?: number;
  /** Exponent of `(active + 1)` in the dynamic weight; default 1.0. Negative or NaN ⇒ 1.0, as Envoy. */
  activeRequestBias?: number;
  /**
   * Whether an explicit `activeRequestBias` forces the EDF path for equal weights (Envoy runtime
   * guard `least_request_lb_active_request_bias_forces_weighted`); default true.
   */
  activeRequestBiasForcesWeighted?: boolean;
  /** Envoy `selection_method`; default 'N_CHOICES'. */
  selectionMethod?: 'N_CHOICES' | 'FULL_SCAN';
}

class NChoicesPicker implements HostPicker {
  constructor(
    private readonly hosts: readonly number[],
    private readonly rng: Rng,
    private readonly ctx: PickContext,
    private readonly choiceCount: number,
  ) {}
  pick(): number {
    const hosts = this.hosts;
    const n = hosts.length;
    const active = this.ctx.active;
    // least_request_lb.cc unweightedHostPickNChoices: first sample is the initial candidate.
    let candidate = hosts[this.rng.nextUint32() % n];
    for (let c = 1; c < this.choiceCount; c++) {
      // least_request_lb.cc unweightedHostPickNChoices: hosts_to_use[random() % size], keep strictly fewer active.
      const sampled = hosts[this.rng.nextUint32() % n];
      if (active[sampled] < active[candidate]) candidate = sampled;
    }
    return candidate;
  }
}

class FullScanPicker implements HostPicker {
  constructor(
    private readonly hosts: readonly number[],
    private readonly rng: Rng,
    private readonly ctx: PickContext,
  ) {}
  pick(): number {
    const hosts = this.hosts;
    const active = this.ctx.active;
    let candidate = hosts[0];
    let tied = 1;
    for (let i = 1; i < hosts.length; i++) {
      const sampled = hosts[i];
      if (active[sampled] < active[candidate]) {
        // least_request_lb.cc unweightedHostPickFullScan: fewer active ⇒ new candidate, reset the tie count.
        candidate = sampled;
        tied = 1;
      } else if (active[sampled] === active[candidate]) {
        // least_request_lb.cc unweightedHostPickFullScan: reservoir sampling, replace if random() % ties == 0.
        tied++;
        if (this.rng.nextUint32() % tied === 0) candidate = sampled;
      }
    }
    return candidate;
  }
}

/** A LEAST_REQUEST policy with the given options. */
export function leastRequest(options: LeastRequestOptions = {}): LoadBalancingPolicy {
  // least_request_lb.h constructor: choice_count defaults to 2 (proto: uint32 gte 2).
  const choiceCount = options.choiceCount ?? 2;
  if (!Number.isInteger(choiceCount) || choiceCount < 2) {
    throw new Error(`leastRequest: choiceCount must be an integer >= 2, got ${choiceCount}`);
  }
  let bias = options.activeRequestBias ?? 1.0;
  // least_request_lb.h refresh: a negative or NaN bias is replaced by 1.0 (with a warning).
  if (bias < 0 || Number.isNaN(bias)) bias = 1.0;
  // least_request_lb.h refresh: always_use_weighted_selection_ = bias configured && runtime guard.
  const alwaysWeighted = options.activeRequestBias !== undefined && (options.activeRequestBiasForcesWeighted ?? true);
  const fullScan = options.selectionMethod === 'FULL_SCAN';
  const name = 'LEAST_REQUEST';

  return {
    name,
    reusesHostArrays: true,
    newPicker(hosts: readonly number[], ctx: PickContext, seed: number): HostPicker {
      // load_balancer_impl.cc EdfLoadBalancerBase::refresh: equal weights (and not forced) or ≤1 host ⇒ unweighted pick.
      if (hosts.length <= 1 || (!alwaysWeighted && (ctx.uniformWeights === true || hostWeightsAreEqual(hosts, ctx.weights)))) {
        return fullScan ? new FullScanPicker(hosts, ctx.rng, ctx) : new NChoicesPicker(hosts, ctx.rng, ctx, choiceCount);
      }
      // least_request_lb.cc hostWeight: weight / (active + 1)^bias; bias 1 ⇒ plain division; bias 0 ⇒ weight.
      // Weights and active counts are read through ctx: an update may replace the arrays.
      const hostWeight =
        bias === 1.0
          ? (h: number): number => ctx.weights[h] / (ctx.active[h] + 1)
          : bias === 0
            ? (h: number): number => ctx.weights[h]
            : (h: number): number => ctx.weights[h] / Math.pow(ctx.active[h] + 1, bias);
      return new EdfHostPicker(hosts, seed, hostWeight);
    },
  };
}

/** Envoy's and Istio's defaults: P2C on equal weights, EDF on `weight / (active + 1)` otherwise. */
export const LEAST_REQUEST: LoadBalancingPolicy = leastRequest();

export default LEAST_REQUEST;
