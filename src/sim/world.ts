/**
 * The world of one run, built from the qualified scenario: localities, endpoints, gateways and the
 * targets a hop can reach, the traffic sources and their calling proxies, and each proxy's routes
 * and cluster views as the xDS translation gives them (xds/translator.ts).
 *
 * Targets are everything a hop can end at: the service endpoints (ids 0..E-1, the same as endpoint
 * ids), then the gateway replicas. A gateway forwards: its own proxy picks the next hop from its
 * own view.
 *
 * Which endpoints a proxy's EDS holds depends on who it is (meshsim.topology):
 * - a sidecar or an ingress gateway: its mesh's endpoints of the service, its own network's
 *   directly and each other network's through that network's east-west gateways (split horizon);
 * - an east-west gateway: its own network's endpoints only (it forwards inside its network);
 * - for a service that runs only in other meshes (federation): the exporting meshes' ingress
 *   gateways, or the caller mesh's egress gateways when it has some (an egress gateway itself
 *   sees the remote ingress gateways).
 *
 * The sources' proxies and views exist from the start; the sidecars of service replicas (for
 * outgoing calls) and their views are made on first use, so a mesh of thousands of pods costs only
 * what its traffic touches.
 */
import { makeSampler, type Distribution, type Sampler } from '../engine/distributions.js';
import type { RandomStreams, Rng } from '../engine/random.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { resolvePolicy } from '../lb/policies/registry.js';
import type { GatewayDeploymentSpec, GatewayKind, Scenario, TrafficSpec } from '../model/scenario.js';
import { regionPairKey } from '../model/scenario.js';
import { ProxyClusterView } from '../proxy/cluster-view.js';
import { ClusterSlots } from '../proxy/cluster-slots.js';
import type { ClusterSnapshot } from '../lb/host-set.js';
import { proxyRoute, type Proxy, type ProxyRole, type ProxyRoute } from '../proxy/proxy.js';
import { CLUSTER_LABEL, isUsersRegion, LocalityTable, localityString, NETWORK_LABEL, REGION_LABEL, ZONE_LABEL, pathClass, type Locality, type PathClass } from '../topology/locality.js';
import { sourceNode } from '../xds/workload-node.js';
import type { EnvoyCluster } from '../xds/cluster.js';
import type { ClusterLoadAssignment, EdsEndpoint, LocalityLbEndpoints } from '../xds/eds.js';
import { istioBehaviour } from '../xds/istio-behaviour.js';
import { meshWorkloads } from '../xds/local-cluster.js';
import { networkGatewayIndex } from '../xds/network-gateways.js';
import { autoPassthroughEndpoints, endpointsByNetworkFilter, type NetworkedEndpoint } from '../xds/split-horizon.js';
import { XdsTranslator, type ProxyNode } from '../xds/translator.js';
import { buildEndpoints, type Endpoint } from './endpoints.js';

/** A gateway replica: a station whose proxy forwards each call to the next hop. */
export interface GatewayTarget {
  name: string;
  kind: GatewayKind;
  mesh: string;
  network: string;
  cluster: string;
  /** The replica's proxy (its own views of the clusters it forwards to). */
  proxy: number;
  /** Per-request processing time. */
  processing: Sampler;
  concurrency: number;
  queueLimit: number;
}

export interface Target {
  id: number;
  name: string;
  kind: 'endpoint' | GatewayKind;
  locality: number;
  cluster: string;
  gateway: GatewayTarget | undefined;
}

/** One gateway replica to add to the world. */
export interface GatewaySpec {
  name: string;
  kind: GatewayKind;
  /** Kubernetes cluster it runs in. */
  cluster: string;
  network: string;
  mesh: string;
  locality: Locality;
  concurrency: number;
  queueLimit: number;
  processing: Distribution;
}

export interface Source {
  index: number;
  spec: TrafficSpec;
  locality: number;
  /** The source's calling pods (proxy ids), taking requests in turn; users: the global load balancer. */
  proxies: number[];
  /** Each calling proxy's route to the source's service, parallel to `proxies`. */
  routes: ProxyRoute[];
  interarrival: Sampler;
  arrivalRng: Rng;
  routeRng: Rng;
  netRng: Rng;
}

