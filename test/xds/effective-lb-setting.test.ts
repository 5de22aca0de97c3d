/**
 * Which locality setting a cluster gets, reproduced from Istio's tables:
 * istio/istio pilot/pkg/networking/core/loadbalancer/loadbalancer_test.go TestGetEffectiveLbSetting
 * (master after 1.31.0-rc.0; stored version id 54671825013 of the code index) and, for the versions
 * before zone-aware routing, TestGetLocalityLbSetting (the trafficDistribution cases of
 * istio/istio#54715, 1.25, and #56042, 1.27).
 */
import { describe, expect, it } from 'vitest';
import type { LocalityLbSetting } from '../../src/istio/locality-setting.js';
import type { TrafficDistribution } from '../../src/istio/kube-service.js';
import type { ZoneAwareLbSetting } from '../../src/istio/zone-aware-setting.js';
import { effectiveLbSetting, type DestinationRuleLb } from '../../src/xds/effective-lb-setting.js';
import { istioBehaviour } from '../../src/xds/istio-behaviour.js';

const NET = 'topology.istio.io/network';
const REGION = 'topology.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const SUBZONE = 'topology.istio.io/subzone';
const HOST = 'kubernetes.io/hostname';

const V131 = istioBehaviour([1, 31]);
const failover = [{ from: '', to: '' }]; // the Go table's `[]*Failover{nil}`
const zaFailover = [{ from: 'r1', to: 'r2' }];
const preferSameZoneExpected: LocalityLbSetting = { enabled: true, failoverPriority: [NET, REGION, ZONE] };
const preferSameNodeExpected: LocalityLbSetting = { enabled: true, failoverPriority: [NET, REGION, ZONE, SUBZONE, HOST] };

interface Case {
  name: string;
  meshLocality?: LocalityLbSetting;
  meshZoneAware?: ZoneAwareLbSetting;
  dr?: DestinationRuleLb;
  svc?: TrafficDistribution;
  expectedLocality?: LocalityLbSetting;
  expectedZoneAware?: ZoneAwareLbSetting;
  expectedForce?: boolean;
}

// loadbalancer_test.go TestGetEffectiveLbSetting, every row.
const cases: Case[] = [
  { name: 'all disabled' },
  { name: 'mesh locality only', meshLocality: {}, expectedLocality: {} },
  { name: 'dr locality only', dr: { localityLbSetting: {} }, expectedLocality: {} },
  { name: 'dr locality only override', dr: { localityLbSetting: { enabled: true } }, expectedLocality: { enabled: true } },
  { name: 'dr locality wins over mesh locality', meshLocality: {}, dr: { localityLbSetting: { failover } }, expectedLocality: { failover } },
  { name: 'prefer same zone service over mesh locality', meshLocality: {}, svc: 'PreferSameZone', expectedLocality: preferSameZoneExpected, expectedForce: true },
  { name: 'prefer same node service over mesh locality', meshLocality: {}, svc: 'PreferSameNode', expectedLocality: preferSameNodeExpected, expectedForce: true },
  { name: 'mesh locality disabled', meshLocality: { enabled: false } },
  { name: 'dr locality disabled overrides mesh locality enabled', meshLocality: { enabled: true }, dr: { localityLbSetting: { enabled: false } } },
  { name: 'dr locality enabled overrides mesh locality disabled', meshLocality: { enabled: false }, dr: { localityLbSetting: { enabled: true } }, expectedLocality: { enabled: true } },
  // ZoneAware scenarios
  { name: 'mesh zone-aware only', meshZoneAware: {}, expectedZoneAware: {} },
  { name: 'dr zone-aware only', dr: { zoneAwareLbSetting: { failover: zaFailover } }, expectedZoneAware: { failover: zaFailover } },
  { name: 'dr zone-aware wins over mesh zone-aware', meshZoneAware: {}, dr: { zoneAwareLbSetting: { failover: zaFailover } }, expectedZoneAware: { failover: zaFailover } },
  { name: 'dr zone-aware wins over mesh locality', meshLocality: { failover }, dr: { zoneAwareLbSetting: {} }, expectedZoneAware: {} },
  { name: 'dr locality wins over mesh zone-aware', meshZoneAware: {}, dr: { localityLbSetting: { failover } }, expectedLocality: { failover } },
  { name: 'mesh zone-aware wins over mesh locality when both set', meshLocality: {}, meshZoneAware: { failover: zaFailover }, expectedZoneAware: { failover: zaFailover } },
  { name: 'mesh zone-aware disabled', meshZoneAware: { enabled: false } },
  { name: 'dr zone-aware disabled overrides mesh locality enabled', meshLocality: { enabled: true }, dr: { zoneAwareLbSetting: { enabled: false } } },
  { name: 'dr zone-aware enabled overrides mesh zone-aware disabled', meshZoneAware: { enabled: false }, dr: { zoneAwareLbSetting: { enabled: true } }, expectedZoneAware: { enabled: true } },
  { name: 'service traffic distribution wins over mesh zone-aware', meshZoneAware: {}, svc: 'PreferSameZone', expectedLocality: preferSameZoneExpected, expectedForce: true },
  { name: 'dr zone-aware wins over service traffic distribution', dr: { zoneAwareLbSetting: {} }, svc: 'PreferSameZone', expectedZoneAware: {} },
  { name: 'dr locality wins over service traffic distribution', dr: { localityLbSetting: { failover } }, svc: 'PreferSameZone', expectedLocality: { failover } },
];

