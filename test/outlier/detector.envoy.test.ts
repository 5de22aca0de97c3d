/**
 * Envoy's outlier_detection_impl_test.cc (test/common/upstream/), case by case.
 *
 * The upstream fixture mocks the runtime: enforcing_consecutive_5xx / _local_origin_failure /
 * _success_rate roll true, enforcing_consecutive_gateway_failure (default 0) rolls false, and most
 * tests set max_ejection_percent to 100. Those mocks become plain config values here. Envoy's
 * "check" callback and logEject/logUneject expectations become `onEvent` records.
 */
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/engine/random.js';
import { qualifyOutlierDetection, type OutlierDetectionConfig } from '../../src/outlier/config.js';
import {
  OutlierDetector,
  type LocalOriginEvent,
  type OutlierDetectorOptions,
  type OutlierEvent,
} from '../../src/outlier/detector.js';

/** An Rng that returns fixed uint32 values (then 0) and counts draws; Envoy tests mock random() the same way. */
class FixedRng implements Rng {
  draws = 0;
  constructor(private readonly values: number[] = []) {}
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }
  nextUint32(): number {
    this.draws++;
    return this.values.shift() ?? 0;
  }
}

function setup(hosts: number, cfg: Partial<OutlierDetectionConfig>, rng: Rng = new FixedRng(), opts?: OutlierDetectorOptions) {
  const d = new OutlierDetector(hosts, qualifyOutlierDetection(cfg), rng, opts);
  const events: OutlierEvent[] = [];
  d.onEvent = (e) => events.push(e);
  let now = 0;
  const t = {
    d,
    events,
    at(ms: number) {
      now = ms;
      return t;
    },
    /** loadRq(host, n, code) */
    rq(host: number, n: number, code: number) {
      for (let i = 0; i < n; i++) d.reportStatus(host, code, now);
      return t;
    },
    lo(host: number, n: number, ev: LocalOriginEvent) {
      for (let i = 0; i < n; i++) d.reportLocalOrigin(host, ev, now);
      return t;
    },
    tick(ms: number) {
      now = ms;
      return d.onIntervalTick(ms);
    },
    ejections: () => events.filter((e) => e.action === 'eject' && e.enforced),
    notEnforced: (reason: string) => events.filter((e) => e.action === 'eject' && !e.enforced && !e.overflow && e.reason === reason),
  };
  return t;
}

const MAX100 = { maxEjectionPercent: 100 };

