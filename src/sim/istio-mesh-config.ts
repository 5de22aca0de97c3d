/**
 * The mesh configuration from a scenario's Istio resources: for each traffic source, the
 * VirtualService route (weighted destinations, subsets) and, for each destination, the
 * DestinationRule that applies to a caller in the source's namespace (traffic policy merged for
 * the subset and port). Sources: istio pilot/pkg/model/push_context.go (DestinationRule and
 * VirtualService lookup), pilot/pkg/networking/util/util.go (MergeSubsetTrafficPolicy).
 */
import { Diagnostics, type Diagnostic } from '../model/diagnostics.js';
import type { Scenario } from '../model/scenario.js';
import type { SourceDocument } from '../model/yaml-source.js';
import { findDestinationRule, fqdn, loadIstioResources, resolveRoute, resolveTrafficPolicy, subsetLabels } from '../istio/resources.js';
import type { ClusterPolicy } from './cluster-policy.js';
import { upstreamCluster, type MeshConfig } from './mesh-config.js';
import type { RouteDestination } from './world.js';

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

export function buildMeshConfig(s: Scenario): { mesh: MeshConfig; diagnostics: Diagnostic[] } {
  const diags = new Diagnostics();
  const resources = loadIstioResources(s.policyDocuments.map(withNamespace), diags, { defaultNamespace: 'default' });
  const routes = new Map<string, { service: number; subset: string | undefined; port: number | undefined; policy: ClusterPolicy; key: string; weight: number }[]>();
  if (!diags.hasErrors) {
    for (const t of s.traffic) {
      if (t.service < 0) continue;
      const svc = s.services[t.service];
      const route = resolveRoute(resources, svc.fqdn, t.namespace, diags, t.labels);
      const list = [];
      for (const d of route.destinations) {
        if (d.weight <= 0) continue;
        const service = s.services.findIndex((x) => x.fqdn === fqdn(d.host, t.namespace));
        if (service < 0) {
          diags.error(route.source?.file ?? s.file, undefined, ['spec', 'http', route.source?.routeIndex ?? 0], `VirtualService ${route.source?.namespace}/${route.source?.name} routes ${svc.name}.${svc.namespace} to ${d.host}, which is not a service of the scenario`);
          continue;
        }
        // route.go GetDestinationCluster: no destination port ⇒ the service's port if it has exactly
        // one, else the port the caller used (a caller that names none uses the first port).
        const ports = s.services[service].ports;
        const port = d.port ?? (ports.length === 1 ? ports[0] : (t.port ?? ports[0]));
        const dr = findDestinationRule(resources, s.services[service].fqdn, t.namespace);
        const tp = resolveTrafficPolicy(dr, d.subset, port);
        const labels = d.subset === undefined ? {} : subsetLabels(dr, d.subset) ?? {};
        list.push({
          service,
          subset: d.subset,
          port,
          weight: d.weight,
          key: dr ? `${dr.namespace}/${dr.name}` : '',
          policy: { simple: tp.simple === 'PASSTHROUGH' ? undefined : tp.simple, localityLbSetting: tp.localityLbSetting, outlierDetection: tp.outlierDetection, subsetLabels: labels },
        });
      }
      routes.set(t.name, list);
    }
  }
  const mesh: MeshConfig = {
    routeFor(t, endpoints, cache): RouteDestination[] {
      return (routes.get(t.name) ?? []).map((d) => ({
        cluster: upstreamCluster(s, d.service, d.subset, d.port, d.policy, endpoints, cache, d.key),
        weight: d.weight,
      }));
    },
  };
  return { mesh, diagnostics: diags.items };
}
