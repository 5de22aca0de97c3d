/**
 * Split-horizon EDS: what a proxy in one network receives for a cluster whose endpoints live in
 * several networks. Its own network's endpoints (and those of networks without an east-west
 * gateway) come as they are; each remote network's endpoints are replaced by that network's
 * gateway endpoint(s), weighted by how many endpoints they stand for. Istio runs this filter on the
 * locality groups of a cluster right after building them and BEFORE the locality setting
 * (distribute / failover priorities) is applied.
 *
 * What the caller sees through a gateway: one host per gateway address, always HEALTHY, labelled
 * only with the gateway's network and cluster — remote pod health, workload labels and counts per
 * zone are invisible (outlier detection sees the gateway as one host; `failoverPriority` on workload
 * labels cannot match it, istio/istio#49500). The gateway then balances over its own network's
 * endpoints with its own proxy state: `autoPassthroughEndpoints` is what an AUTO_PASSTHROUGH
 * (SNI-DNAT) east-west gateway receives.
 *
 * Weights (scale s = NetworkGatewayIndex.scale, the LCM of gateway counts): every endpoint weight is
 * multiplied by s (unset/0 ⇒ s, clipped at 2^32-1); a remote endpoint's scaled weight w is split
 * ⌊w / #gateways⌋ to each gateway selected for it; a gateway endpoint's weight is the sum within its
 * locality group (minimum 1). Worked example (upstream TestEndpointsByNetworkFilter, s = 6): from
 * network1, 1 endpoint of network2/cluster2a → gateway 2.2.2.2 weight 6/1 = 6; 2 endpoints of
 * network2/cluster2b → gateways 2.2.2.20 and 2.2.2.21 each 6/2 + 6/2 = 6.
 *
 * Known Istio bug (istio/istio#56355, #53767): the gateway weights are summed per locality group,
 * so a remote network whose endpoints span several localities gets one copy of the same gateway
 * address per locality; Envoy keeps only the first copy of an address in the assignment
 * (`keepFirstHostPerTarget`) and the gateway's weight collapses to the endpoint count of the first
 * (alphabetically lowest) remote locality. The fix, istio/istio PR #60835 (emit each gateway once,
 * aggregated, in the first locality group that uses it), was still open and unmerged at the pinned
 * commit and in the stored PR thread (last activity Sept 2026, issue #56355 still open; reported on
 * 1.30.2). `gatewayEndpoints: 'per-locality-group'` (default) reproduces Istio;
 * `'once-per-assignment'` models the PR.
 *
 * Sources (pinned, read with the search tool):
 *   istio/istio pilot/pkg/xds/endpoints/ep_filters.go @ 01fc9e4e4241c2431700f6a152781649646bb489
 *     (EndpointsByNetworkFilter, selectNetworkGateways, scaleEndpointLBWeight, splitWeightAmongGateways,
 *     EndpointsWithMTLSFilter);
 *   istio/istio pilot/pkg/xds/endpoints/ep_filters_test.go @ 01fc9e4e4241c2431700f6a152781649646bb489
 *     (TestEndpointsByNetworkFilter, reproduced in test/xds/split-horizon.upstream.test.ts);
 *   istio/istio pilot/pkg/xds/endpoints/endpoint_builder.go @ 01fc9e4e4241c2431700f6a152781649646bb489
 *     (generate: localities sorted, then this filter, then the mTLS filter for SNI-DNAT clusters;
 *     BuildClusterLoadAssignment: then ApplyLocalityLoadBalancer);
 *   istio/istio pilot/pkg/xds/endpoints/mtls_checker.go @ 31e587538e473cfa40e436f4112f861b01d931e0 (isMtlsEnabled);
 *   istio/istio pilot/pkg/model/context.go (Proxy.InNetwork), pilot/pkg/serviceregistry/util/label (AugmentLabels);
 *   envoyproxy/envoy source/extensions/clusters/eds/eds.cc (BatchUpdateHelper::updateLocalityEndpoints:
 *     "only the first one will be retained"), envoyproxy/envoy#22417, #23445.
 */
import { CLUSTER_LABEL, NETWORK_LABEL, type Locality } from '../topology/locality.js';
import type { EdsEndpoint } from './endpoint.js';
import { compareGateways, isMultiNetworkEnabled, selectNetworkGateways, type NetworkGateway, type NetworkGatewayIndex } from './network-gateways.js';

/** A registry endpoint with what split-horizon EDS needs beyond EdsEndpoint. */
export interface NetworkedEndpoint extends EdsEndpoint {
  /** `topology.istio.io/network` of the endpoint ('' = unknown: always reached directly). */
  network: string;
  /** Cluster ID the endpoint was discovered in (IstioEndpoint.Locality.ClusterID). */
  cluster: string;
  /**
   * The caller's sidecar would speak Istio mTLS to it (mtls_checker.go: DR tls mode ISTIO_MUTUAL,
   * or a sidecar-injected endpoint whose PeerAuthentication does not DISABLE the port; an endpoint
   * reached over HBONE carries no tlsMode and counts as false). Remote endpoints without it are
   * dropped: the gateway routes by SNI, which needs Istio mTLS.
   */
  mtls: boolean;
}

