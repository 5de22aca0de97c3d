/**
 * Which locality behaviour a cluster gets, from the four places Istio reads it, as the pinned
 * version reads them (loadbalancer.go GetEffectiveLbSetting, 1.31; GetLocalityLbSetting before):
 *
 *   DestinationRule zoneAwareLbSetting (1.31) > DestinationRule localityLbSetting
 *   > Service trafficDistribution (1.25+) > MeshConfig zoneAwareLbSetting (1.31)
 *   > MeshConfig localityLbSetting (default `{enabled: true}`).
 *
 * The first level that is set decides; `enabled: false` there resolves to "nothing" (it does not
 * fall through to a lower level). A trafficDistribution becomes a `failoverPriority` preset with
 * failover forced (no outlierDetection needed, reference §1.11.1).
 *
 * Example (1.31): mesh `{enabled: true}`, Service PreferSameZone, DR with only `simple` ⇒
 * failoverPriority [network, region, zone], forced; add a DR `localityLbSetting: {failover: …}` ⇒
 * the DR's setting, not forced.
 *
 * Istio 1.0 had no locality load balancing: nothing applies (IstioBehaviour.localityLoadBalancing).
 */
import type { LocalityLbSetting } from '../istio/locality-setting.js';
import type { TrafficDistribution } from '../istio/kube-service.js';
import type { ZoneAwareLbSetting } from '../istio/zone-aware-setting.js';
import { HOSTNAME_LABEL, NETWORK_LABEL, REGION_LABEL, SUBZONE_LABEL, ZONE_LABEL } from '../topology/locality.js';
import type { IstioBehaviour } from './istio-behaviour.js';

export interface EffectiveLbSetting {
  /** The locality setting to apply (ApplyLocalityLoadBalancer); undefined ⇒ none. */
  locality?: LocalityLbSetting;
  /** The zone-aware setting to apply (ApplyZoneAwareLoadBalancer); undefined ⇒ none. */
  zoneAware?: ZoneAwareLbSetting;
  /** Failover forced by a Service trafficDistribution. */
  forceFailover: boolean;
  /** The deciding level was a zoneAwareLbSetting with `enabled: false` (Envoy then gets routing_enabled 0%). */
  zoneAwareDisabled: boolean;
}

/** The two load-balancer settings of a DestinationRule's merged policy. */
export interface DestinationRuleLb {
  localityLbSetting?: LocalityLbSetting;
  zoneAwareLbSetting?: ZoneAwareLbSetting;
}

/**
 * loadbalancer.go GetLocalityLbSetting, `service.Attributes.TrafficDistribution` cases: the
 * preset a trafficDistribution value stands for, or undefined when the version ignores it.
 */
export function trafficDistributionSetting(td: TrafficDistribution | undefined, istio: IstioBehaviour): LocalityLbSetting | undefined {
  if (td === undefined || istio.trafficDistribution === 'ignored') return undefined;
  if (istio.trafficDistribution === 'prefer-close') {
    // istio/istio#54715 (1.25): PreferClose ⇒ network, region, zone, subzone. Kubernetes had no
    // other value then; Istio reads any other as TrafficDistributionAny.
    return td === 'PreferClose' ? { enabled: true, failoverPriority: [NETWORK_LABEL, REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL] } : undefined;
  }
  // istio/istio#56042 (1.27): PreferClose is PreferSameZone (subzone ignored, #55848); PreferSameNode adds subzone and hostname.
  if (td === 'PreferSameNode') return { enabled: true, failoverPriority: [NETWORK_LABEL, REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL, HOSTNAME_LABEL] };
  return { enabled: true, failoverPriority: [NETWORK_LABEL, REGION_LABEL, ZONE_LABEL] };
}

const NONE = (zoneAwareDisabled = false): EffectiveLbSetting => ({ forceFailover: false, zoneAwareDisabled });

/** loadbalancer.go GetEffectiveLbSetting (1.31) / GetLocalityLbSetting (≤1.30), by the pinned version. */
export function effectiveLbSetting(
  meshLocality: LocalityLbSetting | undefined,
  meshZoneAware: ZoneAwareLbSetting | undefined,
  dr: DestinationRuleLb | undefined,
  trafficDistribution: TrafficDistribution | undefined,
  istio: IstioBehaviour,
): EffectiveLbSetting {
  if (!istio.localityLoadBalancing) return NONE();
  const za = istio.zoneAwareLbSetting;
  if (za && dr?.zoneAwareLbSetting !== undefined) {
    return dr.zoneAwareLbSetting.enabled === false ? NONE(true) : { zoneAware: dr.zoneAwareLbSetting, forceFailover: false, zoneAwareDisabled: false };
  }
  if (dr?.localityLbSetting !== undefined) {
    return dr.localityLbSetting.enabled === false ? NONE() : { locality: dr.localityLbSetting, forceFailover: false, zoneAwareDisabled: false };
  }
  const preset = trafficDistributionSetting(trafficDistribution, istio);
  if (preset !== undefined) return { locality: preset, forceFailover: true, zoneAwareDisabled: false };
  if (za && meshZoneAware !== undefined) {
    return meshZoneAware.enabled === false ? NONE(true) : { zoneAware: meshZoneAware, forceFailover: false, zoneAwareDisabled: false };
  }
  if (meshLocality === undefined || meshLocality.enabled === false) return NONE();
  return { locality: meshLocality, forceFailover: false, zoneAwareDisabled: false };
}
