/**
 * A small scenario for the analyzer's tests — service `web.shop` with v1 in region r1 (cluster c1,
 * zone z1) and v2 in region r2 (cluster c2), one client in c1/z1 at 100/s — changed by each test,
 * then loaded as `meshsim validate` loads it (inline Istio resources in `policies`).
 *
 * Capacity of web: 4 replicas × concurrency 4 / 10 ms = 1,600/s, so ρ = 100/1,600 ≈ 0.06.
 */
import { stringify } from 'yaml';
import { analyze, type AnalyzeOptions } from '../../src/analysis/analyze.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioText, type LoadedScenario } from '../../src/model/load.js';

export type Doc = Record<string, any>;

export function base(): Doc {
  return {
    name: 't',
    seed: 1,
    duration: '10s',
    clusters: [
      { name: 'c1', region: 'r1', zones: ['z1', 'z2'] },
      { name: 'c2', region: 'r2', zones: ['z3'] },
    ],
    latency: { sameZone: '0.1ms', crossZone: '1ms', crossRegion: '10ms' },
    services: [
      {
        name: 'web',
        namespace: 'shop',
        concurrency: 4,
        serviceTime: { dist: 'exponential', mean: '10ms' },
        deployments: [
          { cluster: 'c1', zone: 'z1', replicas: 2, labels: { version: 'v1' } },
          { cluster: 'c2', zone: 'z3', replicas: 2, labels: { version: 'v2' } },
        ],
      },
    ],
    traffic: [{ name: 'client', from: { cluster: 'c1', zone: 'z1' }, namespace: 'shop', to: 'web.shop', rate: '100/s' }],
    policies: [],
  };
}

/** A DestinationRule in namespace shop. */
export function dr(name: string, spec: Doc, namespace = 'shop'): Doc {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec };
}

export function vs(name: string, spec: Doc, namespace = 'shop'): Doc {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}

/** outlierDetection that ejects (the failover DestinationRule of the Istio task). */
export const OD = { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '1m', maxEjectionPercent: 100 };

export const FILE = 'scenario.yaml';

export function load(doc: Doc): LoadedScenario {
  return loadScenarioText(stringify(doc), FILE);
}

export function findings(doc: Doc, options: AnalyzeOptions = {}): Diagnostic[] {
  return analyze(load(doc), options);
}

/** The findings of one check. */
export function withCode(doc: Doc, code: string, options: AnalyzeOptions = {}): Diagnostic[] {
  return findings(doc, options).filter((d) => d.code === code);
}

/** The scenario's text as loaded: to find the line a finding should point at. */
export function text(doc: Doc): string {
  return stringify(doc);
}

/** 1-based line of the first line of `doc`'s YAML that contains `needle` (after `after`, if given). */
export function lineOf(doc: Doc, needle: string, after?: string): number {
  const lines = text(doc).split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, k) => k >= start && l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the scenario`);
  return i + 1;
}
