/**
 * Checks across resources, run once everything is loaded: duplicate resource names, merged
 * DestinationRules (what Istio drops when merging), and VirtualService subsets that no
 * DestinationRule defines (istioctl analyze, virtualservice/destinationrules.go).
 */
import type { Diagnostics, FieldPath } from '../model/diagnostics.js';
import type { LoadedDestinationRule } from './destination-rule.js';
import type { ResourceMeta } from './envelope.js';
import { hostMatches, isWildcardHost, resolveConfigHost } from './hosts.js';
import type { IstioResources } from './istio-resources.js';

type Located = ResourceMeta & { kind: string };

function at(diags: Diagnostics, r: Located, path: FieldPath, message: string, severity: 'error' | 'warning', code?: string): void {
  diags.add(severity, r.file, r.locate, [...r.prefix, ...path], message, code !== undefined ? { code } : {});
}

function where(r: Located): string {
  const pos = r.locate([...r.prefix, 'metadata', 'name']);
  return pos ? `${r.file}:${pos.line}` : r.file;
}

/** Two resources of one kind, namespace and name: kubectl apply would let the last overwrite the first. */
function duplicateNames(all: readonly Located[], diags: Diagnostics): void {
  const seen = new Map<string, Located>();
  for (const r of all) {
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    const first = seen.get(key);
    if (first) at(diags, r, ['metadata', 'name'], `duplicate ${r.kind} ${r.namespace}/${r.name} (first defined at ${where(first)})`, 'error');
    else seen.set(key, r);
  }
}

/** destination_rule.go mergeDestinationRule: what a later rule for the same host loses. */
function mergedRules(rules: readonly LoadedDestinationRule[], diags: Diagnostics): void {
  const groups = new Map<string, LoadedDestinationRule[]>();
  for (const r of rules) groups.set(`${r.namespace} ${r.host}`, [...(groups.get(`${r.namespace} ${r.host}`) ?? []), r]);
  for (const group of groups.values()) {
    const [first, ...rest] = group;
    let policyFrom = first.trafficPolicy ? first : undefined;
    const names = new Set(first.subsets.map((s) => s.name));
    for (const r of rest) {
      const note = `merged with ${first.namespace}/${first.name} (same host ${r.host})`;
      // mergeDestinationRule: the first top-level traffic policy is kept
      if (r.trafficPolicy && policyFrom) at(diags, r, ['spec', 'trafficPolicy'], `ignored: ${note}, Istio keeps the top-level trafficPolicy of ${policyFrom.namespace}/${policyFrom.name}`, 'warning', 'MS0110');
      else if (r.trafficPolicy) policyFrom = r;
      for (const s of r.subsets) {
        // mergeDestinationRule: a duplicate subset name is dropped (metric DuplicatedSubsets)
        if (names.has(s.name)) at(diags, r, ['spec', 'subsets', s.index, 'name'], `ignored: ${note}, subset "${s.name}" is already defined`, 'warning', 'MS0110');
        names.add(s.name);
      }
    }
  }
}

/** analyzers/virtualservice/destinationrules.go: every destination subset is defined by some DestinationRule. */
function undefinedSubsets(res: IstioResources, diags: Diagnostics): void {
  // The subsets defined for each exact host, and the rules with a wildcard host (few): a lookup
  // per destination instead of a scan of every rule.
  const exact = new Set<string>();
  const wildcards = res.destinationRules.filter((dr) => isWildcardHost(dr.host));
  for (const dr of res.destinationRules) if (!isWildcardHost(dr.host)) for (const s of dr.subsets) exact.add(`${dr.host}\u0000${s.name}`);
  for (const vs of res.virtualServices) {
    for (const kind of ['http', 'tcp', 'tls'] as const) {
      (vs.spec[kind] ?? []).forEach((route, i) => {
        (route.route ?? []).forEach((d, j) => {
          const subset = d.destination.subset;
          if (!subset) return;
          const host = resolveConfigHost(d.destination.host, vs.namespace, res.domainSuffix);
          // The analyzer compares exact hosts; meshsim also accepts a wildcard rule, which Istio applies at runtime.
          const defined = exact.has(`${host}\u0000${subset}`) || wildcards.some((dr) => hostMatches(dr.host, host) && dr.subsets.some((s) => s.name === subset));
          if (!defined) {
            // IST0101 ReferencedResourceNotFound, reftype "host+subset in destinationrule" (destinationrules.go @ c95eb2bf0344b847cef6b792dc816fb8ce8cef64)
            at(diags, vs, ['spec', kind, i, 'route', j, 'destination', 'subset'], `subset "${subset}" of host ${host} is not defined by any DestinationRule (Referenced host+subset in destinationrule not found: "${d.destination.host}+${subset}"; Envoy would answer 503)`, 'error', 'IST0101');
          }
        });
      });
    }
  }
}

export function crossCheck(res: IstioResources, diags: Diagnostics): void {
  duplicateNames([...res.destinationRules, ...res.virtualServices, ...res.serviceEntries], diags);
  mergedRules(res.destinationRules, diags);
  undefinedSubsets(res, diags);
}
