/**
 * What the pinned Istio version's API has: the fields and values that exist in that release, so
 * reading resources reports a field newer than the pinned version (`zoneAwareLbSetting` with
 * `istio: "1.30"`) at load time, with its line. The translation's version switches live in
 * xds/istio-behaviour.ts, which includes these flags (IstioBehaviour extends IstioApiFlags), so the
 * whole version story is still one table read through one object.
 */
import { istioAtLeast, type IstioVersion } from '../model/istio-version.js';

export interface IstioApiFlags {
  version: IstioVersion;
  /**
   * Istio 1.31: `zoneAwareLbSetting` (DestinationRule and MeshConfig, GetEffectiveLbSetting),
   * proxy self-discovery (`ISTIO_META_ENABLE_SELF_DISCOVERY` ⇒ a `local_cluster`), and
   * `enabled: false` programmed as routing_enabled 0% (master after 1.31.0-rc.0; meshsim models
   * the newest 1.31).
   */
  zoneAwareLbSetting: boolean;
  /** MeshConfig `defaultTrafficPolicy` (1.31): unset DestinationRule blocks inherit the mesh baseline. */
  meshDefaultTrafficPolicy: boolean;
  /**
   * How sidecars read a Service's `trafficDistribution` (loadbalancer.go GetLocalityLbSetting):
   * 'ignored' before 1.25 (ztunnel only); 'prefer-close' in 1.25–1.26 (istio/istio#54715: PreferClose
   * ⇒ failoverPriority network, region, zone, subzone, forced failover, unhealthy endpoints sent);
   * 'kep-3015' from 1.27 (istio/istio#56042, #55848: PreferClose = PreferSameZone ⇒ network, region,
   * zone; PreferSameNode adds subzone and hostname).
   */
  trafficDistribution: 'ignored' | 'prefer-close' | 'kep-3015';
}

export function istioApiFlags(v: IstioVersion): IstioApiFlags {
  return {
    version: v,
    zoneAwareLbSetting: istioAtLeast(v, 1, 31),
    meshDefaultTrafficPolicy: istioAtLeast(v, 1, 31),
    trafficDistribution: istioAtLeast(v, 1, 27) ? 'kep-3015' : istioAtLeast(v, 1, 25) ? 'prefer-close' : 'ignored',
  };
}
