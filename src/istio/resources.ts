/**
 * Istio resources as users write them (DestinationRule, VirtualService, ServiceEntry in
 * networking.istio.io v1, v1beta1 or v1alpha3, verbatim YAML, several per file), read and
 * validated the way a cluster would: the CRD schema first (unknown fields are errors), then
 * Istio's validating webhook (pkg/config/validation), then the cross-resource checks of
 * `istioctl analyze`. Fields meshsim does not simulate are warnings naming the field.
 *
 * Then, for a call: which DestinationRule and VirtualService apply (lookup.ts), the merged
 * traffic policy (traffic-policy.ts) and the route (route.ts). No I/O here: the caller reads
 * files and passes SourceDocuments (model/yaml-source.ts).
 *
 * Example:
 *   const docs = parseYamlDocuments(text, 'helloworld.yaml', diags);
 *   const res = loadIstioResources(docs, diags, { defaultNamespace: 'sample' });
 *   const route = resolveRoute(res, 'helloworld.sample.svc.cluster.local', 'sample');
 *   const dr = findDestinationRule(res, route.destinations[0].host, 'sample');
 *   const policy = resolveTrafficPolicy(dr, route.destinations[0].subset, 5000);
 */
import type { Diagnostics, FieldPath } from '../model/diagnostics.js';
import type { SourceDocument } from '../model/yaml-source.js';
import { crossCheck } from './cross-checks.js';
import { loadDestinationRule } from './destination-rule.js';
import { dropNullFields, isMapping, readEnvelope, type ResourceMeta } from './envelope.js';
import { DEFAULT_DOMAIN_SUFFIX, ROOT_NAMESPACE } from './hosts.js';
import type { IstioResources } from './istio-resources.js';
import { describeValue, resourceReporter } from './report.js';
import { loadServiceEntry } from './service-entry.js';
import { loadVirtualService } from './virtual-service.js';

export interface LoadIstioOptions {
  /** Namespace of resources without metadata.namespace (kubectl's current namespace). */
  defaultNamespace: string;
  /** MeshConfig rootNamespace; default `istio-system`. */
  rootNamespace?: string;
  /** Cluster DNS domain; default `cluster.local`. */
  domainSuffix?: string;
}

/** The resources of every document; problems go to `diags` (the caller stops on errors). */
export function loadIstioResources(docs: readonly SourceDocument[], diags: Diagnostics, opts: LoadIstioOptions): IstioResources {
  const res: IstioResources = {
    destinationRules: [],
    virtualServices: [],
    serviceEntries: [],
    rootNamespace: opts.rootNamespace ?? ROOT_NAMESPACE,
    domainSuffix: opts.domainSuffix ?? DEFAULT_DOMAIN_SUFFIX,
  };
  let order = 0;
  const readOne = (doc: SourceDocument, data: unknown, prefix: FieldPath) => {
    const report = resourceReporter(diags, doc.file, doc.locate, prefix);
    // An empty document (a trailing `---`) holds nothing, as for kubectl.
    if (data === null || data === undefined) return;
    if (!isMapping(data)) {
      report.error([], `expected an Istio resource (a mapping with apiVersion, kind, metadata, spec), got ${describeValue(data)}`);
      return;
    }
    if (data.kind === 'List' && data.apiVersion === 'v1') {
      // kubectl `get -o yaml` output: a v1 List of resources
      if (!Array.isArray(data.items)) report.error(['items'], 'a List needs "items"');
      else data.items.forEach((item, i) => readOne(doc, item, [...prefix, 'items', i]));
      return;
    }
    const env = readEnvelope(dropNullFields(data, report), opts.defaultNamespace, report);
    if (env === undefined) return;
    const meta: ResourceMeta = { apiVersion: env.apiVersion, name: env.name, namespace: env.namespace, file: doc.file, order: order++, locate: doc.locate, prefix };
    switch (env.kind) {
      case 'DestinationRule': {
        const dr = loadDestinationRule(meta, env.spec, report, res.domainSuffix);
        if (dr) res.destinationRules.push(dr);
        break;
      }
      case 'VirtualService': {
        const vs = loadVirtualService(meta, env.spec, report, res.domainSuffix);
        if (vs) res.virtualServices.push(vs);
        break;
      }
      case 'ServiceEntry': {
        const se = loadServiceEntry(meta, env.spec, report);
        if (se) res.serviceEntries.push(se);
        break;
      }
      default: {
        const never: never = env.kind;
        throw new Error(`unhandled kind ${String(never)}`);
      }
    }
  };
  for (const doc of docs) readOne(doc, doc.data, []);
  crossCheck(res, diags);
  return res;
}

export type { IstioResources } from './istio-resources.js';
export type { LoadedDestinationRule, LoadedSubset } from './destination-rule.js';
export type { LoadedVirtualService, HttpRouteModel, ResolvedRetries, ResolvedFault } from './virtual-service.js';
export type { LoadedServiceEntry } from './service-entry.js';
export type { EffectiveTrafficPolicy } from './traffic-policy.js';
export type { ConnectionPoolModel, SimpleLb } from './traffic-policy-model.js';
export type { ResolvedRoute, ResolvedDestination } from './route.js';
export { fqdn, resolveConfigHost, hostMatches, DEFAULT_DOMAIN_SUFFIX, ROOT_NAMESPACE } from './hosts.js';
export { findDestinationRule, findVirtualService, mergeDestinationRules, type EffectiveDestinationRule } from './lookup.js';
export { resolveTrafficPolicy, subsetLabels, endpointInSubset } from './traffic-policy.js';
export { resolveRoute } from './route.js';
