/**
 * The qualified scenario: every default filled, every unit converted (ms, bytes, 1/s), every
 * reference checked. The simulator sees only this form, never optional user fields.
 */
import type { Distribution } from '../engine/distributions.js';
import type { IstioResources } from '../istio/istio-resources.js';

import type { IstioVersion } from './istio-version.js';

export type { IstioVersion } from './istio-version.js';
export const NEWEST_ISTIO: IstioVersion = [1, 30];

export interface ClusterSpec {
  name: string;
  network: string;
  region: string;
  zones: string[];
  labels: Record<string, string>;
}

export interface DeploymentSpec {
  cluster: string;
  network: string;
  region: string;
  zone: string;
  subzone: string;
  replicas: number;
  labels: Record<string, string>;
  concurrency: number;
  /** Waiting requests allowed per replica; Infinity when unlimited. */
  queueLimit: number;
  serviceTime: Distribution;
  errorRate: number;
  errorStatus: number;
}

/** An outgoing call a service makes while serving a request. */
export interface CallSpec {
  /** Index into Scenario.services. */
  service: number;
  port: number | undefined;
  probability: number;
  requestSize: number;
  /** Bytes of the response; undefined ⇒ the called service's responseSize. */
  responseSize: number | undefined;
  required: boolean;
}

export interface ServiceSpec {
  name: string;
  namespace: string;
  /** `name.namespace.svc.cluster.local` */
  fqdn: string;
  ports: number[];
  responseSize: number;
  deployments: DeploymentSpec[];
  calls: CallSpec[];
  callMode: 'sequential' | 'parallel';
}

export interface TrafficSpec {
  name: string;
  cluster: string;
  network: string;
  region: string;
  zone: string;
  subzone: string;
  namespace: string;
  labels: Record<string, string>;
  replicas: number;
  /** Index into Scenario.services. */
  service: number;
  port: number | undefined;
  ratePerSecond: number;
  arrival: 'poisson' | 'constant';
  startMs: number;
  /** Time the source stops sending; Infinity when bounded only by request counts. */
  endMs: number;
  maxRequests: number;
  requestSize: number;
}

export interface LatencySpec {
  sameZone: Distribution;
  crossZone: Distribution;
  crossRegionDefault: Distribution;
  /** Keyed by `regionA<>regionB` with the two regions sorted. */
  crossRegionPairs: Map<string, Distribution>;
}

export interface FaultSpec {
  kind: 'zone-outage' | 'cluster-outage' | 'endpoint-crash';
  atMs: number;
  endMs: number;
  cluster: string | undefined;
  zone: string | undefined;
  /** Index into Scenario.services, or -1 for every service. */
  service: number;
  count: number;
  mode: 'refuse' | 'blackhole';
}

export interface Scenario {
  name: string;
  description: string;
  /** File the scenario was read from ('' for in-memory scenarios). */
  file: string;
  seed: number;
  durationMs: number;
  maxRequests: number;
  warmupMs: number;
  istioVersion: IstioVersion;
  networks: string[];
  clusters: ClusterSpec[];
  latency: LatencySpec;
  services: ServiceSpec[];
  traffic: TrafficSpec[];
  /** The Istio resources of `policies` (files and inline entries), validated against the scenario. */
  istio: IstioResources;
  pluginPath: string | undefined;
  faults: FaultSpec[];
  connectTimeoutMs: number;
  timelineIntervalMs: number;
}

export function regionPairKey(a: string, b: string): string {
  return a < b ? `${a}<>${b}` : `${b}<>${a}`;
}