describe('Envoy outlier_detection_impl_test.cc: consecutive errors', () => {
  it('BasicFlow5xxViaHttpCodes: eject on the 5th consecutive 5xx, back only on a tick ≥ 30 s later', () => {
    const t = setup(2, MAX100);
    t.rq(0, 1, 500).rq(0, 1, 200).rq(0, 4, 500);
    expect(t.d.isEjected(0)).toBe(false);
    t.at(0).rq(0, 1, 500);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.activeEjections).toBe(1);
    // Interval that doesn't bring the host back in.
    expect(t.tick(9999)).toEqual([]);
    expect(t.d.hostState(0).lastUnejectionTime).toBeUndefined();
    // 30001 - 0 >= 30000 * 1
    expect(t.tick(30001)).toEqual([0]);
    expect(t.d.isEjected(0)).toBe(false);
    expect(t.d.hostState(0).lastUnejectionTime).toBe(30001);
    // Eject again after an un-ejection.
    t.rq(0, 4, 500).at(40000).rq(0, 1, 500);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.activeEjections).toBe(1);
    expect(t.d.stats.enforced['consecutive-5xx']).toBe(2);
    expect(t.d.stats.enforced['consecutive-gateway-failure']).toBe(0);
    expect(t.events.map((e) => [e.time, e.action, e.reason])).toEqual([
      [0, 'eject', 'consecutive-5xx'],
      [30001, 'uneject', 'consecutive-5xx'],
      [40000, 'eject', 'consecutive-5xx'],
    ]);
  });

  it('BasicFlow5xxViaNonHttpCodes: connect failures map to 503 (gateway detected, not enforced; 5xx enforced)', () => {
    const t = setup(2, MAX100);
    t.lo(0, 1, 'connect-failure').rq(0, 1, 200).lo(0, 4, 'connect-failure');
    t.at(0).lo(0, 1, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(true);
    // Gateway counter is checked first in putHttpResponseCode, so its (unenforced) event comes first.
    expect(t.events.map((e) => [e.reason, e.enforced])).toEqual([
      ['consecutive-gateway-failure', false],
      ['consecutive-5xx', true],
    ]);
    expect(t.tick(9999)).toEqual([]);
    expect(t.tick(30001)).toEqual([0]);
    t.lo(0, 4, 'connect-failure').at(40000).lo(0, 1, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.stats.enforced['consecutive-5xx']).toBe(2);
    expect(t.d.stats.enforced['consecutive-gateway-failure']).toBe(0);
  });

  it('BasicFlowGatewayFailure: 500 resets the gateway counter; 5xx detected but not enforced', () => {
    const t = setup(2, { ...MAX100, enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0 });
    // gateway: 1,0,1,2 ; 5xx: 1,2,3,4
    t.rq(0, 1, 503).rq(0, 1, 500).rq(0, 2, 503);
    // gateway 3,4 ; 5xx reaches 5 (detected, not enforced, reset) then 1
    t.rq(0, 2, 503);
    expect(t.notEnforced('consecutive-5xx')).toHaveLength(1);
    expect(t.d.isEjected(0)).toBe(false);
    t.at(0).rq(0, 1, 503); // gateway 5
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.tick(9999)).toEqual([]);
    expect(t.tick(30001)).toEqual([0]);
    t.rq(0, 4, 503).at(40000).rq(0, 1, 503);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.stats.ejectionsEnforcedTotal).toBe(2);
    expect(t.d.stats.detected['consecutive-gateway-failure']).toBe(2);
    expect(t.d.stats.enforced['consecutive-gateway-failure']).toBe(2);
    expect(t.d.stats.detected['consecutive-5xx']).toBe(1);
    expect(t.d.stats.enforced['consecutive-5xx']).toBe(0);
  });

  it('BasicFlowGatewayFailureAnd5xx: gateway fires first; after un-ejection a 503/500 mix trips 5xx only', () => {
    const t = setup(2, { ...MAX100, enforcingConsecutiveGatewayFailure: 100 });
    t.rq(0, 1, 503).rq(0, 1, 200).rq(0, 4, 503);
    t.at(0).rq(0, 1, 503);
    expect(t.ejections().map((e) => e.reason)).toEqual(['consecutive-gateway-failure']);
    expect(t.tick(9999)).toEqual([]);
    expect(t.tick(30001)).toEqual([0]);
    t.rq(0, 2, 503);
    expect(t.d.isEjected(0)).toBe(false);
    t.rq(0, 2, 500).at(40000).rq(0, 1, 500);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.stats.ejectionsEnforcedTotal).toBe(2);
    // The 5xx counter also hit 5 on the first ejection, but the host was already ejected: ignored.
    expect(t.d.stats.detected['consecutive-5xx']).toBe(1);
    expect(t.d.stats.enforced['consecutive-5xx']).toBe(1);
    expect(t.d.stats.detected['consecutive-gateway-failure']).toBe(1);
    expect(t.d.stats.enforced['consecutive-gateway-failure']).toBe(1);
  });

  it('BasicFlowNonHttpCodesExternalOrigin: a 2xx cancels connect failures; connect success does not', () => {
    const t = setup(2, MAX100);
    for (let i = 0; i < 100; i++) t.lo(0, 1, 'connect-failure').rq(0, 1, 200); // ExtOriginRequestSuccess → 200
    expect(t.d.isEjected(0)).toBe(false);
    t.lo(0, 1, 'connect-failure').lo(0, 1, 'success').lo(0, 3, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(false);
    t.at(0).lo(0, 1, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.activeEjections).toBe(1);
  });

  it('ConnectSuccessWithOptionalHTTP_OK: connect success reported with code 200 cancels connect failures', () => {
    const t = setup(1, {});
    for (let i = 0; i < 100; i++) t.rq(0, 1, 200).lo(0, 1, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(false);
  });

  it('ExternalOriginEventsNonSplit: request failure (→500) ejects; a success in between cancels it', () => {
    const t = setup(2, { maxEjectionPercent: 60 });
    for (let i = 0; i < 100; i++) t.lo(0, 1, 'reset').rq(0, 1, 200);
    expect(t.d.isEjected(0)).toBe(false);
    t.lo(0, 100, 'reset');
    expect(t.d.isEjected(0)).toBe(true);
    // 500 is not a gateway error: only consecutive-5xx.
    expect(t.events.map((e) => e.reason)).toEqual(['consecutive-5xx']);
  });

  it('ExternalOriginEventsWithSplit: in split mode request failure is reported as 503', () => {
    const t = setup(1, { ...MAX100, splitExternalLocalOriginErrors: true });
    for (let i = 0; i < 100; i++) t.lo(0, 1, 'reset').rq(0, 1, 200);
    expect(t.d.isEjected(0)).toBe(false);
    t.lo(0, 100, 'reset');
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.events.map((e) => [e.reason, e.enforced])).toEqual([
      ['consecutive-gateway-failure', false],
      ['consecutive-5xx', true],
    ]);
  });

  it('TimeoutWithHttpCode: 3 hosts at 35%; an unmapped timeout counts as 504', () => {
    const t = setup(3, { maxEjectionPercent: 35 });
    // LOCAL_ORIGIN_TIMEOUT with explicit code 500 is putHttpResponseCode(500).
    t.rq(0, 5, 500);
    expect(t.d.isEjected(0)).toBe(true); // 100 * 1 / 3 = 33.3 <= 35
    expect(t.tick(50001)).toEqual([0]);
    t.rq(0, 5, 200); // timeout reported with code 200
    expect(t.d.isEjected(0)).toBe(false);
    t.events.length = 0;
    t.lo(0, 5, 'timeout');
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.events.map((e) => [e.reason, e.enforced])).toEqual([
      ['consecutive-gateway-failure', false],
      ['consecutive-5xx', true],
    ]);
  });

  it('LargeNumberOfTimeouts: failures while ejected do not carry over past the un-ejection', () => {
    const t = setup(1, { ...MAX100, splitExternalLocalOriginErrors: true });
    t.lo(0, 5, 'timeout');
    expect(t.d.isEjected(0)).toBe(true);
    t.lo(0, 10, 'timeout'); // counter runs to 10 while ejected (never reset, never == 5 again)
    expect(t.d.hostState(0).consecutiveLocalOriginFailure).toBe(10);
    expect(t.tick(50001)).toEqual([0]);
    t.lo(0, 5, 'timeout');
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.ejections().map((e) => e.reason)).toEqual([
      'consecutive-local-origin-failure',
      'consecutive-local-origin-failure',
    ]);
  });

  it('BasicFlowLocalOriginFailure: split mode, second ejection lasts 2 × base; success resets the counter', () => {
    const t = setup(1, { ...MAX100, splitExternalLocalOriginErrors: true });
    t.at(0).lo(0, 5, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.activeEjections).toBe(1);
    t.lo(0, 5, 'connect-failure');
    expect(t.tick(9999)).toEqual([]);
    expect(t.d.hostState(0).lastUnejectionTime).toBeUndefined();
    expect(t.tick(30001)).toEqual([0]);
    expect(t.d.activeEjections).toBe(0);
    // Second ejection at 30001: back-off 2 ⇒ 60 s.
    t.lo(0, 5, 'connect-failure');
    expect(t.d.activeEjections).toBe(1);
    expect(t.tick(40000)).toEqual([]);
    expect(t.tick(90002)).toEqual([0]); // 90002 - 30001 = 60001 >= 60000
    t.lo(0, 4, 'connect-failure').lo(0, 1, 'success').lo(0, 2, 'connect-failure');
    expect(t.d.isEjected(0)).toBe(false);
    expect(t.d.stats.ejectionsEnforcedTotal).toBe(2);
    expect(t.d.stats.detected['consecutive-local-origin-failure']).toBe(2);
    expect(t.d.stats.enforced['consecutive-local-origin-failure']).toBe(2);
  });

  it('NotEnforcing: detected on both counters, enforced on neither', () => {
    const t = setup(3, { maxEjectionPercent: 35, enforcingConsecutive5xx: 0 });
    t.rq(0, 4, 503).rq(0, 1, 503);
    expect(t.d.isEjected(0)).toBe(false);
    expect(t.d.activeEjections).toBe(0);
    expect(t.d.stats.ejectionsEnforcedTotal).toBe(0);
    expect(t.d.stats.detected['consecutive-5xx']).toBe(1);
    expect(t.d.stats.detected['consecutive-gateway-failure']).toBe(1);
    expect(t.events.map((e) => [e.reason, e.enforced, e.overflow])).toEqual([
      ['consecutive-gateway-failure', false, false],
      ['consecutive-5xx', false, false],
    ]);
  });

  it('Consecutive_5xxAlreadyEjected: more errors on an ejected host do nothing', () => {
    const t = setup(1, MAX100);
    t.rq(0, 4, 500).at(0).rq(0, 1, 500);
    expect(t.d.isEjected(0)).toBe(true);
    t.rq(0, 1, 200).rq(0, 5, 500);
    expect(t.events).toHaveLength(1);
    expect(t.d.hostState(0).numEjections).toBe(1);
  });

  it('DestroyWithActive: the percentage counts hosts of all priorities (one P0 + one P1 host, 100%)', () => {
    const t = setup(2, MAX100);
    t.rq(0, 5, 500).rq(1, 5, 500);
    expect(t.d.activeEjections).toBe(2);
  });
});

