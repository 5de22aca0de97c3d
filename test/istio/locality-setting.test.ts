/**
 * Upstream cases: istio/istio pilot/pkg/networking/core/loadbalancer/loadbalancer_test.go
 * TestApplyLocalitySetting (stored version with TestGetEffectiveLbSetting/TestApplyZoneAwareLoadBalancer,
 * i.e. 1.31-era, before istio/istio#60829 changed failoverPriority's network handling).
 * Proxy locality in every case: region1/zone1/subzone1.
 */
import { describe, expect, it } from 'vitest';
import { applyLocalitySetting, localityBehaviour, parseLocality } from '../../src/istio/locality-setting.js';
import type { LocalityGroupInput, LocalityLbSetting } from '../../src/istio/locality-setting.js';
import {
  CLUSTER,
  NET,
  PROXY_LOCALITY,
  ep,
  fakeCluster,
  smallCluster,
  smallClusterWithNilLocalities,
  summarize,
  wrappedEndpoints,
  wrappedEndpointsWithFailover,
} from './locality-fixtures.js';

const proxy = (labels: Record<string, string> = {}) => ({ locality: PROXY_LOCALITY, labels });
const ON = { enableFailover: true };
const priorities = (groups: LocalityGroupInput[], setting: LocalityLbSetting | undefined) =>
  applyLocalitySetting(proxy(), groups, setting, ON).groups.map((g) => g.priority);

describe('TestApplyLocalitySetting / Distribute', () => {
  // istio/istio loadbalancer_test.go TestApplyLocalitySetting "Distribute" "distribution between subzones"
  it('distribution between subzones: weights 40,40,15,5 (upstream 40,40,15,5,0,0,0)', () => {
    const setting: LocalityLbSetting = {
      distribute: [
        {
          from: 'region1/zone1/subzone1',
          to: { 'region1/zone1/subzone1': 80, 'region1/zone1/subzone2': 15, 'region1/zone1/subzone3': 5 },
        },
      ],
    };
    const out = applyLocalitySetting(proxy(), fakeCluster(), setting, ON);
    // 80 shared by two subzone1 groups of (unset ⇒ 1) weight: ceil(1*80/2) = 40 each; 15; 5.
    // Upstream's trailing 0,0,0 are region1/zone2, region2, region3: unclaimed, emptied by Istio,
    // dropped by meshsim.
    expect(out.groups.map((g) => g.weight)).toEqual([40, 40, 15, 5]);
    expect(out.groups.map((g) => g.locality.subzone)).toEqual(['subzone1', 'subzone1', 'subzone2', 'subzone3']);
    expect(out.groups.every((g) => g.priority === 0)).toBe(true);
    expect(out.localityWeighted).toBe(true);
  });

  // Reference §1.11.4 "a case in Istio's loadbalancer_test.go gives 34+17+50"; that case is not in
  // the stored versions of loadbalancer_test.go, so this reproduces the arithmetic it describes.
  it('ceil makes weights sum to 101: 34 + 17 + 50', () => {
    const groups: LocalityGroupInput[] = [
      { locality: parseLocality('region1/zone1/subzone1'), endpoints: [ep('1.1.1.1', {}), ep('2.2.2.2', {})] },
      { locality: parseLocality('region1/zone1/subzone2'), endpoints: [ep('3.3.3.3', {})] },
      { locality: parseLocality('region2/zone1/subzone1'), endpoints: [ep('4.4.4.4', {}), ep('1.2.3.4', {}), ep('2.3.4.5', {})] },
    ];
    const setting: LocalityLbSetting = { distribute: [{ from: 'region1/*', to: { 'region1/zone1/*': 50, region2: 50 } }] };
    const out = applyLocalitySetting(proxy(), groups, setting, { enableFailover: false });
    // region1/zone1/*: weights 2 and 1 share 50 → ceil(100/3)=34, ceil(50/3)=17; region2: 3*50/3 = 50.
    expect(out.groups.map((g) => g.weight)).toEqual([34, 17, 50]);
    expect(out.groups.map((g) => g.priority)).toEqual([0, 0, 0]);
  });

  it('first matching `from` only; no matching `from` leaves weights and groups untouched', () => {
    const groups: LocalityGroupInput[] = [
      { locality: parseLocality('region1/zone1/subzone1'), endpoints: [ep('1.1.1.1', {}, 3)] },
      { locality: parseLocality('region2/zone1/subzone1'), endpoints: [ep('2.2.2.2', {})] },
    ];
    const first: LocalityLbSetting = { distribute: [{ from: 'region1', to: { region1: 100 } }, { from: '*', to: { region2: 100 } }] };
    expect(summarize(applyLocalitySetting(proxy(), groups, first, ON).groups)).toEqual(['region1/zone1/subzone1|p0|w100|1.1.1.1']);
    const none: LocalityLbSetting = { distribute: [{ from: 'region9', to: { region2: 100 } }] };
    expect(summarize(applyLocalitySetting(proxy(), groups, none, ON).groups)).toEqual([
      'region1/zone1/subzone1|p0|w3|1.1.1.1',
      'region2/zone1/subzone1|p0|w1|2.2.2.2',
    ]);
  });

  // The one deliberate deviation: Istio walks `to` in Go map order; meshsim most specific first.
  it('overlapping `to` patterns: the most specific pattern claims first', () => {
    const groups = ['region1/zone1/subzone1', 'region1/zone1/subzone2', 'region1/zone2/subzone1'].map((l, i) => ({
      locality: parseLocality(l),
      endpoints: [ep(['1.1.1.1', '2.2.2.2', '3.3.3.3'][i], {})],
    }));
    const setting: LocalityLbSetting = { distribute: [{ from: '*', to: { 'region1/*': 30, 'region1/zone1/subzone1': 70 } }] };
    // subzone1 claimed by the 3-segment pattern (70); the other two share 30 → 15 each.
    expect(applyLocalitySetting(proxy(), groups, setting, ON).groups.map((g) => g.weight)).toEqual([70, 15, 15]);
  });
});

