/**
 * The world of one run: endpoints, traffic sources, their proxies and the upstream clusters each
 * proxy sees, built once from the qualified scenario and the mesh configuration.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { RandomStreams, Rng } from '../engine/random.js';
import { ClusterLoadBalancer } from '../lb/cluster-load-balancer.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { resolvePolicy } from '../lb/policies/registry.js';
import type { Scenario, TrafficSpec } from '../model/scenario.js';
import { regionPairKey } from '../model/scenario.js';
import { istioAtLeast } from '../model/istio-version.js';
import { fromIstioOutlierDetection } from '../outlier/config.js';
import { OutlierDetector } from '../outlier/detector.js';
import { buildEndpoints, type Endpoint } from '../topology/endpoints.js';
import { CLUSTER_LABEL, LocalityTable, NETWORK_LABEL, REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL, pathClass, type PathClass } from '../topology/locality.js';
import type { MeshConfig } from './mesh-config.js';
import { snapshotFor, type UpstreamCluster } from './upstream-cluster.js';

/** One calling proxy's state for one upstream cluster. */
export interface ProxyClusterView {
  id: number;
  proxy: number;
  cluster: UpstreamCluster;
  lb: ClusterLoadBalancer;
  detector: OutlierDetector | undefined;
  /** Outlier detection interval (ms); 0 without a detector. */
  outlierIntervalMs: number;
  /** Cluster-local host index → global endpoint id. */
  hostEndpoint: Int32Array;
}

export interface Proxy {
  id: number;
  /** `<source>-<replica>` */
  name: string;
  source: number;
  locality: number;
  /** One view per route destination, in the route's order. */
  views: ProxyClusterView[];
}

export interface RouteDestination {
  cluster: UpstreamCluster;
  weight: number;
}

export interface Source {
  index: number;
  spec: TrafficSpec;
  locality: number;
  proxies: number[];
  destinations: RouteDestination[];
  /** Cumulative destination weights, for weighted picks. */
  cumulativeWeights: number[];
  totalWeight: number;
  interarrival: Sampler;
  arrivalRng: Rng;
  routeRng: Rng;
  netRng: Rng;
}

export interface World {
  scenario: Scenario;
  localities: LocalityTable;
  endpoints: Endpoint[];
  sources: Source[];
  proxies: Proxy[];
  views: ProxyClusterView[];
  /** One-way delay sampler by `from * localities.size + to`. */
  delay: Sampler[];
  pathClassOf: PathClass[];
  /** Random stream per service (service time and error draws). */
  serviceRng: Rng[];
  /** Endpoints each fault takes down, by fault index. */
  faultEndpoints: number[][];
  /** Response size (bytes) of each endpoint's service, by endpoint id. */
  responseSize: Float64Array;
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

export function buildWorld(s: Scenario, mesh: MeshConfig, streams: RandomStreams, plugin: LoadBalancingPolicy | undefined): World {
  const localities = new LocalityTable();
  const endpoints = buildEndpoints(s, localities);
  const proxies: Proxy[] = [];
  const views: ProxyClusterView[] = [];
  const clusterCache = new Map<string, UpstreamCluster>();

  const sources = s.traffic.map((t, index): Source => {
    const locality = localities.intern(t);
    const destinations = mesh.routeFor(t, endpoints, clusterCache);
    const cumulativeWeights: number[] = [];
    let acc = 0;
    for (const d of destinations) cumulativeWeights.push((acc += d.weight));
    const meanGap = 1000 / t.ratePerSecond;
    return {
      index,
      spec: t,
      locality,
      proxies: [],
      destinations,
      cumulativeWeights,
      totalWeight: acc,
      interarrival: makeSampler(t.arrival === 'poisson' ? { dist: 'exponential', mean: meanGap } : { dist: 'constant', value: meanGap }),
      arrivalRng: streams.stream(`traffic/${t.name}`),
      routeRng: streams.stream(`route/${t.name}`),
      netRng: streams.stream(`network/${t.name}`),
    };
  });

  for (const src of sources) {
    const t = src.spec;
    const proxyInfo = {
      locality: { region: t.region, zone: t.zone, subzone: t.subzone },
      labels: { ...t.labels, [REGION_LABEL]: t.region, [ZONE_LABEL]: t.zone, ...(t.subzone ? { [SUBZONE_LABEL]: t.subzone } : {}), [NETWORK_LABEL]: t.network, [CLUSTER_LABEL]: t.cluster },
    };
    // The snapshot depends only on the proxy's locality and labels: shared by the source's replicas.
    const snapshots = src.destinations.map((d) => snapshotFor(d.cluster, proxyInfo, endpoints, localities, s.istioVersion));
    for (let r = 0; r < t.replicas; r++) {
      const proxy: Proxy = { id: proxies.length, name: `${t.name}-${r}`, source: src.index, locality: src.locality, views: [] };
      // One load balancer and one outlier detector per Envoy cluster, even when several route
      // destinations resolve to the same cluster.
      const byCluster = new Map<UpstreamCluster, ProxyClusterView>();
      src.destinations.forEach((d, di) => {
        const existing = byCluster.get(d.cluster);
        if (existing) {
          proxy.views.push(existing);
          return;
        }
        const n = d.cluster.endpoints.length;
        const rng = streams.stream(`lb/${proxy.name}/${d.cluster.name}`);
        const policy = plugin ?? resolvePolicy(d.cluster.policy.simple);
        const lb = new ClusterLoadBalancer(snapshots[di], policy, rng);
        const od = d.cluster.policy.outlierDetection;
        const odConfig = od === undefined ? undefined : fromIstioOutlierDetection(od, { istioVersion: s.istioVersion });
        const detector =
          odConfig === undefined
            ? undefined
            : new OutlierDetector(n, odConfig, streams.stream(`outlier/${proxy.name}/${d.cluster.name}`), {
                // Envoy ≤1.26 (shipped up to Istio 1.18) let ejections pass while 100*active/n < max (envoyproxy/envoy#27909).
                firstEjectionIgnoresMaxPercent: !istioAtLeast(s.istioVersion, 1, 19),
              });
        const view: ProxyClusterView = {
          id: views.length,
          proxy: proxy.id,
          cluster: d.cluster,
          lb,
          detector,
          outlierIntervalMs: odConfig?.interval ?? 0,
          hostEndpoint: Int32Array.from(d.cluster.endpoints),
        };
        views.push(view);
        proxy.views.push(view);
        byCluster.set(d.cluster, view);
      });
      src.proxies.push(proxy.id);
      proxies.push(proxy);
    }
  }

  const n = localities.size;
  const delay: Sampler[] = new Array(n * n);
  const pathClassOf: PathClass[] = new Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      delay[a * n + b] = delaySampler(s, localities.places[a], localities.places[b]);
      pathClassOf[a * n + b] = pathClass(localities.places[a], localities.places[b]);
    }
  }
  const serviceRng = s.services.map((svc) => streams.stream(`service/${svc.name}.${svc.namespace}`));
  const faultEndpoints = s.faults.map((f) => faultTargets(endpoints, localities, f));
  const responseSize = Float64Array.from(endpoints, (e) => s.services[e.service].responseSize);
  return { scenario: s, localities, endpoints, sources, proxies, views, delay, pathClassOf, serviceRng, faultEndpoints, responseSize };
}
