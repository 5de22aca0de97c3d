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
import type { IstioResources } from './istio-resources.js';
import { findVirtualService } from './lookup.js';
import { loadIstioResources } from './resources.js';
import { resolveRoute } from './route.js';

/** A Kubernetes Service of the registry. */
export interface RegistryService {
  fqdn: string;
  ports: number[];
}

/** A workload that calls a service: its namespace and labels decide which resources apply. */
export interface MeshCaller {
  namespace: string;
  labels: Record<string, string>;
  /** FQDN of the service it calls. */
  service: string;
}

/**
 * A resource without metadata.namespace is placed in the namespace of the service its host
 * names (as `kubectl apply -n <that namespace>` would), else in `default`.
 */
function withNamespace(doc: SourceDocument): SourceDocument {
  const d = doc.data as { metadata?: { namespace?: unknown }; spec?: { host?: unknown; hosts?: unknown } } | null;
  if (d === null || typeof d !== 'object' || d.metadata === undefined || typeof d.metadata !== 'object' || d.metadata === null) return doc;
  if (d.metadata.namespace !== undefined) return doc;
  // DestinationRule: spec.host; VirtualService and ServiceEntry: the first of spec.hosts.
  const hosts = Array.isArray(d.spec?.hosts) ? d.spec.hosts : [];
  const first = typeof d.spec?.host === 'string' ? d.spec.host : hosts[0];
  const host = typeof first === 'string' ? first : '';
  const parts = host.split('.');
  const ns = parts.length >= 2 && parts[0] !== '*' ? parts[1] : 'default';
  return { ...doc, data: { ...d, metadata: { ...d.metadata, namespace: ns } } };
}

/** Reads the mesh's Istio resources and checks every reference the callers will follow. */
export function loadMeshIstio(docs: readonly SourceDocument[], registry: readonly RegistryService[], callers: readonly MeshCaller[], diags: Diagnostics): IstioResources {
  const resources = loadIstioResources(docs.map(withNamespace), diags, { defaultNamespace: 'default' });
  if (diags.hasErrors) return resources;
  const known = new Set(registry.map((s) => s.fqdn));
  const seen = new Set<string>();
  for (const c of callers) {
    // Callers alike in namespace, labels and target see the same configuration: report once.
    const key = JSON.stringify([c.namespace, c.service, Object.entries(c.labels).sort()]);
    if (seen.has(key)) continue;
    seen.add(key);
    const route = resolveRoute(resources, c.service, c.namespace, diags, c.labels);
    const vs = findVirtualService(resources, c.service, c.namespace)?.virtualService;
    for (const d of route.destinations) {
      if (d.weight <= 0 || known.has(fqdn(d.host, c.namespace))) continue;
      // IST0101 (ReferencedResourceNotFound) in istioctl analyze: a route to a host that is no service.
      const where = vs ? [...vs.prefix, 'spec', 'http', route.source?.routeIndex ?? 0] : [];
      diags.error(vs?.file ?? '', vs?.locate, where, `VirtualService ${vs?.namespace}/${vs?.name} routes ${c.service} to ${d.host}, which is not a service of the scenario`);
    }
  }
  return resources;
}
