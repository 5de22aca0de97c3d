/** Reading `--set path=v1,v2,...`: paths with indices, selectors and quoted keys; YAML values; ranges; mistakes. */
import { describe, expect, it } from 'vitest';
import { parsePath, parseSetFlag, SetSyntaxError } from '../../src/sweep/set-spec.js';

describe('parsePath', () => {
  it.each([
    ['seed', [{ kind: 'key', key: 'seed' }]],
    ['services[0].deployments[1].replicas', [
      { kind: 'key', key: 'services' }, { kind: 'index', index: 0 }, { kind: 'key', key: 'deployments' }, { kind: 'index', index: 1 }, { kind: 'key', key: 'replicas' },
    ]],
    ['services[name=helloworld].concurrency', [{ kind: 'key', key: 'services' }, { kind: 'select', key: 'name', value: 'helloworld' }, { kind: 'key', key: 'concurrency' }]],
    ['latency.crossRegion["us-west1<>us-central1"]', [{ kind: 'key', key: 'latency' }, { kind: 'key', key: 'crossRegion' }, { kind: 'key', key: 'us-west1<>us-central1' }]],
    ['clusters[zone="a.b"]', [{ kind: 'key', key: 'clusters' }, { kind: 'select', key: 'zone', value: 'a.b' }]],
  ])('%s', (text, segments) => {
    expect(parsePath(text)).toEqual(segments);
  });

  it.each([['', /empty/], ['a..b', /empty field name/], ['a.', /ends with/], ['a[0', /no closing/], ['a[x]', /neither an index/], ['a[0]b', /expected "\." or "\["/]])(
    'rejects %j',
    (text, message) => {
      expect(() => parsePath(text)).toThrow(message);
    },
  );
});

describe('parseSetFlag', () => {
  it('reads YAML values separated by commas outside brackets', () => {
    const s = parseSetFlag('services[0].serviceTime={dist: exponential, mean: 10ms},20ms, 3');
    expect(s.pathText).toBe('services[0].serviceTime');
    expect(s.values).toEqual([
      { text: '{dist: exponential, mean: 10ms}', value: { dist: 'exponential', mean: '10ms' } },
      { text: '20ms', value: '20ms' },
      { text: '3', value: 3 },
    ]);
  });

  it('a selector may contain "=" before the value list', () => {
    const s = parseSetFlag('traffic[name=sleep].rate=100/s,200/s');
    expect(s.segments[1]).toEqual({ kind: 'select', key: 'name', value: 'sleep' });
    expect(s.values.map((v) => v.value)).toEqual(['100/s', '200/s']);
  });

  it('expands integer ranges, with a step', () => {
    expect(parseSetFlag('seed=1..4').values.map((v) => v.value)).toEqual([1, 2, 3, 4]);
    expect(parseSetFlag('seed=0..10:5,12').values.map((v) => v.value)).toEqual([0, 5, 10, 12]);
  });

  it.each([
    ['replicas', /has no "="/],
    ['replicas=', /lists no values/],
    ['replicas=1,,2', /empty value/],
    ['replicas=1,2,1', /lists the value 1 twice/],
    ['replicas=5..1', /is empty/],
    ['replicas=1..10:0', /step >= 1/],
    ['replicas=0..1000000', /more than 100,000/],
    ['x={a: 1', /cannot read the value/],
  ])('rejects %j', (flag, message) => {
    expect(() => parseSetFlag(flag)).toThrow(SetSyntaxError);
    expect(() => parseSetFlag(flag)).toThrow(message);
  });
});
