/**
 * Envoy's zone-aware routing as pure functions: which locality of priority 0 a request goes to,
 * given how the calling service's own hosts (the *local cluster*) and the upstream's healthy hosts
 * are spread over localities. The aim is to keep as much traffic as possible in the caller's
 * locality while every upstream host still gets about the same request rate.
 *
 *   local%(L)    = 10000 * local_healthy(L) / Σ local_healthy      (basis points, by locality name)
 *   upstream%(L) = 10000 * upstream_healthy(L) / Σ upstream_healthy (by P0 locality index)
 *   own locality has upstream% > 0 and upstream% >= local%  →  LocalityDirect: all to own locality
 *   else LocalityResidual: own locality with probability upstream%(own) / local%(own); the rest to
 *   the other localities in proportion to their spare capacity max(0, upstream% - local%).
 *
 * Example (Envoy's ZoneAwareDifferentZoneSize): local cluster B:1, A:1 (we are in B); upstream
 * B:1, A:1, C:1 → local% 5000/5000, upstream% 3333 each; residual; 3333*10000/5000 = 6666 of
 * 10000 requests stay in B; the others go to C (the only locality with spare capacity: 3333-0).
 *
 * Localities are indexed in Envoy's order (HostsPerLocality): the local locality first when the
 * upstream has hosts there, then the others sorted by region, zone, subzone (`envoyLocalityOrder`).
 *
 * Source: envoy source/extensions/load_balancing_policies/common/load_balancer_impl.cc @ e01a970ac688
 * (ZoneAwareLoadBalancerBase::earlyExitNonLocalityRouting, regenerateLocalityRoutingStructures,
 * calculateLocalityPercentages, tryChooseLocalLocalityHosts, hostSourceToUse);
 * source/common/upstream/upstream_impl.cc (PriorityStateManager: local locality first, then
 * LocalityLess order); docs intro/arch_overview/upstream/load_balancing/zone_aware.rst.
 */

/** Envoy `zone_aware_lb_config` defaults (ZoneAwareLoadBalancerBase constructor). */
export const DEFAULT_MIN_CLUSTER_SIZE = 6;
export const DEFAULT_ROUTING_ENABLED = 100;

/** One locality of the local cluster (the calling service's own Envoys). */
export interface LocalClusterLocality {
  /** `region/zone/subzone`, as in LocalityBucket.locality. */
  locality: string;
  hosts: number;
  healthy: number;
}

/**
 * What a load balancer needs for zone-aware routing: Envoy's `local_cluster` as seen by this
 * proxy, and the cluster's `zone_aware_lb_config`. Absent on a snapshot ⇒ no local cluster (Envoy's
 * `local_priority_set_` is null): zone-aware routing never happens.
 */
export interface ZoneAwareConfig {
  /** The calling proxy's own locality (Envoy's local_info locality). */
  localLocality: string;
  /** The local cluster's hosts per locality (its own order does not matter). */
  localCluster: readonly LocalClusterLocality[];
  /** `min_cluster_size`: fewer healthy P0 hosts ⇒ no zone routing (default 6). */
  minClusterSize: number;
  /** `routing_enabled`, percent of requests zone routing applies to (default 100; 0 ⇒ off). */
  routingEnabled: number;
  /** `fail_traffic_on_panic` (Istio never sets it). */
  failTrafficOnPanic: boolean;
}

export const NO_LOCALITY_ROUTING = 0;
export const LOCALITY_DIRECT = 1;
export const LOCALITY_RESIDUAL = 2;
export type LocalityRoutingState = typeof NO_LOCALITY_ROUTING | typeof LOCALITY_DIRECT | typeof LOCALITY_RESIDUAL;

/** Envoy's PerPriorityState for P0: the latched routing mode and its numbers. */
export interface ZoneRouting {
  state: LocalityRoutingState;
  /** Basis points (of 10000) of requests kept in the local locality in residual mode. */
  localPercentToRoute: number;
  /** Cumulative spare capacity per upstream locality (Envoy order); last entry is the total. */
  residualCapacity: number[];
  /** Why routing is off (for tests and diagnostics); '' when it is on. */
  reason: '' | 'upstream-localities' | 'local-localities' | 'local-cluster-not-ok' | 'cluster-too-small';
}

