/**
 * The qualified scenario: every default filled, every unit converted (ms, bytes, 1/s), every
 * reference checked. The simulator sees only this form, never optional user fields.
 */
import type { Distribution } from '../engine/distributions.js';
import type { Pricing } from '../cost/pricing.js';
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
  /** The mesh the cluster belongs to. */
  mesh: string;
  /** `kubernetes`, or `vm`: VMs joined to the mesh (WorkloadEntries), with no API server and no istiod. */
  platform: 'kubernetes' | 'vm';
  /**
   * The Istio cluster ID of the workloads here (ISTIO_META_CLUSTER_ID, the `topology.istio.io/cluster`
   * label of their endpoints): the cluster's own name, or for VMs the Kubernetes cluster whose API
   * server holds their WorkloadEntries and whose istiod configures them (`registeredIn`).
   */
  clusterId: string;
}

export interface MeshSpec {
  name: string;
  clusters: string[];
  trustDomain: string;
  /** Services (indexes into Scenario.services) other meshes may call through this mesh's ingress gateways. */
  exports: number[];
  controlPlane: ControlPlaneSpec;
}

export type ControlPlaneModel = 'multi-primary' | 'primary-remote' | 'external';

/** The Istio control plane of a mesh (sim/control-plane.ts). */
export interface ControlPlaneSpec {
  model: ControlPlaneModel;
  /** primary-remote: the cluster running istiod. */
  primary: string | undefined;
  debounceMs: number;
  debounceMaxMs: number;
  pushDelay: Distribution;
}

/** VM timings that decide when a VM endpoint's WorkloadEntry health changes (sim/vm-health.ts). */
export interface VmSpec {
  probePeriodMs: number;
  probeTimeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  keepaliveIntervalMs: number;
  keepaliveTimeoutMs: number;
  gracePeriodMs: number;
}

/** Kubernetes timings that decide when an endpoint's readiness changes. */
export interface KubernetesSpec {
  containerExitMs: number;
  readinessPeriodMs: number;
  readinessTimeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  nodeMonitorGraceMs: number;
}

export type GatewayKind = 'ingress' | 'eastwest' | 'egress';

/** A gateway deployment: `replicas` replicas spread over `zones` in turn. */
export interface GatewayDeploymentSpec {
  name: string;
  cluster: string;
  network: string;
  region: string;
  kind: GatewayKind;
  zones: string[];
  replicas: number;
  processing: Distribution;
  concurrency: number;
  /** Infinity when unlimited. */
  queueLimit: number;
}

export interface IngressSpec {
  globalLoadBalancer: 'nearest' | 'weighted';
  /** weighted: share per cluster name. */
  weights: Map<string, number>;
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
  /** `workload`: pods in the mesh (their sidecars balance); `users`: outside, entering through an ingress gateway. */
  origin: 'workload' | 'users';
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
  /** users: round trip to each region (by region name). */
  rtt: Map<string, Distribution>;
}

export interface LatencySpec {
  sameZone: Distribution;
  crossZone: Distribution;
  crossRegionDefault: Distribution;
  /** Keyed by `regionA<>regionB` with the two regions sorted. */
  crossRegionPairs: Map<string, Distribution>;
}

export type FaultKind =
  | 'endpoint-crash' | 'zone-outage' | 'cluster-outage' | 'region-outage' | 'gateway-outage'
  | 'network-partition' | 'link-degradation' | 'error-injection' | 'slow-endpoints' | 'control-plane-outage';

export interface FaultSpec {
  kind: FaultKind;
  atMs: number;
  /** Infinity: to the end of the run. */
  endMs: number;
  cluster: string | undefined;
  zone: string | undefined;
  region: string | undefined;
  /** Index into Scenario.services, or -1 for every service. */
  service: number;
  count: number;
  mode: 'refuse' | 'blackhole';
  /** gateway-outage: which gateways. */
  gateway: GatewayKind | undefined;
  /** network-partition / link-degradation: the sides, each `{network}` or `{region}`. */
  between: [FaultSide, FaultSide] | undefined;
  addLatency: Distribution | undefined;
  loss: number;
  errorRate: number;
  errorStatus: number;
  serviceTimeFactor: number;
  /** control-plane-outage: the mesh, and optionally one cluster's istiod. */
  mesh: string | undefined;
}

export type FaultSide = { kind: 'network' | 'region'; name: string };

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
  meshes: MeshSpec[];
  gateways: GatewayDeploymentSpec[];
  ingress: IngressSpec;
  latency: LatencySpec;
  services: ServiceSpec[];
  /** Traffic sources: the in-mesh workloads of `traffic`, then the user populations of `users`. */
  traffic: TrafficSpec[];
  /** The Istio resources of `policies` (files and inline entries), validated against the scenario. */
  istio: IstioResources;
  pluginPath: string | undefined;
  faults: FaultSpec[];
  kubernetes: KubernetesSpec;
  vm: VmSpec;
  /** Fault impact: recovered once the timeline error rate stays at or under this. */
  recoveryErrorRate: number;
  connectTimeoutMs: number;
  timelineIntervalMs: number;
  /** Egress prices; undefined ⇒ bytes are counted, not priced. */
  pricing: Pricing | undefined;
}

/** The Istio cluster ID of the workloads of cluster `name` (ClusterSpec.clusterId; the name itself if unknown). */
export function clusterIdOf(s: Pick<Scenario, 'clusters'>, name: string): string {
  return s.clusters.find((c) => c.name === name)?.clusterId ?? name;
}

export function regionPairKey(a: string, b: string): string {
  return a < b ? `${a}<>${b}` : `${b}<>${a}`;
}
