/**
 * What a proxy in one network receives of a mesh's endpoints (split-horizon EDS): its own
 * network's endpoints (and those of networks without an east-west gateway) directly, every other
 * network's endpoints as that network's east-west gateways, weighted by the endpoints behind them
 * in each locality. Remote health is invisible through a gateway.
 *
 * Source: istio pilot/pkg/xds/endpoints/ep_filters.go (EndpointsByNetworkFilter) and
 * pilot/pkg/model/network.go (NetworkGateways); reference §1.12.
 */
import { localityString } from '../topology/locality.js';
import type { EdsEndpoint } from '../xds/eds.js';

export interface NetworkedEndpoint {
  eds: EdsEndpoint;
  network: string;
  cluster: string;
}

export interface NetworkGateway {
  gateway: { network: string; cluster: string };
  endpoint: EdsEndpoint;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function networkView(endpoints: readonly NetworkedEndpoint[], proxyNetwork: string, gateways: readonly NetworkGateway[]): EdsEndpoint[] {
  // ep_filters.go: no network has a gateway ⇒ every endpoint as it is (even unreachable ones).
  if (gateways.length === 0) return endpoints.map((e) => e.eds);
  const byNetwork = new Map<string, NetworkGateway[]>();
  const byNetworkCluster = new Map<string, NetworkGateway[]>();
  for (const g of gateways) {
    byNetwork.set(g.gateway.network, [...(byNetwork.get(g.gateway.network) ?? []), g]);
    const k = `${g.gateway.network}|${g.gateway.cluster}`;
    byNetworkCluster.set(k, [...(byNetworkCluster.get(k) ?? []), g]);
  }
  // network.go NetworkGateways: scale = LCM of the gateway counts per network and per (network, cluster).
  let scale = 1;
  for (const list of [...byNetwork.values(), ...byNetworkCluster.values()]) scale = (scale * list.length) / gcd(scale, list.length);
  const out: EdsEndpoint[] = [];
  // Per locality group, the weight each gateway endpoint accumulates (ep_filters.go gatewayWeights).
  const gatewayWeight = new Map<string, { endpoint: EdsEndpoint; weight: number }>();
  for (const e of endpoints) {
    const weight = (e.eds.weight > 0 ? e.eds.weight : 1) * scale;
    const remote = byNetwork.get(e.network);
    if (e.network === proxyNetwork || remote === undefined) {
      out.push({ ...e.eds, weight });
      continue;
    }
    // ep_filters.go: gateways of the endpoint's (network, cluster) if any, else every gateway of the network.
    const chosen = byNetworkCluster.get(`${e.network}|${e.cluster}`) ?? remote;
    const share = Math.floor(weight / chosen.length);
    for (const g of chosen) {
      const key = `${localityString(e.eds.locality)}|${g.endpoint.target}`;
      let gw = gatewayWeight.get(key);
      if (gw === undefined) {
        gw = { endpoint: { ...g.endpoint, locality: e.eds.locality }, weight: 0 };
        gatewayWeight.set(key, gw);
      }
      gw.weight += share;
    }
  }
  for (const gw of gatewayWeight.values()) out.push({ ...gw.endpoint, weight: Math.max(1, gw.weight) });
  return out;
}
