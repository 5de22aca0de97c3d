/**
 * Envoy's priority arithmetic: how much of the traffic each priority level receives.
 *
 * Health of a priority is its share of healthy hosts scaled by the overprovisioning factor (OPF,
 * percent, default 140) and capped at 100. Loads are handed out from P0 down, each priority taking
 * `health * 100 / normalizedTotalAvailability` of what is left; the rounding remainder goes to the
 * first priority with any health. A priority whose healthy+degraded share of hosts is below the
 * panic threshold is "in panic"; if every priority is, load follows raw host counts (total panic).
 * All divisions truncate, as Envoy's integer arithmetic does.
 *
 * Source: envoy source/extensions/load_balancing_policies/common/load_balancer_impl.cc
 * (LoadBalancerBase::recalculatePerPriorityState, distributeLoad, recalculatePerPriorityPanic,
 * isHostSetInPanic, recalculateLoadInTotalPanic, choosePriority); docs intro/arch_overview/upstream/
 * load_balancing/priority.rst and panic_threshold.rst.
 */

/** Envoy's default overprovisioning factor, in percent (ClusterLoadAssignment.Policy). */
export const DEFAULT_OVERPROVISIONING_FACTOR = 140;
/** Envoy's default healthy panic threshold, in percent (common_lb_config.healthy_panic_threshold). */
export const DEFAULT_PANIC_THRESHOLD = 50;

/** Host counts of one priority level. Excluded hosts (e.g. not yet warmed) count in `hosts`. */
export interface PriorityHostCounts {
  hosts: number;
  healthy: number;
  degraded: number;
  excluded: number;
  /** Sums of host weights, used only when weightedPriorityHealth is on. */
  healthyWeight?: number;
  degradedWeight?: number;
  totalWeight?: number;
  excludedWeight?: number;
}

export interface PriorityLoadOptions {
  /** Percent; default 140. */
  overprovisioningFactor?: number;
  /** Percent; default 50; 0 disables panic. */
  panicThreshold?: number;
  /** ClusterLoadAssignment.Policy.weighted_priority_health; default false. */
  weightedPriorityHealth?: boolean;
}

/** Percent of traffic per priority to its healthy and to its degraded hosts (Envoy HealthyAndDegradedLoad). */
export interface HealthyAndDegradedLoad {
  readonly healthy: readonly number[];
  readonly degraded: readonly number[];
}

export interface PriorityLoad {
  /** Percent of traffic to each priority's healthy hosts; with `degraded` it sums to 100. */
  healthy: number[];
  /** Percent of traffic to each priority's degraded hosts. */
  degraded: number[];
  /** Whether each priority is in panic (requests landing there use all its hosts). */
  panic: boolean[];
  /** Every priority is in panic: loads follow host counts. */
  totalPanic: boolean;
  /** Health of each priority (0..100) after the overprovisioning factor. */
  health: number[];
  degradedAvailability: number[];
  normalizedTotalAvailability: number;
}

/** Envoy's unsigned integer division `a / b` (truncating), exact for integers below 2^53. */
function idiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  // Math.floor(a / b) can round up when a / b lies just below an integer; correct it.
  if (q * b > a) q--;
  return q;
}

/** Health and degraded availability (0..100) of one priority. */
export function priorityAvailability(
  c: PriorityHostCounts,
  overprovisioningFactor = DEFAULT_OVERPROVISIONING_FACTOR,
  weightedPriorityHealth = false,
): { health: number; degraded: number } {
  // load_balancer_impl.cc recalculatePerPriorityState: host_count = hosts - excluded; 0 ⇒ health 0.
  const count = c.hosts - c.excluded;
  if (count <= 0) return { health: 0, degraded: 0 };
  let healthy: number;
  let degraded: number;
  let total: number;
  if (weightedPriorityHealth) {
    // load_balancer_impl.cc recalculatePerPriorityState: weighted_priority_health sums host weights
    // (total = Σ all - Σ excluded).
    healthy = c.healthyWeight ?? c.healthy;
    degraded = c.degradedWeight ?? c.degraded;
    total = (c.totalWeight ?? c.hosts) - (c.excludedWeight ?? c.excluded);
    if (total <= 0) return { health: 0, degraded: 0 };
  } else {
    healthy = c.healthy;
    degraded = c.degraded;
    total = count;
  }
  // load_balancer_impl.cc recalculatePerPriorityState: min(100, OPF * healthy_weight / total_weight), integer.
  return {
    health: Math.min(100, idiv(overprovisioningFactor * healthy, total)),
    degraded: Math.min(100, idiv(overprovisioningFactor * degraded, total)),
  };
}

