/**
 * Outlier detection configuration: Envoy's `OutlierDetection` cluster field, fully defaulted, and
 * Istio's translation of a DestinationRule `outlierDetection` into it.
 *
 * Times are milliseconds; percentages are integers 0..100. `qualifyOutlierDetection` fills every
 * default once and checks the cross-field rules, so the detector never sees an optional field.
 *
 * Sources: envoy source/common/upstream/outlier_detection_impl.{h,cc} (DetectorConfig,
 * DetectorImpl::create); istio pilot/pkg/networking/core/cluster_traffic_policy.go
 * (applyOutlierDetection) and its history (see each rule).
 */
import { istioAtLeast, type IstioVersion } from '../model/istio-version.js';

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

export type { IstioVersion } from '../model/istio-version.js';

/**
 * Istio `networking.v1alpha3.OutlierDetection`, field names verbatim; durations already in ms.
 * `undefined` means unset (for the UInt32Value wrappers, unset differs from 0).
 */
export interface IstioOutlierDetection {
  consecutive5xxErrors?: number;
  consecutiveGatewayErrors?: number;
  /** Deprecated int32; see fromIstioOutlierDetection for its version history. */
  consecutiveErrors?: number;
  consecutiveLocalOriginFailures?: number;
  splitExternalLocalOriginErrors?: boolean;
  interval?: number;
  baseEjectionTime?: number;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}

/**
 * Istio's `applyOutlierDetection`: the Envoy config a sidecar gets for a DestinationRule with
 * `outlierDetection` present (absent ⇒ no detector at all; the caller handles that).
 *
 * Example: `{ consecutive5xxErrors: 3, maxEjectionPercent: 0 }` on 1.24 ⇒ consecutive5xx 3 @100%,
 * gateway 5 @0% (disabled), maxEjectionPercent 10 (0 is "unset"), success rate off.
 */
export function fromIstioOutlierDetection(
  od: IstioOutlierDetection,
  opts: { istioVersion: IstioVersion },
): OutlierDetectionConfig {
  const v = opts.istioVersion;
  const out: Partial<OutlierDetectionConfig> = {};

  // cluster_traffic_policy.go applyOutlierDetection: EnforcingSuccessRate = 0 (istio/istio#25534,
  // July 2020, backported to 1.5/1.6 patches); before it Envoy's default 100 applied.
  if (istioAtLeast(v, 1, 5)) out.enforcingSuccessRate = 0;

  // Deprecated consecutiveErrors: ≤1.0 mapped to consecutive_5xx; 1.1–1.6 to gateway errors only
  // (istio/api#617: gateway @100, 5xx @0); ignored from 1.7 (istio/istio#24087, never reverted).
  const ce = od.consecutiveErrors ?? 0;
  if (ce > 0 && !istioAtLeast(v, 1, 7)) {
    if (istioAtLeast(v, 1, 1)) {
      out.enforcingConsecutiveGatewayFailure = 100;
      out.enforcingConsecutive5xx = 0;
      out.consecutiveGatewayFailure = ce;
    } else {
      out.consecutive5xx = ce;
    }
  }

  // applyOutlierDetection: consecutive5xxErrors set ⇒ threshold v, enforcing v>0 ? 100 : 0 (1.5+, istio/api#1189)
  if (od.consecutive5xxErrors !== undefined) {
    out.consecutive5xx = od.consecutive5xxErrors;
    out.enforcingConsecutive5xx = od.consecutive5xxErrors > 0 ? 100 : 0;
  }
  // applyOutlierDetection: consecutiveGatewayErrors likewise; unset ⇒ Envoy default 5 @ 0% (disabled)
  if (od.consecutiveGatewayErrors !== undefined) {
    out.consecutiveGatewayFailure = od.consecutiveGatewayErrors;
    out.enforcingConsecutiveGatewayFailure = od.consecutiveGatewayErrors > 0 ? 100 : 0;
  }
  // applyOutlierDetection: interval / baseEjectionTime copied when set
  if (od.interval !== undefined) out.interval = od.interval;
  if (od.baseEjectionTime !== undefined) out.baseEjectionTime = od.baseEjectionTime;
  // applyOutlierDetection: maxEjectionPercent copied only if > 0, else Envoy's 10
  if ((od.maxEjectionPercent ?? 0) > 0) out.maxEjectionPercent = od.maxEjectionPercent;
  // applyOutlierDetection: split mode; threshold (enforcing 100) only if > 0; local-origin success rate off
  if (od.splitExternalLocalOriginErrors) {
    out.splitExternalLocalOriginErrors = true;
    if ((od.consecutiveLocalOriginFailures ?? 0) > 0) {
      out.consecutiveLocalOriginFailure = od.consecutiveLocalOriginFailures;
      out.enforcingConsecutiveLocalOriginFailure = 100;
    }
    out.enforcingLocalOriginSuccessRate = 0;
  }
  return qualifyOutlierDetection(out);
}

/** Envoy's default `common_lb_config.healthy_panic_threshold`, percent. */
export const ENVOY_DEFAULT_PANIC_THRESHOLD = 50;

/**
 * The healthy panic threshold (percent) Istio programs for a service's cluster.
 *
 * - With `outlierDetection`: ≥1.3 always `minHealthPercent` (default 0 ⇒ panic off,
 *   istio/istio#15609); 1.1–1.2 only if > 0 (else Envoy's 50); < 1.1 the field did not exist.
 * - Without it: Envoy's 50, except when unhealthy endpoints are sent, which forces 0.
 * - `sendUnhealthyEndpoints` (PILOT_SEND_UNHEALTHY_ENDPOINTS or a Service with
 *   trafficDistribution) forces 0 everywhere (applyLoadBalancer / applyOutlierDetection).
 * - 1.31: PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS defaults to true (istio/istio#60690) ⇒ 0 for every
 *   service, except that a DR with minHealthPercent > 0 opts out and keeps its threshold.
 *   Pass `autoSendUnhealthyEndpoints: false` to model 1.31 with that flag turned off.
 */
export function panicThresholdFromIstio(
  od: IstioOutlierDetection | undefined,
  istioVersion: IstioVersion,
  opts: { sendUnhealthyEndpoints?: boolean; autoSendUnhealthyEndpoints?: boolean } = {},
): number {
  const autoSend = opts.autoSendUnhealthyEndpoints ?? istioAtLeast(istioVersion, 1, 31);
  const min = od?.minHealthPercent ?? 0;
  // 1.31 auto mode: a DR with minHealthPercent > 0 opts the service out of sending unhealthy endpoints
  if (autoSend && !(od && min > 0)) return 0;
  // applyLoadBalancer / applyOutlierDetection: forced 0 while unhealthy endpoints are sent
  if (opts.sendUnhealthyEndpoints) return 0;
  if (!od) return ENVOY_DEFAULT_PANIC_THRESHOLD;
  // applyOutlierDetection (istio/istio#15609, 1.3): always written when outlierDetection exists
  if (istioAtLeast(istioVersion, 1, 3)) return min;
  // 1.1–1.2 (istio/istio#9176): only when > 0
  if (istioAtLeast(istioVersion, 1, 1) && min > 0) return min;
  return ENVOY_DEFAULT_PANIC_THRESHOLD;
}
