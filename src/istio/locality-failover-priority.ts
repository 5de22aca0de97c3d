/**
 * `failoverPriority`: rank endpoints by an ordered list of labels (Istio `applyFailoverPriorities`,
 * `applyFailoverPriorityPerLocality`, `priorityLabelOverrides`,
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go).
 *
 * With N labels, an endpoint matching the proxy on all N gets 0; one that first differs on label j
 * gets N - j. A label written `key=value` compares the endpoint with the literal value instead of
 * the proxy's. Network rule (istio/istio#60829): if labels[0] is exactly `topology.istio.io/network`
 * and the endpoint is on another network, it is ranked by the remaining labels and pushed below all
 * same-network endpoints (+N).
 *
 * Each locality group is split into one group per distinct priority (ascending), each with locality
 * weight Σ endpoint weights; then priorities are compacted across all groups.
 *
 * Example: labels [network, cluster], proxy {n1, c1}; endpoints {n1,c1} → 0, {n1,c2} → 1,
 * {n2,c1} → 2+0 = 2, {n2,c2} → 2+1 = 3 (without the network rule the last two would both be 2).
 */
import { compactPriorities } from './locality-failover.js';
import { NETWORK_LABEL } from '../topology/locality.js';
import type { EndpointInput, WorkGroup } from './locality-types.js';

/** Parsed failoverPriority list: label keys in order, plus `key=value` overrides. */
export interface PriorityLabels {
  keys: string[];
  overrides: Map<string, string>;
  /** labels[0] is exactly the network label (no `=value`): the #60829 network rule may apply. */
  networkFirst: boolean;
}

/**
 * loadbalancer.go priorityLabelOverrides: split each entry on '='; exactly two parts make an
 * override, keyed by label (a later override of the same key wins, for every entry with that key).
 */
export function parsePriorityLabels(failoverPriority: string[]): PriorityLabels {
  const keys: string[] = [];
  const overrides = new Map<string, string>();
  for (const entry of failoverPriority) {
    const parts = entry.split('=');
    keys.push(parts[0]);
    if (parts.length === 2) overrides.set(parts[0], parts[1]);
  }
  return { keys, overrides, networkFirst: failoverPriority[0] === NETWORK_LABEL };
}

/** loadbalancer.go applyFailoverPriorityPerLocality: the raw (uncompacted) priority of one endpoint. */
export function failoverPriorityOf(
  proxyLabels: Record<string, string>,
  endpointLabels: Record<string, string>,
  labels: PriorityLabels,
  networkPreferred: boolean,
): number {
  const n = labels.keys.length;
  let adjust = 0;
  for (let j = 0; j < n; j++) {
    const key = labels.keys[j];
    // loadbalancer.go priorityLabelOverrides: a `key=value` entry compares with the literal, else with the proxy's label.
    const want = labels.overrides.get(key) ?? proxyLabels[key] ?? '';
    if ((endpointLabels[key] ?? '') === want) continue;
    // loadbalancer.go applyFailoverPriorityPerLocality (istio/istio#60829): other network ⇒ rank by the rest, then +N.
    if (networkPreferred && j === 0 && labels.networkFirst) {
      adjust = n;
      continue;
    }
    // loadbalancer.go applyFailoverPriorityPerLocality: first mismatch at label j ⇒ N - j.
    return n - j + adjust;
  }
  return adjust;
}

/** loadbalancer.go applyFailoverPriorityPerLocality: split one group by endpoint priority. */
function splitGroup(
  group: WorkGroup,
  proxyLabels: Record<string, string>,
  labels: PriorityLabels,
  networkPreferred: boolean,
): WorkGroup[] {
  const byPriority = new Map<number, EndpointInput[]>();
  for (const ep of group.endpoints) {
    const p = failoverPriorityOf(proxyLabels, ep.labels, labels, networkPreferred);
    byPriority.set(p, [...(byPriority.get(p) ?? []), ep]);
  }
  // loadbalancer.go applyFailoverPriorityPerLocality: parts in ascending priority; weight reset to Σ endpoint weights.
  return [...byPriority.keys()]
    .sort((a, b) => a - b)
    .map((p) => {
      const endpoints = byPriority.get(p) ?? [];
      const weight = endpoints.reduce((s, e) => s + e.weight, 0);
      return { locality: group.locality, weight, priority: p, endpoints };
    });
}

/** loadbalancer.go applyFailoverPriorities: split every group, then compact priorities globally. */
export function applyFailoverPriorities(
  proxyLabels: Record<string, string>,
  groups: WorkGroup[],
  failoverPriority: string[],
  networkPreferred: boolean,
): WorkGroup[] {
  // loadbalancer.go applyFailoverPriorities: no-op when the proxy has no labels (or there are no endpoints).
  if (Object.keys(proxyLabels).length === 0 || groups.length === 0) return groups;
  const labels = parsePriorityLabels(failoverPriority);
  // loadbalancer.go applyFailoverPriorityPerLocality: a group with no endpoints yields no group at all.
  const split = groups.flatMap((g) => splitGroup(g, proxyLabels, labels, networkPreferred));
  return compactPriorities(split);
}
