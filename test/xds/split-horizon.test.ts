/**
 * Split-horizon EDS beyond Istio's unit test: the duplicate-gateway bug of istio/istio#56355 (with
 * the numbers reported there) and the PR #60835 alternative, Envoy's keep-first-host rule, what
 * failoverPriority sees through a gateway (#49500), the AUTO_PASSTHROUGH gateway's own view,
 * requested network views, weight scaling limits and the gateway index.
 */
import { describe, expect, it } from 'vitest';
import { applyLocalitySetting } from '../../src/istio/locality-setting.js';
import { CLUSTER_LABEL, NETWORK_LABEL, type Locality } from '../../src/topology/locality.js';
import { isMultiNetworkEnabled, networkGatewayIndex, type NetworkGateway } from '../../src/xds/network-gateways.js';
import {
  autoPassthroughEndpoints,
  endpointsByNetworkFilter,
  istioLocalityOrder,
  keepFirstHostPerTarget,
  scaleEndpointWeight,
  type NetworkedEndpoint,
  type SplitHorizonEndpoint,
} from '../../src/xds/split-horizon.js';

const zone = (z: string): Locality => ({ region: 'europe-west2', zone: z, subzone: '' });

/** `counts` pods per zone of `cluster` (network = cluster), targets from `first`. */
function pods(cluster: string, counts: Record<string, number>, first: number, extra: Record<string, string> = {}): NetworkedEndpoint[] {
  let next = first;
  return Object.entries(counts).flatMap(([z, n]) =>
    Array.from({ length: n }, () => ({
      target: next++,
      locality: zone(z),
      labels: { app: 'svc', ...extra, [NETWORK_LABEL]: cluster, [CLUSTER_LABEL]: cluster },
      weight: 1,
      network: cluster,
      cluster,
      mtls: true,
    })),
  );
}

/** Groups a flat filter result by locality, in order of first appearance (as xds/eds.ts does). */
function groups(eps: readonly SplitHorizonEndpoint[]): { locality: string; endpoints: SplitHorizonEndpoint[] }[] {
  const m = new Map<string, SplitHorizonEndpoint[]>();
  for (const e of eps) {
    const k = e.locality.zone;
    m.set(k, [...(m.get(k) ?? []), e]);
  }
  return [...m].map(([locality, endpoints]) => ({ locality, endpoints }));
}

/** The weight Envoy ends up with for `target`: the first copy in assignment order. */
function envoyWeight(eps: readonly SplitHorizonEndpoint[], target: number): number | undefined {
  const kept = keepFirstHostPerTarget(groups(eps), (e) => e.target).flatMap((g) => g.endpoints);
  return kept.find((e) => e.target === target)?.weight;
}

