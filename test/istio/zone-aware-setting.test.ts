/**
 * Istio 1.31 `ApplyZoneAwareLoadBalancer`, reproduced from istio/istio
 * pilot/pkg/networking/core/loadbalancer/loadbalancer_test.go TestApplyZoneAwareLoadBalancer
 * (master after 1.31.0-rc.0; code-index version id 54671825013), on the same buildFakeCluster
 * fixture (test/istio/locality-fixtures.ts), plus the API's rules for the setting.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER, fakeCluster, NET, PROXY_LOCALITY, wrappedEndpoints } from './locality-fixtures.js';
import { applyZoneAwareSetting, regionBucket, validateZoneAwareLbSetting } from '../../src/istio/zone-aware-setting.js';

const proxy = { locality: PROXY_LOCALITY, labels: {} };
const priorities = (groups: { priority: number }[]) => groups.map((g) => g.priority);

describe('TestApplyZoneAwareLoadBalancer', () => {
  it('zone-aware without explicit failover still region-buckets', () => {
    const out = applyZoneAwareSetting(proxy, fakeCluster(), { enabled: true }, { enableFailover: true });
    // same-region endpoints at p0, others compacted to p1
    expect(priorities(out.groups)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(out.localityWeighted).toBe(false);
  });

  it('enableFailover=false leaves CLA untouched', () => {
    const out = applyZoneAwareSetting(proxy, fakeCluster(), { failover: [{ from: 'region1', to: 'region2' }] }, { enableFailover: false });
    expect(priorities(out.groups)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('zone-aware Failover keeps same-region endpoints at priority 0', () => {
    const out = applyZoneAwareSetting(proxy, fakeCluster(), { failover: [{ from: 'region1', to: 'region2' }] }, { enableFailover: true });
    // region1 (any zone/subzone) → 0, failover-matched region2 → 1, region3 → 2
    expect(priorities(out.groups)).toEqual([0, 0, 0, 0, 0, 1, 2]);
  });

  it('zone-aware Failover with no matching rule compacts to two priorities', () => {
    const out = applyZoneAwareSetting(proxy, fakeCluster(), { failover: [{ from: 'region9', to: 'region2' }] }, { enableFailover: true });
    expect(priorities(out.groups)).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });

  it('zone-aware FailoverPriority delegates to label-based priority', () => {
    const labels = { [NET]: 'n1', [CLUSTER]: 'c1' };
    const out = applyZoneAwareSetting({ locality: PROXY_LOCALITY, labels }, wrappedEndpoints(), { failoverPriority: [NET, CLUSTER] }, { enableFailover: true, networkPreferred: false });
    // upstream asserts a non-empty result with some priority 0; the arithmetic, label tier*3 + region bucket:
    //   1.1.1.1 region1 {n1,c1}: tier 0 → 0; 2.2.2.2 region1 {n2}: tier 2 → 6
    //   3.3.3.3 region2 {n1,c3}: tier 1 → 5; 4.4.4.4 region2 {n2}: tier 2 → 8
    //   1.2.3.4 region3 {n1,c1}: tier 0 → 2; 2.3.4.5 region3 {n2}: tier 2 → 8
    //   compacted: 0, 1(→2), 2(→5), 3(→6), 4(→8)
    expect(out.groups.length).toBeGreaterThan(0);
    expect(out.groups.map((g) => [g.endpoints, g.priority])).toEqual([
      [[0], 0], [[1], 3], [[2], 2], [[3], 4], [[4], 1], [[5], 4],
    ]);
  });
});

describe('region buckets', () => {
  it('own region 0; the `to` of the first rule from our region 1; any other region 2', () => {
    const rules = [{ from: 'us', to: 'eu' }, { from: 'us', to: 'ap' }];
    expect(['us', 'eu', 'ap', 'sa'].map((r) => regionBucket('us', r, rules))).toEqual([0, 1, 2, 2]);
  });
});

describe('ZoneAwareLoadBalancerSetting rules', () => {
  it('failoverPriority must not name region, zone or subzone labels (also as key=value)', () => {
    const v = validateZoneAwareLbSetting({ failoverPriority: [NET, 'topology.kubernetes.io/zone', 'topology.istio.io/subzone=a'] });
    expect(v.errors.map((e) => e.path)).toEqual([['failoverPriority', 1], ['failoverPriority', 2]]);
  });

  it('failover names two different plain regions', () => {
    const v = validateZoneAwareLbSetting({ failover: [{ from: 'a', to: 'a' }, { from: 'a/z', to: 'b' }, { from: 'a*', to: 'b' }] });
    expect(v.errors.map((e) => e.path)).toEqual([['failover', 0], ['failover', 1], ['failover', 2]]);
  });
});
