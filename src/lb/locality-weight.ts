/**
 * Effective locality weight, as Envoy's locality-weighted load balancing computes it, and the
 * per-priority locality scheduler built from it.
 *
 * effective = weight * min(1, OPF/100 * eligible / (hosts - excluded)); 0 when the locality has no
 * (non-excluded) hosts or no weight. A locality whose hosts are half unhealthy keeps its full
 * weight with the default OPF 1.4 until fewer than ~71.4% are healthy.
 *
 * Source: envoy source/extensions/load_balancing_policies/common/locality_wrr.cc
 * (LocalityWrr::effectiveLocalityWeight, rebuildLocalityScheduler, chooseLocality);
 * docs upstream/load_balancing/locality_weight.rst.
 */
import { EdfScheduler } from './edf.js';
import { DEFAULT_OVERPROVISIONING_FACTOR } from './priority-load.js';

export function effectiveLocalityWeight(
  weight: number,
  eligibleHosts: number,
  hosts: number,
  excludedHosts = 0,
  overprovisioningFactor = DEFAULT_OVERPROVISIONING_FACTOR,
): number {
  // locality_wrr.cc effectiveLocalityWeight: host_count = hosts - excluded; 0 ⇒ weight 0.
  const count = hosts - excludedHosts;
  if (count <= 0 || !(weight > 0)) return 0;
  // locality_wrr.cc effectiveLocalityWeight: ratio = 1.0 * eligible / host_count (floating point).
  const availability = eligibleHosts / count;
  // locality_wrr.cc effectiveLocalityWeight: weight * min(1.0, (OPF / 100.0) * ratio).
  return weight * Math.min(1, (overprovisioningFactor / 100) * availability);
}

/** One locality of a priority, as the locality scheduler sees it. */
export interface LocalityCounts {
  /** EDS locality weight (0 or missing: never picked). */
  weight: number;
  /** Healthy hosts (healthy scheduler) or degraded hosts (degraded scheduler) of the locality. */
  eligible: number;
  /** All hosts of the locality, excluded ones included. */
  hosts: number;
  excluded?: number;
}

/** A built locality scheduler: `pick()` returns a locality index. Does not allocate per pick. */
export interface LocalityScheduler {
  /** Effective weight of each locality (0: never picked). */
  readonly effectiveWeights: Float64Array;
  pick(): number;
}

/**
 * Envoy's `LocalityWrr::rebuildLocalityScheduler`: returns null (no scheduler, the balancer falls
 * back to all eligible hosts of the priority) when there are no locality weights, no eligible host
 * in the priority, or every effective weight is 0; otherwise an EDF over the localities with
 * positive effective weight, started with `createWithPicks(seed)`.
 */
export function buildLocalityScheduler(
  localities: readonly LocalityCounts[],
  seed: number,
  overprovisioningFactor = DEFAULT_OVERPROVISIONING_FACTOR,
): LocalityScheduler | null {
  // locality_wrr.cc rebuildLocalityScheduler: needs locality weights and ≥1 eligible host in the priority.
  let eligibleTotal = 0;
  for (const l of localities) eligibleTotal += l.eligible;
  if (localities.length === 0 || eligibleTotal === 0) return null;
  const effective = new Float64Array(localities.length);
  const items: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < localities.length; i++) {
    const l = localities[i];
    effective[i] = effectiveLocalityWeight(l.weight, l.eligible, l.hosts, l.excluded ?? 0, overprovisioningFactor);
    // locality_wrr.cc rebuildLocalityScheduler: only localities with effective_weight > 0 get an entry.
    if (effective[i] > 0) {
      items.push(i);
      weights.push(effective[i]);
    }
  }
  if (items.length === 0) return null;
  const weightOf = (i: number): number => effective[i];
  // locality_wrr.cc rebuildLocalityScheduler: EdfScheduler::createWithPicks(entries, effective_weight, seed).
  const edf = EdfScheduler.createWithPicks(items, weights, seed, weightOf);
  return {
    effectiveWeights: effective,
    // locality_wrr.cc chooseLocality: pickAndAdd with the (constant) effective weight.
    pick: () => edf.pickAndAdd(weightOf),
  };
}
