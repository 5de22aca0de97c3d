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

/** config.go MostSpecificHostMatch over the (merged) rules of one index. */
function mostSpecific(host: string, rules: readonly LoadedDestinationRule[]): EffectiveDestinationRule | undefined {
  const byHost = new Map<string, LoadedDestinationRule[]>();
  for (const r of rules) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
  const hosts = [...byHost.keys()];
  const i = mostSpecificMatch(host, hosts);
  return i < 0 ? undefined : mergeDestinationRules(byHost.get(hosts[i]) ?? []);
}

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
  const all = [...resources.destinationRules].sort((a, b) => a.order - b.order);
  // push_context.go destinationRule step 1: the caller's namespace (root: its private rules)
  const local =
    callerNamespace !== root
      ? all.filter((d) => d.namespace === callerNamespace && isVisible(d.exportTo, d.namespace, callerNamespace))
      : all.filter((d) => d.namespace === root && isPrivateOnly(d.exportTo, root));
  const hit = mostSpecific(serviceFqdn, local);
  if (hit) return hit;
  // getExportedDestinationRuleFromNamespace: best match among exported rules, then the visibility check
  const exported = (ns: string) => {
    const best = mostSpecific(serviceFqdn, all.filter((d) => d.namespace === ns && !isPrivateOnly(d.exportTo, ns)));
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

/** The VirtualService whose host a sidecar in `callerNamespace` matches for `serviceFqdn`, and that host. */
export function findVirtualService(
  resources: IstioResources,
  serviceFqdn: string,
  callerNamespace: string,
): { virtualService: LoadedVirtualService; host: string } | undefined {
  let best: { virtualService: LoadedVirtualService; host: string } | undefined;
  for (const vs of visibleVirtualServices(resources, callerNamespace)) {
    for (const h of vs.hosts) {
      if (!hostMatches(h, serviceFqdn)) continue;
      // Envoy virtual host selection: exact domain, then the longest wildcard; the first one listed on a tie
      if (best === undefined || moreSpecific(h, best.host)) best = { virtualService: vs, host: h };
    }
    if (best !== undefined && !isWildcardHost(best.host)) return best;
  }
  return best;
}
