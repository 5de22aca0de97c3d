/**
 * What the mesh configuration says about one upstream (Envoy) cluster: which endpoints belong to
 * it (service, subset labels), how its hosts are picked, the locality setting and outlier
 * detection. Produced from Istio resources (DestinationRule) or the defaults Istio applies when
 * there is none.
 */
import type { LocalityLbSetting } from '../istio/locality-setting.js';
import type { IstioOutlierDetection } from '../outlier/config.js';

export interface ClusterPolicy {
  /** Istio `loadBalancer.simple` or a plug-in's name; undefined ⇒ Istio's default (LEAST_REQUEST). */
  simple: string | undefined;
  localityLbSetting: LocalityLbSetting | undefined;
  outlierDetection: IstioOutlierDetection | undefined;
  /** Labels an endpoint must carry (DestinationRule subset); empty ⇒ every endpoint of the service. */
  subsetLabels: Record<string, string>;
}

/** Istio's mesh default: `localityLbSetting: {enabled: true}` (pkg/config/mesh/mesh.go DefaultMeshConfig). */
export const MESH_DEFAULT_LOCALITY_SETTING: LocalityLbSetting = { enabled: true };
