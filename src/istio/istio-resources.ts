/**
 * The Istio resources of a scenario, read and validated, in input order (Istio orders by
 * creation time; meshsim uses the order of the files and documents).
 */
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


export type { IstioApiFlags } from './api-flags.js';
