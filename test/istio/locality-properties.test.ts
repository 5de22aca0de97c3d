/** fast-check properties of applyLocalitySetting (seed-pinned: a failure prints its seed and path). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyLocalitySetting } from '../../src/istio/locality-setting.js';
import type { LocalityGroupInput, LocalityLbSetting, ProxyInfo } from '../../src/istio/locality-setting.js';

const NET = 'topology.istio.io/network';
const CLUSTER = 'topology.istio.io/cluster';
const RUNS = { seed: 20260822, numRuns: 400 };

const locality = fc.record({
  region: fc.constantFrom('r1', 'r2', 'r3', ''),
  zone: fc.constantFrom('z1', 'z2', ''),
  subzone: fc.constantFrom('s1', 's2', ''),
});
const labels = fc.record(
  { [NET]: fc.constantFrom('n1', 'n2'), [CLUSTER]: fc.constantFrom('c1', 'c2'), key: fc.constantFrom('v1', 'v2') },
  { requiredKeys: [] },
);
const groups: fc.Arbitrary<LocalityGroupInput[]> = fc
  .array(
    fc.record({
      locality,
      weight: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
      endpoints: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), labels }), { maxLength: 4 }),
    }),
    { maxLength: 7 },
  )
  // unique endpoint indices across the cluster
  .map((gs) => {
    let next = 0;
    return gs.map((g) => ({ ...g, endpoints: g.endpoints.map((e) => ({ ...e, index: next++ })) }));
  });
const pattern = fc.constantFrom('*', 'r1', 'r2', 'r1/*', 'r1/z1', 'r1/z1/s1', 'r2/z2/*', '', 'r3/z1/s2');
const setting: fc.Arbitrary<LocalityLbSetting | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant<LocalityLbSetting>({ enabled: false, failover: [{ from: 'r1', to: 'r2' }] }),
  fc.constant<LocalityLbSetting>({}),
  fc.record({ failover: fc.array(fc.record({ from: fc.constantFrom('r1', 'r2', 'r3'), to: fc.constantFrom('r1', 'r2', 'r3') }), { maxLength: 2 }) }),
  fc.record(
    {
      failoverPriority: fc.subarray([NET, CLUSTER, 'key', `${NET}=n2`, 'key=v1', 'topology.kubernetes.io/region'], { minLength: 1 }),
      failover: fc.array(fc.record({ from: fc.constantFrom('r1', 'r2'), to: fc.constantFrom('r2', 'r3') }), { maxLength: 1 }),
    },
    { requiredKeys: ['failoverPriority'] },
  ),
  fc.record({
    distribute: fc.array(
      fc.record({ from: pattern, to: fc.dictionary(pattern, fc.integer({ min: 1, max: 100 }), { minKeys: 1, maxKeys: 4 }) }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
);
const proxy: fc.Arbitrary<ProxyInfo> = fc.record({ locality, labels });
const opts = fc.record({ enableFailover: fc.boolean(), networkPreferred: fc.boolean(), forceLocalityWeighted: fc.boolean() });
const input = fc.tuple(proxy, groups, setting, opts);

const endpointIndices = (gs: { endpoints: number[] }[]) => gs.flatMap((g) => g.endpoints);
const hasDistribute = (s: LocalityLbSetting | undefined) => s !== undefined && s.enabled !== false && (s.distribute?.length ?? 0) > 0;

describe('applyLocalitySetting properties', () => {
  it('priorities are compacted: the set of priorities is exactly 0..N-1', () => {
    fc.assert(
      fc.property(input, ([p, gs, s, o]) => {
        const out = applyLocalitySetting(p, gs, s, o);
        const seen = [...new Set(out.groups.map((g) => g.priority))].sort((a, b) => a - b);
        expect(seen).toEqual([...Array(out.priorities).keys()]);
      }),
      RUNS,
    );
  });

  it('every input endpoint appears at most once', () => {
    fc.assert(
      fc.property(input, ([p, gs, s, o]) => {
        const ids = endpointIndices(applyLocalitySetting(p, gs, s, o).groups);
        expect(new Set(ids).size).toBe(ids.length);
        const known = new Set(gs.flatMap((g) => g.endpoints.map((e) => e.index)));
        expect(ids.every((i) => known.has(i))).toBe(true);
      }),
      RUNS,
    );
  });

  it('without distribute, every input endpoint appears exactly once', () => {
    fc.assert(
      fc.property(input, ([p, gs, s, o]) => {
        fc.pre(!hasDistribute(s));
        const ids = endpointIndices(applyLocalitySetting(p, gs, s, o).groups).sort((a, b) => a - b);
        expect(ids).toEqual(gs.flatMap((g) => g.endpoints.map((e) => e.index)).sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('same input ⇒ same output, and the input is not mutated', () => {
    fc.assert(
      fc.property(input, ([p, gs, s, o]) => {
        const before = structuredClone([p, gs, s, o]);
        const a = applyLocalitySetting(p, gs, s, o);
        const b = applyLocalitySetting(structuredClone(p), structuredClone(gs), structuredClone(s), { ...o });
        expect(b).toEqual(a);
        expect([p, gs, s, o]).toEqual(before);
      }),
      RUNS,
    );
  });

  it('without failover enabled and without distribute, groups pass through at priority 0', () => {
    fc.assert(
      fc.property(input, ([p, gs, s, o]) => {
        fc.pre(!hasDistribute(s));
        const out = applyLocalitySetting(p, gs, s, { ...o, enableFailover: false });
        expect(out.groups.map((g) => [g.priority, g.endpoints])).toEqual(gs.map((g) => [0, g.endpoints.map((e) => e.index)]));
      }),
      RUNS,
    );
  });
});
