import { describe, expect, it } from 'vitest';
import { lbPriority, localityKey, localityMatch, parseLocality } from '../../src/istio/locality-setting.js';
import { patternSpecificity } from '../../src/istio/locality-match.js';
import { orderedTargets } from '../../src/istio/locality-distribute.js';

const L = (region: string, zone = '', subzone = '') => ({ region, zone, subzone });

describe('parseLocality / localityKey', () => {
  // istio/istio pilot/pkg/networking/util/util_test.go TestConvertLocality (ConvertLocality + LocalityToString)
  const cases: [string, string, ReturnType<typeof L>, string][] = [
    ['nil locality', '', L(''), ''],
    ['locality with only region', 'region', L('region'), 'region'],
    ['locality with region and zone', 'region/zone', L('region', 'zone'), 'region/zone'],
    ['locality with region zone and subzone', 'region/zone/subzone', L('region', 'zone', 'subzone'), 'region/zone/subzone'],
    ['locality with region zone subzone and rack', 'region/zone/subzone/rack', L('region', 'zone', 'subzone'), 'region/zone/subzone'],
  ];
  for (const [name, input, want, reverse] of cases) {
    it(name, () => {
      expect(parseLocality(input)).toEqual(want);
      expect(localityKey(parseLocality(input))).toBe(reverse);
    });
  }
  it('LocalityToString stops at the first empty part', () => {
    expect(localityKey(L('r', '', 'sz'))).toBe('r');
  });
});

describe('localityMatch', () => {
  // istio/istio pilot/pkg/networking/util/util_test.go TestLocalityMatch
  const sz1 = L('region1', 'zone1', 'subzone1');
  const cases: [string, ReturnType<typeof L>, string, boolean][] = [
    ['wildcard matching', sz1, '*', true],
    ['wildcard matching', sz1, 'region1/*', true],
    ['wildcard matching', sz1, 'region1/zone1/*', true],
    ['wildcard not matching', sz1, 'region1/zone2/*', false],
    ['region matching', sz1, 'region1', true],
    ['region and zone matching', sz1, 'region1/zone1', true],
    ['zubzone wildcard matching', L('region1', 'zone1'), 'region1/zone1', true],
    ['subzone mismatching', L('region1', 'zone1'), 'region1/zone1/subzone2', false],
  ];
  for (const [name, loc, rule, want] of cases) {
    it(`${name}: ${rule}`, () => expect(localityMatch(loc, rule)).toBe(want));
  }
  it('an empty rule matches only the empty region', () => {
    expect(localityMatch(L(''), '')).toBe(true);
    expect(localityMatch(sz1, '')).toBe(false);
  });
});

describe('lbPriority (util.LbPriority)', () => {
  const proxy = L('r1', 'z1', 's1');
  it.each([
    [L('r1', 'z1', 's1'), 0],
    [L('r1', 'z1', 's2'), 1],
    [L('r1', 'z2', 's1'), 2],
    [L('r2', 'z1', 's1'), 3],
    [L(''), 3],
  ])('%o → %i', (loc, want) => expect(lbPriority(proxy, loc)).toBe(want));
});

describe('distribute target order (meshsim deviation: most specific first, then as written)', () => {
  it('specificity counts pinned segments', () => {
    expect(['*', 'r', 'r/*', 'r/z', 'r/z/*', 'r/z/s', '*/z/s'].map(patternSpecificity)).toEqual([0, 1, 1, 2, 2, 3, 2]);
  });
  it('orders by specificity, stable for ties', () => {
    const to = { 'a/*': 10, 'b/z': 20, '*': 30, 'c/z': 15, 'a/z/s': 25 };
    expect(orderedTargets(to).map(([k]) => k)).toEqual(['a/z/s', 'b/z', 'c/z', 'a/*', '*']);
  });
});