/** A sampler of half the values of another: one way of a round trip. */
function oneWay(rtt: Sampler): Sampler {
  return { mean: rtt.mean / 2, sample: (rng: Rng) => rtt.sample(rng) / 2 };
}

/**
 * Endpoint readiness as a control plane pushed it (sim/control-plane.ts): `ready[e]` 1 or 0 per
 * endpoint. Snapshot 0 is "everything ready", the state before any change.
 */
export interface ReadinessSnapshot {
  id: number;
  ready: Uint8Array;
}

export class World {
  readonly localities = new LocalityTable();
  readonly endpoints: Endpoint[];
  /** Endpoints first (target id = endpoint id), then gateway replicas. */
  readonly targets: Target[];
  readonly sources: Source[];
  readonly proxies: Proxy[] = [];
  readonly views: ProxyClusterView[] = [];
  /** Envoy clusters met so far, by id (EnvoyCluster objects are shared between proxies). */
  readonly clusters: EnvoyCluster[] = [];
  /** One-way delay sampler by `from * localities.size + to`. */
  delay: Sampler[] = [];
  pathClassOf: PathClass[] = [];
  /** Random stream per service (service time and error draws). */
  readonly serviceRng: Rng[];
  /** Stream for the probability of each service's outgoing calls, by service index. */
  readonly callRng: Rng[];
  /** Network-delay stream by proxy id: the stream of the workload the proxy belongs to. */
  readonly proxyNetRng: Rng[] = [];
  /** Route-pick stream by proxy id, likewise. */
  readonly proxyRouteRng: Rng[] = [];
  /** Targets (endpoints, gateway replicas) each fault acts on, by fault index. */
  readonly faultEndpoints: number[][];
  /** In-mesh traffic sources whose pods an outage takes down (they send nothing meanwhile), by fault index. */
  readonly faultSources: number[][];
  /** Response size (bytes) a target's answer carries, by target id (gateways: 0). */
  responseSize: Float64Array;
  readonly translator: XdsTranslator;
  /** Called with every view created after construction (lazily, on a first call). */
  onNewView: ((view: ProxyClusterView) => void) | undefined;
  /** The readiness a proxy last received from its control plane (undefined: everything ready). */
  readinessOf: ((proxy: Proxy) => ReadinessSnapshot | undefined) | undefined;

  private readonly clusterIds = new Map<EnvoyCluster, number>();
  private readonly edsCache = new Map<string, EdsEndpoint[]>();
  private readonly sharedViews = new Map<string, { slots: ClusterSlots; snapshots: Map<string, ClusterSnapshot> }>();
  private readonly sidecars: Int32Array;
  private readonly proxyRoutes: Map<number, ProxyRoute>[] = [];
  private readonly proxyViews: Map<EnvoyCluster, ProxyClusterView>[] = [];
  private readonly detectorOptions: { firstEjectionIgnoresMaxPercent: boolean };
  private readonly meshOfCluster = new Map<string, string>();
  /** The Istio cluster ID of each cluster's workloads (for a VM group: the cluster it is registered in). */
  private readonly clusterIdOf = new Map<string, string>();
  /** Services deployed in each mesh (a deployment in one of its clusters, whatever its replicas). */
  private readonly meshServices = new Map<string, Set<number>>();