/** Envoy's LocalityLess: region, then zone, then subzone (std::tie string comparison). */
export function compareLocality(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * upstream_impl.cc PriorityStateManager::updateClusterPrioritySet: the indexes of `localities` in
 * Envoy's order — the local locality first if present, then the others by LocalityLess.
 */
export function envoyLocalityOrder(localities: readonly string[], local: string): number[] {
  const idx = localities.map((_, i) => i);
  const first = idx.filter((i) => compareLocality(localities[i], local) === 0);
  const rest = idx.filter((i) => compareLocality(localities[i], local) !== 0).sort((a, b) => compareLocality(localities[a], localities[b]) || a - b);
  return [...first, ...rest];
}

/** The upstream's P0, in Envoy order: each locality's name and healthy host count. */
export interface UpstreamP0 {
  localities: readonly string[];
  healthy: ArrayLike<number>;
  /** The first entry is the local locality (Envoy's HostsPerLocality::hasLocalLocality). */
  hasLocalLocality: boolean;
}

/**
 * load_balancer_impl.cc calculateLocalityPercentages: per upstream locality (Envoy order), its
 * share of the local cluster's and of the upstream's healthy hosts, in basis points (truncated).
 */
export function calculateLocalityPercentages(local: readonly LocalClusterLocality[], upstream: UpstreamP0): { local: number; upstream: number }[] {
  let totalLocal = 0;
  const localCounts = new Map<string, number>();
  for (const l of local) {
    totalLocal += l.healthy;
    // calculateLocalityPercentages: a locality with no healthy local host counts as 0.
    if (l.healthy > 0) localCounts.set(l.locality, (localCounts.get(l.locality) ?? 0) + l.healthy);
  }
  let totalUpstream = 0;
  for (let i = 0; i < upstream.localities.length; i++) totalUpstream += upstream.healthy[i];
  return upstream.localities.map((loc, i) => {
    const n = upstream.healthy[i];
    // calculateLocalityPercentages: an empty upstream locality is {0, 0} whatever the local count.
    if (n === 0) return { local: 0, upstream: 0 };
    const l = localCounts.get(loc) ?? 0;
    return {
      local: totalLocal > 0 ? Math.floor((10000 * l) / totalLocal) : 0,
      upstream: totalUpstream > 0 ? Math.floor((10000 * n) / totalUpstream) : 0,
    };
  });
}

/** load_balancer_impl.cc earlyExitNonLocalityRouting: the reason zone routing cannot run, or ''. */
export function earlyExitReason(z: ZoneAwareConfig, upstream: UpstreamP0, healthyP0: number): ZoneRouting['reason'] {
  // "upstream P0 has fewer than 2 localities" (healthyHostsPerLocality keeps empty localities)
  if (upstream.localities.length < 2) return 'upstream-localities';
  // the local cluster's hostsPerLocality: localities that have hosts at all
  const localLocalities = z.localCluster.filter((l) => l.hosts > 0);
  if (localLocalities.length < 2) return 'local-localities';
  // no local host in our own locality: the local cluster is misconfigured (lb_local_cluster_not_ok)
  if (!localLocalities.some((l) => compareLocality(l.locality, z.localLocality) === 0)) return 'local-cluster-not-ok';
  // small clusters (lb_zone_cluster_too_small)
  if (healthyP0 < z.minClusterSize) return 'cluster-too-small';
  return '';
}

/**
 * load_balancer_impl.cc regenerateLocalityRoutingStructures: the routing mode of P0 and, in
 * residual mode, the share kept local and the cumulative spare capacity per locality.
 */
export function zoneRouting(z: ZoneAwareConfig, upstream: UpstreamP0): ZoneRouting {
  let healthyP0 = 0;
  for (let i = 0; i < upstream.localities.length; i++) healthyP0 += upstream.healthy[i];
  const reason = earlyExitReason(z, upstream, healthyP0);
  if (reason !== '') return { state: NO_LOCALITY_ROUTING, localPercentToRoute: 0, residualCapacity: [], reason };
  const pct = calculateLocalityPercentages(z.localCluster, upstream);
  const own = pct[0];
  if (upstream.hasLocalLocality && own.upstream > 0 && own.upstream >= own.local) {
    return { state: LOCALITY_DIRECT, localPercentToRoute: 0, residualCapacity: [], reason: '' };
  }
  const localPercentToRoute = upstream.hasLocalLocality && own.local > 0 ? Math.floor((own.upstream * 10000) / own.local) : 0;
  const residualCapacity: number[] = [];
  let acc = 0;
  pct.forEach((p, i) => {
    // The local locality already got what it could; others only where upstream% > local%.
    if (!(i === 0 && upstream.hasLocalLocality) && p.upstream > p.local) acc += p.upstream - p.local;
    residualCapacity.push(acc);
  });
  return { state: LOCALITY_RESIDUAL, localPercentToRoute, residualCapacity, reason: '' };
}

/** Envoy's per-pick zone-routing stats (ClusterLbStats lb_zone_*). */
export interface ZonePickStats {
  allDirectly: number;
  sampled: number;
  crossZone: number;
  noCapacityLeft: number;
}

/**
 * load_balancer_impl.cc tryChooseLocalLocalityHosts: the P0 locality (Envoy order) for one
 * request. Draws, in Envoy's order: none in direct mode; in residual mode one `% 10000` draw, and
 * for cross-zone traffic one more (`% total spare capacity`, or `% localities` when none is left).
 */
export function tryChooseLocalLocalityHosts(r: ZoneRouting, localities: number, random: () => number, stats?: ZonePickStats): number {
  if (r.state === LOCALITY_DIRECT) {
    if (stats) stats.allDirectly++;
    return 0;
  }
  if (random() % 10000 < r.localPercentToRoute) {
    if (stats) stats.sampled++;
    return 0;
  }
  if (stats) stats.crossZone++;
  const total = r.residualCapacity[localities - 1];
  // "extremely unlikely but possible due to rounding errors": pick any locality (lb_zone_no_capacity_left)
  if (total === 0) {
    if (stats) stats.noCapacityLeft++;
    return random() % localities;
  }
  const threshold = random() % total;
  let i = 0;
  while (threshold >= r.residualCapacity[i]) i++;
  return i;
}

/**
 * load_balancer_impl.cc isHostSetInPanic applied to the local cluster: its healthy share (percent,
 * of all its hosts) is below the cluster's panic threshold; no host at all counts as 0%.
 */
export function localClusterInPanic(local: readonly LocalClusterLocality[], panicThreshold: number): boolean {
  let hosts = 0;
  let healthy = 0;
  for (const l of local) {
    hosts += l.hosts;
    healthy += l.healthy;
  }
  const pct = hosts === 0 ? 0 : (100 * healthy) / hosts;
  return pct < Math.min(100, panicThreshold);
}
