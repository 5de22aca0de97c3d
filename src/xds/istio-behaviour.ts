/**
 * Every behaviour that changed between the Istio releases meshsim models, decided once from the
 * pinned version (`istio: "1.x"` in a scenario). The translation (xds/) reads these flags and never
 * compares versions itself, so the whole version story of meshsim is this one table.
 *
 * Sources per flag below; the README's "Istio behaviour versions" table lists the same facts.
 */
import { istioApiFlags, type IstioApiFlags } from '../istio/api-flags.js';
import { istioAtLeast, type IstioVersion } from '../model/istio-version.js';

/**
 * Includes the API flags (istio/api-flags.ts: zoneAwareLbSetting, meshDefaultTrafficPolicy,
 * trafficDistribution), which the Istio API reader also uses at load time.
 */
export interface IstioBehaviour extends IstioApiFlags {
  version: IstioVersion;
  /**
   * cluster_traffic_policy.go applyOutlierDetection sets EnforcingSuccessRate = 0
   * (istio/istio#25534, 1.5+); before, Envoy's default 100 applied.
   */
  disablesSuccessRateEjection: boolean;
  /**
   * Deprecated `consecutiveErrors`: consecutive_5xx in ≤1.0; gateway errors in 1.1–1.6
   * (istio/api#617); ignored from 1.7 (istio/istio#24087).
   */
  consecutiveErrors: '5xx' | 'gateway' | 'ignored';
  /**
   * Panic threshold with outlierDetection: the field did not exist before 1.1; 1.1–1.2 program
   * `minHealthPercent` only when > 0 (istio/istio#9176); from 1.3 always (istio/istio#15609).
   */
  minHealthPercent: 'unsupported' | 'if-positive' | 'always';
  /**
   * PILOT_AUTO_SEND_UNHEALTHY_ENDPOINTS defaults to true in 1.31 (istio/istio#60690): unready
   * endpoints are sent as UNHEALTHY and the panic threshold is 0 for every service.
   */
  autoSendUnhealthyEndpoints: boolean;
  /** failoverPriority's network rule of istio/istio#60829 (1.31). */
  failoverPriorityNetworkPreferred: boolean;
  /**
   * Envoy ≤1.26 (shipped up to Istio 1.18) let an ejection pass while 100·active/n < max
   * (envoyproxy/envoy#27909 made the (active+1) rule strict).
   */
  firstEjectionIgnoresMaxPercent: boolean;
  /** retry.go DefaultPolicy: retriable status codes [503] until 1.23; none from 1.24 (istio/istio#52111). */
  defaultRetryOn503: boolean;
  /** ep_filters.go forceGateway (1.30): a proxy with no network reaches gateway networks through their gateways. */
  unsetNetworkUsesGateways: boolean;
  /**
   * Locality load balancing (priorities by locality, `localityLbSetting`) exists from 1.1 (Istio 1.1
   * docs, ops/traffic-management/locality-load-balancing: "experimental and off by default in 1.1",
   * behind PILOT_ENABLE_LOCALITY_LOAD_BALANCING, which meshsim assumes set; on by default from 1.3).
   * Istio 1.0 sent every endpoint at one priority with no locality weights.
   */
  localityLoadBalancing: boolean;
}

export function istioBehaviour(v: IstioVersion): IstioBehaviour {
  return {
    disablesSuccessRateEjection: istioAtLeast(v, 1, 5),
    consecutiveErrors: istioAtLeast(v, 1, 7) ? 'ignored' : istioAtLeast(v, 1, 1) ? 'gateway' : '5xx',
    minHealthPercent: istioAtLeast(v, 1, 3) ? 'always' : istioAtLeast(v, 1, 1) ? 'if-positive' : 'unsupported',
    autoSendUnhealthyEndpoints: istioAtLeast(v, 1, 31),
    failoverPriorityNetworkPreferred: istioAtLeast(v, 1, 31),
    firstEjectionIgnoresMaxPercent: !istioAtLeast(v, 1, 19),
    defaultRetryOn503: !istioAtLeast(v, 1, 24),
    unsetNetworkUsesGateways: istioAtLeast(v, 1, 30),
    localityLoadBalancing: istioAtLeast(v, 1, 1),
    ...istioApiFlags(v),
  };
}