  constructor(readonly scenario: Scenario, private readonly streams: RandomStreams, private readonly plugin: LoadBalancingPolicy | undefined) {
    const s = scenario;
    this.endpoints = buildEndpoints(s, this.localities);
    const behaviour = istioBehaviour(s.istioVersion);
    this.detectorOptions = { firstEjectionIgnoresMaxPercent: behaviour.firstEjectionIgnoresMaxPercent };
    this.translator = new XdsTranslator({ services: s.services, istio: s.istio, behaviour, connectTimeoutMs: s.connectTimeoutMs, workloads: meshWorkloads(s) });
    for (const c of s.clusters) {
      this.meshOfCluster.set(c.name, c.mesh);
      this.clusterIdOf.set(c.name, c.clusterId);
    }
    for (const m of s.meshes) this.meshServices.set(m.name, new Set());
    s.services.forEach((svc, i) => {
      for (const d of svc.deployments) this.meshServices.get(this.meshOfCluster.get(d.cluster) ?? '')?.add(i);
    });
    this.targets = this.endpoints.map((e) => ({ id: e.id, name: e.name, kind: 'endpoint', locality: e.locality, cluster: e.cluster, gateway: undefined }));
    this.responseSize = Float64Array.from(this.endpoints, (e) => s.services[e.service].responseSize);
    this.sidecars = new Int32Array(this.endpoints.length).fill(-1);
    for (const g of s.gateways) this.addGatewayDeployment(g);
    this.sources = s.traffic.map((t, index): Source => {
      const meanGap = 1000 / t.ratePerSecond;
      return {
        index,
        spec: t,
        locality: this.localities.intern(t),
        proxies: [],
        routes: [],
        interarrival: makeSampler(t.arrival === 'poisson' ? { dist: 'exponential', mean: meanGap } : { dist: 'constant', value: meanGap }),
        arrivalRng: streams.stream(`traffic/${t.name}`),
        routeRng: streams.stream(`route/${t.name}`),
        netRng: streams.stream(`network/${t.name}`),
      };
    });
    this.indexLocalities();
    for (const src of this.sources) {
      if (src.spec.origin === 'users') this.addGlobalLoadBalancer(src);
      else this.addSourceProxies(src);
    }
    this.serviceRng = s.services.map((svc) => streams.stream(`service/${svc.name}.${svc.namespace}`));
    this.callRng = s.services.map((svc) => streams.stream(`calls/${svc.name}.${svc.namespace}`));
    this.faultEndpoints = s.faults.map((f) => this.faultTargets(f));
    this.faultSources = s.faults.map((f) =>
      (f.kind === 'zone-outage' || f.kind === 'cluster-outage' || f.kind === 'region-outage') && f.service < 0
        ? this.sources.filter((src) => src.spec.origin === 'workload' && (f.cluster === undefined || src.spec.cluster === f.cluster) && (f.zone === undefined || src.spec.zone === f.zone) && (f.region === undefined || src.spec.region === f.region)).map((src) => src.index)
        : [],
    );
  }

  /**
   * The targets a fault acts on. Outages of a zone, a cluster or a region take down everything
   * there, gateway replicas included; an endpoint crash, error injection and slow endpoints act on
   * endpoints (optionally of one service; the first `count`); a gateway outage on the gateway
   * replicas of its kind. Partitions, degraded links and control-plane outages act on no target.
   */
  private faultTargets(f: Scenario['faults'][number]): number[] {
    const out: number[] = [];
    const places = this.localities.places;
    const inScope = (cluster: string, locality: number) =>
      (f.cluster === undefined || cluster === f.cluster) && (f.zone === undefined || places[locality].zone === f.zone) && (f.region === undefined || places[locality].region === f.region);
    switch (f.kind) {
      case 'zone-outage':
      case 'cluster-outage':
      case 'region-outage':
        // Scoped to a service (`service:`): that service's endpoints only, not the zone's gateways.
        for (const t of this.targets) if (inScope(t.cluster, t.locality) && (f.service < 0 || (t.gateway === undefined && this.endpoints[t.id].service === f.service))) out.push(t.id);
        return out;
      case 'gateway-outage':
        for (const t of this.targets) if (t.gateway?.kind === f.gateway && inScope(t.cluster, t.locality)) out.push(t.id);
        return out;
      case 'endpoint-crash':
      case 'error-injection':
      case 'slow-endpoints':
        for (const e of this.endpoints) {
          if (out.length >= f.count) break;
          if (inScope(e.cluster, e.locality) && (f.service < 0 || e.service === f.service)) out.push(e.id);
        }
        return out;
      case 'network-partition':
      case 'link-degradation':
      case 'control-plane-outage':
        return out;
      default: {
        const never: never = f.kind;
        throw new Error(`unhandled fault kind ${String(never)}`);
      }
    }
  }

