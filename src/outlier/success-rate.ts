/**
 * Success-rate and failure-percentage ejection over one interval's counts, as pure functions:
 * which hosts qualify, the threshold, and which hosts each method would eject, in order. The
 * detector then ejects them one by one (each subject to the cap and the enforcement roll).
 *
 * Source: envoy source/common/upstream/outlier_detection_impl.cc
 * (DetectorImpl::successRateEjectionThreshold, processSuccessRateEjections).
 */
import type { OutlierDetectionConfig } from './config.js';

/**
 * Success-rate statistics of `count` rates (percent): mean and `mean - factor * stdev` with the
 * population stdev (DetectorImpl::successRateEjectionThreshold).
 * Example: {50, 100, 100, 100, 100}, factor 1.9 ⇒ mean 90, stdev 20, threshold 52.
 */
export function successRateEjectionThreshold(
  rates: ArrayLike<number>,
  count: number,
  stdevFactor: number,
): { average: number; threshold: number } {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += rates[i];
  const mean = sum / count;
  let variance = 0;
  for (let i = 0; i < count; i++) variance += (rates[i] - mean) * (rates[i] - mean);
  variance /= count;
  return { average: mean, threshold: mean - stdevFactor * Math.sqrt(variance) };
}

/** What one monitor's interval asks for: the success-rate statistics (if computed) and the hosts to eject. */
export interface IntervalVerdict {
  /** Mean and threshold when success rate was evaluated, else undefined. */
  stat: { average: number; threshold: number } | undefined;
  /** Hosts below the success-rate threshold, in host order. */
  successRate: number[];
  /** Hosts at or above the failure-percentage threshold, in host order. */
  failurePercentage: number[];
}

/**
 * processSuccessRateEjections for one monitor: `hosts` are the hosts reported in the interval,
 * ascending; `volume[h]` and `successes[h]` their counts; `ejected(h)` whether a host is ejected
 * when the evaluation starts (ejected hosts are not valid for either method). The failure-percentage
 * list is computed from the counts alone: the caller skips hosts the success-rate pass ejected.
 * Example: rates {50, 100, 100, 100, 100} (volume 100 each), factor 1900 ⇒ threshold 52, host of 50 listed.
 */
export function evaluateInterval(
  hosts: ArrayLike<number>,
  volume: ArrayLike<number>,
  successes: ArrayLike<number>,
  ejected: (host: number) => boolean,
  cfg: OutlierDetectionConfig,
  scratch: { hosts: Int32Array; rates: Float64Array },
): IntervalVerdict {
  const verdict: IntervalVerdict = { stat: undefined, successRate: [], failurePercentage: [] };
  if (scratch.hosts.length < hosts.length) {
    scratch.hosts = new Int32Array(hosts.length);
    scratch.rates = new Float64Array(hosts.length);
  }
  const srHosts = scratch.hosts;
  const srRates = scratch.rates;
  let srValid = 0;
  let fpValid = 0;
  // processSuccessRateEjections: non-ejected hosts with enough volume for each method
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i];
    const total = volume[h];
    if (total === 0 || ejected(h)) continue;
    if (total >= cfg.successRateRequestVolume) {
      srHosts[srValid] = h;
      srRates[srValid++] = (successes[h] * 100) / total; // SuccessRateAccumulator::getSuccessRateAndVolume
    }
    if (total >= cfg.failurePercentageRequestVolume) fpValid++;
  }
  if (srValid > 0 && srValid >= cfg.successRateMinimumHosts) {
    const t = successRateEjectionThreshold(srRates, srValid, cfg.successRateStdevFactor / 1000);
    verdict.stat = t;
    // processSuccessRateEjections: eject hosts strictly below mean - factor * stdev
    for (let j = 0; j < srValid; j++) if (srRates[j] < t.threshold) verdict.successRate.push(srHosts[j]);
  }
  if (fpValid > 0 && fpValid >= cfg.failurePercentageMinimumHosts) {
    // processSuccessRateEjections: eject when 100 - success rate >= failure_percentage_threshold
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[i];
      const total = volume[h];
      if (total === 0 || total < cfg.failurePercentageRequestVolume) continue;
      if (100 - (successes[h] * 100) / total >= cfg.failurePercentageThreshold) verdict.failurePercentage.push(h);
    }
  }
  return verdict;
}
