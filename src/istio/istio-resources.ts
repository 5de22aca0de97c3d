/**
 * The Istio resources of a scenario, read and validated, in input order (Istio orders by
 * creation time; meshsim uses the order of the files and documents).
 */
import type { IstioVersion } from '../model/istio-version.js';
import type { LoadedDestinationRule } from './destination-rule.js';
import type { LoadedKubeService } from './kube-service.js';
import type { LoadedMeshConfig } from './mesh-config.js';
import type { LoadedServiceEntry } from './service-entry.js';
import type { LoadedVirtualService } from './virtual-service.js';

export interface IstioResources {
  destinationRules: LoadedDestinationRule[];
  virtualServices: LoadedVirtualService[];
  serviceEntries: LoadedServiceEntry[];
  /** Kubernetes `v1/Service` objects (their trafficDistribution; selector and ports are checked). */
  kubeServices: LoadedKubeService[];
  /** The mesh config (ConfigMap `istio`, IstioOperator or Helm values), if one is given. */
  meshConfig?: LoadedMeshConfig;
  /** MeshConfig rootNamespace (default `istio-system`). */
  rootNamespace: string;
  /** Cluster DNS domain (default `cluster.local`). */
  domainSuffix: string;
}

/**
 * What the pinned Istio version's API accepts (a subset of xds/istio-behaviour.ts IstioBehaviour,
 * which satisfies it), so reading resources can report fields the version does not have.
 */
export interface IstioApiFlags {
  version: IstioVersion;
  /** `zoneAwareLbSetting` in DestinationRule and MeshConfig, proxy self-discovery (1.31). */
  zoneAwareLbSetting: boolean;
  /** MeshConfig `defaultTrafficPolicy` (1.31). */
  meshDefaultTrafficPolicy: boolean;
  /** How sidecars read Service trafficDistribution. */
  trafficDistribution: 'ignored' | 'prefer-close' | 'kep-3015';
}
