/**
 * Istio resources as users write them (DestinationRule, VirtualService, ServiceEntry in
 * networking.istio.io v1, v1beta1 or v1alpha3; Kubernetes v1 Service; the mesh config as the
 * ConfigMap `istio`, an IstioOperator or Helm values — verbatim YAML, several per file), read and
 * validated the way a cluster would: the CRD schema first (unknown fields are errors), then
 * Istio's validating webhook (pkg/config/validation), then the cross-resource checks of
 * `istioctl analyze`. Fields meshsim does not simulate are warnings naming the field. The mesh
 * config is read first: its `rootNamespace` decides how the other resources are looked up.
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
import type { IstioApiFlags } from './api-flags.js';
import type { IstioResources } from './istio-resources.js';
import { loadKubeService } from './kube-service.js';
import { isHelmValues, meshConfigFromConfigMap, meshConfigFromHelmValues, meshConfigFromIstioOperator } from './mesh-config-sources.js';
import type { LoadedMeshConfig } from './mesh-config.js';
import { describeValue } from '../model/schema-issues.js';
import { resourceReporter } from './report.js';
import { loadServiceEntry } from './service-entry.js';
import { loadVirtualService } from './virtual-service.js';

export interface LoadIstioOptions {
  /** Namespace of resources without metadata.namespace (kubectl's current namespace). */
  defaultNamespace: string;
  /** MeshConfig rootNamespace; default `istio-system`. */
  rootNamespace?: string;
  /** Cluster DNS domain; default `cluster.local`. */
  domainSuffix?: string;
  /** The pinned version's API: fields it does not have are errors. Absent ⇒ every field is accepted. */
  flags?: IstioApiFlags;
}

const MESH_CONFIG_KINDS = new Set(['ConfigMap', 'IstioOperator']);

/** The resources of every document; problems go to `diags` (the caller stops on errors). */
export function loadIstioResources(docs: readonly SourceDocument[], diags: Diagnostics, opts: LoadIstioOptions): IstioResources {
  const res: IstioResources = {
    destinationRules: [],
    virtualServices: [],
    serviceEntries: [],
    kubeServices: [],
    rootNamespace: opts.rootNamespace ?? ROOT_NAMESPACE,
    domainSuffix: opts.domainSuffix ?? DEFAULT_DOMAIN_SUFFIX,
  };
  let order = 0;
  const setMeshConfig = (mc: LoadedMeshConfig | undefined, report: ReturnType<typeof resourceReporter>) => {
    if (mc === undefined) return;
    if (res.meshConfig !== undefined) {
      const first = res.meshConfig.source;
      report.error([], `a second mesh config: ${first.kind} ${first.name} (${first.file}) already sets the MeshConfig; istiod reads one`);
      return;
    }
    res.meshConfig = mc;
    if (mc.rootNamespace !== undefined) res.rootNamespace = mc.rootNamespace;
  };
  // Pass 1 reads the mesh config (ConfigMap istio, IstioOperator, Helm values); pass 2 the rest.
  const readOne = (doc: SourceDocument, data: unknown, prefix: FieldPath, pass: 1 | 2) => {
    const report = resourceReporter(diags, doc.file, doc.locate, prefix);
    // An empty document (a trailing `---`) holds nothing, as for kubectl.
    if (data === null || data === undefined) return;
    if (!isMapping(data)) {
      if (pass === 2) report.error([], `expected an Istio resource (a mapping with apiVersion, kind, metadata, spec), got ${describeValue(data)}`);
      return;
    }
    if (data.kind === 'List' && data.apiVersion === 'v1') {
      // kubectl `get -o yaml` output: a v1 List of resources
      if (!Array.isArray(data.items)) {
        if (pass === 2) report.error(['items'], 'a List needs "items"');
      } else data.items.forEach((item, i) => readOne(doc, item, [...prefix, 'items', i], pass));
      return;
    }
    const helm = isHelmValues(data);
    const meshKind = helm || MESH_CONFIG_KINDS.has(String(data.kind));
    if ((pass === 1) !== meshKind) return;
    const metaOf = (apiVersion: string, name: string, namespace: string): ResourceMeta => ({ apiVersion, name, namespace, file: doc.file, order: order++, locate: doc.locate, prefix });
    if (helm) {
      setMeshConfig(meshConfigFromHelmValues(data, metaOf('', doc.file, ''), report, opts.flags), report);
      return;
    }
    const env = readEnvelope(dropNullFields(data, report), opts.defaultNamespace, report);
    if (env === undefined) return;
    const meta = metaOf(env.apiVersion, env.name, env.namespace);
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
      case 'Service': {
        const svc = loadKubeService(meta, env.spec, env.annotations, report, res.domainSuffix);
        if (svc === undefined) break;
        const twin = res.kubeServices.find((s) => s.fqdn === svc.fqdn);
        if (twin !== undefined) report.error(['metadata', 'name'], `Service ${svc.namespace}/${svc.name} is given twice (also in ${twin.file}); Kubernetes keeps one object per name`);
        else res.kubeServices.push(svc);
        break;
      }
      case 'ConfigMap':
        setMeshConfig(meshConfigFromConfigMap(env, meta, report, diags, opts.flags), report);
        break;
      case 'IstioOperator':
        setMeshConfig(meshConfigFromIstioOperator(env, meta, report, opts.flags), report);
        break;
      default: {
        const never: never = env.kind;
        throw new Error(`unhandled kind ${String(never)}`);
      }
    }
  };
  for (const doc of docs) readOne(doc, doc.data, [], 1);
  for (const doc of docs) readOne(doc, doc.data, [], 2);
  if (opts.flags !== undefined) checkVersionFields(res, opts.flags, diags);
  crossCheck(res, diags);
  return res;
}