  /** The source's calling pods, each with its own proxy and views of its route's clusters. */
  private addSourceProxies(src: Source): void {
    const t = src.spec;
    const node = sourceNode(this.scenario, t);
    const mesh = this.meshOfCluster.get(t.cluster) ?? '';
    for (let r = 0; r < t.replicas; r++) {
      const proxy = this.addProxy(`${t.name}-${r}`, node, src.locality, 'sidecar', mesh, src.netRng, src.routeRng);
      src.proxies.push(proxy.id);
      src.routes.push(this.routeOf(proxy, t.service, t.port));
    }
  }

  private addProxy(name: string, node: ProxyNode, locality: number, role: ProxyRole, mesh: string, netRng: Rng, routeRng: Rng): Proxy {
    const proxy: Proxy = { id: this.proxies.length, name, node, locality, role, mesh };
    this.proxies.push(proxy);
    this.proxyNetRng.push(netRng);
    this.proxyRouteRng.push(routeRng);
    return proxy;
  }

  clusterId(c: EnvoyCluster): number {
    let id = this.clusterIds.get(c);
    if (id === undefined) {
      id = this.clusters.length;
      this.clusters.push(c);
      this.clusterIds.set(c, id);
    }
    return id;
  }

  /** The gateway replicas of `kind`, optionally only those of one mesh / network / cluster. */
  gateways(kind: GatewayKind, where: { mesh?: string; network?: string; cluster?: string } = {}): GatewayTarget[] {
    const out: GatewayTarget[] = [];
    for (const t of this.targets) {
      const g = t.gateway;
      if (g === undefined || g.kind !== kind) continue;
      if ((where.mesh !== undefined && g.mesh !== where.mesh) || (where.network !== undefined && g.network !== where.network) || (where.cluster !== undefined && g.cluster !== where.cluster)) continue;
      out.push(g);
    }
    return out;
  }

  private targetOf(g: GatewayTarget): number {
    return this.targets.findIndex((x) => x.gateway === g);
  }

  private gatewayEndpoint(g: GatewayTarget): EdsEndpoint {
    const t = this.targets[this.targetOf(g)];
    return { target: t.id, locality: this.localities.places[t.locality], labels: { [NETWORK_LABEL]: g.network, [CLUSTER_LABEL]: this.clusterIdOf.get(g.cluster) ?? g.cluster }, weight: 1 };
  }

  /** The registry's endpoints of `cluster` as `proxy` receives them (see the module comment). */
  /** Proxies with equal keys receive the same endpoints for `c`. */
  private edsKey(proxy: Proxy, c: EnvoyCluster): string {
    return `${this.clusterId(c)}|${proxy.mesh}|${proxy.node.network}|${proxy.role === 'eastwest' || proxy.role === 'egress' ? proxy.role : ''}`;
  }

