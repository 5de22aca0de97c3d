/**
 * The timeline grows with the work done: quiet intervals are one row, the runner skips ticking
 * through them (`nextTickTime`), and a run that would still write more than LIMITS.timelineRows
 * rows is refused, before running when the sending window says so, else when it happens.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/model/load.js';
import { LIMITS } from '../../src/model/limits.js';
import { nextTickTime, Timeline, TimelineLimitError } from '../../src/metrics/timeline.js';
import { prepare } from '../../src/run.js';
import { FILE, TWO_CLUSTERS } from './helpers.js';

describe('nextTickTime', () => {
  it.each([
    // now, interval, next event → next tick
    [0, 1000, 500, 1000], // an event inside the next interval: tick as usual
    [0, 1000, 1500, 1000], // an event inside the interval after: no quiet interval to skip
    [0, 1000, 2000, 1000], // an event exactly at the end of the second interval: not skipped either
    [0, 1000, 2000.5, 2000], // [1000, 2000) is quiet: one row [0, 2000), the event falls in [2000, 3000)
    [0, 1000, 10_000, 9000], // the event at a boundary belongs to the row ending there: close at 9000
    [5000, 1000, 1e12, 1e12 - 1000], // a quiet year: one tick
    [0, 1000, Infinity, 1000],
    [1e300, 1000, 2e300, 1e300 + 1000], // beyond float precision: no skip, no loop
  ])('at %d with interval %d and the next event at %d: %d', (now, interval, next, want) => {
    expect(nextTickTime(now, interval, next)).toBe(want);
  });
});

describe('Timeline', () => {
  it('merges consecutive quiet intervals with the same requests in flight and hosts ejected', () => {
    const t = new Timeline(1000);
    t.onStart();
    t.close(1000, 1, 0);
    t.close(2000, 1, 0); // quiet
    t.close(3000, 1, 0); // quiet: merged
    t.close(4000, 1, 2); // quiet, but a host was ejected: a new row
    t.onSuccess(3500);
    t.close(5000, 0, 2);
    expect(t.rows.map((r) => [r.startMs, r.endMs, r.started, r.succeeded, r.inFlight, r.ejectedHosts])).toEqual([
      [0, 1000, 1, 0, 1, 0],
      [1000, 3000, 0, 0, 1, 0],
      [3000, 4000, 0, 0, 1, 2],
      [4000, 5000, 0, 1, 0, 2],
    ]);
  });

  it('refuses a row beyond the limit', () => {
    const t = new Timeline(1);
    for (let i = 1; i <= LIMITS.timelineRows; i++) {
      t.onStart();
      t.close(i, 0, 0);
    }
    t.onStart();
    expect(() => t.close(LIMITS.timelineRows + 1, 0, 0)).toThrow(TimelineLimitError);
  });

  it('a run whose sending window needs too many rows is refused before it runs, naming timeline.interval', () => {
    const text = TWO_CLUSTERS.replace('duration: 60s', 'duration: 100h\ntimeline: {interval: 1s}');
    expect(() => prepare(loadScenarioText(text, FILE))).toThrow(/timeline\.interval: sources send for about 3\.60e\+5s, which makes about 3\.60e\+5 timeline rows.*set timeline\.interval to at least 1800ms/);
    // Sparse traffic makes few rows however long the window (quiet stretches are one row).
    const sparse = TWO_CLUSTERS.replace('duration: 60s', 'duration: 8760h').replaceAll('rate: 100/s', 'rate: 1/h');
    expect(() => prepare(loadScenarioText(sparse, FILE))).not.toThrow();
  });
});