describe('TestApplyLocalitySetting / Failover', () => {
  const failover: LocalityLbSetting = { failover: [{ from: 'region1', to: 'region2' }] };

  // istio/istio loadbalancer_test.go TestApplyLocalitySetting "Failover: all priorities"
  it('all priorities: 0,0,1,1,2 in region1; region2 (failover target) 3; region3 4', () => {
    expect(priorities(fakeCluster(), failover)).toEqual([0, 0, 1, 1, 2, 3, 4]);
  });

  // istio/istio loadbalancer_test.go TestApplyLocalitySetting "Failover: priorities with gaps"
  it('priorities with gaps: raw 1 and 3 compact to 0 and 1', () => {
    expect(priorities(smallCluster(), failover)).toEqual([0, 1, 1]);
  });

  // istio/istio loadbalancer_test.go TestApplyLocalitySetting "Failover: priorities with some nil localities"
  it('priorities with some nil localities: the empty locality is another region (raw 4 → 2)', () => {
    expect(priorities(smallClusterWithNilLocalities(), failover)).toEqual([0, 2, 1]);
  });

  // istio/istio loadbalancer_test.go TestApplyLocalitySetting "Failover: with locality lb disabled"
  it('with locality lb disabled: every group at priority 0', () => {
    expect(priorities(smallClusterWithNilLocalities(), undefined)).toEqual([0, 0, 0]);
    expect(priorities(smallClusterWithNilLocalities(), { enabled: false, ...failover })).toEqual([0, 0, 0]);
  });

  it('without outlier detection (enableFailover false): no priorities, no locality weighting', () => {
    const out = applyLocalitySetting(proxy(), fakeCluster(), failover, { enableFailover: false });
    expect(out.groups.map((g) => g.priority)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(out.priorities).toBe(1);
    expect(out.localityWeighted).toBe(false);
  });

  it('default ladder without `failover`: other regions share rank 3', () => {
    expect(priorities(fakeCluster(), {})).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });
});

describe('TestApplyLocalitySetting / FailoverPriority', () => {
  const labelsNC = [NET, CLUSTER];
  // Each row: upstream case name, failoverPriority, proxy labels, expected groups (locality|priority|weight).
  const cases: { name: string; fp: string[]; labels: Record<string, string>; want: string[] }[] = [
    {
      name: 'match none label',
      fp: labelsNC,
      labels: { [NET]: 'test', [CLUSTER]: 'test' },
      want: ['region1/zone1/subzone1|p0|w2', 'region2/zone2/subzone2|p0|w2', 'region3/zone3/subzone3|p0|w2'],
    },
    {
      name: 'match network label',
      fp: labelsNC,
      labels: { [NET]: 'n1', [CLUSTER]: 'test' },
      want: [
        'region1/zone1/subzone1|p0|w1', 'region1/zone1/subzone1|p1|w1',
        'region2/zone2/subzone2|p0|w1', 'region2/zone2/subzone2|p1|w1',
        'region3/zone3/subzone3|p0|w1', 'region3/zone3/subzone3|p1|w1',
      ],
    },
    {
      name: 'not match the first n label',
      fp: labelsNC,
      labels: { [NET]: 'test', [CLUSTER]: 'c1' },
      want: ['region1/zone1/subzone1|p0|w2', 'region2/zone2/subzone2|p0|w2', 'region3/zone3/subzone3|p0|w2'],
    },
    {
      name: 'match all labels',
      fp: ['key', NET, CLUSTER],
      labels: { key: 'value', [NET]: 'n2', [CLUSTER]: 'c2' },
      want: [
        'region1/zone1/subzone1|p0|w1', 'region1/zone1/subzone1|p3|w1',
        'region2/zone2/subzone2|p1|w1', 'region2/zone2/subzone2|p2|w1',
        'region3/zone3/subzone3|p0|w1', 'region3/zone3/subzone3|p2|w1',
      ],
    },
    {
      name: 'priority assignment as per the overridden value',
      fp: [`${NET}=n1`],
      labels: { [NET]: 'n2', [CLUSTER]: 'test' },
      want: [
        'region1/zone1/subzone1|p0|w1', 'region1/zone1/subzone1|p1|w1',
        'region2/zone2/subzone2|p0|w1', 'region2/zone2/subzone2|p1|w1',
        'region3/zone3/subzone3|p0|w1', 'region3/zone3/subzone3|p1|w1',
      ],
    },
    {
      name: 'no endpoints with overridden value',
      fp: [`${NET}=n3`],
      labels: { [NET]: 'n1', [CLUSTER]: 'test' },
      want: ['region1/zone1/subzone1|p0|w2', 'region2/zone2/subzone2|p0|w2', 'region3/zone3/subzone3|p0|w2'],
    },
  ];
  const strip = (s: string) => s.split('|').slice(0, 3).join('|');

  for (const c of cases) {
    // istio/istio loadbalancer_test.go TestApplyLocalitySetting "FailoverPriority" <c.name> (pre-#60829 rule)
    it(`${c.name} (Istio ≤ 1.30 network handling)`, () => {
      const out = applyLocalitySetting(proxy(c.labels), wrappedEndpoints(), { failoverPriority: c.fp }, { ...ON, networkPreferred: false });
      expect(summarize(out.groups).map(strip)).toEqual(c.want);
      expect(out.localityWeighted).toBe(true);
    });
  }

  // Same upstream inputs under the #60829 network rule (default): every case but one is unchanged.
  for (const c of cases.filter((x) => x.name !== 'not match the first n label')) {
    it(`${c.name} (network rule on: same result)`, () => {
      const out = applyLocalitySetting(proxy(c.labels), wrappedEndpoints(), { failoverPriority: c.fp }, ON);
      expect(summarize(out.groups).map(strip)).toEqual(c.want);
    });
  }

  // [derived] "not match the first n label" under istio/istio#60829 (reference §1.11.6): all endpoints
  // are off-network, so they are ranked by cluster: c1 → 0+2, others → 1+2; compacted to 0/1.
  it('not match the first n label (network rule on): off-network endpoints still ranked by cluster', () => {
    const out = applyLocalitySetting(proxy({ [NET]: 'test', [CLUSTER]: 'c1' }), wrappedEndpoints(), { failoverPriority: [NET, CLUSTER] }, ON);
    expect(summarize(out.groups)).toEqual([
      'region1/zone1/subzone1|p0|w1|1.1.1.1',
      'region1/zone1/subzone1|p1|w1|2.2.2.2',
      'region2/zone2/subzone2|p1|w2|3.3.3.3,4.4.4.4',
      'region3/zone3/subzone3|p0|w1|1.2.3.4',
      'region3/zone3/subzone3|p1|w1|2.3.4.5',
    ]);
  });

  it('network rule: worst same-network tier still above best other-network tier', () => {
    const groups: LocalityGroupInput[] = [
      {
        locality: PROXY_LOCALITY,
        endpoints: [
          ep('1.1.1.1', { [NET]: 'n1', [CLUSTER]: 'c1' }),
          ep('2.2.2.2', { [NET]: 'n1', [CLUSTER]: 'c2' }),
          ep('3.3.3.3', { [NET]: 'n2', [CLUSTER]: 'c1' }),
          ep('4.4.4.4', { [NET]: 'n2', [CLUSTER]: 'c2' }),
        ],
      },
    ];
    const p = proxy({ [NET]: 'n1', [CLUSTER]: 'c1' });
    // raw: 0, 1, 2+0, 2+1 → four tiers; without the rule both n2 endpoints share raw 2.
    expect(summarize(applyLocalitySetting(p, groups, { failoverPriority: [NET, CLUSTER] }, ON).groups)).toEqual([
      'region1/zone1/subzone1|p0|w1|1.1.1.1',
      'region1/zone1/subzone1|p1|w1|2.2.2.2',
      'region1/zone1/subzone1|p2|w1|3.3.3.3',
      'region1/zone1/subzone1|p3|w1|4.4.4.4',
    ]);
    const old = applyLocalitySetting(p, groups, { failoverPriority: [NET, CLUSTER] }, { ...ON, networkPreferred: false });
    expect(summarize(old.groups).map((s) => s.split('|')[1])).toEqual(['p0', 'p1', 'p2']);
  });

  it('proxy without labels: failoverPriority is a no-op (groups not split, priority 0)', () => {
    const out = applyLocalitySetting(proxy({}), wrappedEndpoints(), { failoverPriority: [NET] }, ON);
    expect(out.groups.map((g) => [g.priority, g.endpoints.length])).toEqual([[0, 2], [0, 2], [0, 2]]);
  });

  // istio/istio loadbalancer_test.go TestApplyLocalitySetting "FailoverPriority with Failover" "match all labels"
  it('FailoverPriority with Failover / match all labels: tier*5 + ladder → 3,0,4,2,1,5', () => {
    const setting: LocalityLbSetting = { failoverPriority: [NET, CLUSTER], failover: [{ from: 'region1', to: 'region2' }] };
    const out = applyLocalitySetting(proxy({ [NET]: 'n2', [CLUSTER]: 'c2' }), wrappedEndpointsWithFailover(), setting, ON);
    // tiers (compacted) 2,0,2,1,0,2 ×5 + ladder 0,2,3,4,3,4 = 10,2,13,9,3,14 → compacted 3,0,4,2,1,5.
    expect(out.groups.map((g) => g.priority)).toEqual([3, 0, 4, 2, 1, 5]);
    expect(out.groups.map((g) => g.weight)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(out.priorities).toBe(6);
  });
});

describe('localityBehaviour (reference §1.11.2, cluster_traffic_policy.go applyLocalityLoadBalancer)', () => {
  const cases: [string, LocalityLbSetting | undefined, boolean, { enableFailover: boolean; localityWeighted: boolean }][] = [
    ['mesh default {enabled:true} + outlierDetection', { enabled: true }, true, { enableFailover: true, localityWeighted: false }],
    ['failover + outlierDetection', { failover: [{ from: 'a', to: 'b' }] }, true, { enableFailover: true, localityWeighted: true }],
    ['failover without outlierDetection', { failover: [{ from: 'a', to: 'b' }] }, false, { enableFailover: false, localityWeighted: false }],
    ['failoverPriority + outlierDetection', { failoverPriority: [NET] }, true, { enableFailover: true, localityWeighted: true }],
    ['distribute without outlierDetection', { distribute: [{ from: '*', to: { '*': 100 } }] }, false, { enableFailover: false, localityWeighted: true }],
    ['disabled distribute', { enabled: false, distribute: [{ from: '*', to: { '*': 100 } }] }, true, { enableFailover: true, localityWeighted: false }],
    ['no setting', undefined, false, { enableFailover: false, localityWeighted: false }],
  ];
  for (const [name, setting, od, want] of cases) {
    it(name, () => expect(localityBehaviour(setting, od)).toEqual(want));
  }
  it('forced failover (trafficDistribution) and ENABLE_LOCALITY_WEIGHTED_LB_CONFIG', () => {
    expect(localityBehaviour({ failoverPriority: [NET] }, false, { forceFailover: true })).toEqual({ enableFailover: true, localityWeighted: true });
    expect(localityBehaviour(undefined, false, { forceLocalityWeighted: true }).localityWeighted).toBe(true);
  });
});
