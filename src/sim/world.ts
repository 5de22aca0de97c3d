/**
 * The world of one run, built once from the qualified scenario: localities, endpoints and the
 * targets a hop can reach, the traffic sources and their calling proxies, and each proxy's routes
 * and cluster views as the xDS translation gives them (xds/translator.ts).
 *
 * Targets are everything a hop can end at: the service endpoints (ids 0..E-1, the same as endpoint
 * ids) and, appended after them, gateways. A gateway target forwards: its own proxy picks the next
 * hop from its own view of the call's cluster.
 */
import { makeSampler, type Distribution, type Sampler } from '../engine/distributions.js';
import type { RandomStreams, Rng } from '../engine/random.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { resolvePolicy } from '../lb/policies/registry.js';
import type { Scenario, TrafficSpec } from '../model/scenario.js';
import { regionPairKey } from '../model/scenario.js';
import { ProxyClusterView } from '../proxy/cluster-view.js';
import { proxyRoute, type Proxy, type ProxyRoute } from '../proxy/proxy.js';
import { buildEndpoints, type Endpoint } from './endpoints.js';
import { CLUSTER_LABEL, LocalityTable, NETWORK_LABEL, REGION_LABEL, SUBZONE_LABEL, ZONE_LABEL, pathClass, type Locality, type PathClass } from '../topology/locality.js';
import type { EnvoyCluster } from '../xds/cluster.js';
import type { ClusterLoadAssignment, EdsEndpoint } from '../xds/eds.js';
import { istioBehaviour } from '../xds/istio-behaviour.js';
import { XdsTranslator, type ProxyNode } from '../xds/translator.js';