/** The requesting proxy. */
export interface SplitHorizonProxy {
  /** ISTIO_META_NETWORK ('' = unset). */
  network: string;
  /** ISTIO_META_REQUESTED_NETWORK_VIEW: networks it sees (plus ''); undefined = all. */
  requestedNetworkView?: readonly string[];
}

export interface SplitHorizonOptions {
  /**
   * 'per-locality-group' (default, Istio at the pinned commit): one gateway endpoint per locality
   * group that routes through it, weighted by that group's endpoints (istio/istio#56355).
   * 'once-per-assignment' (istio/istio PR #60835, unmerged): one gateway endpoint per assignment,
   * weighted by all its endpoints, in the first locality group that routes through it.
   */
  gatewayEndpoints?: 'per-locality-group' | 'once-per-assignment';
  /**
   * Istio ≥ 1.30 (ep_filters.go forceGateway; 1.30.0 change notes): a proxy whose network is unset
   * reaches endpoints of networks with gateways through them. Before, an unset network was "in"
   * every network and got every endpoint directly. Default true.
   */
  unsetNetworkUsesGateways?: boolean;
}

/** One endpoint the proxy receives: an endpoint as-is, or a gateway standing for remote ones. */
export interface SplitHorizonEndpoint extends EdsEndpoint {
  /** True for a gateway endpoint created by the filter. */
  viaGateway: boolean;
  /** Istio mTLS to this host (gateway endpoints: always, their metadata says ISTIO_MUTUAL). */
  mtls: boolean;
}

const MAX_UINT32 = 0xffffffff;

/** ep_filters.go scaleEndpointLBWeight: unset/0 ⇒ scale; else w·scale clipped at 2^32-1. */
export function scaleEndpointWeight(weight: number, scale: number): number {
  if (!(weight > 0)) return scale;
  return weight < Math.floor(MAX_UINT32 / scale) ? weight * scale : MAX_UINT32;
}

/** context.go Proxy.InNetwork: same network, or either side unset. */
function inNetwork(proxyNetwork: string, network: string): boolean {
  return network === '' || proxyNetwork === '' || network === proxyNetwork;
}

/** label.AugmentLabels(nil, cluster, "", "", network): a gateway endpoint's only labels. */
function gatewayLabels(g: NetworkGateway): Record<string, string> {
  const labels: Record<string, string> = {};
  if (g.cluster !== '') labels[CLUSTER_LABEL] = g.cluster;
  if (g.network !== '') labels[NETWORK_LABEL] = g.network;
  return labels;
}

const localityKey = (l: Locality) => `${l.region}/${l.zone}/${l.subzone}`;

