/**
 * The world of one run, built from the qualified scenario: localities, endpoints and the targets a
 * hop can reach, the traffic sources and their calling proxies, and each proxy's routes and
 * cluster views as the xDS translation gives them (xds/translator.ts).
 *
 * Targets are everything a hop can end at: the service endpoints (ids 0..E-1, the same as endpoint
 * ids) and, appended after them, gateways. A gateway target forwards: its own proxy picks the next
 * hop from its own view of the call's cluster.
 *
 * The sources' proxies and views exist from the start; the sidecars of service replicas (for
 * outgoing calls) and their views are made on first use, so a mesh of thousands of pods costs only
 * what its traffic touches.
 */
import { makeSampler, type Distribution, type Sampler } from '../engine/distributions.js';
import type { RandomStreams, Rng } from '../engine/random.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { resolvePolicy } from '../lb/policies/registry.js';
import type { Scenario, TrafficSpec } from '../model/scenario.js';
import { regionPairKey } from '../model/scenario.js';
import { ProxyClusterView } from '../proxy/cluster-view.js';
import { proxyRoute, type Proxy, type ProxyRoute } from '../proxy/proxy.js';
import { CLUSTER_LABEL, LocalityTable, NETWORK_LABEL, REGION_LABEL, SUBZONE_LABEL, ZONE_LABEL, pathClass, type Locality, type PathClass } from '../topology/locality.js';
import type { EnvoyCluster } from '../xds/cluster.js';
import type { ClusterLoadAssignment, EdsEndpoint } from '../xds/eds.js';
import { istioBehaviour } from '../xds/istio-behaviour.js';
import { XdsTranslator, type ProxyNode } from '../xds/translator.js';
import { buildEndpoints, type Endpoint } from './endpoints.js';

/** A gateway target: a station whose proxy forwards each call to the next hop. */
export interface GatewayTarget {
  name: string;
  /** The gateway replica's proxy (its own views of the clusters it forwards to). */
  proxy: number;
  /** Per-request processing time. */
  processing: Sampler;
  concurrency: number;
  queueLimit: number;
  /** Views of the gateway's proxy, by EnvoyCluster id (World.clusterId). */
  viewByCluster: Map<number, ProxyClusterView>;
}

export interface Target {
  id: number;
  name: string;
  kind: 'endpoint' | 'gateway';
  locality: number;
  cluster: string;
  gateway: GatewayTarget | undefined;
}

/** One gateway replica to add to the world. */
export interface GatewaySpec {
  name: string;
  /** Kubernetes cluster it runs in. */
  cluster: string;
  network: string;
  locality: Locality;
  concurrency: number;
  queueLimit: number;
  processing: Distribution;
}

export interface Source {
  index: number;
  spec: TrafficSpec;
  locality: number;
  /** The source's calling pods (proxy ids), taking requests in turn. */
  proxies: number[];
  /** Each calling proxy's route to the source's service, parallel to `proxies`. */
  routes: ProxyRoute[];
  interarrival: Sampler;
  arrivalRng: Rng;
  routeRng: Rng;
  netRng: Rng;
}

/** The endpoints a fault affects: matching cluster, zone and service; the first `count` of them. */
function faultTargets(endpoints: Endpoint[], localities: LocalityTable, f: Scenario['faults'][number]): number[] {
  const out: number[] = [];
  for (const e of endpoints) {
    if (out.length >= f.count) break;
    if (f.cluster !== undefined && e.cluster !== f.cluster) continue;
    if (f.zone !== undefined && localities.places[e.locality].zone !== f.zone) continue;
    if (f.service >= 0 && e.service !== f.service) continue;
    out.push(e.id);
  }
  return out;
}

function delaySampler(s: Scenario, a: Locality, b: Locality): Sampler {
  const l = s.latency;
  if (a.region !== b.region) return makeSampler(l.crossRegionPairs.get(regionPairKey(a.region, b.region)) ?? l.crossRegionDefault);
  if (a.zone !== b.zone) return makeSampler(l.crossZone);
  return makeSampler(l.sameZone);
}