  edsEndpoints(proxy: Proxy, c: EnvoyCluster, readiness: ReadinessSnapshot | undefined = this.readinessOf?.(proxy)): EdsEndpoint[] {
    const key = readiness === undefined || readiness.id === 0 ? this.edsKey(proxy, c) : `${this.edsKey(proxy, c)}|${readiness.id}`;
    let list = this.edsCache.get(key);
    if (list !== undefined) return list;
    if (c.federated) {
      const remote = this.scenario.meshes.filter((m) => m.name !== proxy.mesh && m.exports.includes(c.service)).flatMap((m) => this.gateways('ingress', { mesh: m.name }));
      const egress = proxy.role === 'egress' ? [] : this.egressFor(proxy);
      list = (egress.length > 0 ? egress : remote).map((g) => this.gatewayEndpoint(g));
    } else {
      const keys = Object.keys(c.subsetLabels);
      const mine: NetworkedEndpoint[] = [];
      for (const e of this.endpoints) {
        if (e.service !== c.service || !keys.every((k) => e.labels[k] === c.subsetLabels[k])) continue;
        if (this.meshOfCluster.get(e.cluster) !== proxy.mesh) continue;
        // endpoint_builder.go: a not-ready endpoint is left out unless the service sends unhealthy endpoints.
        if (readiness !== undefined && readiness.ready[e.id] === 0 && !c.sendsUnhealthyEndpoints) continue;
        // Every pod (and VM) has a sidecar speaking Istio mTLS (TLS settings are not simulated). A VM's
        // WorkloadEntry endpoint is discovered in the cluster it is registered in (its cluster ID).
        mine.push({ target: e.id, locality: this.localities.places[e.locality], labels: e.labels, weight: 1, network: e.network, cluster: this.clusterIdOf.get(e.cluster) ?? e.cluster, mtls: true });
      }
      const index = networkGatewayIndex(this.gateways('eastwest', { mesh: proxy.mesh }).map((g) => ({ network: g.network, cluster: this.clusterIdOf.get(g.cluster) ?? g.cluster, target: this.targetOf(g) })));
      // An AUTO_PASSTHROUGH east-west gateway sees its own network; every other proxy gets split-horizon EDS.
      const filtered =
        proxy.role === 'eastwest'
          ? autoPassthroughEndpoints(mine, proxy.node.network, index, { unsetNetworkUsesGateways: this.translator.behaviour.unsetNetworkUsesGateways })
          : endpointsByNetworkFilter(mine, { network: proxy.node.network }, index, { unsetNetworkUsesGateways: this.translator.behaviour.unsetNetworkUsesGateways });
      list = filtered.map((e) => ({ target: e.target, locality: e.locality, labels: e.labels, weight: e.weight }));
    }
    this.edsCache.set(key, list);
    return list;
  }

  /** The egress gateways a proxy's calls to other meshes leave through: its cluster's, else its mesh's. */
  private egressFor(proxy: Proxy): GatewayTarget[] {
    const own = this.gateways('egress', { mesh: proxy.mesh, cluster: proxy.node.cluster });
    return own.length > 0 ? own : this.gateways('egress', { mesh: proxy.mesh });
  }

  /**
   * The proxy's view of `cluster`: one load balancer and one outlier detector per Envoy cluster
   * and proxy, even when several route destinations name the same cluster.
   */
  viewOf(proxy: Proxy, cluster: EnvoyCluster): ProxyClusterView {
    let views = this.proxyViews[proxy.id];
    if (views === undefined) views = this.proxyViews[proxy.id] = new Map();
    let v = views.get(cluster);
    if (v === undefined) {
      v = this.newView(proxy, cluster);
      views.set(cluster, v);
    }
    return v;
  }

  /**
   * A new view of `cluster` for `proxy`, from the registry's current endpoints or from `assignment`.
   * Proxies given the same endpoints share a slot table, and proxies alike in locality and labels
   * share the snapshot too (its host-set index is then built once).
   */
  newView(proxy: Proxy, cluster: EnvoyCluster, assignment?: ClusterLoadAssignment): ProxyClusterView {
    this.clusterId(cluster);
    let slots: ClusterSlots;
    let snapshot: ClusterSnapshot;
    if (assignment !== undefined) {
      slots = new ClusterSlots();
      snapshot = slots.snapshotOf(assignment);
    } else {
      ({ slots, snapshot } = this.sharedSnapshot(proxy, cluster, this.readinessOf?.(proxy)));
    }
    const view = new ProxyClusterView(
      this.views.length,
      proxy.id,
      cluster,
      snapshot,
      slots,
      this.plugin ?? resolvePolicy(cluster.lbPolicy),
      this.streams.stream(`lb/${proxy.name}/${cluster.name}`),
      cluster.outlierDetection === undefined ? undefined : this.streams.stream(`outlier/${proxy.name}/${cluster.name}`),
      this.detectorOptions,
    );
    if (assignment === undefined) this.applyEdsHealth(view, this.readinessOf?.(proxy));
    this.views.push(view);
    this.onNewView?.(view);
    return view;
  }

