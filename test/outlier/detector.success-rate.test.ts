/**
 * Interval-based ejection (success rate, failure percentage), from Envoy's
 * outlier_detection_impl_test.cc. Istio turns these off (enforcing 0), but Envoy's defaults and
 * Istio < 1.5 keep success-rate ejection on.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { qualifyOutlierDetection, type OutlierDetectionConfig } from '../../src/outlier/config.js';
import { OutlierDetector, successRateEjectionThreshold, type OutlierEvent } from '../../src/outlier/detector.js';

function setup(hosts: number, cfg: Partial<OutlierDetectionConfig>) {
  const d = new OutlierDetector(hosts, qualifyOutlierDetection({ maxEjectionPercent: 100, ...cfg }), new RandomStreams(1).stream('od'));
  const events: OutlierEvent[] = [];
  d.onEvent = (e) => events.push(e);
  const all = Array.from({ length: hosts }, (_, h) => h);
  const count = (host: number, reason: string, enforced: boolean) =>
    events.filter((e) => e.action === 'eject' && e.host === host && e.reason === reason && e.enforced === enforced).length;
  return { d, events, all, count };
}

describe('Envoy outlier_detection_impl_test.cc: success rate', () => {
  it('OutlierUtility.SRThreshold: {50,100,100,100,100}, factor 1.9 ⇒ mean 90, threshold 52', () => {
    expect(successRateEjectionThreshold([50, 100, 100, 100, 100], 5, 1.9)).toEqual({ average: 90, threshold: 52 });
  });

  it('BasicFlowSuccessRateExternalOrigin: host at 50% among 4 at 100% is ejected on the tick', () => {
    const { d, all, count } = setup(5, { enforcingConsecutive5xx: 0 });
    for (const h of all) for (let i = 0; i < 200; i++) d.reportStatus(h, 200, 0);
    for (let i = 0; i < 200; i++) d.reportStatus(4, 503, 0);
    // consecutive counters saturate every 5 errors: 40 unenforced detections each
    expect(count(4, 'consecutive-5xx', false)).toBe(40);
    expect(count(4, 'consecutive-gateway-failure', false)).toBe(40);
    expect(d.onIntervalTick(10_000)).toEqual([]);
    expect(d.isEjected(4)).toBe(true);
    expect(count(4, 'success-rate', true)).toBe(1);
    expect(d.successRate.external).toEqual({ average: 90, threshold: 52 });
    expect(d.successRate.localOrigin).toEqual({ average: -1, threshold: -1 });
    expect(d.activeEjections).toBe(1);
    expect(d.onIntervalTick(19_999)).toEqual([]);
    expect(d.onIntervalTick(50_001)).toEqual([4]);
    // Enough volume on 4 hosts only (25 each), 50 on the 5th: no success-rate evaluation.
    for (const h of all) for (let i = 0; i < 25; i++) d.reportStatus(h, 200, 50_001);
    for (let i = 0; i < 25; i++) d.reportStatus(4, 503, 50_001);
    expect(count(4, 'consecutive-5xx', false)).toBe(45);
    d.onIntervalTick(60_001);
    expect(d.activeEjections).toBe(0);
    expect(d.successRate.external).toEqual({ average: -1, threshold: -1 });
  });

  it('BasicFlowSuccessRateLocalOrigin: split mode uses the local-origin monitor', () => {
    const { d, all, count } = setup(5, { splitExternalLocalOriginErrors: true, enforcingConsecutiveLocalOriginFailure: 0 });
    for (const h of all) for (let i = 0; i < 200; i++) d.reportLocalOrigin(h, 'success', 0);
    for (let i = 0; i < 200; i++) d.reportLocalOrigin(4, 'connect-failure', 0);
    expect(count(4, 'consecutive-local-origin-failure', false)).toBe(40);
    d.onIntervalTick(10_000);
    expect(d.isEjected(4)).toBe(true);
    expect(count(4, 'success-rate-local-origin', true)).toBe(1);
    expect(d.successRate.localOrigin).toEqual({ average: 90, threshold: 52 });
    expect(d.successRate.external).toEqual({ average: -1, threshold: -1 });
    d.onIntervalTick(19_999);
    expect(d.isEjected(4)).toBe(true);
    expect(d.onIntervalTick(50_001)).toEqual([4]);
    for (const h of all) for (let i = 0; i < 25; i++) d.reportLocalOrigin(h, 'success', 50_001);
    for (let i = 0; i < 25; i++) d.reportLocalOrigin(4, 'connect-failure', 50_001);
    d.onIntervalTick(60_001);
    expect(d.activeEjections).toBe(0);
  });

  it('BasicFlowFailurePercentageExternalOrigin: 85.7% failing is ejected, 83.3% is not', () => {
    const { d, all, count } = setup(5, {
      enforcingConsecutive5xx: 0,
      enforcingSuccessRate: 0,
      enforcingFailurePercentage: 100,
    });
    for (const h of all) for (let i = 0; i < 50; i++) d.reportStatus(h, 200, 0);
    for (let i = 0; i < 250; i++) d.reportStatus(3, 503, 0); // 50 / 300 succeed: 83.3% failing
    for (let i = 0; i < 300; i++) d.reportStatus(4, 503, 0); // 50 / 350 succeed: 85.7% failing
    expect(count(3, 'consecutive-5xx', false)).toBe(50);
    expect(count(4, 'consecutive-5xx', false)).toBe(60);
    d.onIntervalTick(10_000);
    expect(d.isEjected(3)).toBe(false);
    expect(d.isEjected(4)).toBe(true);
    expect(count(4, 'failure-percentage', true)).toBe(1);
    expect(d.activeEjections).toBe(1);
    d.onIntervalTick(19_999);
    expect(d.onIntervalTick(50_001)).toEqual([4]);
    for (const h of all) for (let i = 0; i < 25; i++) d.reportStatus(h, 200, 50_001);
    for (let i = 0; i < 25; i++) d.reportStatus(4, 503, 50_001);
    d.onIntervalTick(60_001);
    expect(d.activeEjections).toBe(0); // only 1 host has 50 requests: below failure_percentage_minimum_hosts
  });

  it('BasicFlowFailurePercentageLocalOrigin: SR detects (not enforced), failure percentage 50 >= 40 ejects', () => {
    const { d, all, count } = setup(5, {
      splitExternalLocalOriginErrors: true,
      enforcingConsecutiveLocalOriginFailure: 0,
      enforcingLocalOriginSuccessRate: 0,
      enforcingFailurePercentageLocalOrigin: 100,
      failurePercentageThreshold: 40,
    });
    for (const h of all) for (let i = 0; i < 200; i++) d.reportLocalOrigin(h, 'success', 0);
    for (let i = 0; i < 200; i++) d.reportLocalOrigin(4, 'connect-failure', 0);
    d.onIntervalTick(10_000);
    expect(count(4, 'success-rate-local-origin', false)).toBe(1);
    expect(count(4, 'failure-percentage-local-origin', true)).toBe(1);
    expect(d.successRate.localOrigin).toEqual({ average: 90, threshold: 52 });
    expect(d.isEjected(4)).toBe(true);
    expect(d.onIntervalTick(50_001)).toEqual([4]);
  });

  it('EmptySuccessRate: zero hosts and success_rate_minimum_hosts 0 do not crash', () => {
    const d = new OutlierDetector(0, qualifyOutlierDetection({ successRateMinimumHosts: 0 }), new RandomStreams(1).stream('od'));
    expect(d.onIntervalTick(10_000)).toEqual([]);
  });

  it('Istio config (enforcing 0) never ejects by success rate', () => {
    const { d, all } = setup(5, { enforcingSuccessRate: 0, enforcingConsecutive5xx: 0 });
    for (const h of all) for (let i = 0; i < 200; i++) d.reportStatus(h, 200, 0);
    for (let i = 0; i < 200; i++) d.reportStatus(4, 503, 0);
    d.onIntervalTick(10_000);
    expect(d.activeEjections).toBe(0);
    expect(d.stats.detected['success-rate']).toBe(1);
  });
});
