/**
 * Fixtures mirroring istio/istio pilot/pkg/networking/core/loadbalancer/loadbalancer_test.go
 * (buildFakeCluster, buildSmallCluster, buildSmallClusterWithNilLocalities,
 * buildWrappedLocalityLbEndpoints, buildWrappedLocalityLbEndpointsForFailoverPriorityWithFailover).
 * Endpoint indices stand for the Go fixtures' addresses (see ADDR).
 */
import { parseLocality } from '../../src/istio/locality-setting.js';
import type { EndpointInput, LocalityGroupInput, PrioritizedGroup } from '../../src/istio/locality-setting.js';

export const NET = 'topology.istio.io/network';
export const CLUSTER = 'topology.istio.io/cluster';

/** loadbalancer_test.go TestApplyLocalitySetting: the proxy's locality. */
export const PROXY_LOCALITY = parseLocality('region1/zone1/subzone1');

/** Go test addresses by endpoint index. */
export const ADDR = ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '1.2.3.4', '2.3.4.5', '5.5.5.5', '6.6.6.6'];

export function ep(addr: string, labels: Record<string, string>, weight = 1): EndpointInput {
  return { index: ADDR.indexOf(addr), weight, labels };
}

/** A group without endpoints (the Go fixtures' LocalityLbEndpoints with only a Locality). */
export function emptyGroup(locality: string): LocalityGroupInput {
  return { locality: parseLocality(locality), endpoints: [] };
}

/** buildFakeCluster: 7 localities, no endpoints, no weights. */
export const fakeCluster = (): LocalityGroupInput[] =>
  [
    'region1/zone1/subzone1',
    'region1/zone1/subzone1',
    'region1/zone1/subzone2',
    'region1/zone1/subzone3',
    'region1/zone2',
    'region2',
    'region3',
  ].map(emptyGroup);

/** buildSmallCluster. */
export const smallCluster = (): LocalityGroupInput[] =>
  ['region1/zone1/subzone2', 'region2/zone1/subzone2', 'region2/zone1/subzone2'].map(emptyGroup);

/** buildSmallClusterWithNilLocalities (a nil Locality is the empty locality). */
export const smallClusterWithNilLocalities = (): LocalityGroupInput[] =>
  ['region1/zone1/subzone2', '', 'region2/zone1/subzone2'].map(emptyGroup);

/**
 * buildWrappedLocalityLbEndpoints (IstioEndpoints side). Note: the Go fixture's first
 * LocalityLbEndpoints lists 3 LbEndpoints for 2 IstioEndpoints, so Istio's output pairs 2.2.2.2's
 * labels with the 1.2.3.4 LbEndpoint; the upstream test compares only weights and priorities,
 * which this fixture reproduces.
 */
export const wrappedEndpoints = (): LocalityGroupInput[] => [
  {
    locality: parseLocality('region1/zone1/subzone1'),
    endpoints: [ep('1.1.1.1', { [NET]: 'n1', [CLUSTER]: 'c1' }), ep('2.2.2.2', { key: 'value', [NET]: 'n2', [CLUSTER]: 'c2' })],
  },
  {
    locality: parseLocality('region2/zone2/subzone2'),
    endpoints: [ep('3.3.3.3', { key: 'value', [NET]: 'n1', [CLUSTER]: 'c3' }), ep('4.4.4.4', { key: 'value', [NET]: 'n2', [CLUSTER]: 'c4' })],
  },
  {
    locality: parseLocality('region3/zone3/subzone3'),
    endpoints: [ep('1.2.3.4', { key: 'value', [NET]: 'n1', [CLUSTER]: 'c1' }), ep('2.3.4.5', { key: 'value', [NET]: 'n2', [CLUSTER]: 'c2' })],
  },
];

/** buildWrappedLocalityLbEndpointsForFailoverPriorityWithFailover: six one-endpoint groups. */
export const wrappedEndpointsWithFailover = (): LocalityGroupInput[] =>
  (
    [
      ['region1/zone1/subzone1', '1.1.1.1', { [NET]: 'n1', [CLUSTER]: 'c1' }],
      ['region1/zone2/subzone2', '2.2.2.2', { key: 'value', [NET]: 'n2', [CLUSTER]: 'c2' }],
      ['region2/zone2/subzone2', '3.3.3.3', { key: 'value', [NET]: 'n1', [CLUSTER]: 'c3' }],
      ['region3/zone3/subzone3', '4.4.4.4', { key: 'value', [NET]: 'n2', [CLUSTER]: 'c4' }],
      ['region2/zone2/subzone2', '5.5.5.5', { [NET]: 'n2', [CLUSTER]: 'c2' }],
      ['region3/zone3/subzone3', '6.6.6.6', { key: 'value', [NET]: 'n1', [CLUSTER]: 'c6' }],
    ] as const
  ).map(([loc, addr, labels]) => ({ locality: parseLocality(loc), endpoints: [ep(addr, { ...labels })] }));

/** Compact view of output groups for table comparisons: `locality|priority|weight|addresses`. */
export function summarize(groups: PrioritizedGroup[]): string[] {
  return groups.map(
    (g) => `${g.locality.region}/${g.locality.zone}/${g.locality.subzone}|p${g.priority}|w${g.weight}|${g.endpoints.map((i) => ADDR[i]).join(',')}`,
  );
}
