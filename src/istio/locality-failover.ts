/**
 * Default locality failover ladder and region `failover` (Istio `applyLocalityFailover`,
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go), and priority compaction.
 *
 * Per group, compared with the proxy's locality (`util.LbPriority`): 0 same region/zone/subzone,
 * 1 same region/zone, 2 same region, 3 other region. If the first `failover` entry whose `from` is
 * the proxy's region exists, other regions except its `to` become 4. The result is composed with a
 * priority already assigned by `failoverPriority` as `previous*5 + p`, then compacted.
 *
 * Example (proxy region1/zone1/subzone1, failover region1→region2):
 *   region1/zone1/subzone1 → 0, region1/zone1/subzone2 → 1, region1/zone2 → 2, region2 → 3, region3 → 4;
 *   with only region1/zone1/subzone2 and region2 present the priorities compact to 0 and 1.
 */
import { lbPriority } from './locality-match.js';
import type { Locality, LocalityLbSetting, WorkGroup } from './locality-types.js';

type FailoverRule = NonNullable<LocalityLbSetting['failover']>[number];

/** loadbalancer.go applyLocalityFailover: the 0..4 ladder for one group. */
export function failoverRank(proxy: Locality, group: Locality, failover: FailoverRule[]): number {
  const p = lbPriority(proxy, group);
  if (p !== 3) return p;
  // loadbalancer.go applyLocalityFailover: only the first entry with from == proxy region counts (then break).
  const rule = failover.find((f) => f.from === proxy.region);
  if (rule !== undefined && group.region !== rule.to) return 4;
  return 3;
}

/** loadbalancer.go applyLocalityFailover: priority = previous*5 + rank, then compacted. */
export function applyLocalityFailover(
  proxy: Locality,
  groups: WorkGroup[],
  failover: FailoverRule[],
): WorkGroup[] {
  const ranked = groups.map((g) => ({
    ...g,
    // loadbalancer.go applyLocalityFailover: at most 5 ranks (0-4), so a failoverPriority tier is kept by ×5.
    priority: g.priority * 5 + failoverRank(proxy, g.locality, failover),
  }));
  return compactPriorities(ranked);
}

/**
 * loadbalancer.go applyLocalityFailover / applyFailoverPriorities: renumber the distinct priorities
 * in ascending order to 0..N-1 (Envoy requires priorities without gaps).
 */
export function compactPriorities(groups: WorkGroup[]): WorkGroup[] {
  const distinct = [...new Set(groups.map((g) => g.priority))].sort((a, b) => a - b);
  const rank = new Map(distinct.map((p, i) => [p, i]));
  return groups.map((g) => ({ ...g, priority: rank.get(g.priority) ?? 0 }));
}