/** A gateway target: a station whose proxy forwards each call to the next hop. */
export interface GatewayTarget {
  name: string;
  /** The gateway replica's proxy (its own views of the clusters it forwards to). */
  proxy: number;
  /** Per-request processing time. */
  processing: Sampler;
  concurrency: number;
  queueLimit: number;
  /** Views of the gateway's proxy, by EnvoyCluster id (world.clusterId). */
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

export interface World {
  scenario: Scenario;
  localities: LocalityTable;
  endpoints: Endpoint[];
  /** Endpoints first (target id = endpoint id), then gateways. */
  targets: Target[];
  sources: Source[];
  proxies: Proxy[];
  views: ProxyClusterView[];
  /** Envoy clusters met so far, by id (EnvoyCluster objects are shared between proxies). */
  clusters: EnvoyCluster[];
  /** One-way delay sampler by `from * localities.size + to`. */
  delay: Sampler[];
  pathClassOf: PathClass[];
  /** Random stream per service (service time and error draws). */
  serviceRng: Rng[];
  /** Network-delay stream by proxy id: the stream of the workload the proxy belongs to. */
  proxyNetRng: Rng[];
  /** Endpoints each fault takes down, by fault index. */
  faultEndpoints: number[][];
  /** Response size (bytes) a target's answer carries, by target id (gateways: 0). */
  responseSize: Float64Array;
  translator: XdsTranslator;
  /** The registry's endpoints of a cluster, as EDS input (in endpoint order). */
  edsEndpoints(cluster: EnvoyCluster): EdsEndpoint[];
  /** Creates a view of `cluster` for `proxy` from the registry's current endpoints (or from `assignment`). */
  newView(proxy: Proxy, cluster: EnvoyCluster, assignment?: ClusterLoadAssignment): ProxyClusterView;
  clusterId(cluster: EnvoyCluster): number;
  /** Adds a gateway replica: a target, its proxy, its network stream. */
  addGateway(spec: GatewaySpec): Target;
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

function delaySampler(s: Scenario, a: { region: string; zone: string }, b: { region: string; zone: string }): Sampler {
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

export function buildWorld(s: Scenario, streams: RandomStreams, plugin: LoadBalancingPolicy | undefined): World {
  const localities = new LocalityTable();
  const endpoints = buildEndpoints(s, localities);
  const behaviour = istioBehaviour(s.istioVersion);
  const translator = new XdsTranslator({ services: s.services, istio: s.istio, behaviour, connectTimeoutMs: s.connectTimeoutMs });
  const proxies: Proxy[] = [];
  const proxyNetRng: Rng[] = [];
  const views: ProxyClusterView[] = [];
  const clusters: EnvoyCluster[] = [];
  const clusterIds = new Map<EnvoyCluster, number>();
  const targets: Target[] = endpoints.map((e) => ({ id: e.id, name: e.name, kind: 'endpoint', locality: e.locality, cluster: e.cluster, gateway: undefined }));

  const clusterId = (c: EnvoyCluster): number => {
    let id = clusterIds.get(c);
    if (id === undefined) {
      id = clusters.length;
      clusters.push(c);
      clusterIds.set(c, id);
    }
    return id;
  };
  const edsCache = new Map<EnvoyCluster, EdsEndpoint[]>();
  const edsEndpoints = (c: EnvoyCluster): EdsEndpoint[] => {
    let list = edsCache.get(c);
    if (list === undefined) {
      const keys = Object.keys(c.subsetLabels);
      list = [];
      for (const e of endpoints) {
        if (e.service !== c.service || !keys.every((k) => e.labels[k] === c.subsetLabels[k])) continue;
        list.push({ target: e.id, locality: localities.places[e.locality], labels: e.labels, weight: 1 });
      }
      edsCache.set(c, list);
    }
    return list;
  };
  const newView = (proxy: Proxy, c: EnvoyCluster, given?: ClusterLoadAssignment): ProxyClusterView => {
    clusterId(c);
    const assignment = given ?? translator.loadAssignment(proxy.node, c, edsEndpoints(c));
    const view = new ProxyClusterView(
      views.length,
      proxy.id,
      c,
      assignment,
      plugin ?? resolvePolicy(c.lbPolicy),
      streams.stream(`lb/${proxy.name}/${c.name}`),
      c.outlierDetection === undefined ? undefined : streams.stream(`outlier/${proxy.name}/${c.name}`),
      { firstEjectionIgnoresMaxPercent: behaviour.firstEjectionIgnoresMaxPercent },
    );
    views.push(view);
    return view;
  };

  const sources = s.traffic.map((t, index): Source => {
    const meanGap = 1000 / t.ratePerSecond;
    return {
      index,
      spec: t,
      locality: localities.intern(t),
      proxies: [],
      routes: [],
      interarrival: makeSampler(t.arrival === 'poisson' ? { dist: 'exponential', mean: meanGap } : { dist: 'constant', value: meanGap }),
      arrivalRng: streams.stream(`traffic/${t.name}`),
      routeRng: streams.stream(`route/${t.name}`),
      netRng: streams.stream(`network/${t.name}`),
    };
  });

  for (const src of sources) {
    const t = src.spec;
    const node = sourceNode(t);
    // The route depends only on the caller's namespace and labels: shared by the source's replicas.
    const route = translator.route(node, t.service, t.port);
    for (let r = 0; r < t.replicas; r++) {
      const proxy: Proxy = { id: proxies.length, name: `${t.name}-${r}`, node, locality: src.locality };
      proxies.push(proxy);
      proxyNetRng.push(src.netRng);
      // One load balancer and one outlier detector per Envoy cluster, even when several route
      // destinations resolve to the same cluster.
      const byCluster = new Map<EnvoyCluster, ProxyClusterView>();
      const routeViews = route.clusters.map((wc) => {
        let v = byCluster.get(wc.cluster);
        if (v === undefined) {
          v = newView(proxy, wc.cluster);
          byCluster.set(wc.cluster, v);
        }
        return v;
      });
      src.proxies.push(proxy.id);
      src.routes.push(proxyRoute(route, routeViews));
    }
  }

  const world: World = {
    scenario: s, localities, endpoints, targets, sources, proxies, views, clusters, delay: [], pathClassOf: [], serviceRng: [], proxyNetRng, faultEndpoints: [], responseSize: new Float64Array(0), translator,
    edsEndpoints, newView, clusterId, addGateway,
  };

  /** One-way delay samplers and path classes for every ordered pair of localities known so far. */
  function indexLocalities(): void {
    const n = localities.size;
    if (world.delay.length === n * n) return;
    world.delay = new Array(n * n);
    world.pathClassOf = new Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        world.delay[a * n + b] = delaySampler(s, localities.places[a], localities.places[b]);
        world.pathClassOf[a * n + b] = pathClass(localities.places[a], localities.places[b]);
      }
    }
  }

  function addGateway(g: GatewaySpec): Target {
    const locality = localities.intern(g.locality);
    const labels = { istio: 'eastwestgateway', [REGION_LABEL]: g.locality.region, [ZONE_LABEL]: g.locality.zone, [NETWORK_LABEL]: g.network, [CLUSTER_LABEL]: g.cluster };
    const proxy: Proxy = {
      id: proxies.length,
      name: g.name,
      node: { namespace: 'istio-system', workloadLabels: labels, labels, locality: g.locality, network: g.network, cluster: g.cluster },
      locality,
    };
    proxies.push(proxy);
    proxyNetRng.push(streams.stream(`network/${g.name}`));
    const target: Target = {
      id: targets.length,
      name: g.name,
      kind: 'gateway',
      locality,
      cluster: g.cluster,
      gateway: { name: g.name, proxy: proxy.id, processing: makeSampler(g.processing), concurrency: g.concurrency, queueLimit: g.queueLimit, viewByCluster: new Map() },
    };
    targets.push(target);
    const sizes = new Float64Array(targets.length);
    sizes.set(world.responseSize);
    world.responseSize = sizes;
    indexLocalities();
    return target;
  }

  indexLocalities();
  world.serviceRng = s.services.map((svc) => streams.stream(`service/${svc.name}.${svc.namespace}`));
  world.faultEndpoints = s.faults.map((f) => faultTargets(endpoints, localities, f));
  world.responseSize = Float64Array.from(endpoints, (e) => s.services[e.service].responseSize);
  return world;
}
