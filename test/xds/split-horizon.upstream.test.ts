/**
 * Istio's own split-horizon EDS tests, reproduced case by case on endpointsByNetworkFilter:
 * TestEndpointsByNetworkFilter, TestEndpointsByNetworkFilter_WithConfig (the mTLS-disabled cases)
 * and TestEndpointsByNetworkFilter_ProxyWithEmptyNetwork, from
 * istio/istio pilot/pkg/xds/endpoints/ep_filters_test.go @ 01fc9e4e4241c2431700f6a152781649646bb489.
 *
 * Upstream names hosts by IP; here each IP is a target id (ADDR), gateways sorted by target in the
 * same order Istio sorts their addresses. Upstream compares endpoints sorted by address and, in
 * emitted order, the "workload" metadata `;ns;example;;<cluster>` (`;;;;<cluster>` for a gateway).
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_LABEL, NETWORK_LABEL } from '../../src/topology/locality.js';
import { networkGatewayIndex, selectNetworkGateways, type NetworkGateway } from '../../src/xds/network-gateways.js';
import { endpointsByNetworkFilter, type NetworkedEndpoint, type SplitHorizonEndpoint } from '../../src/xds/split-horizon.js';

/** Address → target id; gateways' ids keep Istio's address order (1.1.1.1 < 2.2.2.2 < 2.2.2.20 < 2.2.2.21 < 3.3.3.3). */
const ADDR: Record<string, number> = {
  '10.0.0.1': 1, '10.0.0.2': 2, '10.0.0.3': 3, '20.0.0.1': 21, '20.0.0.2': 22, '20.0.0.3': 23, '40.0.0.1': 41,
  '1.1.1.1': 101, '2.2.2.2': 102, '2.2.2.20': 120, '2.2.2.21': 121, '3.3.3.3': 130,
};
const addressOf = (target: number) => Object.keys(ADDR).find((a) => ADDR[a] === target) as string;

/**
 * environment(): 1 gateway for network1 (in cluster1a), 3 for network2 (1 in cluster2a, 2 in
 * cluster2b), 1 for network3, none for network4.
 */
const GATEWAYS: NetworkGateway[] = [
  { network: 'network1', cluster: 'cluster1a', target: ADDR['1.1.1.1'] },
  { network: 'network2', cluster: 'cluster2a', target: ADDR['2.2.2.2'] },
  { network: 'network2', cluster: 'cluster2b', target: ADDR['2.2.2.20'] },
  { network: 'network2', cluster: 'cluster2b', target: ADDR['2.2.2.21'] },
  { network: 'network3', cluster: 'cluster3', target: ADDR['3.3.3.3'] },
];

const NO_LOCALITY = { region: '', zone: '', subzone: '' };
function ep(address: string, network: string, cluster: string, mtls = true): NetworkedEndpoint {
  return { target: ADDR[address], locality: NO_LOCALITY, labels: { app: 'example', [CLUSTER_LABEL]: cluster }, weight: 1, network, cluster, mtls };
}

/**
 * testShards(), in the order istiod snapshots them (shard keys sorted by cluster), all in one
 * locality (none set). Left out: `foo.bar` (cluster1a), a ServiceEntry hostname address that
 * BuildClusterLoadAssignment drops before the filter. 10.0.0.3 carries the HBONE tunnel label: with
 * PreferHBONESend its transport-socket metadata holds only `tunnel: http`, no tlsMode, so
 * isMtlsEnabled is false for it — which is why network1's gateway stands for 2 endpoints, not 3.
 */
function testShards(mtls = true): NetworkedEndpoint[] {
  return [
    ep('10.0.0.1', 'network1', 'cluster1a', mtls),
    ep('10.0.0.3', 'network1', 'cluster1a', false),
    ep('10.0.0.2', 'network1', 'cluster1b', mtls),
    ep('20.0.0.1', 'network2', 'cluster2a', mtls),
    ep('20.0.0.2', 'network2', 'cluster2b', mtls),
    ep('20.0.0.3', 'network2', 'cluster2b', mtls),
    ep('40.0.0.1', 'network4', 'cluster4', mtls),
  ];
}