/** The xDS node of a traffic source's calling pods. */
function sourceNode(t: TrafficSpec): ProxyNode {
  return {
    namespace: t.namespace,
    workloadLabels: t.labels,
    labels: { ...t.labels, [REGION_LABEL]: t.region, [ZONE_LABEL]: t.zone, ...(t.subzone ? { [SUBZONE_LABEL]: t.subzone } : {}), [NETWORK_LABEL]: t.network, [CLUSTER_LABEL]: t.cluster },
    locality: { region: t.region, zone: t.zone, subzone: t.subzone },
    network: t.network,
    cluster: t.cluster,
  };
}

export class World {
  readonly localities = new LocalityTable();
  readonly endpoints: Endpoint[];
  /** Endpoints first (target id = endpoint id), then gateways. */
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
  /** Endpoints each fault takes down, by fault index. */
  readonly faultEndpoints: number[][];
  /** Response size (bytes) a target's answer carries, by target id (gateways: 0). */
  responseSize: Float64Array;
  readonly translator: XdsTranslator;
  /** Called with every view created after construction (lazily, on a first call). */
  onNewView: ((view: ProxyClusterView) => void) | undefined;

  private readonly clusterIds = new Map<EnvoyCluster, number>();
  private readonly edsCache = new Map<EnvoyCluster, EdsEndpoint[]>();
  private readonly sidecars: Int32Array;
  private readonly proxyRoutes: Map<string, ProxyRoute>[] = [];
  private readonly proxyViews: Map<EnvoyCluster, ProxyClusterView>[] = [];
  private readonly detectorOptions: { firstEjectionIgnoresMaxPercent: boolean };

  constructor(readonly scenario: Scenario, private readonly streams: RandomStreams, private readonly plugin: LoadBalancingPolicy | undefined) {
    const s = scenario;
    this.endpoints = buildEndpoints(s, this.localities);
    const behaviour = istioBehaviour(s.istioVersion);
    this.detectorOptions = { firstEjectionIgnoresMaxPercent: behaviour.firstEjectionIgnoresMaxPercent };
    this.translator = new XdsTranslator({ services: s.services, istio: s.istio, behaviour, connectTimeoutMs: s.connectTimeoutMs });
    this.targets = this.endpoints.map((e) => ({ id: e.id, name: e.name, kind: 'endpoint', locality: e.locality, cluster: e.cluster, gateway: undefined }));
    this.sidecars = new Int32Array(this.endpoints.length).fill(-1);
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
    for (const src of this.sources) this.addSourceProxies(src);
    this.indexLocalities();
    this.serviceRng = s.services.map((svc) => streams.stream(`service/${svc.name}.${svc.namespace}`));
    this.callRng = s.services.map((svc) => streams.stream(`calls/${svc.name}.${svc.namespace}`));
    this.faultEndpoints = s.faults.map((f) => faultTargets(this.endpoints, this.localities, f));
    this.responseSize = Float64Array.from(this.endpoints, (e) => s.services[e.service].responseSize);
  }

  /** The source's calling pods, each with its own proxy and views of its route's clusters. */
  private addSourceProxies(src: Source): void {
    const t = src.spec;
    const node = sourceNode(t);
    // The route depends only on the caller's namespace and labels: shared by the source's replicas.
    const route = this.translator.route(node, t.service, t.port);
    for (let r = 0; r < t.replicas; r++) {
      const proxy = this.addProxy(`${t.name}-${r}`, node, src.locality, src.netRng, src.routeRng);
      src.proxies.push(proxy.id);
      src.routes.push(proxyRoute(route, route.clusters.map((wc) => this.viewOf(proxy, wc.cluster))));
    }
  }