describe('istio/istio#56355: one gateway copy per remote locality, Envoy keeps the first', () => {
  // Production data point of the issue (Istio 1.30.2, one network per cluster, one gateway each ⇒
  // scale 1): the weight programmed for cluster A's gateway in cluster B = the endpoint count of the
  // alphabetically first zone of A. PR #60835 would program the total.
  const GW_A = 900;
  const index = networkGatewayIndex([
    { network: 'cluster-a', cluster: 'cluster-a', target: GW_A },
    { network: 'cluster-b', cluster: 'cluster-b', target: 901 },
  ]);
  const table: [service: string, zones: Record<string, number>, istio: number, pr60835: number][] = [
    ['svc-1', { a: 2, b: 1 }, 2, 3],
    ['svc-2', { a: 1, b: 1 }, 1, 2],
    ['svc-4', { a: 2 }, 2, 2], // single zone: correct either way
    ['svc-5', { a: 1, b: 1, c: 1 }, 1, 3],
  ];
  for (const [svc, zones, istio, fixed] of table) {
    it(`${svc} ${JSON.stringify(zones)}: Istio programs ${istio}, PR #60835 would program ${fixed}`, () => {
      const eps = istioLocalityOrder(pods('cluster-a', zones, 0));
      const perGroup = endpointsByNetworkFilter(eps, { network: 'cluster-b' }, index);
      // istiod sends one copy per zone, each weighted by that zone's pods...
      expect(perGroup.map((e) => [e.locality.zone, e.target, e.weight])).toEqual(Object.entries(zones).map(([z, n]) => [z, GW_A, n]));
      // ...and Envoy keeps the first.
      expect(envoyWeight(perGroup, GW_A)).toBe(istio);
      const once = endpointsByNetworkFilter(eps, { network: 'cluster-b' }, index, { gatewayEndpoints: 'once-per-assignment' });
      expect(once.map((e) => [e.locality.zone, e.target, e.weight])).toEqual([['a', GW_A, fixed]]);
    });
  }

  it('the reporter\'s numbers: 3 gateways, 15 pods of which 4 in us-east-1a ⇒ 12 instead of 45', () => {
    // Scale lcm(3; 3) = 3: each pod's weight 3 is split 3/3 = 1 to each of the 3 gateways.
    const gws: NetworkGateway[] = [1, 2, 3].map((i) => ({ network: 'net2', cluster: 'cluster-2', target: 900 + i }));
    const idx = networkGatewayIndex([...gws, { network: 'net1', cluster: 'cluster-1', target: 800 }]);
    expect(idx.scale).toBe(3);
    const eps = istioLocalityOrder(
      pods('cluster-2', { 'us-east-1a': 4, 'us-east-1b': 6, 'us-east-1c': 5 }, 0).map((e) => ({ ...e, network: 'net2' })),
    );
    const got = endpointsByNetworkFilter(eps, { network: 'net1' }, idx);
    const programmed = gws.reduce((s, g) => s + (envoyWeight(got, g.target) ?? 0), 0);
    expect(programmed).toBe(12); // 3 gateways × 4 pods of us-east-1a
    const fixed = endpointsByNetworkFilter(eps, { network: 'net1' }, idx, { gatewayEndpoints: 'once-per-assignment' });
    expect(fixed.reduce((s, e) => s + e.weight, 0)).toBe(45); // 3 × 15
    expect(new Set(fixed.map((e) => e.target)).size).toBe(fixed.length);
  });

  it('Istio sorts locality groups, so the surviving copy is the lowest zone, not the first in the registry', () => {
    const registryOrder = pods('cluster-a', { c: 3, a: 1 }, 0);
    const got = endpointsByNetworkFilter(istioLocalityOrder(registryOrder), { network: 'cluster-b' }, index);
    expect(envoyWeight(got, GW_A)).toBe(1); // zone a (1 pod), although zone c (3 pods) came first
    // Unsorted input keeps the caller's order: the copy of zone c would survive.
    expect(envoyWeight(endpointsByNetworkFilter(registryOrder, { network: 'cluster-b' }, index), GW_A)).toBe(3);
  });

  it('once-per-assignment: a group whose only endpoints were remote vanishes; the first group carries the gateway', () => {
    const eps = istioLocalityOrder([...pods('cluster-b', { a: 1 }, 0), ...pods('cluster-a', { a: 1, b: 2 }, 10)]);
    const got = endpointsByNetworkFilter(eps, { network: 'cluster-b' }, index, { gatewayEndpoints: 'once-per-assignment' });
    expect(got.map((e) => [e.locality.zone, e.target, e.weight])).toEqual([['a', 0, 1], ['a', GW_A, 3]]);
  });
});

describe('keepFirstHostPerTarget (Envoy eds.cc: only the first duplicate host is retained)', () => {
  it('keeps the first copy across priorities in assignment order; locality weights are not recomputed', () => {
    const cla = [
      { priority: 1, weight: 5, endpoints: [7, 8] },
      { priority: 0, weight: 9, endpoints: [8, 9] },
      { priority: 2, weight: 4, endpoints: [7] },
    ];
    const kept = keepFirstHostPerTarget(cla, (t) => t);
    expect(kept).toEqual([
      { priority: 1, weight: 5, endpoints: [7, 8] },
      { priority: 0, weight: 9, endpoints: [9] },
      { priority: 2, weight: 4, endpoints: [] },
    ]);
    expect(kept[0]).toBe(cla[0]); // untouched groups are returned as they are
  });
});

describe('through a gateway, workload labels are invisible (istio/istio#49500)', () => {
  it('failoverPriority [version]: remote v1 pods behind the gateway rank with the non-matching endpoints', () => {
    const index = networkGatewayIndex([{ network: 'n2', cluster: 'c2', target: 900 }]);
    const local = pods('n1', { a: 1 }, 0, { version: 'v2' });
    const remote = pods('n2', { a: 2 }, 10, { version: 'v1' });
    const got = endpointsByNetworkFilter([...local, ...remote].map((e) => ({ ...e, cluster: e.network === 'n2' ? 'c2' : 'c1' })), { network: 'n1' }, index);
    const gw = got.find((e) => e.viaGateway) as SplitHorizonEndpoint;
    // AugmentLabels(nil, cluster, "", "", network): nothing but cluster and network.
    expect(gw.labels).toEqual({ [CLUSTER_LABEL]: 'c2', [NETWORK_LABEL]: 'n2' });
    const applied = applyLocalitySetting(
      { locality: zone('a'), labels: { version: 'v1' } },
      [{ locality: zone('a'), endpoints: got.map((e, index) => ({ index, weight: e.weight, labels: e.labels })) }],
      { failoverPriority: ['version'] },
      { enableFailover: true },
    );
    // The proxy is v1 and the remote pods are v1, yet the gateway lacks the label: both the local v2
    // pod and the gateway land in the lower priority, and no endpoint matches.
    const priorityOf = (target: number) => applied.groups.find((g) => g.endpoints.some((i) => got[i].target === target))?.priority;
    expect(priorityOf(900)).toBe(priorityOf(0));
    expect(applied.priorities).toBe(1);
  });
});

