/**
 * The upstream cluster a calling proxy sees: the service's endpoints, as Istio's EDS sends them to
 * that proxy (locality groups, priorities and weights after the locality setting), with the panic
 * threshold and locality weighting Istio programs.
 *
 * The endpoint list (and so each host's cluster-local index) is the same for every proxy; what
 * differs per proxy is the grouping into priorities, which depends on the proxy's locality and
 * labels. Source: istio pilot/pkg/xds/endpoints/endpoint_builder.go (BuildClusterLoadAssignment),
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go (ApplyLocalityLoadBalancer).
 */
import { applyLocalitySetting, localityBehaviour, type LocalityGroupInput, type ProxyInfo } from '../istio/locality-setting.js';
import { DEFAULT_OVERPROVISIONING_FACTOR } from '../lb/priority-load.js';
import type { ClusterSnapshot, LocalityBucket } from '../lb/host-set.js';
import { panicThresholdFromIstio } from '../outlier/config.js';
import { istioAtLeast, type IstioVersion } from '../model/istio-version.js';
import type { Endpoint } from '../topology/endpoints.js';
import type { LocalityTable } from '../topology/locality.js';
import { MESH_DEFAULT_LOCALITY_SETTING, type ClusterPolicy } from './cluster-policy.js';

export interface UpstreamCluster {
  /** `outbound|<port>|<subset>|<fqdn>`, as Istio names Envoy clusters. */
  name: string;
  service: number;
  policy: ClusterPolicy;
  /** Global endpoint ids; a host's cluster-local index is its position here. */
  endpoints: number[];
}

export function clusterName(fqdn: string, subset: string | undefined, port: number | undefined): string {
  return `outbound|${port ?? ''}|${subset ?? ''}|${fqdn}`;
}

/** Endpoints of a service matching a subset's labels. */
export function selectEndpoints(all: readonly Endpoint[], service: number, labels: Record<string, string>): number[] {
  const keys = Object.keys(labels);
  const out: number[] = [];
  for (const e of all) {
    if (e.service !== service) continue;
    if (keys.every((k) => e.labels[k] === labels[k])) out.push(e.id);
  }
  return out;
}

/** Groups a cluster's hosts by locality, in order of first appearance (EDS LocalityLbEndpoints). */
function localityGroups(cluster: UpstreamCluster, endpoints: readonly Endpoint[], localities: LocalityTable): LocalityGroupInput[] {
  const byLocality = new Map<number, LocalityGroupInput>();
  cluster.endpoints.forEach((id, index) => {
    const e = endpoints[id];
    let g = byLocality.get(e.locality);
    if (!g) {
      const p = localities.places[e.locality];
      g = { locality: { region: p.region, zone: p.zone, subzone: p.subzone }, endpoints: [] };
      byLocality.set(e.locality, g);
    }
    g.endpoints.push({ index, weight: 1, labels: e.labels });
  });
  return [...byLocality.values()];
}

/** Builds the snapshot one proxy's Envoy holds for this cluster. */
export function snapshotFor(
  cluster: UpstreamCluster,
  proxy: ProxyInfo,
  endpoints: readonly Endpoint[],
  localities: LocalityTable,
  istioVersion: IstioVersion,
): ClusterSnapshot {
  const p = cluster.policy;
  // loadbalancer.go GetLocalityLbSetting: the DR's setting overrides the mesh's entirely.
  const setting = p.localityLbSetting ?? MESH_DEFAULT_LOCALITY_SETTING;
  const behaviour = localityBehaviour(setting, p.outlierDetection !== undefined);
  const applied = applyLocalitySetting(proxy, localityGroups(cluster, endpoints, localities), setting, {
    enableFailover: behaviour.enableFailover,
    // failoverPriority's network rule changed in istio/istio#60829 (1.31).
    networkPreferred: istioAtLeast(istioVersion, 1, 31),
  });
  const priorities: { localities: LocalityBucket[] }[] = [];
  for (let i = 0; i < applied.priorities; i++) priorities.push({ localities: [] });
  for (const g of applied.groups) {
    if (g.endpoints.length === 0) continue;
    const loc = [g.locality.region, g.locality.zone, g.locality.subzone].join('/').replace(/\/+$/, '');
    priorities[g.priority].localities.push({ locality: loc, weight: g.weight, hosts: g.endpoints });
  }
  return {
    priorities: priorities.length > 0 ? priorities : [{ localities: [] }],
    hostWeights: cluster.endpoints.map(() => 1),
    localityWeighted: applied.localityWeighted,
    overprovisioningFactor: DEFAULT_OVERPROVISIONING_FACTOR,
    panicThreshold: panicThresholdFromIstio(p.outlierDetection, istioVersion),
  };
}
