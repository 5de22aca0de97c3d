import { describe, expect, it } from 'vitest';
import { validateLocalities, validateLocalityLbSetting } from '../../src/istio/locality-setting.js';
import type { LocalityLbSetting } from '../../src/istio/locality-setting.js';

describe('validateLocalityLbSetting', () => {
  // istio/istio pkg/config/validation/agent/validation_test.go TestValidateLocalityLbSetting
  // [name, setting, hasOutlierDetection, wantErr, wantWarn]
  const cases: [string, LocalityLbSetting | undefined, boolean, boolean, boolean][] = [
    ['valid mesh config without LocalityLoadBalancerSetting', undefined, false, false, false],
    ['invalid LocalityLoadBalancerSetting_Distribute total weight > 100', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 25 } }] }, true, true, false],
    ['invalid LocalityLoadBalancerSetting_Distribute total weight < 100', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 15 } }] }, true, true, false],
    ['invalid LocalityLoadBalancerSetting_Distribute weight = 0', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 0, 'a/b1': 100 } }] }, true, true, false],
    [
      'invalid LocalityLoadBalancerSetting specify both distribute and failover',
      { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 20 } }], failover: [{ from: 'region1', to: 'region2' }] },
      true, true, false,
    ],
    ['invalid failover src and dst have same region', { failover: [{ from: 'region1', to: 'region1' }] }, true, true, false],
    ["invalid failover src contain '*' wildcard", { failover: [{ from: '*', to: 'region2' }] }, true, true, false],
    ["invalid failover dst contain '*' wildcard", { failover: [{ from: 'region1', to: '*' }] }, true, true, false],
    ["invalid failover src contain '/' separator", { failover: [{ from: 'region1/zone1', to: 'region2' }] }, true, true, false],
    ["invalid failover dst contain '/' separator", { failover: [{ from: 'region1', to: 'region2/zone1' }] }, true, true, false],
    [
      'failover priority provided without outlier detection policy',
      { failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'] },
      false, false, true,
    ],
    [
      'failover provided without outlier detection policy',
      { failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'us-west', to: 'eu-east' }] },
      false, false, true,
    ],
    [
      'invalid LocalityLoadBalancerSetting specify both failoverPriority and region in failover',
      { failover: [{ from: 'region1', to: 'region2' }], failoverPriority: ['topology.kubernetes.io/region'] },
      true, true, false,
    ],
  ];
  for (const [name, setting, od, wantErr, wantWarn] of cases) {
    it(name, () => {
      const v = validateLocalityLbSetting(setting, od);
      expect(v.errors.length > 0).toBe(wantErr);
      expect(v.warnings.length > 0).toBe(wantWarn);
    });
  }

  it('messages and paths', () => {
    const both = validateLocalityLbSetting({ distribute: [{ from: '*', to: { '*': 100 } }], failover: [{ from: 'a', to: 'b' }] }, true);
    expect(both.errors).toEqual([{ path: [], message: "can not simultaneously specify 'distribute' and 'failover'" }]);

    const topo = validateLocalityLbSetting({ failover: [{ from: 'a', to: 'b' }], failoverPriority: ['x', 'topology.istio.io/subzone'] }, true);
    expect(topo.errors).toEqual([
      { path: ['failoverPriority', 1], message: "can not simultaneously set 'failover' and topology label 'topology.istio.io/subzone' in 'failover_priority'" },
    ]);

    const zero = validateLocalityLbSetting({ distribute: [{ from: 'a', to: { 'a/b': 0, 'a/c': 100 } }] }, true);
    expect(zero.errors).toEqual([{ path: ['distribute', 0, 'to', 'a/b'], message: 'locality weight must be in range [1, 100]' }]);

    const over = validateLocalityLbSetting({ distribute: [{ from: 'a', to: { 'a/b': 80, 'a/c': 25 } }] }, true);
    expect(over.errors).toEqual([{ path: ['distribute', 0, 'to'], message: 'total locality weight 105 != 100' }]);

    const same = validateLocalityLbSetting({ failover: [{ from: 'r1', to: 'r2' }, { from: 'r1', to: 'r1' }] }, false);
    expect(same.errors).toEqual([{ path: ['failover', 1], message: 'locality lb failover settings must specify different regions' }]);
    expect(same.warnings).toEqual([{ path: ['failover'], message: 'outlier detection policy must be provided for failover' }]);

    const overlapTo = validateLocalityLbSetting({ distribute: [{ from: 'a', to: { 'b/*': 50, 'b/z': 50 } }] }, true);
    expect(overlapTo.errors).toEqual([{ path: ['distribute', 0, 'to', 'b/z'], message: 'locality b/z overlap with previous specified ones' }]);

    const overlapFrom = validateLocalityLbSetting(
      { distribute: [{ from: 'a', to: { b: 100 } }, { from: 'a/z', to: { b: 100 } }] },
      true,
    );
    expect(overlapFrom.errors).toEqual([{ path: ['distribute', 1, 'from'], message: 'locality a/z overlap with previous specified ones' }]);
  });

  it('topology labels are matched as exact strings (key=value is not rejected), and only with failover', () => {
    expect(validateLocalityLbSetting({ failover: [{ from: 'a', to: 'b' }], failoverPriority: ['topology.kubernetes.io/zone=z1'] }, true).errors).toEqual([]);
    expect(validateLocalityLbSetting({ failoverPriority: ['topology.kubernetes.io/zone'] }, true).errors).toEqual([]);
  });
});

describe('validateLocalities', () => {
  // istio/istio pkg/config/validation/agent/validation_test.go TestValidateLocalities
  const cases: [string, string[], boolean][] = [
    ['multi wildcard locality', ['*/zone/*'], false],
    ['wildcard not in suffix', ['*/zone'], false],
    ['explicit wildcard region overlap', ['*', 'a/b/c'], false],
    ['implicit wildcard region overlap', ['a', 'a/b/c'], false],
    ['explicit wildcard zone overlap', ['a/*', 'a/b/c'], false],
    ['implicit wildcard zone overlap', ['a/b', 'a/b/c'], false],
    ['explicit wildcard subzone overlap', ['a/b/*', 'a/b/c'], false],
    ['implicit wildcard subzone overlap', ['a/b', 'a/b/c'], false],
    ['valid localities', ['a1/*', 'a2/*', 'a3/b3/c3', 'a4/b4', 'a5/b5/*'], true],
  ];
  for (const [name, localities, valid] of cases) {
    it(name, () => expect(validateLocalities(localities) === null).toBe(valid));
  }
  it('empty parts are rejected; overlap is checked against earlier entries only (as Istio)', () => {
    expect(validateLocalities(['a//c'])?.message).toBe('locality a//c must not contain empty region/zone/subzone info');
    expect(validateLocalities(['a/b/c', '*'])).toBeNull();
  });
});