  /** The slots and load-balancer snapshot of `cluster` for proxies with `proxy`'s EDS key, locality and labels. */
  private sharedSnapshot(proxy: Proxy, cluster: EnvoyCluster, readiness: ReadinessSnapshot | undefined): { slots: ClusterSlots; snapshot: ClusterSnapshot } {
    const key = this.edsKey(proxy, cluster);
    let shared = this.sharedViews.get(key);
    if (shared === undefined) this.sharedViews.set(key, (shared = { slots: new ClusterSlots(), snapshots: new Map() }));
    const nodeKey = JSON.stringify([localityString(proxy.node.locality), Object.entries(proxy.node.labels).sort(), readiness?.id ?? 0]);
    let snap = shared.snapshots.get(nodeKey);
    if (snap === undefined) {
      snap = shared.slots.snapshotOf(this.translator.loadAssignment(proxy.node, cluster, this.edsEndpoints(proxy, cluster, readiness)));
      shared.snapshots.set(nodeKey, snap);
    }
    return { slots: shared.slots, snapshot: snap };
  }

  /** Marks the view's not-ready endpoints UNHEALTHY (they are in its hosts only when the cluster sends unhealthy endpoints). */
  private applyEdsHealth(view: ProxyClusterView, readiness: ReadinessSnapshot | undefined): void {
    if (!view.cluster.sendsUnhealthyEndpoints) return;
    const targets = view.hostTarget;
    const n = Math.min(targets.length, view.lb.snapshot.hostWeights.length);
    for (let slot = 0; slot < n; slot++) {
      const t = targets[slot];
      if (t < this.endpoints.length) view.setEdsHealth(slot, readiness !== undefined && readiness.ready[t] === 0);
    }
  }

  /**
   * An EDS push reaches `view`'s proxy: the view takes the endpoints of the readiness the proxy
   * now holds (hosts that stay keep their ejections and active requests).
   */
  refreshView(view: ProxyClusterView): void {
    const proxy = this.proxies[view.proxy];
    if (view.cluster.federated || proxy.role === 'global-lb') return; // gateway addresses: no readiness
    const readiness = this.readinessOf?.(proxy);
    view.applySnapshot(this.sharedSnapshot(proxy, view.cluster, readiness).snapshot);
    this.applyEdsHealth(view, readiness);
  }

  /** The views a proxy holds so far. */
  viewsOf(proxy: number): Iterable<ProxyClusterView> {
    return this.proxyViews[proxy]?.values() ?? [];
  }

  /** The sidecar of endpoint `e` (created on its first outgoing call). */
  sidecarOf(e: number): Proxy {
    const existing = this.sidecars[e];
    if (existing >= 0) return this.proxies[existing];
    const ep = this.endpoints[e];
    const svc = this.scenario.services[ep.service];
    const workloadLabels = { app: svc.name, ...svc.deployments[ep.deployment].labels };
    const node: ProxyNode = { namespace: svc.namespace, workloadLabels, labels: ep.labels, locality: this.localities.places[ep.locality], network: ep.network, cluster: ep.cluster };
    // One network and one route stream per service: its replicas share them, as a source's pods do.
    const fqdn = `${svc.name}.${svc.namespace}`;
    const proxy = this.addProxy(ep.name, node, ep.locality, 'sidecar', this.meshOfCluster.get(ep.cluster) ?? '', this.streams.stream(`network/${fqdn}`), this.streams.stream(`route/${fqdn}`));
    this.sidecars[e] = proxy.id;
    return proxy;
  }

  /**
   * A proxy's route to `service` on `port`, translated and given views on first use. A service
   * that runs in the proxy's mesh is routed by the mesh's VirtualServices; one that runs only in
   * other meshes goes to its `.global` cluster if some mesh exports it, else the call fails
   * (`notExported`).
   */
  routeOf(proxy: Proxy, service: number, port: number | undefined): ProxyRoute {
    let routes = this.proxyRoutes[proxy.id];
    if (routes === undefined) routes = this.proxyRoutes[proxy.id] = new Map();
    // A number, not a string: this runs for every call a service makes (ports are 1..65535, so keys are unique).
    const key = service * 65537 + (port === undefined ? 0 : port + 1);
    let r = routes.get(key);
    if (r === undefined) {
      r = this.translateRoute(proxy, service, port);
      routes.set(key, r);
    }
    return r;
  }

