/**
 * The per-proxy xDS translation of a mesh: what one proxy receives (routes, clusters, endpoint
 * assignments), computed from the validated Istio resources, the service registry and the proxy's
 * identity. Pure and re-runnable: a control plane may ask again at any simulated time with another
 * set of endpoints (a push), and gets what Istio would send then.
 *
 * Every Istio-version switch the translation needs comes from one IstioBehaviour
 * (istio-behaviour.ts). Clusters are cached per (name, DestinationRule), since proxies in one
 * namespace see the same rule; assignments are per proxy (they depend on its locality and labels,
 * and — for zone-aware routing — on its local cluster: its own workload's pods, local-cluster.ts).
 */
import { findDestinationRule, addressedPort, fqdn, resolveRoute, resolveTrafficPolicy, subsetLabels, type IstioResources } from '../istio/resources.js';
import type { ServiceSpec } from '../model/scenario.js';
import type { Locality } from '../topology/locality.js';
import type { LoadedKubeService } from '../istio/kube-service.js';
import type { LocalClusterLocality } from '../lb/zone-aware.js';
import { clusterLoadAssignment, type ClusterLoadAssignment, type EdsEndpoint } from './eds.js';
import { envoyCluster, type EnvoyCluster } from './cluster.js';
import type { IstioBehaviour } from './istio-behaviour.js';
import { localClusterOf, type MeshWorkloads } from './local-cluster.js';
import { envoyRetryPolicy } from './retry-policy.js';
import type { EnvoyRoute } from './route.js';

/** Who is asking: the xDS node of a proxy. */
export interface ProxyNode {
  namespace: string;
  /** The workload's own labels (VirtualService `sourceLabels` match these). */
  workloadLabels: Record<string, string>;
  /** Workload labels plus the topology labels Istio adds (failoverPriority compares these). */
  labels: Record<string, string>;
  locality: Locality;
  network: string;
  cluster: string;
}

/** What the translation needs of the mesh. */
export interface MeshModel {
  services: readonly ServiceSpec[];
  istio: IstioResources;
  behaviour: IstioBehaviour;
  /** Mesh-wide connect timeout, ms (a MeshConfig `connectTimeout` in `istio` overrides it). */
  connectTimeoutMs: number;
  /**
   * The scenario's workloads (xds/local-cluster.ts meshWorkloads): the input of each proxy's local
   * cluster. Absent ⇒ no proxy has a local cluster, so zone-aware routing never happens.
   */
  workloads?: MeshWorkloads;
}

export class XdsTranslator {
  private readonly clusters = new Map<string, EnvoyCluster>();
  private readonly serviceByFqdn = new Map<string, number>();
  private readonly kubeServiceByFqdn = new Map<string, LoadedKubeService>();

  constructor(private readonly mesh: MeshModel) {
    mesh.services.forEach((s, i) => this.serviceByFqdn.set(s.fqdn, i));
    for (const k of mesh.istio.kubeServices ?? []) this.kubeServiceByFqdn.set(k.fqdn, k);
  }

  /** Mesh-wide connect timeout, ms: MeshConfig `connectTimeout`, else the scenario's. */
  get connectTimeoutMs(): number {
    return this.mesh.istio.meshConfig?.connectTimeoutMs ?? this.mesh.connectTimeoutMs;
  }

  /**
   * The proxy's local cluster (Envoy `local_cluster`): only with Istio 1.31 proxy self-discovery
   * (MeshConfig defaultConfig.proxyMetadata ISTIO_META_ENABLE_SELF_DISCOVERY: "true") and the
   * scenario's workloads given; undefined otherwise (Envoy then never routes by zone).
   */
  localCluster(node: ProxyNode): LocalClusterLocality[] | undefined {
    const m = this.mesh;
    if (!m.behaviour.zoneAwareLbSetting || m.istio.meshConfig?.selfDiscovery !== true || m.workloads === undefined) return undefined;
    return localClusterOf(node, m.workloads);
  }

  get behaviour(): IstioBehaviour {
    return this.mesh.behaviour;
  }