/** Envoy's `distributeLoad`: fills `load` from P0 down; returns the first priority with availability, or -1. */
function distributeLoad(load: number[], availability: number[], totalLoad: number, nta: number): { first: number; left: number } {
  let first = -1;
  for (let i = 0; i < availability.length; i++) {
    if (first < 0 && availability[i] > 0) first = i;
    // load_balancer_impl.cc distributeLoad: load = min(total_load, availability * 100 / NTA), integer.
    load[i] = Math.min(totalLoad, idiv(availability[i] * 100, nta));
    totalLoad -= load[i];
  }
  return { first, left: totalLoad };
}

/** Whether a priority is in panic: (healthy% + degraded%) of non-excluded hosts below the threshold. */
export function isInPanic(c: PriorityHostCounts, panicThreshold: number): boolean {
  // load_balancer_impl.cc isHostSetInPanic: doubles, host counts (never weights), excluded hosts removed.
  const count = c.hosts - c.excluded;
  const healthyPercent = count === 0 ? 0 : (100 * c.healthy) / count;
  const degradedPercent = count === 0 ? 0 : (100 * c.degraded) / count;
  return healthyPercent + degradedPercent < panicThreshold;
}

/**
 * Computes the per-priority loads and panic flags for one cluster.
 *
 * Worked example (Envoy priority.rst): P0 with 10 hosts, 5 healthy; P1 with 10 hosts, all healthy.
 * health = [min(100, 140*5/10)=70, 100], NTA = min(100, 170) = 100,
 * healthy load = [70*100/100 = 70, min(30, 100) = 30]; P0 is at 50%, not below the 50% threshold.
 */