/** DestinationRule fields the pinned version does not have (the CRD rejects them). */
function checkVersionFields(res: IstioResources, flags: IstioApiFlags, diags: Diagnostics): void {
  if (flags.zoneAwareLbSetting) return;
  for (const dr of res.destinationRules) {
    const policies: [FieldPath, { loadBalancer?: { zoneAwareLbSetting?: unknown }; portLevelSettings?: { loadBalancer?: { zoneAwareLbSetting?: unknown } }[] } | undefined][] = [
      [['spec', 'trafficPolicy'], dr.spec.trafficPolicy],
      ...(dr.spec.subsets ?? []).map((s, i): [FieldPath, typeof s.trafficPolicy] => [['spec', 'subsets', i, 'trafficPolicy'], s.trafficPolicy]),
    ];
    for (const [path, tp] of policies) {
      const levels: [FieldPath, { zoneAwareLbSetting?: unknown } | undefined][] = [
        [[...path, 'loadBalancer'], tp?.loadBalancer],
        ...(tp?.portLevelSettings ?? []).map((p, i): [FieldPath, { zoneAwareLbSetting?: unknown } | undefined] => [[...path, 'portLevelSettings', i, 'loadBalancer'], p.loadBalancer]),
      ];
      for (const [lp, lb] of levels) {
        if (lb?.zoneAwareLbSetting === undefined) continue;
        diags.error(dr.file, dr.locate, [...dr.prefix, ...lp, 'zoneAwareLbSetting'], `zoneAwareLbSetting exists from Istio 1.31 (pinned ${flags.version.join('.')}): the DestinationRule CRD of that version rejects it; pin istio: "1.31"`);
      }
    }
  }
}

export type { IstioResources } from './istio-resources.js';
export { istioApiFlags, type IstioApiFlags } from './api-flags.js';
export type { LoadedDestinationRule, LoadedSubset } from './destination-rule.js';
export type { LoadedVirtualService, HttpRouteModel, ResolvedRetries, ResolvedFault } from './virtual-service.js';
export type { LoadedServiceEntry } from './service-entry.js';
export type { LoadedKubeService, TrafficDistribution } from './kube-service.js';
export type { LoadedMeshConfig, MeshConfigModel } from './mesh-config.js';
export type { EffectiveTrafficPolicy } from './traffic-policy.js';
export type { ConnectionPoolModel, SimpleLb } from './traffic-policy-model.js';
export type { ResolvedRoute, ResolvedDestination } from './route.js';
export { fqdn, resolveConfigHost, hostMatches, DEFAULT_DOMAIN_SUFFIX, ROOT_NAMESPACE } from './hosts.js';
export { findDestinationRule, findVirtualService, mergeDestinationRules, type EffectiveDestinationRule } from './lookup.js';
export { resolveTrafficPolicy, subsetLabels, endpointInSubset } from './traffic-policy.js';
export { addressedPort, resolveRoute } from './route.js';