describe('Envoy outlier_detection_impl_test.cc: max_ejection_percent', () => {
  it('Overflow: 2 hosts at 60% — the second ejection (100%) overflows', () => {
    const t = setup(2, { maxEjectionPercent: 60 });
    t.rq(0, 4, 500).at(0).rq(0, 1, 500);
    expect(t.d.isEjected(0)).toBe(true); // 100 * 1 / 2 = 50 <= 60
    t.rq(1, 5, 500);
    expect(t.d.isEjected(1)).toBe(false); // 100 * 2 / 2 = 100 > 60
    expect(t.d.activeEjections).toBe(1);
    expect(t.d.stats.ejectionsOverflow).toBe(1);
    expect(t.events.at(-1)).toMatchObject({ host: 1, action: 'eject', overflow: true, enforced: false });
  });

  it('EjectionActiveValueIsAccountedWithoutMetricStorage: 2 hosts at 50% — one ejection, then overflow', () => {
    const t = setup(2, { maxEjectionPercent: 50 });
    t.rq(0, 5, 500);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.stats.ejectionsOverflow).toBe(0);
    t.rq(1, 5, 500);
    expect(t.d.isEjected(1)).toBe(false);
    expect(t.d.stats.ejectionsOverflow).toBe(1);
  });

  it('MaxEjectionPercentage: 50% of 3 hosts ejects only 1', () => {
    const t = setup(3, { maxEjectionPercent: 50, maxEjectionTimeJitter: 13_000 });
    t.at(0).rq(0, 5, 500).rq(1, 5, 500).rq(2, 5, 500);
    expect([0, 1, 2].map((h) => t.d.isEjected(h))).toEqual([true, false, false]);
  });

  it('MaxEjectionPercentageSingleHost: a single host is not ejected below 100%', () => {
    const t = setup(1, { maxEjectionPercent: 90, maxEjectionTimeJitter: 13_000 });
    t.rq(0, 5, 500);
    expect(t.d.isEjected(0)).toBe(false);
  });

  it.each([
    // [hosts, expected ejections with the default 10%] — 100 * (active + 1) / n <= 10
    [1, 0],
    [9, 0], // 100 * 1 / 9 = 11.1 > 10: fewer than 10 hosts can eject nothing
    [10, 1], // 10 <= 10; the second would be 20
    [19, 1], // 2 / 19 = 10.5% > 10
    [20, 2],
    [35, 3],
  ])('10-host rule (default 10 percent, PR #27909): %i hosts all failing ⇒ %i ejected', (n, expected) => {
    const t = setup(n, {});
    for (let h = 0; h < n; h++) t.rq(h, 5, 500);
    expect(t.d.activeEjections).toBe(expected);
    expect(t.d.stats.ejectionsOverflow).toBe(n - expected);
  });

  it.each([
    // always_eject_one_host (PR #34796): first ejection always allowed, then strict.
    [1, 10, 1],
    [3, 10, 1],
    [3, 50, 1],
    [20, 10, 2],
  ])('always_eject_one_host: %i hosts at %i percent ⇒ %i ejected', (n, pct, expected) => {
    const t = setup(n, { maxEjectionPercent: pct, alwaysEjectOneHost: true });
    for (let h = 0; h < n; h++) t.rq(h, 5, 500);
    expect(t.d.activeEjections).toBe(expected);
  });

  it.each([
    // Envoy ≤ 1.26: 100 * active / n < max (share *before* this ejection). envoyproxy/envoy#26877:
    // "ejects two pods when 3 total are running and max_ejection_percentage is 50%".
    [3, 50, 2],
    [2, 10, 1],
    [1, 90, 1],
    [15, 10, 2], // 0 < 10, 6.7 < 10, 13.3 ≥ 10
    [10, 10, 1],
    [3, 67, 3], // envoyproxy/envoy#27066
    [5, 0, 0],
  ])('firstEjectionIgnoresMaxPercent (pre-2023 rule): %i hosts at %i percent ⇒ %i ejected', (n, pct, expected) => {
    const t = setup(n, { maxEjectionPercent: pct }, new FixedRng(), { firstEjectionIgnoresMaxPercent: true });
    for (let h = 0; h < n; h++) t.rq(h, 5, 500);
    expect(t.d.activeEjections).toBe(expected);
  });
});

