/**
 * The scenario's Istio resources, read and checked against the scenario's services and callers at
 * load time (istio/mesh.ts), so every Istio problem is reported in the same pass as the scenario's
 * own, with its file, line and field path. Besides Istio's CRDs, `policies` may hold Kubernetes
 * Services (trafficDistribution) and the mesh config (ConfigMap `istio`, IstioOperator, Helm values).
 */
import { loadMeshIstio } from '../istio/mesh.js';
import { addressedPort } from '../istio/route.js';
import type { IstioResources } from '../istio/istio-resources.js';
import { istioApiFlags } from '../istio/api-flags.js';
import type { Diagnostics } from './diagnostics.js';
import type { Scenario } from './scenario.js';
import type { SourceDocument } from './yaml-source.js';

export function loadScenarioIstio(s: Omit<Scenario, 'istio'>, docs: readonly SourceDocument[], diags: Diagnostics): IstioResources {
  const registry = s.services.map((svc) => ({ fqdn: svc.fqdn, ports: svc.ports, podLabels: svc.deployments.map((d) => ({ app: svc.name, ...d.labels })) }));
  const portOf = (service: number, named: number | undefined) => addressedPort(named, s.services[service].ports);
  const callers = s.traffic.filter((t) => t.service >= 0).map((t) => ({ namespace: t.namespace, labels: t.labels, service: s.services[t.service].fqdn, port: portOf(t.service, t.port) }));
  // Services that call services: each deployment's pods are callers with their own labels.
  for (const svc of s.services) {
    for (const c of svc.calls) {
      if (c.service < 0) continue;
      for (const d of svc.deployments) callers.push({ namespace: svc.namespace, labels: { app: svc.name, ...d.labels }, service: s.services[c.service].fqdn, port: portOf(c.service, c.port) });
    }
  }
  // The pinned version decides which fields exist (e.g. zoneAwareLbSetting from 1.31).
  return loadMeshIstio(docs, registry, callers, diags, istioApiFlags(s.istioVersion));
}