export function computePriorityLoad(levels: PriorityHostCounts[], options: PriorityLoadOptions = {}): PriorityLoad {
  const opf = options.overprovisioningFactor ?? DEFAULT_OVERPROVISIONING_FACTOR;
  // load_balancer_impl.cc recalculatePerPriorityPanic: threshold = min(100, healthy_panic_threshold),
  // an integer: PROTOBUF_PERCENT_TO_ROUNDED_INTEGER_OR_DEFAULT rounds the configured percent.
  const threshold = Math.min(100, Math.round(options.panicThreshold ?? DEFAULT_PANIC_THRESHOLD));
  const n = levels.length;
  const health = new Array<number>(n).fill(0);
  const degradedAvailability = new Array<number>(n).fill(0);
  const healthy = new Array<number>(n).fill(0);
  const degraded = new Array<number>(n).fill(0);
  const panic = new Array<boolean>(n).fill(false);
  if (n === 0) {
    return { healthy: [], degraded: [], panic: [], totalPanic: false, health, degradedAvailability, normalizedTotalAvailability: 0 };
  }
  for (let i = 0; i < n; i++) {
    const a = priorityAvailability(levels[i], opf, options.weightedPriorityHealth ?? false);
    health[i] = a.health;
    degradedAvailability[i] = a.degraded;
  }
  // load_balancer_impl.h calculateNormalizedTotalAvailability: min(100, Σ health + Σ degraded).
  const nta = Math.min(100, health.reduce((s, h) => s + h, 0) + degradedAvailability.reduce((s, d) => s + d, 0));

  // load_balancer_impl.cc recalculatePerPriorityState: NTA == 0 ⇒ leave the loads to the panic logic.
  if (nta > 0) {
    // load_balancer_impl.cc recalculatePerPriorityState: healthy first, degraded gets what is left.
    const h = distributeLoad(healthy, health, 100, nta);
    const d = distributeLoad(degraded, degradedAvailability, h.left, nta);
    // load_balancer_impl.cc recalculatePerPriorityState: remainder to the first healthy, else first degraded priority.
    if (d.left > 0) {
      if (h.first >= 0) healthy[h.first] += d.left;
      else degraded[d.first] += d.left;
    }
  }

  // load_balancer_impl.cc recalculatePerPriorityPanic: threshold 0 and NTA 0 ⇒ P0 gets 100, panic off.
  if (threshold === 0 && nta === 0) {
    // The loads must sum to 100; no host will be found (no healthy upstream). Envoy only writes
    // load[0] = 100 and keeps the other entries and panic flags from its previous state; meshsim,
    // being stateless here, zeroes them.
    healthy.fill(0);
    degraded.fill(0);
    healthy[0] = 100;
    return { healthy, degraded, panic, totalPanic: false, health, degradedAvailability, normalizedTotalAvailability: nta };
  }
  // load_balancer_impl.cc recalculatePerPriorityPanic: NTA == 100 ⇒ no priority is in panic.
  for (let i = 0; i < n; i++) panic[i] = nta === 100 ? false : isInPanic(levels[i], threshold);
  const totalPanic = panic.every((p) => p);
  if (totalPanic) {
    // recalculateLoadInTotalPanic: load by raw host counts (excluded hosts included).
    const totalHosts = levels.reduce((s, l) => s + l.hosts, 0);
    healthy.fill(0);
    degraded.fill(0);
    // load_balancer_impl.cc recalculateLoadInTotalPanic: no hosts at all ⇒ P0 gets 100.
    if (totalHosts === 0) {
      healthy[0] = 100;
    } else {
      let left = 100;
      let firstNonEmpty = -1;
      for (let i = 0; i < n; i++) {
        if (firstNonEmpty < 0 && levels[i].hosts > 0) firstNonEmpty = i;
        // load_balancer_impl.cc recalculateLoadInTotalPanic: 100 * |hosts(P)| / Σ|hosts| (excluded included).
        healthy[i] = idiv(100 * levels[i].hosts, totalHosts);
        left -= healthy[i];
      }
      healthy[firstNonEmpty] += left;
    }
  } else if (nta === 0) {
    // NTA 0 with nobody in panic (only possible with a tiny OPF, e.g. OPF 1 and 1 of 2 hosts healthy):
    // Envoy leaves every load at 0 and load_balancer_impl.cc choosePriority falls through its
    // IS_ENVOY_BUG("unexpected load error") to {P0, Healthy}; meshsim gives P0 the 100% instead.
    healthy[0] = 100;
  }
  return { healthy, degraded, panic, totalPanic, health, degradedAvailability, normalizedTotalAvailability: nta };
}

/**
 * Envoy's `choosePriority`: maps a random number to (priority, degraded?) by cumulative load.
 * `hash % 100 + 1` lies in 1..100; the first priority whose cumulative load reaches it wins.
 */
export function choosePriority(load: { healthy: ArrayLike<number>; degraded: ArrayLike<number> }, hash: number): { priority: number; degraded: boolean } {
  // load_balancer_impl.cc choosePriority: hash % 100 + 1, healthy loads first, then degraded loads.
  const h = (hash % 100) + 1;
  let acc = 0;
  for (let p = 0; p < load.healthy.length; p++) {
    acc += load.healthy[p];
    if (h <= acc) return { priority: p, degraded: false };
  }
  for (let p = 0; p < load.degraded.length; p++) {
    acc += load.degraded[p];
    if (h <= acc) return { priority: p, degraded: true };
  }
  throw new Error(`choosePriority: loads sum to ${acc}, not 100`);
}