  private addProxy(name: string, node: ProxyNode, locality: number, netRng: Rng, routeRng: Rng): Proxy {
    const proxy: Proxy = { id: this.proxies.length, name, node, locality };
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

  /** The registry's endpoints of a cluster, as EDS input (in endpoint order). */
  edsEndpoints(c: EnvoyCluster): EdsEndpoint[] {
    let list = this.edsCache.get(c);
    if (list === undefined) {
      const keys = Object.keys(c.subsetLabels);
      list = [];
      for (const e of this.endpoints) {
        if (e.service !== c.service || !keys.every((k) => e.labels[k] === c.subsetLabels[k])) continue;
        list.push({ target: e.id, locality: this.localities.places[e.locality], labels: e.labels, weight: 1 });
      }
      this.edsCache.set(c, list);
    }
    return list;
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

  /** A new view of `cluster` for `proxy`, from the registry's current endpoints or from `assignment`. */
  newView(proxy: Proxy, cluster: EnvoyCluster, assignment?: ClusterLoadAssignment): ProxyClusterView {
    this.clusterId(cluster);
    const view = new ProxyClusterView(
      this.views.length,
      proxy.id,
      cluster,
      assignment ?? this.translator.loadAssignment(proxy.node, cluster, this.edsEndpoints(cluster)),
      this.plugin ?? resolvePolicy(cluster.lbPolicy),
      this.streams.stream(`lb/${proxy.name}/${cluster.name}`),
      cluster.outlierDetection === undefined ? undefined : this.streams.stream(`outlier/${proxy.name}/${cluster.name}`),
      this.detectorOptions,
    );
    this.views.push(view);
    this.onNewView?.(view);
    return view;
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
    const proxy = this.addProxy(ep.name, node, ep.locality, this.streams.stream(`network/${fqdn}`), this.streams.stream(`route/${fqdn}`));
    this.sidecars[e] = proxy.id;
    return proxy;
  }

  /** A proxy's route to `service` on `port`, translated and given views on first use. */
  routeOf(proxy: Proxy, service: number, port: number | undefined): ProxyRoute {
    let routes = this.proxyRoutes[proxy.id];
    if (routes === undefined) routes = this.proxyRoutes[proxy.id] = new Map();
    const key = `${service}:${port ?? ''}`;
    let r = routes.get(key);
    if (r === undefined) {
      const route = this.translator.route(proxy.node, service, port);
      r = proxyRoute(route, route.clusters.map((wc) => this.viewOf(proxy, wc.cluster)));
      routes.set(key, r);
    }
    return r;
  }

  /** Adds a gateway replica: a target, its proxy, its network and route streams. */
  addGateway(g: GatewaySpec): Target {
    const locality = this.localities.intern(g.locality);
    const labels = { istio: 'eastwestgateway', [REGION_LABEL]: g.locality.region, [ZONE_LABEL]: g.locality.zone, [NETWORK_LABEL]: g.network, [CLUSTER_LABEL]: g.cluster };
    const node: ProxyNode = { namespace: 'istio-system', workloadLabels: labels, labels, locality: g.locality, network: g.network, cluster: g.cluster };
    const proxy = this.addProxy(g.name, node, locality, this.streams.stream(`network/${g.name}`), this.streams.stream(`route/${g.name}`));
    const target: Target = {
      id: this.targets.length,
      name: g.name,
      kind: 'gateway',
      locality,
      cluster: g.cluster,
      gateway: { name: g.name, proxy: proxy.id, processing: makeSampler(g.processing), concurrency: g.concurrency, queueLimit: g.queueLimit, viewByCluster: new Map() },
    };
    this.targets.push(target);
    const sizes = new Float64Array(this.targets.length);
    sizes.set(this.responseSize);
    this.responseSize = sizes;
    this.indexLocalities();
    return target;
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
        this.delay[a * n + b] = delaySampler(this.scenario, places[a], places[b]);
        this.pathClassOf[a * n + b] = pathClass(places[a], places[b]);
      }
    }
  }
}

export function buildWorld(s: Scenario, streams: RandomStreams, plugin: LoadBalancingPolicy | undefined): World {
  return new World(s, streams, plugin);
}