  private translateRoute(proxy: Proxy, service: number, port: number | undefined): ProxyRoute {
    if (this.meshServices.get(proxy.mesh)?.has(service) ?? true) {
      const route = this.translator.route(proxy.node, service, port);
      return proxyRoute(route, route.clusters.map((wc) => this.viewOf(proxy, wc.cluster)));
    }
    const exported = this.scenario.meshes.some((m) => m.name !== proxy.mesh && m.exports.includes(service));
    const base = this.translator.route(proxy.node, service, port);
    if (!exported) return { ...proxyRoute({ ...base, clusters: [] }, []), notExported: true };
    const cluster = this.translator.federatedCluster(proxy.node, service, port);
    return proxyRoute({ ...base, clusters: [{ cluster, weight: 100 }] }, [this.viewOf(proxy, cluster)]);
  }

  private addGatewayDeployment(g: GatewayDeploymentSpec): void {
    const cluster = this.scenario.clusters.find((c) => c.name === g.cluster)!;
    for (let i = 0; i < g.replicas; i++) {
      const zone = g.zones[i % g.zones.length];
      this.addGateway({
        name: `${g.name}-${i}`,
        kind: g.kind,
        cluster: g.cluster,
        network: g.network,
        mesh: cluster.mesh,
        locality: { region: cluster.region, zone, subzone: '' },
        concurrency: g.concurrency,
        queueLimit: g.queueLimit,
        processing: g.processing,
      });
    }
  }

  /** Adds a gateway replica: a target, its proxy, its network and route streams. */
  addGateway(g: GatewaySpec): Target {
    const locality = this.localities.intern(g.locality);
    const labels = { istio: `${g.kind}gateway`, [REGION_LABEL]: g.locality.region, [ZONE_LABEL]: g.locality.zone, [NETWORK_LABEL]: g.network, [CLUSTER_LABEL]: this.clusterIdOf.get(g.cluster) ?? g.cluster };
    const node: ProxyNode = { namespace: 'istio-system', workloadLabels: labels, labels, locality: g.locality, network: g.network, cluster: g.cluster };
    const proxy = this.addProxy(g.name, node, locality, g.kind, g.mesh, this.streams.stream(`network/${g.name}`), this.streams.stream(`route/${g.name}`));
    const target: Target = {
      id: this.targets.length,
      name: g.name,
      kind: g.kind,
      locality,
      cluster: g.cluster,
      gateway: { name: g.name, kind: g.kind, mesh: g.mesh, network: g.network, cluster: g.cluster, proxy: proxy.id, processing: makeSampler(g.processing), concurrency: g.concurrency, queueLimit: g.queueLimit },
    };
    this.targets.push(target);
    const sizes = new Float64Array(this.targets.length);
    sizes.set(this.responseSize);
    this.responseSize = sizes;
    this.indexLocalities();
    return target;
  }

