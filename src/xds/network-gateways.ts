/**
 * The mesh's east-west (network) gateways as istiod indexes them for split-horizon EDS: by network,
 * by (network, cluster), and the weight scale — the least common multiple of the gateway counts of
 * every network and every (network, cluster) — that lets an endpoint's weight be split evenly over
 * any set of gateways that can stand for it.
 *
 * A gateway is named by the meshsim target that receives the traffic (a gateway replica): the target
 * id stands for Istio's gateway address (IP:port), so two entries with the same target are the same
 * Envoy host.
 *
 * Source (pinned): istio/istio pilot/pkg/model/network.go @ 02c9d4287b88ba7366d8fde4b06041b6fb48084b
 * (NetworkGateway, NetworkGateways.update, IsMultiNetworkEnabled, GetLBWeightScaleFactor,
 * GatewaysForNetwork, GatewaysForNetworkAndCluster, SortGateways, lcm).
 *
 * Example: network1 {gw 1 in cluster1a}, network2 {gw 2 in cluster2a, gws 3 and 4 in cluster2b}:
 * counts per network 1, 3; per (network, cluster) 1, 1, 2 ⇒ scale = lcm(1, 3, 1, 1, 2) = 6.
 */

/** Istio `model.NetworkGateway`: one gateway address of a network, in a cluster. */
export interface NetworkGateway {
  /** `topology.istio.io/network` of the gateway. */
  network: string;
  /** Cluster ID of the gateway ('' for a gateway declared in meshNetworks, which has none). */
  cluster: string;
  /** The target (gateway replica) traffic to this gateway address goes to. */
  target: number;
}

export interface NetworkGatewayIndex {
  /** Gateways per network, sorted (SortGateways: by address; here by target). */
  readonly byNetwork: ReadonlyMap<string, readonly NetworkGateway[]>;
  /** Gateways per (network, cluster), sorted likewise. */
  readonly byNetworkAndCluster: ReadonlyMap<string, readonly NetworkGateway[]>;
  /** LCM of every per-network and per-(network, cluster) gateway count; 1 without gateways. */
  readonly scale: number;
}

const ncKey = (network: string, cluster: string) => `${network}\u0000${cluster}`;

function gcd(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** network.go NetworkGateways.update: deduplicate (a set), index, sort, scale = lcm of all counts. */
export function networkGatewayIndex(gateways: readonly NetworkGateway[]): NetworkGatewayIndex {
  const unique = new Map<string, NetworkGateway>();
  for (const g of gateways) unique.set(`${ncKey(g.network, g.cluster)}\u0000${g.target}`, g);
  const byNetwork = new Map<string, NetworkGateway[]>();
  const byNetworkAndCluster = new Map<string, NetworkGateway[]>();
  const push = (m: Map<string, NetworkGateway[]>, k: string, g: NetworkGateway) => {
    const list = m.get(k);
    if (list) list.push(g);
    else m.set(k, [g]);
  };
  for (const g of unique.values()) {
    push(byNetwork, g.network, g);
    push(byNetworkAndCluster, ncKey(g.network, g.cluster), g);
  }
  let scale = 1;
  for (const m of [byNetwork, byNetworkAndCluster]) {
    for (const list of m.values()) {
      list.sort(compareGateways);
      scale = (scale * list.length) / gcd(scale, list.length);
    }
  }
  return { byNetwork, byNetworkAndCluster, scale };
}

/** network.go SortGateways (address, then port): the target id plays the address. */
export function compareGateways(a: NetworkGateway, b: NetworkGateway): number {
  return a.target - b.target || (a.network < b.network ? -1 : a.network > b.network ? 1 : 0) || (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0);
}

/** network.go IsMultiNetworkEnabled: some network has a gateway. */
export function isMultiNetworkEnabled(index: NetworkGatewayIndex): boolean {
  return index.byNetwork.size > 0;
}

/**
 * ep_filters.go selectNetworkGateways: the gateways of (network, cluster) if there are any — so
 * traffic enters the remote network in the endpoint's own cluster (and Kubernetes MCS exports are
 * respected) — else every gateway of the network; empty when the network has none.
 */
export function selectNetworkGateways(index: NetworkGatewayIndex, network: string, cluster: string): readonly NetworkGateway[] {
  return index.byNetworkAndCluster.get(ncKey(network, cluster)) ?? index.byNetwork.get(network) ?? [];
}
