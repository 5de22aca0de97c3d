/**
 * Outlier detection configuration: Envoy's `OutlierDetection` cluster field, fully defaulted.
 * (Istio's translation of a DestinationRule `outlierDetection` into it is xds/outlier-detection.ts.)
 *
 * Times are milliseconds; percentages are integers 0..100. `qualifyOutlierDetection` fills every
 * default once and checks the cross-field rules, so the detector never sees an optional field.
 *
 * Sources: envoy source/common/upstream/outlier_detection_impl.{h,cc} (DetectorConfig,
 * DetectorImpl::create).
 */

/** Envoy `envoy.config.cluster.v3.OutlierDetection`, every field present. */
export interface OutlierDetectionConfig {
  /** Sweep period (un-ejection, success-rate evaluation), ms. Default 10000. */
  interval: number;
  /** Ejection time unit, ms; a host is out for `min(base * k, maxEjectionTime) + jitter`. Default 30000. */
  baseEjectionTime: number;
  /** Cap on `base * k`, ms. Default max(300000, baseEjectionTime). */
  maxEjectionTime: number;
  /** Upper bound of the random jitter added per ejection, ms. Default 0. */
  maxEjectionTimeJitter: number;
  /** Consecutive 5xx before a CONSECUTIVE_5XX ejection. Default 5. */
  consecutive5xx: number;
  /** Consecutive 502/503/504 before a CONSECUTIVE_GATEWAY_FAILURE ejection. Default 5. */
  consecutiveGatewayFailure: number;
  /** Consecutive locally originated failures (split mode only). Default 5. */
  consecutiveLocalOriginFailure: number;
  /** Percent chance a detected consecutive-5xx ejection is enforced. Default 100. */
  enforcingConsecutive5xx: number;
  /** Percent; default **0** (detected, never enforced). */
  enforcingConsecutiveGatewayFailure: number;
  /** Percent; default 100. */
  enforcingConsecutiveLocalOriginFailure: number;
  /** Max percent of the cluster's hosts (all priorities) ejected at once. Default 10. */
  maxEjectionPercent: number;
  /** Allow one ejection whatever maxEjectionPercent says (Envoy ≥ 1.31, PR #34796). Default false. */
  alwaysEjectOneHost: boolean;
  /** Count local-origin failures (connect failure, timeout) apart from HTTP codes. Default false. */
  splitExternalLocalOriginErrors: boolean;
  /** Success-rate ejection: minimum hosts with enough volume. Default 5. */
  successRateMinimumHosts: number;
  /** Success-rate ejection: minimum requests per host in one interval. Default 100. */
  successRateRequestVolume: number;
  /** Threshold = mean - (factor / 1000) * stdev. Default 1900. */
  successRateStdevFactor: number;
  /** Percent; default 100. */
  enforcingSuccessRate: number;
  /** Percent; default 100 (split mode only). */
  enforcingLocalOriginSuccessRate: number;
  /** Eject when failure percent >= this. Default 85. */
  failurePercentageThreshold: number;
  /** Default 5. */
  failurePercentageMinimumHosts: number;
  /** Default 50. */
  failurePercentageRequestVolume: number;
  /** Percent; default 0. */
  enforcingFailurePercentage: number;
  /** Percent; default 0 (split mode only). */
  enforcingFailurePercentageLocalOrigin: number;
}

/** Envoy's defaults (outlier_detection_impl.h, DetectorConfig::DEFAULT_*). */
export const DEFAULT_OUTLIER_DETECTION: Readonly<OutlierDetectionConfig> = Object.freeze({
  interval: 10_000,
  baseEjectionTime: 30_000,
  maxEjectionTime: 300_000, // DEFAULT_MAX_EJECTION_TIME_MS = 10 * DEFAULT_BASE_EJECTION_TIME_MS
  maxEjectionTimeJitter: 0,
  consecutive5xx: 5,
  consecutiveGatewayFailure: 5,
  consecutiveLocalOriginFailure: 5,
  enforcingConsecutive5xx: 100,
  enforcingConsecutiveGatewayFailure: 0,
  enforcingConsecutiveLocalOriginFailure: 100,
  maxEjectionPercent: 10,
  alwaysEjectOneHost: false,
  splitExternalLocalOriginErrors: false,
  successRateMinimumHosts: 5,
  successRateRequestVolume: 100,
  successRateStdevFactor: 1900,
  enforcingSuccessRate: 100,
  enforcingLocalOriginSuccessRate: 100,
  failurePercentageThreshold: 85,
  failurePercentageMinimumHosts: 5,
  failurePercentageRequestVolume: 50,
  enforcingFailurePercentage: 0,
  enforcingFailurePercentageLocalOrigin: 0,
});

const PERCENT_FIELDS = [
  'enforcingConsecutive5xx',
  'enforcingConsecutiveGatewayFailure',
  'enforcingConsecutiveLocalOriginFailure',
  'maxEjectionPercent',
  'enforcingSuccessRate',
  'enforcingLocalOriginSuccessRate',
  'failurePercentageThreshold',
  'enforcingFailurePercentage',
  'enforcingFailurePercentageLocalOrigin',
] as const satisfies readonly (keyof OutlierDetectionConfig)[];

/**
 * Fill Envoy's defaults and check the rules Envoy checks when it builds the detector.
 * `maxEjectionTime` unset defaults to max(300 s, baseEjectionTime) (DetectorConfig ctor);
 * `maxEjectionTime < baseEjectionTime` is rejected (DetectorImpl::create).
 */
export function qualifyOutlierDetection(partial: Partial<OutlierDetectionConfig> = {}): OutlierDetectionConfig {
  const base = partial.baseEjectionTime ?? DEFAULT_OUTLIER_DETECTION.baseEjectionTime;
  const cfg: OutlierDetectionConfig = {
    ...DEFAULT_OUTLIER_DETECTION,
    ...stripUndefined(partial),
    // outlier_detection_impl.cc DetectorConfig: max_ejection_time defaults to max(DEFAULT, base)
    maxEjectionTime: partial.maxEjectionTime ?? Math.max(DEFAULT_OUTLIER_DETECTION.maxEjectionTime, base),
  };
  for (const [k, v] of Object.entries(cfg)) {
    if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) {
      throw new Error(`outlier detection: ${k} must be a finite number >= 0, got ${v}`);
    }
  }
  for (const k of PERCENT_FIELDS) {
    if (cfg[k] > 100) throw new Error(`outlier detection: ${k} is a percentage (0..100), got ${cfg[k]}`);
  }
  if (cfg.interval <= 0) throw new Error('outlier detection: interval must be > 0 ms (Envoy: duration gt 0)');
  if (cfg.baseEjectionTime <= 0) throw new Error('outlier detection: baseEjectionTime must be > 0 ms');
  // outlier_detection_impl.cc DetectorImpl::create: rejects max_ejection_time < base_ejection_time
  if (cfg.maxEjectionTime < cfg.baseEjectionTime) {
    throw new Error(
      `outlier detection: maxEjectionTime (${cfg.maxEjectionTime} ms) cannot be smaller than ` +
        `baseEjectionTime (${cfg.baseEjectionTime} ms); raise maxEjectionTime or leave it unset`,
    );
  }
  return cfg;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
