/**
 * fast-check properties of split-horizon EDS (seed-pinned: a failure prints its seed and path).
 * Random meshes: up to 4 networks with 2 clusters each, gateways in some of them, endpoints placed
 * by (network, cluster, zone) in groups of 1..4 pods, some without mTLS, some without a network.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORK_LABEL } from '../../src/topology/locality.js';
import { networkGatewayIndex, type NetworkGateway } from '../../src/xds/network-gateways.js';
import {
  endpointsByNetworkFilter,
  istioLocalityOrder,
  keepFirstHostPerTarget,
  scaleEndpointWeight,
  type NetworkedEndpoint,
  type SplitHorizonEndpoint,
} from '../../src/xds/split-horizon.js';

const RUNS = { seed: 20260923, numRuns: 300 };
const NETWORKS = ['n0', 'n1', 'n2', 'n3', '']; // index 4: an endpoint with no network
const MAX_PLACEMENTS = 8;

const placement = fc.record({
  net: fc.integer({ min: 0, max: 4 }),
  cluster: fc.integer({ min: 0, max: 1 }),
  zone: fc.constantFrom('z1', 'z2', 'z3'),
  count: fc.integer({ min: 1, max: 4 }),
  weight: fc.integer({ min: 0, max: 3 }), // 0 = unset
  mtls: fc.boolean(),
});
type Placement = typeof placement extends fc.Arbitrary<infer P> ? P : never;

const mesh = fc.record({
  gateways: fc.array(fc.record({ net: fc.integer({ min: 0, max: 3 }), cluster: fc.integer({ min: 0, max: 1 }) }), { maxLength: 6 }),
  placements: fc.array(placement, { minLength: 1, maxLength: MAX_PLACEMENTS }),
  /** Other pod counts for the same placements. */
  recount: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: MAX_PLACEMENTS, maxLength: MAX_PLACEMENTS }),
  proxyNet: fc.integer({ min: 0, max: 3 }),
  once: fc.boolean(),
});

const clusterName = (net: number, c: number) => `c${net}${c}`;

function gatewaysOf(gs: { net: number; cluster: number }[]): NetworkGateway[] {
  return gs.map((g, i) => ({ network: NETWORKS[g.net], cluster: clusterName(g.net, g.cluster), target: 1000 + i }));
}

function endpointsOf(placements: Placement[]): NetworkedEndpoint[] {
  let next = 0;
  return placements.flatMap((p) =>
    Array.from({ length: p.count }, () => ({
      target: next++,
      locality: { region: 'r', zone: p.zone, subzone: '' },
      labels: { app: 'svc', [NETWORK_LABEL]: NETWORKS[p.net] },
      weight: p.weight,
      network: NETWORKS[p.net],
      cluster: clusterName(p.net, p.cluster),
      mtls: p.mtls,
    })),
  );
}

const sum = (xs: readonly { weight: number }[]) => xs.reduce((s, e) => s + e.weight, 0);

