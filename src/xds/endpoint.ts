/** An endpoint as the control plane knows it: what EDS is built from, for one cluster. */
import type { Locality } from '../topology/locality.js';

export interface EdsEndpoint {
  /** What a hop to it reaches: an endpoint or a gateway replica (World target id). */
  target: number;
  locality: Locality;
  labels: Record<string, string>;
  /** EDS `load_balancing_weight` (Istio: 1 for a pod, more for a gateway standing for several). */
  weight: number;
}
