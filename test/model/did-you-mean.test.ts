/** "Did you mean": the one edit-distance suggestion of the loader, --set, check and capacity. */
import { describe, expect, it } from 'vitest';
import { closest, editDistance, suggestion } from '../../src/model/did-you-mean.js';

describe('did you mean', () => {
  it.each([
    ['kitten', 'sitting', 3], ['', 'abc', 3], ['flaw', 'lawn', 2], ['same', 'same', 0],
  ])('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it.each([
    ['replcias', ['replicas', 'region'], 'replicas'], // 2 edits (a transposition), 8 letters
    ['P99', ['p50', 'p99'], 'p99'], // case does not count
    ['ab', ['xy'], undefined], // 2 edits in 2 letters is no typo
    ['concurrence', ['concurrency', 'queueLimit'], 'concurrency'],
    ['x'.repeat(41), ['x'.repeat(40)], undefined], // too long to be a typo of a field name
  ])('closest(%s) = %s', (name, known, near) => {
    expect(closest(name, known)).toBe(near);
  });

  it('suggestion: the near name, else the list, else nothing', () => {
    expect(suggestion('seeed', ['seed', 'name'])).toBe('; did you mean "seed"?');
    expect(suggestion('zzz', ['seed', 'name'])).toBe('; valid here: seed, name');
    expect(suggestion('zzz', [])).toBe('');
  });
});
