import { describe, expect, it } from 'vitest';
import { globMatch, localityMatch, serviceMatch } from '../../src/check/patterns.js';

describe('selector patterns', () => {
  it.each([
    // pattern, locality, matches
    ['us-west1/*', 'us-west1/us-west1-a', true],
    ['us-west1', 'us-west1/us-west1-a', true],
    ['us-west1/*', 'us-central1/us-central1-a', false],
    ['us-west', 'us-west1/us-west1-a', false], // whole segments, not prefixes of names
    ['*/us-west1-b', 'us-west1/us-west1-b', true],
    ['us-west1/us-west1-a/*', 'us-west1/us-west1-a', true], // no subzone: a trailing * matches nothing
    ['us-west1/us-west1-a/rack1', 'us-west1/us-west1-a', false],
    ['cluster2/*', 'cluster2/us-central1/us-central1-a', true],
    ['*', 'anything/at/all', true],
  ])('locality %s ~ %s: %s', (p, l, m) => {
    expect(localityMatch(p, l)).toBe(m);
  });

  it.each([
    ['helloworld', 'helloworld.sample', true],
    ['helloworld.sample', 'helloworld.sample', true],
    ['helloworld.sample.svc.cluster.local', 'helloworld.sample', true],
    ['hello*', 'helloworld.sample', true],
    ['helloworld.other', 'helloworld.sample', false],
    ['hello', 'helloworld.sample', false],
  ])('service %s ~ %s: %s', (p, s, m) => {
    expect(serviceMatch(p, s)).toBe(m);
  });

  it('globs quote regular-expression characters', () => {
    expect(globMatch('a.b', 'a.b')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('(x)*', '(x)yz')).toBe(true);
  });
});