describe('TestGetEffectiveLbSetting (Istio 1.31)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = effectiveLbSetting(c.meshLocality, c.meshZoneAware, c.dr, c.svc, V131);
      expect(got.locality).toEqual(c.expectedLocality);
      expect(got.zoneAware).toEqual(c.expectedZoneAware);
      expect(got.forceFailover).toBe(c.expectedForce ?? false);
    });
  }

  it('a zone-aware setting with enabled: false is remembered (Envoy gets routing_enabled 0%)', () => {
    expect(effectiveLbSetting({ enabled: true }, undefined, { zoneAwareLbSetting: { enabled: false } }, undefined, V131).zoneAwareDisabled).toBe(true);
    expect(effectiveLbSetting({ enabled: true }, { enabled: false }, undefined, undefined, V131).zoneAwareDisabled).toBe(true);
    expect(effectiveLbSetting({ enabled: false }, undefined, undefined, undefined, V131).zoneAwareDisabled).toBe(false);
  });
});

describe('GetLocalityLbSetting by version', () => {
  it('before 1.31 there is no zone-aware setting: the DR locality setting, else the mesh one', () => {
    const v130 = istioBehaviour([1, 30]);
    expect(effectiveLbSetting({}, { failover: zaFailover }, { zoneAwareLbSetting: {} }, undefined, v130)).toEqual({ locality: {}, forceFailover: false, zoneAwareDisabled: false });
  });

  it('before 1.25 sidecars ignore trafficDistribution (ztunnel only)', () => {
    const got = effectiveLbSetting({ enabled: true }, undefined, undefined, 'PreferClose', istioBehaviour([1, 24]));
    expect(got).toEqual({ locality: { enabled: true }, forceFailover: false, zoneAwareDisabled: false });
  });

  it('1.25–1.26 (istio/istio#54715): PreferClose ⇒ network, region, zone, subzone, forced; PreferSameZone unknown', () => {
    const v125 = istioBehaviour([1, 25]);
    expect(effectiveLbSetting({ enabled: true }, undefined, undefined, 'PreferClose', v125)).toEqual({ locality: { enabled: true, failoverPriority: [NET, REGION, ZONE, SUBZONE] }, forceFailover: true, zoneAwareDisabled: false });
    expect(effectiveLbSetting({ enabled: true }, undefined, undefined, 'PreferSameZone', istioBehaviour([1, 26])).forceFailover).toBe(false);
  });

  it('1.27+ (istio/istio#56042): PreferClose is PreferSameZone (subzone ignored, #55848)', () => {
    const got = effectiveLbSetting({ enabled: true }, undefined, undefined, 'PreferClose', istioBehaviour([1, 27]));
    expect(got.locality).toEqual(preferSameZoneExpected);
    expect(got.forceFailover).toBe(true);
  });

  it('Istio 1.0 had no locality load balancing (added in 1.1): no setting applies, not even a DestinationRule\'s', () => {
    const dr: DestinationRuleLb = { localityLbSetting: { enabled: true, failover: [{ from: 'r1', to: 'r2' }] } };
    expect(effectiveLbSetting({ enabled: true }, undefined, dr, undefined, istioBehaviour([1, 0]))).toEqual({ forceFailover: false, zoneAwareDisabled: false });
    expect(effectiveLbSetting({ enabled: true }, undefined, undefined, undefined, istioBehaviour([1, 1])).locality).toEqual({ enabled: true });
  });
});