describe('Envoy outlier_detection_impl_test.cc: ejection time and back-off', () => {
  it('EjectTimeBackoff: 10 s, 20 s, 30 s, then back-off decays by one per healthy interval', () => {
    const t = setup(1, { ...MAX100, baseEjectionTime: 10_000 });
    t.at(0).rq(0, 5, 500);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.tick(10_000)).toEqual([0]); // k=1: 10 s
    t.rq(0, 5, 500); // ejected at 10 s, k=2
    expect(t.tick(20_000)).toEqual([]);
    expect(t.tick(30_000)).toEqual([0]); // 20 s
    t.rq(0, 5, 500); // ejected at 30 s, k=3
    expect(t.tick(40_000)).toEqual([]);
    expect(t.tick(50_000)).toEqual([]);
    expect(t.tick(60_000)).toEqual([0]); // 30 s
    expect(t.d.hostState(0).ejectTimeBackoff).toBe(3);
    t.tick(70_000); // healthy one interval: k 3 → 2
    t.tick(80_000); // k 2 → 1
    expect(t.d.hostState(0).ejectTimeBackoff).toBe(1);
    t.rq(0, 5, 500); // ejected at 80 s, k=2 ⇒ 20 s
    expect(t.tick(90_000)).toEqual([]);
    expect(t.tick(100_000)).toEqual([0]);
    for (let i = 1; i <= 50; i++) t.tick(100_000 + i * 10_000);
    expect(t.d.hostState(0).ejectTimeBackoff).toBe(0);
    t.at(610_000).rq(0, 5, 500); // k=1 ⇒ 10 s
    expect(t.tick(620_000)).toEqual([0]);
    expect(t.ejections().map((e) => e.ejectionDurationMs)).toEqual([10_000, 20_000, 30_000, 20_000, 10_000]);
  });

  it('MaxEjectTime: base 10 s, max 300 s — 30 growing ejections, then capped at 300 s', () => {
    const t = setup(1, { ...MAX100, baseEjectionTime: 10_000, maxEjectionTime: 300_000 });
    let tick = 0;
    t.at(0);
    for (let i = 1; i <= 30; i++) {
      t.rq(0, 5, 500);
      expect(t.d.isEjected(0)).toBe(true);
      for (let j = 1; j < i; j++) expect(t.tick(++tick * 10_000)).toEqual([]);
      expect(t.tick(++tick * 10_000)).toEqual([0]);
    }
    for (let i = 1; i < 10; i++) {
      t.rq(0, 5, 500);
      for (let j = 1; j <= 29; j++) expect(t.tick(++tick * 10_000)).toEqual([]);
      expect(t.tick(++tick * 10_000)).toEqual([0]);
    }
    // back-off stops at 31 (31 * 10 s is not < 300 s + 10 s); min(310 s, 300 s) = 300 s
    expect(t.d.hostState(0).ejectTimeBackoff).toBe(31);
  });

  it('MaxEjectTimeNotAlligned: max 305 s ⇒ 31 ejections grow, then each lasts 305 s → 31 ticks', () => {
    const t = setup(1, { ...MAX100, interval: 10_000, baseEjectionTime: 10_000, maxEjectionTime: 305_000 });
    let tick = 0;
    t.at(0);
    for (let i = 1; i <= 31; i++) {
      t.rq(0, 5, 500);
      for (let j = 1; j < i; j++) expect(t.tick(++tick * 10_000)).toEqual([]);
      expect(t.tick(++tick * 10_000)).toEqual([0]);
    }
    for (let i = 1; i < 10; i++) {
      t.rq(0, 5, 500);
      for (let j = 1; j <= 30; j++) expect(t.tick(++tick * 10_000)).toEqual([]);
      expect(t.tick(++tick * 10_000)).toEqual([0]);
    }
  });

  it('EjectionTimeJitterIsInRange: random() = 123456789, jitter 10 s ⇒ 123456789 % 10001 = 4445 ms', () => {
    const rng = new FixedRng([123456789]);
    const t = setup(1, { ...MAX100, maxEjectionTimeJitter: 10_000 }, rng);
    t.at(0).rq(0, 5, 500);
    expect(t.d.isEjected(0)).toBe(true);
    expect(t.d.hostState(0).jitterMs).toBe(4445);
    expect(t.ejections()[0].ejectionDurationMs).toBe(30_000 + 4445);
    // Jitter delays the un-ejection: 30 s alone would not be enough.
    expect(t.tick(30_000)).toEqual([]);
    expect(t.tick(34_445)).toEqual([0]);
  });

  it('EjectionTimeJitterIsZeroWhenNotConfigured: jitter 0 (meshsim does not even draw)', () => {
    const rng = new FixedRng([1234567890]);
    const t = setup(1, MAX100, rng);
    t.rq(0, 5, 500);
    expect(t.d.hostState(0).jitterMs).toBe(0);
    expect(rng.draws).toBe(0);
  });

  it('un-ejection happens only on interval ticks, never on a report', () => {
    const t = setup(1, MAX100);
    t.at(0).rq(0, 5, 500);
    t.at(100_000).rq(0, 3, 200).lo(0, 2, 'success');
    expect(t.d.isEjected(0)).toBe(true); // 100 s > 30 s, but no tick yet
    expect(t.tick(100_000)).toEqual([0]);
  });
});

describe('enforcement roll (runtime SnapshotImpl::featureEnabled)', () => {
  it('rolls random() % 100 < enforcing, and draws nothing at 0 or 100', () => {
    const rng = new FixedRng([129, 130]); // 29 < 30 enforced; 30 < 30 not
    const t = setup(2, { ...MAX100, enforcingConsecutive5xx: 30 }, rng);
    t.rq(0, 5, 500);
    expect(t.d.isEjected(0)).toBe(true);
    t.rq(1, 5, 500);
    expect(t.d.isEjected(1)).toBe(false);
    expect(rng.draws).toBe(2);
    const rng100 = new FixedRng();
    const u = setup(2, MAX100, rng100);
    u.rq(0, 5, 503); // gateway @0 and 5xx @100: no draws
    expect(u.d.isEjected(0)).toBe(true);
    expect(rng100.draws).toBe(0);
  });
});
