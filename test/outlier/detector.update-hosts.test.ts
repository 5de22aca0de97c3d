/**
 * OutlierDetector.updateHosts: the detector follows the cluster's membership as Envoy's
 * member-update callback does (outlier_detection_impl.cc DetectorImpl::initialize): added hosts
 * get fresh monitors, removed hosts are erased (an ejected one leaves ejections_active), reports
 * for removed hosts are ignored (onConsecutiveErrorWorker: host_monitors_.count(host) == 0), and
 * maxEjectionPercent divides by the current number of hosts (ejectHost: host_monitors_.size()).
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { qualifyOutlierDetection, type OutlierDetectionConfig } from '../../src/outlier/config.js';
import { OutlierDetector, type OutlierEvent } from '../../src/outlier/detector.js';

function setup(hosts: number, cfg: Partial<OutlierDetectionConfig>) {
  const d = new OutlierDetector(hosts, qualifyOutlierDetection({ consecutive5xx: 1, ...cfg }), new RandomStreams(1).stream('od'));
  const events: OutlierEvent[] = [];
  d.onEvent = (e) => events.push(e);
  return { d, events, fail: (host: number, now = 0) => d.reportStatus(host, 500, now) };
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('updateHosts: the max-ejection-percent cap uses the current host count', () => {
  // Each case: hosts at first, the update, how many failing hosts can then be ejected at 10%.
  const cases = [
    // 100 * (0 + 1) / 10 = 10 <= 10: one; 100 * 2 / 10 = 20 > 10: not two
    { name: '10 hosts: one ejection', hosts: 10, added: [] as number[], removed: [] as number[], ejectable: 1 },
    // 20 hosts: 100 * 2 / 20 = 10 <= 10: two
    { name: '10 hosts + 10 added: two ejections', hosts: 10, added: range(10, 20), removed: [], ejectable: 2 },
    // 9 hosts: 100 * 1 / 9 = 11.1 > 10: none
    { name: '10 hosts - 1 removed: none', hosts: 10, added: [], removed: [9], ejectable: 0 },
    // 30 hosts after adding 25 and removing 5: 100 * 3 / 30 = 10: three
    { name: '10 hosts + 25 - 5: three', hosts: 10, added: range(10, 35), removed: range(0, 5), ejectable: 3 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = setup(c.hosts, { maxEjectionPercent: 10 });
      t.d.updateHosts(c.added, c.removed);
      const present = range(0, 40).filter((h) => t.d.isPresent(h));
      expect(t.d.hostCount).toBe(present.length);
      for (const h of present) t.fail(h);
      expect(t.d.activeEjections).toBe(c.ejectable);
      expect(t.events.filter((e) => e.overflow).length).toBe(present.length - c.ejectable);
    });
  }
});

describe('updateHosts: removed hosts', () => {
  it('a removed ejected host frees its place under the cap, without an un-eject event', () => {
    const t = setup(10, { maxEjectionPercent: 10 });
    expect(t.fail(3)).toBe(true);
    expect(t.fail(4)).toBe(false); // 100 * 2 / 10 > 10: overflow
    t.d.updateHosts([], [3]);
    expect(t.d.activeEjections).toBe(0);
    expect(t.d.hostCount).toBe(9);
    t.d.updateHosts([10], []); // back to 10 hosts
    expect(t.fail(4)).toBe(true);
    expect(t.events.filter((e) => e.action === 'uneject')).toEqual([]);
    // the removed host is not un-ejected by a later tick either
    t.d.onIntervalTick(400_000);
    expect(t.events.filter((e) => e.action === 'uneject').map((e) => e.host)).toEqual([4]);
  });

  it('reports for a removed host are ignored: no counting, no ejection, no event', () => {
    const t = setup(10, { maxEjectionPercent: 100, consecutive5xx: 2 });
    t.fail(7);
    t.d.updateHosts([], [7]);
    expect(t.fail(7)).toBe(false);
    expect(t.d.reportLocalOrigin(7, 'connect-failure', 0)).toBe(false);
    expect(t.d.isEjected(7)).toBe(false);
    expect(t.events).toEqual([]);
    expect(t.d.stats.detected['consecutive-5xx']).toBe(0);
  });

  it('a host that comes back starts afresh (a new monitor): counters, ejections and back-off reset', () => {
    const t = setup(4, { maxEjectionPercent: 100, consecutive5xx: 2, baseEjectionTime: 1000, interval: 1000 });
    t.fail(1);
    t.fail(1); // ejected, backoff 1
    t.fail(2); // one 5xx counted
    t.d.updateHosts([], [1, 2]);
    t.d.updateHosts([1, 2], []);
    expect(t.d.hostState(1)).toMatchObject({ ejected: false, numEjections: 0, ejectTimeBackoff: 0, consecutive5xx: 0 });
    expect(t.d.hostState(2).consecutive5xx).toBe(0);
    expect(t.d.activeEjections).toBe(0);
  });

  it('success-rate counts of a removed host no longer count in the interval', () => {
    // Failure percentage: 5 hosts with >= 50 requests; without host 4 only 4 remain ⇒ no evaluation.
    const cfg = { enforcingFailurePercentage: 100, failurePercentageMinimumHosts: 5, failurePercentageRequestVolume: 50, maxEjectionPercent: 100, consecutive5xx: 1000 };
    const run = (remove: boolean) => {
      const t = setup(6, cfg);
      for (let h = 0; h < 5; h++) for (let i = 0; i < 50; i++) t.d.reportStatus(h, h === 0 ? 500 : 200, 0);
      if (remove) t.d.updateHosts([], [4]);
      t.d.onIntervalTick(10_000);
      return t.d.isEjected(0);
    };
    expect(run(false)).toBe(true); // 100% failures >= 85%: ejected
    expect(run(true)).toBe(false);
  });
});

describe('updateHosts: hosts that stay keep their state', () => {
  it('counters, ejection, back-off and the ejection clock survive an update', () => {
    const t = setup(10, { maxEjectionPercent: 100, consecutive5xx: 3, baseEjectionTime: 30_000, interval: 10_000 });
    t.fail(0, 0);
    t.fail(0, 0);
    t.fail(0, 0); // ejected at t=0, backoff 1
    t.fail(5, 0); // one error counted
    const before0 = t.d.hostState(0);
    t.d.updateHosts(range(10, 15), [9]);
    expect(t.d.hostState(0)).toEqual(before0);
    expect(t.d.hostState(5).consecutive5xx).toBe(1);
    expect(t.d.activeEjections).toBe(1);
    expect(t.d.onIntervalTick(20_000)).toEqual([]);
    expect(t.d.onIntervalTick(30_000)).toEqual([0]); // min(30 s * 1, max) elapsed
    t.fail(5, 30_000);
    t.fail(5, 30_000);
    expect(t.d.isEjected(5)).toBe(true); // its first error was kept
  });

  it('a host slot beyond the first capacity works like any other', () => {
    const t = setup(2, { maxEjectionPercent: 100 });
    t.d.updateHosts([100], []);
    expect(t.d.hostCount).toBe(3);
    expect(t.fail(100)).toBe(true);
    expect(t.d.hostState(100).numEjections).toBe(1);
  });
});

describe('a quiet detector', () => {
  it('successes below the success-rate volume: the tick evaluates nothing and host state stays at its defaults', () => {
    const t = setup(100_000, {});
    for (let i = 0; i < 100; i++) t.d.reportStatus(i % 7, 200, 0);
    expect(t.d.onIntervalTick(10_000)).toEqual([]);
    expect(t.d.successRate.external).toEqual({ average: -1, threshold: -1 });
    expect(t.d.hostState(3)).toMatchObject({ ejected: false, consecutive5xx: 0, numEjections: 0 });
  });
});
