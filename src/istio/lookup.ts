/**
 * Which DestinationRule and which VirtualService a caller's sidecar uses for a service.
 *
 * DestinationRule (pilot/pkg/model/push_context.go destinationRule):
 *   1. rules in the caller's namespace (visible there), most specific host first;
 *      a caller in the root namespace looks at the root namespace's private rules instead;
 *   2. else rules exported from the service's namespace; 3. else from the root namespace.
 * In each step the most specific host wins (exact, then the longest wildcard); if that rule is
 * not exported to the caller the step yields nothing (getExportedDestinationRuleFromNamespace).
 * Rules of one namespace with the same host are merged (destination_rule.go mergeDestinationRule):
 * subsets are concatenated (first name wins), the first top-level trafficPolicy and the first
 * non-empty exportTo are kept; earlier creation (meshsim: input order) comes first.
 *
 * VirtualService: those bound to `mesh` and visible from the caller's namespace, ordered as
 * push_context.go VirtualServicesForGateway lists them (private, exported to the namespace,
 * public; each by creation order). Envoy picks the virtual host by domain (exact before the
 * longest wildcard); for duplicate domains Istio keeps the first virtual host (httproute.go).
 *
 * Both lookups are made for every caller and service (a sidecar's whole config), so the rules
 * are indexed once per set of resources, as istiod indexes them per push (push_context.go
 * setDestinationRules: by namespace, exported or not; sidecarScope: VirtualServices per
 * namespace): a lookup is then a map read plus a scan of the wildcard hosts only.
 */
import type { LoadedDestinationRule } from './destination-rule.js';
import { isPrivateOnly, isVisible } from './export-to.js';
import { hostMatches, isWildcardHost, moreSpecific, mostSpecificMatch, namespaceOfServiceFqdn } from './hosts.js';
import type { IstioResources } from './istio-resources.js';
import type { LoadedVirtualService } from './virtual-service.js';

/** A DestinationRule as used: possibly the merge of several rules for the same host. */
export type EffectiveDestinationRule = LoadedDestinationRule & { mergedFrom?: LoadedDestinationRule[] };

/** destination_rule.go mergeDestinationRule over rules of one namespace with one host, in order. */
export function mergeDestinationRules(rules: readonly LoadedDestinationRule[]): EffectiveDestinationRule {
  const [first, ...rest] = rules;
  if (rest.length === 0) return first;
  const subsets = [...first.subsets];
  let trafficPolicy = first.trafficPolicy;
  let exportTo = first.exportTo;
  for (const r of rest) {
    // mergeDestinationRule: subsets with a new name are appended; duplicates are dropped
    for (const s of r.subsets) if (!subsets.some((x) => x.name === s.name)) subsets.push(s);
    // mergeDestinationRule: the first rule with a top-level traffic policy keeps it
    if (trafficPolicy === undefined) trafficPolicy = r.trafficPolicy;
    // mergeDestinationRule: exportTo of the first rule that has one
    if (exportTo.length === 0) exportTo = r.exportTo;
  }
  return { ...first, subsets, ...(trafficPolicy ? { trafficPolicy } : {}), exportTo, mergedFrom: [...rules] };
}

/**
 * The rules of one index (push_context.go: a namespace's rules, or its exported rules) by host, in
 * input order, for config.go MostSpecificHostMatch; the rules of one host are merged once.
 */
class RuleGroup {
  private readonly byHost = new Map<string, LoadedDestinationRule[]>();
  /** The wildcard hosts, in the order they first appear (MostSpecificHostMatch: first on a tie). */
  private readonly wildcards: string[] = [];
  private readonly merged = new Map<string, EffectiveDestinationRule>();

  add(rule: LoadedDestinationRule): void {
    const same = this.byHost.get(rule.host);
    if (same !== undefined) same.push(rule);
    else {
      this.byHost.set(rule.host, [rule]);
      if (isWildcardHost(rule.host)) this.wildcards.push(rule.host);
    }
  }

  /** config.go MostSpecificHostMatch: the exact host, else the most specific wildcard covering it. */
  mostSpecific(host: string): EffectiveDestinationRule | undefined {
    const h = this.byHost.has(host) ? host : this.wildcards[mostSpecificMatch(host, this.wildcards)];
    if (h === undefined) return undefined;
    let rule = this.merged.get(h);
    if (rule === undefined) this.merged.set(h, (rule = mergeDestinationRules(this.byHost.get(h)!)));
    return rule;
  }
}

/** push_context.go setDestinationRules: the rules of each namespace, as the lookup steps read them. */
interface DestinationRuleIndex {
  /** Step 1 for a caller in the namespace: its rules visible there. */
  local: Map<string, RuleGroup>;
  /** Step 1 for a caller in the root namespace: the root namespace's private rules. */
  rootPrivate: RuleGroup;
  /** Steps 3 and 4: a namespace's rules not private to it. */
  exported: Map<string, RuleGroup>;
}

function groupOf(map: Map<string, RuleGroup>, ns: string): RuleGroup {
  let g = map.get(ns);
  if (g === undefined) map.set(ns, (g = new RuleGroup()));
  return g;
}

function indexDestinationRules(resources: IstioResources): DestinationRuleIndex {
  const root = resources.rootNamespace;
  const index: DestinationRuleIndex = { local: new Map(), rootPrivate: new RuleGroup(), exported: new Map() };
  for (const d of [...resources.destinationRules].sort((a, b) => a.order - b.order)) {
    if (isVisible(d.exportTo, d.namespace, d.namespace)) groupOf(index.local, d.namespace).add(d);
    if (d.namespace === root && isPrivateOnly(d.exportTo, root)) index.rootPrivate.add(d);
    if (!isPrivateOnly(d.exportTo, d.namespace)) groupOf(index.exported, d.namespace).add(d);
  }
  return index;
}

