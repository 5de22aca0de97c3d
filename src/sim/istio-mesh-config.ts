/**
 * The mesh configuration from a scenario's Istio resources. Until DestinationRule and
 * VirtualService are read, every call goes to its service with Istio's defaults.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { Scenario } from '../model/scenario.js';
import { defaultMeshConfig, type MeshConfig } from './mesh-config.js';

export function buildMeshConfig(s: Scenario): { mesh: MeshConfig; diagnostics: Diagnostic[] } {
  return { mesh: defaultMeshConfig(s), diagnostics: [] };
}
