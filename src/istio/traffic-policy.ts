/**
 * The traffic policy a call gets from a DestinationRule for a subset and a port, as Istio merges
 * it (pilot/pkg/networking/util/util.go MergeSubsetTrafficPolicy):
 *
 *   1. the top-level policy, or — if it has port-level settings for the port — that port-level
 *      policy *instead* (GetPortLevelTrafficPolicy: nothing is inherited from the top level);
 *   2. the subset's policy the same way (its own port-level settings replace its top level);
 *   3. subset over destination, object by object: a subset `loadBalancer`, `connectionPool`,
 *      `outlierDetection` (or `tls`) replaces the whole object; when the subset policy came from
 *      a port-level entry, all four are taken from it, even the absent ones.
 *
 * Example: top `{outlierDetection: od, loadBalancer: {simple: RANDOM}}`, subset v2
 * `{loadBalancer: {simple: ROUND_ROBIN}}` → v2 gets ROUND_ROBIN and `od`; port 9080 with a
 * top-level port entry `{connectionPool: cp}` → `cp` only (no outlier detection, default LB).
 */
import type { LoadedDestinationRule } from './destination-rule.js';
import type { LocalityLbSetting } from './locality-setting.js';
import type { ZoneAwareLbSetting } from './zone-aware-setting.js';
import type { IstioOutlierDetection, ConnectionPoolModel, PolicyLevel, SimpleLb, TrafficPolicyModel } from './traffic-policy-model.js';

export interface EffectiveTrafficPolicy {
  /** `loadBalancer.simple` (LEAST_CONN already mapped to LEAST_REQUEST); absent ⇒ Istio's default LEAST_REQUEST. */
  simple?: SimpleLb;
  localityLbSetting?: LocalityLbSetting;
  /** Istio 1.31 `zoneAwareLbSetting` (reference §1.11.7). */
  zoneAwareLbSetting?: ZoneAwareLbSetting;
  /** Present ⇔ the merged policy has `outlierDetection` (then Envoy runs a detector). */
  outlierDetection?: IstioOutlierDetection;
  connectionPool?: ConnectionPoolModel;
  warmupDurationMs?: number;
}

/** util.go GetPortLevelTrafficPolicy: the port's entry replaces the whole policy, if there is one. */
function portLevel(tp: TrafficPolicyModel | undefined, port: number | undefined): { policy: PolicyLevel | undefined; hasPortLevel: boolean } {
  if (tp === undefined || port === undefined) return { policy: tp, hasPortLevel: false };
  const entry = tp.portLevelSettings.find((p) => p.port === port);
  return entry ? { policy: entry.policy, hasPortLevel: true } : { policy: tp, hasPortLevel: false };
}

const KEYS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'hasTls'] as const;

/** util.go MergeSubsetTrafficPolicy (with ShallowCopyTrafficPolicy and mergeTrafficPolicy). */
export function mergedPolicyLevel(dr: LoadedDestinationRule | undefined, subset?: string, port?: number): PolicyLevel | undefined {
  if (dr === undefined) return undefined;
  const original = portLevel(dr.trafficPolicy, port).policy;
  const subsetPolicy = subset === undefined ? undefined : dr.subsets.find((s) => s.name === subset)?.trafficPolicy;
  if (subsetPolicy === undefined) return original;
  const { policy: sp, hasPortLevel } = portLevel(subsetPolicy, port);
  if (original === undefined) return sp;
  const merged: PolicyLevel = {};
  for (const k of KEYS) {
    const v = sp?.[k] !== undefined || hasPortLevel ? sp?.[k] : original[k];
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  return merged;
}

/** The simulated traffic policy of a call to `subset` (optional) on `port` (optional). */
export function resolveTrafficPolicy(dr: LoadedDestinationRule | undefined, subset?: string, port?: number): EffectiveTrafficPolicy {
  const p = mergedPolicyLevel(dr, subset, port);
  const out: EffectiveTrafficPolicy = {};
  const lb = p?.loadBalancer;
  if (lb?.simple !== undefined) out.simple = lb.simple;
  if (lb?.localityLbSetting !== undefined) out.localityLbSetting = lb.localityLbSetting;
  if (lb?.zoneAwareLbSetting !== undefined) out.zoneAwareLbSetting = lb.zoneAwareLbSetting;
  if (lb?.warmupDurationMs !== undefined) out.warmupDurationMs = lb.warmupDurationMs;
  if (p?.outlierDetection !== undefined) out.outlierDetection = p.outlierDetection;
  if (p?.connectionPool !== undefined) out.connectionPool = p.connectionPool;
  return out;
}

/**
 * The endpoint labels a subset selects (every label must match), or undefined when the rule
 * does not define the subset. An empty object selects every endpoint.
 */
export function subsetLabels(dr: LoadedDestinationRule | undefined, subset: string): Record<string, string> | undefined {
  return dr?.subsets.find((s) => s.name === subset)?.labels;
}

/** Does an endpoint with `labels` belong to the subset (labels.Instance.SubsetOf)? */
export function endpointInSubset(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