/**
 * One index per set of resources, made on first use. Resources are not changed once loaded; if
 * their lists are replaced or grow, the index is made again.
 */
function cached<T>(cache: WeakMap<IstioResources, { key: readonly unknown[]; value: T }>, resources: IstioResources, key: readonly unknown[], make: () => T): T {
  const hit = cache.get(resources);
  if (hit !== undefined && hit.key.length === key.length && hit.key.every((k, i) => k === key[i])) return hit.value;
  const value = make();
  cache.set(resources, { key, value });
  return value;
}

const destinationRuleIndexes = new WeakMap<IstioResources, { key: readonly unknown[]; value: DestinationRuleIndex }>();

/**
 * The DestinationRule a sidecar in `callerNamespace` applies to `serviceFqdn`, or undefined.
 * `serviceNamespace` defaults to the namespace in a Kubernetes service FQDN, else the namespace
 * of a ServiceEntry declaring the host.
 */
export function findDestinationRule(
  resources: IstioResources,
  serviceFqdn: string,
  callerNamespace: string,
  serviceNamespace?: string,
): EffectiveDestinationRule | undefined {
  const root = resources.rootNamespace;
  const rules = resources.destinationRules;
  const index = cached(destinationRuleIndexes, resources, [rules, rules.length, root], () => indexDestinationRules(resources));
  // push_context.go destinationRule step 1: the caller's namespace (root: its private rules)
  const local = callerNamespace !== root ? index.local.get(callerNamespace) : index.rootPrivate;
  const hit = local?.mostSpecific(serviceFqdn);
  if (hit) return hit;
  // getExportedDestinationRuleFromNamespace: best match among exported rules, then the visibility check
  const exported = (ns: string) => {
    const best = index.exported.get(ns)?.mostSpecific(serviceFqdn);
    return best && isVisible(best.exportTo, ns, callerNamespace) ? best : undefined;
  };
  const svcNs =
    serviceNamespace ??
    namespaceOfServiceFqdn(serviceFqdn, resources.domainSuffix) ??
    resources.serviceEntries.find((se) => se.hosts.includes(serviceFqdn))?.namespace;
  // push_context.go destinationRule steps 3 and 4: the service's namespace, then the root namespace
  return (svcNs !== undefined ? exported(svcNs) : undefined) ?? exported(root);
}

/** VirtualServicesForGateway order for the mesh gateway: private, exported to the namespace, public. */
function visibleVirtualServices(resources: IstioResources, callerNamespace: string): LoadedVirtualService[] {
  const ordered = [...resources.virtualServices].filter((v) => v.appliesToMesh).sort((a, b) => a.order - b.order);
  const isPublic = (v: LoadedVirtualService) => v.exportTo.length === 0 || v.exportTo.includes('*');
  const privateHere = ordered.filter((v) => !isPublic(v) && v.namespace === callerNamespace && isVisible(v.exportTo, v.namespace, callerNamespace));
  const exportedHere = ordered.filter((v) => !isPublic(v) && v.namespace !== callerNamespace && isVisible(v.exportTo, v.namespace, callerNamespace));
  return [...privateHere, ...exportedHere, ...ordered.filter(isPublic)];
}

type VirtualHost = { virtualService: LoadedVirtualService; host: string };

/** The virtual hosts a sidecar in one namespace has, for Envoy's domain match. */
interface VirtualHosts {
  /** Each exact domain with the first VirtualService (in VirtualServicesForGateway order) listing it. */
  exact: Map<string, VirtualHost>;
  /** Every wildcard domain, in that order. */
  wildcards: VirtualHost[];
}

function virtualHosts(resources: IstioResources, callerNamespace: string): VirtualHosts {
  const out: VirtualHosts = { exact: new Map(), wildcards: [] };
  for (const vs of visibleVirtualServices(resources, callerNamespace)) {
    for (const host of vs.hosts) {
      if (isWildcardHost(host)) out.wildcards.push({ virtualService: vs, host });
      else if (!out.exact.has(host)) out.exact.set(host, { virtualService: vs, host });
    }
  }
  return out;
}

const virtualHostIndexes = new WeakMap<IstioResources, { key: readonly unknown[]; value: Map<string, VirtualHosts> }>();

/** The VirtualService whose host a sidecar in `callerNamespace` matches for `serviceFqdn`, and that host. */
export function findVirtualService(resources: IstioResources, serviceFqdn: string, callerNamespace: string): VirtualHost | undefined {
  const list = resources.virtualServices;
  const byNamespace = cached(virtualHostIndexes, resources, [list, list.length], () => new Map<string, VirtualHosts>());
  let hosts = byNamespace.get(callerNamespace);
  if (hosts === undefined) byNamespace.set(callerNamespace, (hosts = virtualHosts(resources, callerNamespace)));
  // Envoy virtual host selection: an exact domain (the first one listed), else the longest wildcard (the first on a tie)
  const exact = hosts.exact.get(serviceFqdn);
  if (exact !== undefined) return exact;
  let best: VirtualHost | undefined;
  for (const w of hosts.wildcards) if (hostMatches(w.host, serviceFqdn) && (best === undefined || moreSpecific(w.host, best.host))) best = w;
  return best;
}
