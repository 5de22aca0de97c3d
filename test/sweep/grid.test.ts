/** Grid numbering (first --set outermost) and shards (p mod n = i) partition the points. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, pointCount, pointValues, shardPoints } from '../../src/sweep/grid.js';

describe('grid', () => {
  it('numbers points like nested loops, the last --set fastest', () => {
    // sizes 2 x 3: point 4 = 1*3 + 1 -> (1, 1); point 5 -> (1, 2)
    expect([0, 1, 2, 3, 4, 5].map((i) => pointValues([2, 3], i))).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(pointCount([2, 3, 4])).toBe(24);
    expect(pointCount([])).toBe(1);
  });

  it('every combination appears exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }), (sizes) => {
        const seen = new Set(Array.from({ length: pointCount(sizes) }, (_, i) => pointValues(sizes, i).join(',')));
        expect(seen.size).toBe(pointCount(sizes));
      }),
      { seed: 9, numRuns: 100 },
    );
  });

  it('shards partition the points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 9 }), (total, n) => {
        const all = Array.from({ length: n }, (_, i) => shardPoints(total, { index: i, count: n })).flat().sort((a, b) => a - b);
        expect(all).toEqual(shardPoints(total));
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it.each([['0/4', { index: 0, count: 4 }], [' 3 / 4 ', { index: 3, count: 4 }], ['4/4', undefined], ['1/0', undefined], ['-1/2', undefined], ['a/b', undefined]])(
    'parseShard(%j)',
    (text, shard) => {
      expect(parseShard(text)).toEqual(shard);
    },
  );
});
