/**
 * The Istio configuration of a mesh, read and checked completely at load time: the resources
 * (CRD schema, webhook validation, cross-resource checks; resources.ts) and then their references
 * to the service registry, the way `istioctl analyze` would report them (a VirtualService route to
 * a host that is no service, a subset no DestinationRule defines for the caller). After this, the
 * translation (xds/) cannot meet a user error.
 *
 * The registry and the callers are given as plain lists, so this module knows nothing of the
 * scenario format.
 */
import type { Diagnostics } from '../model/diagnostics.js';
import type { SourceDocument } from '../model/yaml-source.js';
import { fqdn } from './hosts.js';
import type { IstioApiFlags } from './api-flags.js';
import type { IstioResources } from './istio-resources.js';
import { TRAFFIC_DISTRIBUTION_ANNOTATION, type LoadedKubeService } from './kube-service.js';
import { findVirtualService } from './lookup.js';
import { loadIstioResources } from './resources.js';
import { resolveRoute } from './route.js';

/** A Kubernetes Service of the registry. */
export interface RegistryService {
  fqdn: string;
  ports: number[];
  /** Labels of each of its deployments' pods (a Service selector must select some). */
  podLabels?: Record<string, string>[];
}

/** A workload that calls a service: its namespace and labels decide which resources apply. */
export interface MeshCaller {
  namespace: string;
  labels: Record<string, string>;
  /** FQDN of the service it calls. */
  service: string;
  /** The port it addresses (a VirtualService `match.port` tests it); undefined when the service declares none. */
  port?: number;
}

/**
 * A resource without metadata.namespace is placed in the namespace of the service its host
 * names (as `kubectl apply -n <that namespace>` would), else in `default`. A Kubernetes Service
 * goes to the namespace of the scenario's only service of that name, if there is one.
 */
function withNamespace(doc: SourceDocument, registry: readonly RegistryService[]): SourceDocument {
  const d = doc.data as { kind?: unknown; metadata?: { namespace?: unknown; name?: unknown }; spec?: { host?: unknown; hosts?: unknown } } | null;
  if (d === null || typeof d !== 'object' || d.metadata === undefined || typeof d.metadata !== 'object' || d.metadata === null) return doc;
  if (d.metadata.namespace !== undefined) return doc;
  if (d.kind === 'ConfigMap' || d.kind === 'IstioOperator') return doc;
  if (d.kind === 'Service') {
    const same = registry.filter((r) => r.fqdn.split('.')[0] === d.metadata?.name);
    if (same.length !== 1) return doc;
    return { ...doc, data: { ...d, metadata: { ...d.metadata, namespace: same[0].fqdn.split('.')[1] } } };
  }
  // DestinationRule: spec.host; VirtualService and ServiceEntry: the first of spec.hosts.
  const hosts = Array.isArray(d.spec?.hosts) ? d.spec.hosts : [];
  const first = typeof d.spec?.host === 'string' ? d.spec.host : hosts[0];
  const host = typeof first === 'string' ? first : '';
  const parts = host.split('.');
  const ns = parts.length >= 2 && parts[0] !== '*' ? parts[1] : 'default';
  return { ...doc, data: { ...d, metadata: { ...d.metadata, namespace: ns } } };
}

/** Reads the mesh's Istio resources and checks every reference the callers will follow. */
export function loadMeshIstio(
  docs: readonly SourceDocument[],
  registry: readonly RegistryService[],
  callers: readonly MeshCaller[],
  diags: Diagnostics,
  flags?: IstioApiFlags,
): IstioResources {
  const resources = loadIstioResources(
    docs.map((d) => withNamespace(d, registry)),
    diags,
    { defaultNamespace: 'default', ...(flags ? { flags } : {}) },
  );
  if (diags.hasErrors) return resources;
  for (const svc of resources.kubeServices) checkKubeService(svc, registry, diags, flags);
  const known = new Set(registry.map((s) => s.fqdn));
  const seen = new Set<string>();
  for (const c of callers) {
    // Callers alike in namespace, labels and target see the same configuration: report once.
    const key = JSON.stringify([c.namespace, c.service, c.port ?? null, Object.entries(c.labels).sort()]);
    if (seen.has(key)) continue;
    seen.add(key);
    const route = resolveRoute(resources, c.service, c.namespace, diags, c.labels, c.port);
    const vs = findVirtualService(resources, c.service, c.namespace)?.virtualService;
    for (const d of route.destinations) {
      if (d.weight <= 0 || known.has(fqdn(d.host, c.namespace))) continue;
      // IST0101 (ReferencedResourceNotFound) in istioctl analyze: a route to a host that is no service.
      const where = vs ? [...vs.prefix, 'spec', 'http', route.source?.routeIndex ?? 0] : [];
      diags.error(vs?.file ?? '', vs?.locate, where, `VirtualService ${vs?.namespace}/${vs?.name} routes ${c.service} to ${d.host}, which is not a service of the scenario (Referenced host not found: "${d.host}")`, { code: 'IST0101' });
    }
  }
  return resources;
}

/** How a Kubernetes Service relates to the scenario's services, and what the pinned Istio reads of it. */
function checkKubeService(svc: LoadedKubeService, registry: readonly RegistryService[], diags: Diagnostics, flags: IstioApiFlags | undefined): void {
  const at = (path: (string | number)[]) => [...svc.prefix, ...path];
  const warn = (path: (string | number)[], message: string) => diags.warning(svc.file, svc.locate, at(path), message);
  const known = registry.find((r) => r.fqdn === svc.fqdn);
  if (known === undefined) {
    warn(['metadata', 'name'], `no service of the scenario is ${svc.namespace}/${svc.name} (${svc.fqdn}); this Service has no effect`);
    return;
  }
  if (svc.selector === undefined) warn(['spec'], 'a Service without selector has endpoints managed by hand; meshsim uses the scenario\'s deployments of this service');
  else if (known.podLabels !== undefined && !known.podLabels.some((labels) => Object.entries(svc.selector!).every(([k, v]) => labels[k] === v))) {
    warn(['spec', 'selector'], `selects none of the pods of ${svc.namespace}/${svc.name} in the scenario (their labels: ${known.podLabels.map((l) => JSON.stringify(l)).join(', ')}); meshsim uses the scenario's deployments`);
  }
  const ports = svc.ports.map((p) => p.port).sort((a, b) => a - b);
  const want = [...known.ports].sort((a, b) => a - b);
  if (ports.length > 0 && want.length > 0 && ports.join(',') !== want.join(',')) {
    warn(['spec', 'ports'], `ports ${ports.join(', ')} differ from the scenario's ports of this service (${want.join(', ')}); meshsim uses the scenario's`);
  }
  const td = svc.trafficDistribution;
  if (td === undefined || flags === undefined) return;
  const where = svc.trafficDistributionFrom === 'annotation' ? ['metadata', 'annotations', TRAFFIC_DISTRIBUTION_ANNOTATION] : ['spec', 'trafficDistribution'];
  const v = flags.version.join('.');
  // istio/istio#54715 (1.25): sidecars and waypoints honour trafficDistribution; before, only ztunnel did.
  if (flags.trafficDistribution === 'ignored') warn(where, `Istio ${v} sidecars ignore trafficDistribution (only ztunnel reads it before 1.25, istio/istio#54715); no locality preference`);
  // istio/istio#56042 (1.27): PreferSameZone and PreferSameNode; 1.25–1.26 read them as no preference.
  else if (flags.trafficDistribution === 'prefer-close' && td !== 'PreferClose') warn(where, `Istio ${v} does not know ${td} (added in 1.27, istio/istio#56042); it means no preference`);
}
