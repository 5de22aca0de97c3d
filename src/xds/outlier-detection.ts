/**
 * Istio's translation of a DestinationRule `outlierDetection` into Envoy's cluster
 * `outlier_detection`, and of the same rule (with `minHealthPercent`) into the cluster's healthy
 * panic threshold, as one pinned Istio version does it.
 *
 * Source: istio pilot/pkg/networking/core/cluster_traffic_policy.go (applyOutlierDetection,
 * applyLoadBalancer) and its history (see each rule); the version flags are xds/istio-behaviour.ts.
 */
import type { IstioOutlierDetection } from '../istio/traffic-policy-model.js';
import { qualifyOutlierDetection, type OutlierDetectionConfig } from '../outlier/config.js';
import type { IstioBehaviour } from './istio-behaviour.js';

/**
 * Istio's `applyOutlierDetection`: the Envoy config a sidecar gets for a DestinationRule with
 * `outlierDetection` present (absent ⇒ no detector at all; the caller handles that).
 *
 * Example: `{ consecutive5xxErrors: 3, maxEjectionPercent: 0 }` on 1.24 ⇒ consecutive5xx 3 @100%,
 * gateway 5 @0% (disabled), maxEjectionPercent 10 (0 is "unset"), success rate off.
 */
export function envoyOutlierDetection(od: IstioOutlierDetection, istio: IstioBehaviour): OutlierDetectionConfig {
  const out: Partial<OutlierDetectionConfig> = {};

  // cluster_traffic_policy.go applyOutlierDetection: EnforcingSuccessRate = 0 (istio/istio#25534)
  if (istio.disablesSuccessRateEjection) out.enforcingSuccessRate = 0;

  // Deprecated consecutiveErrors: ≤1.0 mapped to consecutive_5xx; 1.1–1.6 to gateway errors only
  // (istio/api#617: gateway @100, 5xx @0); ignored from 1.7 (istio/istio#24087, never reverted).
  const ce = od.consecutiveErrors ?? 0;
  if (ce > 0 && istio.consecutiveErrors === 'gateway') {
    out.enforcingConsecutiveGatewayFailure = 100;
    out.enforcingConsecutive5xx = 0;
    out.consecutiveGatewayFailure = ce;
  } else if (ce > 0 && istio.consecutiveErrors === '5xx') {
    out.consecutive5xx = ce;
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

/**
 * Whether Istio sends a service's not-ready endpoints to the proxies (as UNHEALTHY) instead of
 * leaving them out (endpoint_builder.go: `SupportsUnhealthyEndpoints`): a Service with
 * trafficDistribution, or — 1.31, PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS (istio/istio#60690) — every
 * service but one whose DestinationRule sets minHealthPercent > 0.
 */
export function sendsUnhealthyEndpoints(od: IstioOutlierDetection | undefined, istio: IstioBehaviour, opts: { sendUnhealthyEndpoints?: boolean } = {}): boolean {
  if (opts.sendUnhealthyEndpoints) return true;
  return istio.autoSendUnhealthyEndpoints && !(od !== undefined && (od.minHealthPercent ?? 0) > 0);
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
export function envoyPanicThreshold(
  od: IstioOutlierDetection | undefined,
  istio: IstioBehaviour,
  opts: { sendUnhealthyEndpoints?: boolean; autoSendUnhealthyEndpoints?: boolean } = {},
): number {
  const autoSend = opts.autoSendUnhealthyEndpoints ?? istio.autoSendUnhealthyEndpoints;
  const min = od?.minHealthPercent ?? 0;
  // 1.31 auto mode: a DR with minHealthPercent > 0 opts the service out of sending unhealthy endpoints
  if (autoSend && !(od && min > 0)) return 0;
  // applyLoadBalancer / applyOutlierDetection: forced 0 while unhealthy endpoints are sent
  if (opts.sendUnhealthyEndpoints) return 0;
  if (!od) return ENVOY_DEFAULT_PANIC_THRESHOLD;
  // applyOutlierDetection (istio/istio#15609, 1.3): always written when outlierDetection exists
  if (istio.minHealthPercent === 'always') return min;
  // 1.1–1.2 (istio/istio#9176): only when > 0
  if (istio.minHealthPercent === 'if-positive' && min > 0) return min;
  return ENVOY_DEFAULT_PANIC_THRESHOLD;
}