describe('autoPassthroughEndpoints: what the east-west gateway itself balances over', () => {
  const index = networkGatewayIndex([
    { network: 'n1', cluster: 'c1', target: 800 },
    { network: 'n2', cluster: 'c2', target: 900 },
    { network: 'n2', cluster: 'c2', target: 901 },
  ]);
  const eps: NetworkedEndpoint[] = [
    ...pods('n1', { a: 2 }, 0),
    ...pods('n2', { a: 1, b: 1 }, 10),
    { ...pods('n2', { b: 1 }, 20)[0], mtls: false },
    { ...pods('', { b: 1 }, 30)[0], network: '' },
  ];

  it('its own network (and network-less endpoints), mTLS only, weights scaled by lcm(1, 2; 1, 2) = 2', () => {
    const got = autoPassthroughEndpoints(eps, 'n2', index);
    expect(got.map((e) => [e.target, e.weight, e.viaGateway])).toEqual([[10, 2, false], [11, 2, false], [30, 2, false]]);
  });

  it('a sidecar with the same requested network view still keeps non-mTLS local endpoints', () => {
    const got = endpointsByNetworkFilter(eps, { network: 'n2', requestedNetworkView: ['n2'] }, index);
    expect(got.map((e) => e.target)).toEqual([10, 11, 20, 30]);
  });

  it('without a view, the same sidecar reaches n1 through its gateway', () => {
    const got = endpointsByNetworkFilter(eps, { network: 'n2' }, index);
    expect(got.filter((e) => e.viaGateway).map((e) => [e.locality.zone, e.target, e.weight])).toEqual([['a', 800, 4]]);
  });
});

describe('no gateway anywhere, network-less endpoints, weights', () => {
  it('no network has a gateway: every endpoint as is, weights unscaled, even unreachable remote ones', () => {
    const eps = [...pods('n1', { a: 1 }, 0), ...pods('n2', { b: 2 }, 10)].map((e, i) => ({ ...e, weight: i + 1 }));
    const index = networkGatewayIndex([]);
    expect(isMultiNetworkEnabled(index)).toBe(false);
    expect(index.scale).toBe(1);
    const got = endpointsByNetworkFilter(eps, { network: 'n1' }, index);
    expect(got.map((e) => [e.target, e.weight, e.viaGateway])).toEqual([[0, 1, false], [10, 2, false], [11, 3, false]]);
  });

  it('an endpoint with no network is reached directly, even where its cluster has a gateway', () => {
    const index = networkGatewayIndex([{ network: 'n2', cluster: 'c2', target: 900 }]);
    const e: NetworkedEndpoint = { ...pods('n2', { a: 1 }, 0)[0], network: '', cluster: 'c2' };
    expect(endpointsByNetworkFilter([e], { network: 'n1' }, index).map((x) => [x.target, x.viaGateway])).toEqual([[0, false]]);
  });

  it('scaleEndpointWeight: unset ⇒ scale, w·scale, clipped at 2^32-1', () => {
    expect(scaleEndpointWeight(0, 6)).toBe(6);
    expect(scaleEndpointWeight(3, 6)).toBe(18);
    // 715827882 < ⌊(2^32-1)/6⌋ = 715827882 is false ⇒ clipped.
    expect(scaleEndpointWeight(715827881, 6)).toBe(4294967286);
    expect(scaleEndpointWeight(715827882, 6)).toBe(4294967295);
  });

  it('the gateway index is a set: a repeated gateway counts once in the scale', () => {
    const g = { network: 'n2', cluster: 'c2', target: 900 };
    const index = networkGatewayIndex([g, { ...g }, { network: 'n2', cluster: 'c3', target: 901 }]);
    // per network: 2; per (network, cluster): 1, 1 ⇒ 2.
    expect(index.scale).toBe(2);
    expect(index.byNetwork.get('n2')?.map((x) => x.target)).toEqual([900, 901]);
  });
});
