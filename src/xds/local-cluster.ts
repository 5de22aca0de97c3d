/**
 * Envoy's `local_cluster` for a sidecar: the hosts of the caller's own workload, per locality —
 * the input zone-aware routing compares with the upstream's spread (lb/zone-aware.ts). Istio 1.31
 * gives a proxy one when `ISTIO_META_ENABLE_SELF_DISCOVERY` is "true" (proxy self-discovery:
 * a static `local_cluster` whose endpoints are the pods of the proxy's workload, istio/istio
 * tests/integration/pilot/zoneawarelb); before 1.31 no Istio proxy has one.
 *
 * meshsim's workloads are the scenario's pods: every deployment of a service (labels
 * `app: <service>` plus the deployment's labels) and every traffic source (its labels). Pods in
 * one mesh and namespace with the same workload labels are one workload, whatever their zone (the
 * pods of a Kubernetes Deployment spread over zones). A source without labels is not grouped with
 * other sources of other localities: give the replicas of one client in several zones the same
 * labels (e.g. `app: sleep`) to make them one workload. Every pod counts as healthy (readiness is
 * not modelled).
 */
import type { LocalClusterLocality } from '../lb/zone-aware.js';
import type { Scenario } from '../model/scenario.js';
import { localityString, type Locality } from '../topology/locality.js';

/** The pods of one workload in one locality. */
export interface MeshWorkload {
  mesh: string;
  namespace: string;
  /** Workload labels (a service's pods: `app` plus the deployment's labels). */
  labels: Record<string, string>;
  locality: Locality;
  replicas: number;
}

/** What the translation needs to find a proxy's local cluster. */
export interface MeshWorkloads {
  workloads: readonly MeshWorkload[];
  /** Kubernetes cluster name → mesh name. */
  meshOfCluster: ReadonlyMap<string, string>;
}

/** Every workload of the scenario (service deployments, then in-mesh traffic sources). */
export function meshWorkloads(s: Pick<Scenario, 'services' | 'traffic' | 'clusters'>): MeshWorkloads {
  const meshOfCluster = new Map(s.clusters.map((c) => [c.name, c.mesh]));
  const workloads: MeshWorkload[] = [];
  for (const svc of s.services) {
    for (const d of svc.deployments) {
      workloads.push({ mesh: meshOfCluster.get(d.cluster) ?? '', namespace: svc.namespace, labels: { app: svc.name, ...d.labels }, locality: { region: d.region, zone: d.zone, subzone: d.subzone }, replicas: d.replicas });
    }
  }
  for (const t of s.traffic) {
    if (t.origin !== 'workload') continue;
    workloads.push({ mesh: meshOfCluster.get(t.cluster) ?? '', namespace: t.namespace, labels: t.labels, locality: { region: t.region, zone: t.zone, subzone: t.subzone }, replicas: t.replicas });
  }
  return { workloads, meshOfCluster };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * The local cluster of a proxy (its namespace, workload labels, Kubernetes cluster and locality):
 * its workload's pods per locality, in first-seen order. Empty when the proxy belongs to no
 * workload of the scenario (a gateway).
 */
export function localClusterOf(
  node: { namespace: string; workloadLabels: Record<string, string>; cluster: string; locality: Locality },
  mesh: MeshWorkloads,
): LocalClusterLocality[] {
  const own = mesh.meshOfCluster.get(node.cluster) ?? '';
  const unlabeled = Object.keys(node.workloadLabels).length === 0;
  const ownLocality = localityString(node.locality);
  const byLocality = new Map<string, LocalClusterLocality>();
  for (const w of mesh.workloads) {
    if (w.mesh !== own || w.namespace !== node.namespace || !sameLabels(w.labels, node.workloadLabels) || w.replicas <= 0) continue;
    const loc = localityString(w.locality);
    if (unlabeled && loc !== ownLocality) continue;
    const entry = byLocality.get(loc);
    if (entry === undefined) byLocality.set(loc, { locality: loc, hosts: w.replicas, healthy: w.replicas });
    else {
      entry.hosts += w.replicas;
      entry.healthy += w.replicas;
    }
  }
  return [...byLocality.values()];
}