  /**
   * Users outside the mesh reach an ingress gateway through a global load balancer (a cloud
   * anycast / DNS load balancer, not an Envoy): `nearest` sends each population to the ingress
   * gateways of its lowest-RTT region and fails over by RTT; `weighted` splits by cluster weights.
   */
  private addGlobalLoadBalancer(src: Source): void {
    const t = src.spec;
    const node: ProxyNode = { namespace: 'istio-system', workloadLabels: {}, labels: {}, locality: { region: t.region, zone: '', subzone: '' }, network: '', cluster: '' };
    const proxy = this.addProxy(`${t.name}-global-lb`, node, src.locality, 'global-lb', '', src.netRng, src.routeRng);
    const ingress = this.targets.filter((x) => x.gateway?.kind === 'ingress');
    const ing = this.scenario.ingress;
    const groupsOf = (members: Target[], weightOf: (t: Target) => number): LocalityLbEndpoints[] => {
      const byLocality = new Map<number, LocalityLbEndpoints>();
      for (const m of members) {
        let g = byLocality.get(m.locality);
        if (g === undefined) byLocality.set(m.locality, (g = { locality: localityString(this.localities.places[m.locality]), weight: 0, endpoints: [] }));
        g.endpoints.push({ target: m.id, weight: 1 });
        g.weight += weightOf(m);
      }
      return [...byLocality.values()];
    };
    let priorities: LocalityLbEndpoints[][];
    if (ing.globalLoadBalancer === 'weighted') {
      const members = ingress.filter((x) => ing.weights.has(x.cluster));
      const perCluster = new Map<string, number>();
      for (const m of members) perCluster.set(m.cluster, (perCluster.get(m.cluster) ?? 0) + 1);
      // Each cluster's weight is shared by its replicas' localities.
      priorities = [groupsOf(members, (m) => ing.weights.get(m.cluster)! / perCluster.get(m.cluster)!)];
    } else {
      const rttOf = (x: Target) => t.rtt.get(this.localities.places[x.locality].region);
      const regions = [...new Set(ingress.map((x) => this.localities.places[x.locality].region))].sort(
        (a, b) => (makeSampler(t.rtt.get(a)!).mean - makeSampler(t.rtt.get(b)!).mean) || (a < b ? -1 : a > b ? 1 : 0),
      );
      priorities = regions.map((r) => groupsOf(ingress.filter((x) => rttOf(x) !== undefined && this.localities.places[x.locality].region === r), () => 1));
    }
    const cluster: EnvoyCluster = {
      name: `global-lb|${t.name}`,
      service: t.service,
      subset: undefined,
      port: t.port,
      subsetLabels: {},
      lbPolicy: 'ROUND_ROBIN',
      outlierDetection: undefined,
      panicThreshold: 0,
      localityLbSetting: undefined,
      enableFailover: true,
      localityWeighted: ing.globalLoadBalancer === 'weighted',
      circuitBreakers: { maxConnections: Infinity, maxPendingRequests: Infinity, maxRequests: Infinity, maxRetries: Infinity },
      connectTimeoutMs: this.scenario.connectTimeoutMs,
      federated: false,
      sendsUnhealthyEndpoints: false,
    };
    const view = this.newView(proxy, cluster, {
      priorities: priorities.length > 0 ? priorities : [[]],
      localityWeighted: cluster.localityWeighted,
      overprovisioningFactor: 140,
      panicThreshold: 0,
    });
    src.proxies.push(proxy.id);
    src.routes.push(proxyRoute({ clusters: [{ cluster, weight: 100 }], timeoutMs: undefined, retryPolicy: undefined, fault: undefined }, [view]));
  }

  /** One-way delay samplers and path classes for every ordered pair of localities known so far. */
  private indexLocalities(): void {
    const n = this.localities.size;
    if (this.delay.length === n * n) return;
    const places = this.localities.places;
    this.delay = new Array(n * n);
    this.pathClassOf = new Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        this.delay[a * n + b] = this.delaySampler(places[a], places[b]);
        this.pathClassOf[a * n + b] = pathClass(places[a], places[b]);
      }
    }
  }

  private delaySampler(a: Locality, b: Locality): Sampler {
    const s = this.scenario;
    if (isUsersRegion(a.region) || isUsersRegion(b.region)) {
      // Users ↔ a region: half the population's round trip to it (users never talk to users).
      const [users, other] = isUsersRegion(a.region) ? [a, b] : [b, a];
      const source = s.traffic.find((t) => t.region === users.region);
      const rtt = source?.rtt.get(other.region);
      return rtt === undefined ? makeSampler({ dist: 'constant', value: 0 }) : oneWay(makeSampler(rtt));
    }
    const l = s.latency;
    if (a.region !== b.region) return makeSampler(l.crossRegionPairs.get(regionPairKey(a.region, b.region)) ?? l.crossRegionDefault);
    if (a.zone !== b.zone) return makeSampler(l.crossZone);
    return makeSampler(l.sameZone);
  }
}

export function buildWorld(s: Scenario, streams: RandomStreams, plugin: LoadBalancingPolicy | undefined): World {
  return new World(s, streams, plugin);
}
