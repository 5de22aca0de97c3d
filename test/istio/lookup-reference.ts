/**
 * The DestinationRule and VirtualService lookups as they were before they were indexed (one scan
 * of every rule per lookup): the reference the indexed lookups of src/istio/lookup.ts are
 * compared with (lookup-index.property.test.ts). Kept verbatim; not used by meshsim.
 */
import type { LoadedDestinationRule } from '../../src/istio/destination-rule.js';
import { isPrivateOnly, isVisible } from '../../src/istio/export-to.js';
import { hostMatches, isWildcardHost, moreSpecific, mostSpecificMatch, namespaceOfServiceFqdn } from '../../src/istio/hosts.js';
import type { IstioResources } from '../../src/istio/istio-resources.js';
import { mergeDestinationRules, type EffectiveDestinationRule } from '../../src/istio/lookup.js';
import type { LoadedVirtualService } from '../../src/istio/virtual-service.js';

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
export function referenceFindDestinationRule(
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
export function referenceFindVirtualService(
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
