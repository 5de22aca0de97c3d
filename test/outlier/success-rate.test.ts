/**
 * evaluateInterval: one monitor's success-rate and failure-percentage verdict over an interval's
 * counts (outlier_detection_impl.cc processSuccessRateEjections), case by case.
 */
import { describe, expect, it } from 'vitest';
import { qualifyOutlierDetection } from '../../src/outlier/config.js';
import { evaluateInterval } from '../../src/outlier/success-rate.js';

const scratch = () => ({ hosts: new Int32Array(0), rates: new Float64Array(0) });

/** Hosts 0..n-1 with the given volumes and successes. */
function verdict(volumes: number[], successes: number[], cfg = {}, ejected: number[] = []) {
  const hosts = volumes.map((_, h) => h).filter((h) => volumes[h] > 0);
  return evaluateInterval(hosts, volumes, successes, (h) => ejected.includes(h), qualifyOutlierDetection({ enforcingFailurePercentage: 100, ...cfg }), scratch());
}

describe('evaluateInterval', () => {
  it('success rates {50, 100, 100, 100, 100}: mean 90, stdev 20, threshold 90 - 1.9 * 20 = 52; host 0 below it', () => {
    const v = verdict([100, 100, 100, 100, 100], [50, 100, 100, 100, 100]);
    expect(v.stat?.average).toBe(90);
    expect(v.stat?.threshold).toBeCloseTo(52, 10);
    expect(v.successRate).toEqual([0]);
    expect(v.failurePercentage).toEqual([]); // 50% failures < 85%
  });

  it('fewer than success_rate_minimum_hosts (5) with request volume 100: no statistics, no verdict', () => {
    const v = verdict([100, 100, 100, 100, 99], [0, 100, 100, 100, 99]);
    expect(v.stat).toBeUndefined();
    expect(v.successRate).toEqual([]);
  });

  it('failure percentage: 5 hosts with >= 50 requests; 100 - 10 = 90 >= 85 ejects host 2 only', () => {
    const v = verdict([50, 50, 50, 50, 50], [50, 50, 5, 50, 50]);
    expect(v.failurePercentage).toEqual([2]);
  });

  it('an ejected host is not a valid host: with it, only 4 remain and neither method acts', () => {
    const v = verdict([100, 100, 100, 100, 100], [50, 100, 100, 100, 100], {}, [4]);
    expect(v.stat).toBeUndefined();
    expect(v.failurePercentage).toEqual([]);
  });
});