describe('split-horizon EDS properties', () => {
  it('per remote network with gateways, the gateway weights total scale × Σ weights of its mTLS endpoints', () => {
    fc.assert(
      fc.property(mesh, (m) => {
        const gws = gatewaysOf(m.gateways);
        const index = networkGatewayIndex(gws);
        const eps = endpointsOf(m.placements);
        const proxyNet = NETWORKS[m.proxyNet];
        const got = endpointsByNetworkFilter(eps, { network: proxyNet }, index, { gatewayEndpoints: m.once ? 'once-per-assignment' : 'per-locality-group' });
        const withGateways = new Set(gws.map((g) => g.network));
        for (const net of withGateways) {
          const viaGw = got.filter((e) => e.viaGateway && e.labels[NETWORK_LABEL] === net);
          if (net === proxyNet) {
            expect(viaGw).toEqual([]);
            continue;
          }
          const behind = eps.filter((e) => e.network === net && e.mtls);
          // Exact: the scale is a multiple of every possible gateway selection's size.
          expect(sum(viaGw)).toBe(behind.reduce((s, e) => s + scaleEndpointWeight(e.weight, index.scale), 0));
          // Nothing of that network reaches the proxy directly.
          expect(got.some((e) => !e.viaGateway && eps[e.target].network === net)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('own-network, network-less and gateway-less-network endpoints pass unchanged (weight × scale), in order', () => {
    fc.assert(
      fc.property(mesh, (m) => {
        const gws = gatewaysOf(m.gateways);
        const index = networkGatewayIndex(gws);
        const eps = endpointsOf(m.placements);
        const proxyNet = NETWORKS[m.proxyNet];
        const withGateways = new Set(gws.map((g) => g.network));
        const got = endpointsByNetworkFilter(eps, { network: proxyNet }, index);
        const direct = got.filter((e) => !e.viaGateway);
        const expected = eps.filter((e) => e.network === proxyNet || e.network === '' || !withGateways.has(e.network));
        // Grouping by locality (first appearance) may move endpoints between zones; compare per zone.
        for (const z of ['z1', 'z2', 'z3']) {
          const want = expected.filter((e) => e.locality.zone === z);
          const have = direct.filter((e) => e.locality.zone === z);
          expect(have.map((e) => e.target)).toEqual(want.map((e) => e.target));
          have.forEach((e, i) => {
            expect(e.labels).toBe(want[i].labels);
            expect(e.weight).toBe(gws.length === 0 ? want[i].weight : scaleEndpointWeight(want[i].weight, index.scale));
          });
        }
      }),
      RUNS,
    );
  });

  it('the number of pods behind a gateway changes gateway weights, never the set of gateway endpoints', () => {
    fc.assert(
      fc.property(mesh, (m) => {
        const index = networkGatewayIndex(gatewaysOf(m.gateways));
        const proxy = { network: NETWORKS[m.proxyNet] };
        const opts = { gatewayEndpoints: m.once ? ('once-per-assignment' as const) : ('per-locality-group' as const) };
        const recounted = m.placements.map((p, i) => ({ ...p, count: m.recount[i] }));
        const gatewaySet = (eps: NetworkedEndpoint[]) =>
          endpointsByNetworkFilter(istioLocalityOrder(eps), proxy, index, opts)
            .filter((e) => e.viaGateway)
            .map((e) => `${e.locality.zone}/${e.target}`)
            .sort();
        expect(gatewaySet(endpointsOf(recounted))).toEqual(gatewaySet(endpointsOf(m.placements)));
      }),
      RUNS,
    );
  });

  it('Envoy keeps one host per gateway; the PR #60835 mode needs no dedup and keeps every network\'s total', () => {
    fc.assert(
      fc.property(mesh, (m) => {
        const index = networkGatewayIndex(gatewaysOf(m.gateways));
        const eps = istioLocalityOrder(endpointsOf(m.placements));
        const proxy = { network: NETWORKS[m.proxyNet] };
        const byZone = (xs: SplitHorizonEndpoint[]) => {
          const zones = [...new Set(xs.map((e) => e.locality.zone))];
          return zones.map((z) => ({ zone: z, endpoints: xs.filter((e) => e.locality.zone === z) }));
        };
        const istio = keepFirstHostPerTarget(byZone(endpointsByNetworkFilter(eps, proxy, index)), (e) => e.target).flatMap((g) => g.endpoints);
        const targets = istio.map((e) => e.target);
        expect(new Set(targets).size).toBe(targets.length);
        const once = endpointsByNetworkFilter(eps, proxy, index, { gatewayEndpoints: 'once-per-assignment' });
        expect(new Set(once.map((e) => e.target)).size).toBe(once.length);
        // Same hosts either way; Istio's surviving copies never weigh more than the aggregate.
        expect(new Set(targets)).toEqual(new Set(once.map((e) => e.target)));
        for (const e of istio.filter((x) => x.viaGateway)) {
          expect(e.weight).toBeLessThanOrEqual((once.find((x) => x.target === e.target) as SplitHorizonEndpoint).weight);
        }
      }),
      RUNS,
    );
  });

  it('with no gateway anywhere the filter is the identity (weights unscaled)', () => {
    fc.assert(
      fc.property(mesh, (m) => {
        const eps = endpointsOf(m.placements);
        const got = endpointsByNetworkFilter(eps, { network: NETWORKS[m.proxyNet] }, networkGatewayIndex([]));
        expect(got.map((e) => [e.target, e.weight, e.viaGateway])).toEqual(eps.map((e) => [e.target, e.weight, false]));
      }),
      RUNS,
    );
  });
});
