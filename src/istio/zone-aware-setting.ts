/**
 * Istio 1.31's `zoneAwareLbSetting` (networking.istio.io ZoneAwareLoadBalancerSetting, on a
 * DestinationRule's `loadBalancer` and in MeshConfig): Envoy's zone-aware routing inside the
 * proxy's region, with the other regions as failover priorities.
 *
 * `ApplyZoneAwareLoadBalancer` (pilot/pkg/networking/core/loadbalancer/loadbalancer.go, reference
 * §1.11.7): optional `failoverPriority` tiers first; then region bucketing per group — the proxy's
 * region 0, the `to` region of the first `failover` rule whose `from` is the proxy's region 1,
 * other regions 2 — composed as `tier*3 + bucket` and compacted. Zones and subzones of the proxy's
 * region all stay in one priority, where Envoy's zone-aware routing balances them.
 *
 * Example (proxy region1/zone1/subzone1; groups in region1 ×5, region2, region3):
 *   no failover → 0,0,0,0,0,1,1; failover region1→region2 → 0,0,0,0,0,1,2.
 */
import { z } from 'zod';
import { REGION_LABEL, SUBZONE_LABEL, ZONE_LABEL } from '../topology/locality.js';
import { applyFailoverPriorities } from './locality-failover-priority.js';
import { compactPriorities } from './locality-failover.js';
import type { AppliedLocalitySetting, LocalityGroupInput, ProxyInfo, WorkGroup } from './locality-types.js';
import type { LocalityIssue, LocalityValidation } from './locality-validation.js';
import { BoolValue, UInt32Value } from './schema-common.js';

/** Istio API `ZoneAwareLoadBalancerSetting`, field names verbatim. */
export interface ZoneAwareLbSetting {
  /** `false` turns it off at this level (Istio 1.31: Envoy then gets routing_enabled 0%). */
  enabled?: boolean;
  /** Region failover for the lower tiers: from the proxy's region, `to` comes next. */
  failover?: { from: string; to: string }[];
  /** Label tiers applied before the region bucketing (no region/zone/subzone labels). */
  failoverPriority?: string[];
  /** Envoy `min_cluster_size` (default 6): fewer healthy P0 hosts ⇒ no zone routing. */
  minClusterSize?: number;
}

/** CRD schema of ZoneAwareLoadBalancerSetting (istio/api destination_rule.proto, 1.31). */
export const ZoneAwareLbSettingSchema = z.strictObject({
  enabled: BoolValue.optional(),
  failover: z.array(z.strictObject({ from: z.string().optional(), to: z.string().optional() })).optional(),
  failoverPriority: z.array(z.string()).optional(),
  minClusterSize: UInt32Value.optional(),
});

export type ZoneAwareLbSettingSpec = z.output<typeof ZoneAwareLbSettingSchema>;

/** The spec as the model: nulls read as unset, missing `from`/`to` as "". */
export function zoneAwareModel(s: ZoneAwareLbSettingSpec): ZoneAwareLbSetting {
  return {
    ...(s.enabled !== undefined && s.enabled !== null ? { enabled: s.enabled } : {}),
    ...(s.failover ? { failover: s.failover.map((f) => ({ from: f.from ?? '', to: f.to ?? '' })) } : {}),
    ...(s.failoverPriority ? { failoverPriority: s.failoverPriority } : {}),
    ...(s.minClusterSize !== undefined && s.minClusterSize !== null ? { minClusterSize: s.minClusterSize } : {}),
  };
}

const TOPOLOGY = [REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL];

/**
 * The API's rules for a ZoneAwareLoadBalancerSetting (destination_rule.proto comments, as the
 * locality failover rules of validation.go): `failoverPriority` must not name region, zone or
 * subzone labels ("region-, zone-, and subzone-level routing are all handled automatically");
 * each `failover` names two different plain regions.
 */
export function validateZoneAwareLbSetting(setting: ZoneAwareLbSetting): LocalityValidation {
  const errors: LocalityIssue[] = [];
  (setting.failoverPriority ?? []).forEach((label, i) => {
    const key = label.split('=')[0];
    if (TOPOLOGY.includes(key)) errors.push({ path: ['failoverPriority', i], message: `zoneAwareLbSetting.failoverPriority must not include the topology label '${key}': zone-aware routing handles region, zone and subzone itself` });
  });
  (setting.failover ?? []).forEach((f, i) => {
    if (f.from === f.to) errors.push({ path: ['failover', i], message: 'zone aware lb failover settings must specify different regions' });
    if (f.from.includes('/') || f.to.includes('/')) errors.push({ path: ['failover', i], message: 'zone aware lb failover only specify region' });
    if (f.from.includes('*') || f.to.includes('*')) errors.push({ path: ['failover', i], message: "zone aware lb failover region should not contain '*' wildcard" });
  });
  return { errors, warnings: [] };
}

/** loadbalancer.go ApplyZoneAwareLoadBalancer: the region bucket of one group (0, 1 or 2). */
export function regionBucket(proxyRegion: string, groupRegion: string, failover: readonly { from: string; to: string }[]): number {
  if (groupRegion === proxyRegion) return 0;
  // first rule whose `from` is the proxy's region, as applyLocalityFailover reads `failover`
  const rule = failover.find((f) => f.from === proxyRegion);
  return rule !== undefined && rule.to === groupRegion ? 1 : 2;
}

/** endpoint_builder.go refreshWeight: Σ endpoint weights; unset (nil) when the group is empty. */
function toWorkGroup(g: LocalityGroupInput): WorkGroup {
  const sum = g.endpoints.reduce((s, e) => s + e.weight, 0);
  return { locality: g.locality, weight: g.weight ?? (g.endpoints.length > 0 ? sum : null), priority: 0, endpoints: g.endpoints };
}

/**
 * loadbalancer.go ApplyZoneAwareLoadBalancer for one proxy and one cluster's endpoints. Failover is
 * always on for zone-aware clusters (the caller passes `enableFailover`, true in the translation);
 * the cluster is never locality-weighted (zone_aware_lb_config and locality_weighted_lb_config
 * are one `oneof`).
 */
export function applyZoneAwareSetting(
  proxy: ProxyInfo,
  groups: LocalityGroupInput[],
  setting: ZoneAwareLbSetting,
  opts: { enableFailover: boolean; networkPreferred?: boolean },
): AppliedLocalitySetting {
  let work = groups.map(toWorkGroup);
  if (opts.enableFailover) {
    const fp = setting.failoverPriority ?? [];
    if (fp.length > 0) work = applyFailoverPriorities(proxy.labels, work, fp, opts.networkPreferred ?? true);
    const failover = setting.failover ?? [];
    work = compactPriorities(work.map((g) => ({ ...g, priority: g.priority * 3 + regionBucket(proxy.locality.region, g.locality.region, failover) })));
  }
  return {
    groups: work.map((g) => ({ locality: g.locality, priority: g.priority, weight: g.weight ?? 0, endpoints: g.endpoints.map((e) => e.index) })),
    priorities: new Set(work.map((g) => g.priority)).size,
    localityWeighted: false,
  };
}