/** Endpoints grouped by locality in order of first appearance (as xds/eds.ts groups them). */
function groupByLocality<E extends EdsEndpoint>(endpoints: readonly E[]): E[][] {
  const groups = new Map<string, E[]>();
  for (const e of endpoints) {
    const k = localityKey(e.locality);
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  return [...groups.values()];
}

/**
 * endpoint_builder.go generate: locality groups are emitted sorted by locality label (Go byte order),
 * endpoints keeping their order inside a group. A stable sort of a flat list by locality gives the
 * same groups in Istio's order — the order that decides which duplicate gateway copy Envoy keeps.
 */
export function istioLocalityOrder<E extends { locality: Locality }>(endpoints: readonly E[]): E[] {
  const keyed = endpoints.map((e, i) => ({ e, i, k: localityKey(e.locality) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  return keyed.map((x) => x.e);
}

/** One locality group after filtering: direct endpoints, then gateway weights (insertion-keyed). */
interface FilteredGroup {
  locality: Locality;
  direct: SplitHorizonEndpoint[];
  gatewayWeights: Map<NetworkGateway, number>;
}

/**
 * ep_filters.go EndpointsByNetworkFilter for a sidecar: the endpoints `proxy` receives for one
 * cluster, as a flat list in locality-group order (grouping it by locality, in order of first
 * appearance, gives Istio's locality groups; a group left empty is omitted — Istio keeps it with no
 * weight and no host for Envoy to pick). When no network has a gateway, every visible endpoint is
 * returned unchanged (weights unscaled). With the default option a gateway target can appear once
 * per locality group: pass the final assignment through `keepFirstHostPerTarget`, as Envoy does.
 */
export function endpointsByNetworkFilter(
  endpoints: readonly NetworkedEndpoint[],
  proxy: SplitHorizonProxy,
  gateways: NetworkGatewayIndex,
  options: SplitHorizonOptions = {},
): SplitHorizonEndpoint[] {
  const perGroup = (options.gatewayEndpoints ?? 'per-locality-group') === 'per-locality-group';
  const unsetUsesGateways = options.unsetNetworkUsesGateways ?? true;
  const view = proxy.requestedNetworkView;
  // proxy_view.go: a requested network view shows those networks plus endpoints without one.
  const visible = view === undefined ? endpoints : endpoints.filter((e) => e.network === '' || view.includes(e.network));
  const asIs = (e: NetworkedEndpoint, weight: number): SplitHorizonEndpoint => ({
    target: e.target,
    locality: e.locality,
    labels: e.labels,
    weight,
    viaGateway: false,
    mtls: e.mtls,
  });
  // Multi-network is not configured: every endpoint directly, as is.
  if (!isMultiNetworkEnabled(gateways)) return visible.map((e) => asIs(e, e.weight));

  const scale = gateways.scale;
  const groups: FilteredGroup[] = groupByLocality(visible).map((group) => {
    const out: FilteredGroup = { locality: group[0].locality, direct: [], gatewayWeights: new Map() };
    for (const e of group) {
      const weight = scaleEndpointWeight(e.weight, scale);
      const gws = selectNetworkGateways(gateways, e.network, e.cluster);
      const forceGateway = unsetUsesGateways && proxy.network === '' && e.network !== '' && gws.length > 0;
      if (!forceGateway && (inNetwork(proxy.network, e.network) || gws.length === 0)) {
        out.direct.push(asIs(e, weight));
        continue;
      }
      // Cross-network traffic relies on mTLS: the gateway routes by SNI.
      if (!e.mtls) continue;
      // splitWeightAmongGateways: integer division, each selected gateway gets the same share.
      const share = Math.floor(weight / gws.length);
      for (const g of gws) out.gatewayWeights.set(g, ((out.gatewayWeights.get(g) ?? 0) + share) >>> 0);
    }
    return out;
  });
  if (!perGroup) aggregateIntoFirstGroup(groups);

  const result: SplitHorizonEndpoint[] = [];
  for (const g of groups) {
    result.push(...g.direct);
    for (const gw of [...g.gatewayWeights.keys()].sort(compareGateways)) {
      const w = g.gatewayWeights.get(gw) as number;
      // "gateway weight must be greater than 0": 0 is raised to 1.
      result.push({ target: gw.target, locality: g.locality, labels: gatewayLabels(gw), weight: w === 0 ? 1 : w, viaGateway: true, mtls: true });
    }
  }
  return result;
}

/** istio/istio PR #60835: each gateway's weights summed over all groups, kept in the first group using it. */
function aggregateIntoFirstGroup(groups: FilteredGroup[]): void {
  const first = new Map<NetworkGateway, Map<NetworkGateway, number>>();
  for (const g of groups) {
    for (const [gw, w] of g.gatewayWeights) {
      const home = first.get(gw);
      if (home === undefined) first.set(gw, g.gatewayWeights);
      else {
        home.set(gw, ((home.get(gw) as number) + w) >>> 0);
        g.gatewayWeights.delete(gw);
      }
    }
  }
}

/**
 * What an AUTO_PASSTHROUGH east-west gateway of `network` receives for a service's SNI-DNAT cluster
 * (`outbound_.<port>_.<subset>_.<host>`): the Istio multi-network install sets
 * ISTIO_META_REQUESTED_NETWORK_VIEW to the gateway's own network ("traffic through this gateway
 * should be routed inside the network"), so it sees its network's endpoints (and network-less ones)
 * directly, scaled like any proxy's; then endpoint_builder.go applies EndpointsWithMTLSFilter,
 * keeping only endpoints that accept Istio mTLS, since the gateway passes the client's TLS through.
 */
export function autoPassthroughEndpoints(
  endpoints: readonly NetworkedEndpoint[],
  network: string,
  gateways: NetworkGatewayIndex,
  options: SplitHorizonOptions = {},
): SplitHorizonEndpoint[] {
  return endpointsByNetworkFilter(endpoints, { network, requestedNetworkView: [network] }, gateways, options).filter((e) => e.mtls);
}

/**
 * Envoy eds.cc BatchUpdateHelper::updateLocalityEndpoints: "When the configuration contains
 * duplicate hosts, only the first one will be retained" — over the whole assignment, locality
 * groups in the order Envoy receives them (across priorities), by address (here: target). The
 * locality weights Istio programmed are left as they were. Apply it to the final assignment, after
 * the locality setting: `distribute` can empty a group, and the first copy that survives is the one
 * Envoy keeps.
 */
export function keepFirstHostPerTarget<G extends { endpoints: readonly unknown[] }>(groups: readonly G[], targetOf: (e: G['endpoints'][number]) => number): G[] {
  const seen = new Set<number>();
  return groups.map((g) => {
    const kept = g.endpoints.filter((e) => {
      const t = targetOf(e);
      if (seen.has(t)) return false;
      seen.add(t);
      return true;
    });
    return kept.length === g.endpoints.length ? g : { ...g, endpoints: kept };
  });
}
