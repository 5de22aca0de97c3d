/**
 * Effective locality weight, as Envoy's locality-weighted load balancing computes it.
 *
 * effective = weight * min(1, OPF/100 * eligible / (hosts - excluded)); 0 when the locality has no
 * (non-excluded) hosts or no weight. A locality whose hosts are half unhealthy keeps its full
 * weight with the default OPF 1.4 until fewer than ~71.4% are healthy.
 *
 * Source: envoy source/extensions/load_balancing_policies/common/locality_wrr.cc
 * (LocalityWrr::effectiveLocalityWeight); docs upstream/load_balancing/locality_weight.rst.
 */
import { DEFAULT_OVERPROVISIONING_FACTOR } from './priority-load.js';

export function effectiveLocalityWeight(
  weight: number,
  eligibleHosts: number,
  hosts: number,
  excludedHosts = 0,
  overprovisioningFactor = DEFAULT_OVERPROVISIONING_FACTOR,
): number {
  const count = hosts - excludedHosts;
  if (count <= 0 || !(weight > 0)) return 0;
  const availability = eligibleHosts / count;
  return weight * Math.min(1, (overprovisioningFactor / 100) * availability);
}