interface Case {
  name: string;
  network: string;
  /** xdstest.LbEpInfo, sorted by address as upstream lists them. */
  want: [address: string, weight: number][];
  /** LocLbEpInfo.Weight: the locality group's weight. */
  wantWeight: number;
  wantWorkloadMetadata: string[];
}

const metadata = (e: SplitHorizonEndpoint) => `${e.viaGateway ? ';;;;' : ';ns;example;;'}${e.labels[CLUSTER_LABEL]}`;

function run(c: Case, endpoints: NetworkedEndpoint[]): void {
  const got = endpointsByNetworkFilter(endpoints, { network: c.network }, networkGatewayIndex(GATEWAYS));
  const byAddress = got.map((e) => [addressOf(e.target), e.weight] as [string, number]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  expect(byAddress).toEqual(c.want);
  expect(got.reduce((s, e) => s + e.weight, 0)).toBe(c.wantWeight);
  expect(got.map(metadata)).toEqual(c.wantWorkloadMetadata);
}

// Scale: per network 1, 3, 1; per (network, cluster) 1, 1, 2, 1 ⇒ lcm = 6. Every endpoint weight 1·6 = 6.
const networkFiltered: Case[] = [
  {
    name: 'from_network1_cluster1a',
    network: 'network1',
    // 3 local endpoints on network1; network2/cluster2a: 1 endpoint → 2.2.2.2 gets 6/1 = 6;
    // network2/cluster2b: 2 endpoints → 2.2.2.20 and 2.2.2.21 each 6/2 + 6/2 = 6; network4 has no
    // gateway: 40.0.0.1 directly. Σ = 7·6 = 42.
    want: [['10.0.0.1', 6], ['10.0.0.2', 6], ['10.0.0.3', 6], ['2.2.2.2', 6], ['2.2.2.20', 6], ['2.2.2.21', 6], ['40.0.0.1', 6]],
    wantWeight: 42,
    wantWorkloadMetadata: [';ns;example;;cluster1a', ';ns;example;;cluster1a', ';ns;example;;cluster1b', ';ns;example;;cluster4', ';;;;cluster2a', ';;;;cluster2b', ';;;;cluster2b'],
  },
  {
    name: 'from_network1_cluster1b',
    network: 'network1',
    want: [['10.0.0.1', 6], ['10.0.0.2', 6], ['10.0.0.3', 6], ['2.2.2.2', 6], ['2.2.2.20', 6], ['2.2.2.21', 6], ['40.0.0.1', 6]],
    wantWeight: 42,
    wantWorkloadMetadata: [';ns;example;;cluster1a', ';ns;example;;cluster1a', ';ns;example;;cluster1b', ';ns;example;;cluster4', ';;;;cluster2a', ';;;;cluster2b', ';;;;cluster2b'],
  },
  {
    name: 'from_network2_cluster2a',
    network: 'network2',
    // 3 local endpoints; network1: 10.0.0.1 (cluster1a gateway) and 10.0.0.2 (no cluster1b gateway
    // ⇒ all of network1's) → 1.1.1.1 = 6 + 6 = 12 (10.0.0.3 has no mTLS); 40.0.0.1 directly. Σ 36.
    want: [['1.1.1.1', 12], ['20.0.0.1', 6], ['20.0.0.2', 6], ['20.0.0.3', 6], ['40.0.0.1', 6]],
    wantWeight: 36,
    wantWorkloadMetadata: [';ns;example;;cluster2a', ';ns;example;;cluster2b', ';ns;example;;cluster2b', ';ns;example;;cluster4', ';;;;cluster1a'],
  },
  {
    name: 'from_network2_cluster2b',
    network: 'network2',
    want: [['1.1.1.1', 12], ['20.0.0.1', 6], ['20.0.0.2', 6], ['20.0.0.3', 6], ['40.0.0.1', 6]],
    wantWeight: 36,
    wantWorkloadMetadata: [';ns;example;;cluster2a', ';ns;example;;cluster2b', ';ns;example;;cluster2b', ';ns;example;;cluster4', ';;;;cluster1a'],
  },
  {
    name: 'from_network3_cluster3',
    network: 'network3',
    // No local endpoint. 1.1.1.1 = 12, 2.2.2.2 = 6, 2.2.2.20 = 2.2.2.21 = 3 + 3 = 6, 40.0.0.1 = 6. Σ 36.
    want: [['1.1.1.1', 12], ['2.2.2.2', 6], ['2.2.2.20', 6], ['2.2.2.21', 6], ['40.0.0.1', 6]],
    wantWeight: 36,
    wantWorkloadMetadata: [';ns;example;;cluster4', ';;;;cluster1a', ';;;;cluster2a', ';;;;cluster2b', ';;;;cluster2b'],
  },
  {
    name: 'from_network4_cluster4',
    network: 'network4',
    // 1 local endpoint; the other networks through their gateways as from network3.
    want: [['1.1.1.1', 12], ['2.2.2.2', 6], ['2.2.2.20', 6], ['2.2.2.21', 6], ['40.0.0.1', 6]],
    wantWeight: 36,
    wantWorkloadMetadata: [';ns;example;;cluster4', ';;;;cluster1a', ';;;;cluster2a', ';;;;cluster2b', ';;;;cluster2b'],
  },
];

describe('TestEndpointsByNetworkFilter', () => {
  it('environment(): gateway scale lcm(1, 3, 1; 1, 1, 2, 1) = 6 and gateways chosen by (network, cluster), else by network', () => {
    const index = networkGatewayIndex(GATEWAYS);
    expect(index.scale).toBe(6);
    expect(selectNetworkGateways(index, 'network2', 'cluster2b').map((g) => addressOf(g.target))).toEqual(['2.2.2.20', '2.2.2.21']);
    // No gateway in cluster1b: every gateway of network1.
    expect(selectNetworkGateways(index, 'network1', 'cluster1b').map((g) => addressOf(g.target))).toEqual(['1.1.1.1']);
    expect(selectNetworkGateways(index, 'network4', 'cluster4')).toEqual([]);
  });

  for (const c of networkFiltered) it(c.name, () => run(c, testShards()));
});

describe('TestEndpointsByNetworkFilter_WithConfig (configs that disable mTLS: noCrossNetwork)', () => {
  // mtls-off-global / -namespace / -workload / -port, DR mtls-off-destination/port/subset-level:
  // no endpoint accepts Istio mTLS, so nothing crosses a gateway; network4 (no gateway) stays direct.
  const noCrossNetwork: Case[] = [
    { name: 'from_network1_cluster1a', network: 'network1', want: [['10.0.0.1', 6], ['10.0.0.2', 6], ['10.0.0.3', 6], ['40.0.0.1', 6]], wantWeight: 24, wantWorkloadMetadata: [';ns;example;;cluster1a', ';ns;example;;cluster1a', ';ns;example;;cluster1b', ';ns;example;;cluster4'] },
    { name: 'from_network1_cluster1b', network: 'network1', want: [['10.0.0.1', 6], ['10.0.0.2', 6], ['10.0.0.3', 6], ['40.0.0.1', 6]], wantWeight: 24, wantWorkloadMetadata: [';ns;example;;cluster1a', ';ns;example;;cluster1a', ';ns;example;;cluster1b', ';ns;example;;cluster4'] },
    { name: 'from_network2_cluster2a', network: 'network2', want: [['20.0.0.1', 6], ['20.0.0.2', 6], ['20.0.0.3', 6], ['40.0.0.1', 6]], wantWeight: 24, wantWorkloadMetadata: [';ns;example;;cluster2a', ';ns;example;;cluster2b', ';ns;example;;cluster2b', ';ns;example;;cluster4'] },
    { name: 'from_network2_cluster2b', network: 'network2', want: [['20.0.0.1', 6], ['20.0.0.2', 6], ['20.0.0.3', 6], ['40.0.0.1', 6]], wantWeight: 24, wantWorkloadMetadata: [';ns;example;;cluster2a', ';ns;example;;cluster2b', ';ns;example;;cluster2b', ';ns;example;;cluster4'] },
    { name: 'from_network3_cluster3', network: 'network3', want: [['40.0.0.1', 6]], wantWeight: 6, wantWorkloadMetadata: [';ns;example;;cluster4'] },
    { name: 'from_network4_cluster4', network: 'network4', want: [['40.0.0.1', 6]], wantWeight: 6, wantWorkloadMetadata: [';ns;example;;cluster4'] },
  ];
  for (const c of noCrossNetwork) it(`mTLS disabled: ${c.name}`, () => run(c, testShards(false)));
  // mtls-off-ineffective, mtls-on-strict, DR mtls-on-*: the networkFiltered expectations hold.
  for (const c of networkFiltered) it(`mTLS enabled: ${c.name}`, () => run(c, testShards(true)));
});

describe('TestEndpointsByNetworkFilter_ProxyWithEmptyNetwork', () => {
  // Gateways 1.1.1.1 (network-1) and 2.2.2.2 (network-2), no cluster: scale lcm(1, 1; 1, 1) = 1.
  // Cases 3 and 4 of upstream are endpoints without an address (replaced by a gateway, or dropped);
  // meshsim endpoints always have a target, so only cases 1 and 2 are reproduced.
  const gateways = networkGatewayIndex([
    { network: 'network-1', cluster: '', target: 101 },
    { network: 'network-2', cluster: '', target: 102 },
  ]);
  const endpoints: NetworkedEndpoint[] = [
    // Case 1: an endpoint in a network without a gateway: direct.
    { target: 3, locality: NO_LOCALITY, labels: { app: 'example' }, weight: 1, network: 'network-without-gateway', cluster: '', mtls: true },
    // Case 2: an endpoint in a network with a gateway: through 1.1.1.1, although the proxy's network is unset.
    { target: 10, locality: NO_LOCALITY, labels: { app: 'example' }, weight: 1, network: 'network-1', cluster: '', mtls: true },
  ];

  it('a proxy with no network reaches gateway networks through their gateways (Istio ≥ 1.30)', () => {
    const got = endpointsByNetworkFilter(endpoints, { network: '' }, gateways);
    expect(got.map((e) => [e.target, e.weight, e.viaGateway])).toEqual([[3, 1, false], [101, 1, true]]);
    expect(got[1].labels).toEqual({ [NETWORK_LABEL]: 'network-1' });
  });

  it('before 1.30 an unset network is "in" every network: everything directly', () => {
    const got = endpointsByNetworkFilter(endpoints, { network: '' }, gateways, { unsetNetworkUsesGateways: false });
    expect(got.map((e) => [e.target, e.weight, e.viaGateway])).toEqual([[3, 1, false], [10, 1, false]]);
  });
});

describe('istio/istio PR #34784 (the LCM scale): gateways of one network get equal weights', () => {
  it('network1: 3 gateways and 10.0.0.1; network2: 2 gateways and 20.0.0.100 ⇒ 6, 3, 3', () => {
    // lcm(3, 2; 3, 2) = 6: 10.0.0.1 → 6 directly; 20.0.0.100 → 6 split 6/2 = 3 to each gateway.
    const index = networkGatewayIndex([
      { network: 'network1', cluster: 'cluster1', target: 11 },
      { network: 'network1', cluster: 'cluster1', target: 12 },
      { network: 'network1', cluster: 'cluster1', target: 13 },
      { network: 'network2', cluster: 'cluster2', target: 21 },
      { network: 'network2', cluster: 'cluster2', target: 22 },
    ]);
    const endpoints: NetworkedEndpoint[] = [
      { target: 1, locality: NO_LOCALITY, labels: {}, weight: 1, network: 'network1', cluster: 'cluster1', mtls: true },
      { target: 100, locality: NO_LOCALITY, labels: {}, weight: 1, network: 'network2', cluster: 'cluster2', mtls: true },
    ];
    const got = endpointsByNetworkFilter(endpoints, { network: 'network1' }, index);
    expect(got.map((e) => [e.target, e.weight])).toEqual([[1, 6], [21, 3], [22, 3]]);
  });
});