  /** RDS for calls from `node` to `service` (index) on `port` (the caller's, if it names one). */
  route(node: ProxyNode, service: number, port: number | undefined): EnvoyRoute {
    const m = this.mesh;
    const r = resolveRoute(m.istio, m.services[service].fqdn, node.namespace, undefined, node.workloadLabels, addressedPort(port, m.services[service].ports));
    const clusters = [];
    for (const d of r.destinations) {
      if (d.weight <= 0) continue;
      const target = this.serviceByFqdn.get(fqdn(d.host, node.namespace));
      // Checked at load (istio/mesh.ts): every forwarding destination is a service of the registry.
      if (target === undefined) throw new Error(`internal: route to unknown host ${d.host} passed validation`);
      // route.go GetDestinationCluster: no destination port ⇒ the service's port if it has exactly
      // one, else the port the caller used (a caller that names none uses the first port).
      const ports = m.services[target].ports;
      const p = d.port ?? (ports.length === 1 ? ports[0] : (port ?? ports[0]));
      clusters.push({ cluster: this.cluster(node, target, d.subset, p), weight: d.weight });
    }
    // route.go routeDestination: a route without `retries` gets the mesh's defaultHttpRetryPolicy, if set.
    const retries = r.retries ?? m.istio.meshConfig?.defaultHttpRetryPolicy;
    return { clusters, timeoutMs: r.timeoutMs, retryPolicy: envoyRetryPolicy(retries, m.behaviour), fault: r.fault };
  }

  /** CDS: the cluster for (service, subset, port) as a proxy in `node.namespace` gets it. */
  cluster(node: ProxyNode, service: number, subset: string | undefined, port: number | undefined): EnvoyCluster {
    const m = this.mesh;
    const svc = m.services[service];
    const dr = findDestinationRule(m.istio, svc.fqdn, node.namespace);
    // Callers in other namespaces may see another rule for the same cluster name.
    const key = `${subset ?? ''}|${port ?? ''}|${svc.fqdn}#${dr ? `${dr.namespace}/${dr.name}` : ''}`;
    let c = this.clusters.get(key);
    if (c === undefined) {
      const labels = subset === undefined ? {} : (subsetLabels(dr, subset) ?? {});
      c = envoyCluster({ index: service, fqdn: svc.fqdn }, subset, port, labels, resolveTrafficPolicy(dr, subset, port), m.behaviour, this.connectTimeoutMs, this.clusterContext(svc.fqdn));
      this.clusters.set(key, c);
    }
    return c;
  }

  /**
   * CDS for calls to `service` in other meshes (federation): the `<name>.<namespace>.global` host
   * a ServiceEntry declares, whose endpoints are the exporting meshes' ingress gateways (the
   * seeds' "gateway connectivity"). A DestinationRule for that host applies as usual.
   */
  federatedCluster(node: ProxyNode, service: number, port: number | undefined): EnvoyCluster {
    const m = this.mesh;
    const svc = m.services[service];
    const host = `${svc.name}.${svc.namespace}.global`;
    const dr = findDestinationRule(m.istio, host, node.namespace, svc.namespace);
    const key = `${port ?? ''}|${host}#${dr ? `${dr.namespace}/${dr.name}` : ''}`;
    let c = this.clusters.get(key);
    if (c === undefined) {
      c = { ...envoyCluster({ index: service, fqdn: host }, undefined, port, {}, resolveTrafficPolicy(dr, undefined, port), m.behaviour, this.connectTimeoutMs, this.clusterContext(host)), federated: true };
      this.clusters.set(key, c);
    }
    return c;
  }

  /** EDS: the assignment `node` receives for `cluster` when the registry holds `endpoints` for it. */
  loadAssignment(node: ProxyNode, cluster: EnvoyCluster, endpoints: readonly EdsEndpoint[]): ClusterLoadAssignment {
    return clusterLoadAssignment(cluster, node, endpoints, this.mesh.behaviour, this.localCluster(node));
  }

  /** The mesh config and the Kubernetes Service of `host`, as envoyCluster reads them. */
  private clusterContext(host: string): { mesh?: NonNullable<IstioResources['meshConfig']>; trafficDistribution?: LoadedKubeService['trafficDistribution'] } {
    const mesh = this.mesh.istio.meshConfig;
    const td = this.kubeServiceByFqdn.get(host)?.trafficDistribution;
    return { ...(mesh ? { mesh } : {}), ...(td ? { trafficDistribution: td } : {}) };
  }
}
