/**
 * The Istio resources of a scenario, read and validated, in input order (Istio orders by
 * creation time; meshsim uses the order of the files and documents).
 */
import type { LoadedDestinationRule } from './destination-rule.js';
import type { LoadedServiceEntry } from './service-entry.js';
import type { LoadedVirtualService } from './virtual-service.js';

export interface IstioResources {
  destinationRules: LoadedDestinationRule[];
  virtualServices: LoadedVirtualService[];
  serviceEntries: LoadedServiceEntry[];
  /** MeshConfig rootNamespace (default `istio-system`). */
  rootNamespace: string;
  /** Cluster DNS domain (default `cluster.local`). */
  domainSuffix: string;
}
