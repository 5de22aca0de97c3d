/**
 * Istio's locality load-balancing setting applied to one proxy and one cluster's endpoints, as pure
 * functions: `ApplyLocalityLoadBalancer` (pilot/pkg/networking/core/loadbalancer/loadbalancer.go)
 * and the surrounding decisions of `applyLocalityLoadBalancer`
 * (pilot/pkg/networking/core/cluster_traffic_policy.go).
 *
 * Order of rules (one of `distribute` or failover, never both):
 *   1. setting absent or `enabled: false` → nothing: every group at priority 0, weights unchanged;
 *   2. `distribute` set → locality weights only (locality-distribute.ts), regardless of outlier detection;
 *   3. else, only if failover is enabled (DR has outlierDetection, or forced):
 *      `failoverPriority` set → label tiers (locality-failover-priority.ts), then, if `failover` is
 *      also set, the region ladder composed as tier*5 + rank (locality-failover.ts);
 *      otherwise → the default region/zone/subzone ladder with optional `failover`.
 *
 * Example: proxy region1/zone1/subzone1, outlierDetection present, setting `{}`; groups in
 * region1/zone1/subzone1, region1/zone2, region2 → priorities 0, 1, 2 (raw 0, 2, 3 compacted).
 */
import { applyLocalityWeights } from './locality-distribute.js';
import { applyFailoverPriorities } from './locality-failover-priority.js';
import { applyLocalityFailover } from './locality-failover.js';
import type {
  AppliedLocalitySetting,
  ApplyLocalityOptions,
  LocalityGroupInput,
  LocalityLbSetting,
  PrioritizedGroup,
  ProxyInfo,
  WorkGroup,
} from './locality-types.js';

export * from './locality-types.js';
export { localityKey, localityMatch, lbPriority, parseLocality } from './locality-match.js';
export { validateLocalityLbSetting, validateLocalities } from './locality-validation.js';
export type { FieldPath, LocalityIssue, LocalityValidation } from './locality-validation.js';

const nonEmpty = <T>(xs: T[] | undefined): xs is T[] => xs !== undefined && xs.length > 0;

/** loadbalancer.go GetLocalityLbSetting: `enabled: false` resolves to no setting at all. */
function effective(setting: LocalityLbSetting | undefined): LocalityLbSetting | undefined {
  return setting?.enabled === false ? undefined : setting;
}

/**
 * cluster_traffic_policy.go applyLocalityLoadBalancer: `locality_weighted_lb_config` is emitted when
 * ENABLE_LOCALITY_WEIGHTED_LB_CONFIG, or failover is enabled and `failover`/`failoverPriority` is set,
 * or `distribute` is set.
 */
function isLocalityWeighted(setting: LocalityLbSetting | undefined, enableFailover: boolean, force: boolean): boolean {
  const s = effective(setting);
  return (
    force ||
    (enableFailover && (nonEmpty(s?.failover) || nonEmpty(s?.failoverPriority))) ||
    nonEmpty(s?.distribute)
  );
}

/**
 * Istio's decisions around a setting (reference §1.11.2, cluster_traffic_policy.go
 * applyLocalityLoadBalancer): failover is enabled when the DR has outlierDetection or it is forced
 * (Service trafficDistribution); `distribute` never needs it. `enableFailover` is Istio's flag as
 * computed, even when the setting is disabled (then nothing is applied anyway).
 */
export function localityBehaviour(
  setting: LocalityLbSetting | undefined,
  hasOutlierDetection: boolean,
  opts: { forceFailover?: boolean; forceLocalityWeighted?: boolean } = {},
): { enableFailover: boolean; localityWeighted: boolean } {
  // cluster_traffic_policy.go applyLocalityLoadBalancer: enableFailover := failover || c.OutlierDetection != nil.
  const enableFailover = (opts.forceFailover ?? false) || hasOutlierDetection;
  return { enableFailover, localityWeighted: isLocalityWeighted(setting, enableFailover, opts.forceLocalityWeighted ?? false) };
}

/** endpoint_builder.go refreshWeight: Σ endpoint weights; unset (nil) when the group is empty. */
function toWorkGroup(g: LocalityGroupInput): WorkGroup {
  const sum = g.endpoints.reduce((s, e) => s + e.weight, 0);
  const weight = g.weight ?? (g.endpoints.length > 0 ? sum : null);
  return { locality: g.locality, weight, priority: 0, endpoints: g.endpoints };
}

function toOutput(g: WorkGroup): PrioritizedGroup {
  // endpoint_builder.go refreshWeight: a nil LoadBalancingWeight reads as 0 (GetValue of nil).
  return { locality: g.locality, priority: g.priority, weight: g.weight ?? 0, endpoints: g.endpoints.map((e) => e.index) };
}

/** loadbalancer.go ApplyLocalityLoadBalancer: the rules in Istio's order (see module comment). */
function applyRules(proxy: ProxyInfo, groups: WorkGroup[], s: LocalityLbSetting, opts: ApplyLocalityOptions): WorkGroup[] {
  // loadbalancer.go ApplyLocalityLoadBalancer: distribute wins and ignores enableFailover.
  if (nonEmpty(s.distribute)) return applyLocalityWeights(proxy.locality, groups, s.distribute);
  // loadbalancer.go ApplyLocalityLoadBalancer: failover needs outlier detection (or force), else Envoy never fails over.
  if (!opts.enableFailover) return groups;
  const failover = s.failover ?? [];
  if (nonEmpty(s.failoverPriority)) {
    const networkPreferred = opts.networkPreferred ?? true;
    const tiered = applyFailoverPriorities(proxy.labels, groups, s.failoverPriority, networkPreferred);
    // loadbalancer.go ApplyLocalityLoadBalancer: with failoverPriority, the region ladder runs only if failover is set.
    return nonEmpty(failover) ? applyLocalityFailover(proxy.locality, tiered, failover) : tiered;
  }
  // loadbalancer.go ApplyLocalityLoadBalancer: default ladder, with the user's region failover if any.
  return applyLocalityFailover(proxy.locality, groups, failover);
}

/** Istio's ApplyLocalityLoadBalancer for one proxy and one cluster's endpoints. */
export function applyLocalitySetting(
  proxy: ProxyInfo,
  groups: LocalityGroupInput[],
  setting: LocalityLbSetting | undefined,
  opts: ApplyLocalityOptions,
): AppliedLocalitySetting {
  const s = effective(setting);
  const work = groups.map(toWorkGroup);
  const out = s === undefined ? work : applyRules(proxy, work, s, opts);
  return {
    groups: out.map(toOutput),
    priorities: new Set(out.map((g) => g.priority)).size,
    localityWeighted: isLocalityWeighted(setting, opts.enableFailover, opts.forceLocalityWeighted ?? false),
  };
}
