/**
 * Qualification of the mesh topology: meshes (which cluster belongs to which, what each exports),
 * gateways per cluster, user populations outside the mesh and the global load balancer in front
 * of the ingress gateways. Defaults: one mesh holding every cluster; no gateways.
 */
import type { Distribution } from '../engine/distributions.js';
import { err, findService, ms, probeMs, toDistribution, type Ctx } from './qualify-common.js';
import type { ScenarioParsed } from './schema.js';
import { usersRegion } from '../topology/locality.js';
import { type ClusterSpec, type ControlPlaneSpec, type GatewayDeploymentSpec, type IngressSpec, type KubernetesSpec, type MeshSpec, type ServiceSpec, type TrafficSpec } from './scenario.js';
import { parseRate, parseSize } from './units.js';

/** The mesh name of the default single mesh. */
export const DEFAULT_MESH = 'mesh';

/** Meshes, and each cluster's mesh written into `clusters`. */
export function qualifyMeshes(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[], services: ServiceSpec[]): MeshSpec[] {
  if (s.meshes === undefined) {
    for (const c of clusters) c.mesh = DEFAULT_MESH;
    const names = clusters.map((c) => c.name);
    return [{ name: DEFAULT_MESH, clusters: names, trustDomain: 'cluster.local', exports: [], controlPlane: qualifyControlPlane(ctx, s.controlPlane, ['controlPlane'], clusters) }];
  }
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const owner = new Map<string, string>();
  const seen = new Set<string>();
  const meshes = s.meshes.map((m, i): MeshSpec => {
    if (seen.has(m.name)) err(ctx, ['meshes', i, 'name'], `duplicate mesh name "${m.name}"`);
    seen.add(m.name);
    m.clusters.forEach((c, j) => {
      const cluster = byName.get(c);
      if (cluster === undefined) err(ctx, ['meshes', i, 'clusters', j], `unknown cluster "${c}"; clusters: ${[...byName.keys()].join(', ')}`);
      else if (owner.has(c)) err(ctx, ['meshes', i, 'clusters', j], `cluster "${c}" is already in mesh "${owner.get(c)}": a cluster belongs to one mesh`);
      else {
        owner.set(c, m.name);
        cluster.mesh = m.name;
      }
    });
    const exports = m.exports.map((name, j) => {
      const svc = findService(services, name, 'default');
      if (svc < 0) err(ctx, ['meshes', i, 'exports', j], `unknown service "${name}"; services: ${services.map((x) => `${x.name}.${x.namespace}`).join(', ')}`);
      return svc;
    });
    const members = m.clusters.flatMap((c) => byName.get(c) ?? []);
    const controlPlane = m.controlPlane === undefined ? qualifyControlPlane(ctx, s.controlPlane, ['controlPlane'], members) : qualifyControlPlane(ctx, m.controlPlane, ['meshes', i, 'controlPlane'], members);
    return { name: m.name, clusters: m.clusters, trustDomain: m.trustDomain ?? m.name, exports: exports.filter((x) => x >= 0), controlPlane };
  });
  clusters.forEach((c) => {
    if (!owner.has(c.name)) err(ctx, ['meshes'], `cluster "${c.name}" is in no mesh: list it under one of meshes[].clusters`);
  });
  return meshes;
}

/**
 * A mesh's control plane: a primary-remote mesh's primary must be one of its Kubernetes clusters
 * (istiod never runs on VMs; the default primary is the first Kubernetes cluster).
 */
function qualifyControlPlane(ctx: Ctx, cp: ScenarioParsed['controlPlane'], path: (string | number)[], members: ClusterSpec[]): ControlPlaneSpec {
  const meshClusters = members.map((c) => c.name);
  const kube = members.filter((c) => c.platform === 'kubernetes').map((c) => c.name);
  if (cp.primary !== undefined) {
    if (cp.model !== 'primary-remote') err(ctx, [...path, 'primary'], `primary names the cluster running istiod in a primary-remote mesh; this control plane is ${cp.model}`);
    else if (!meshClusters.includes(cp.primary)) err(ctx, [...path, 'primary'], `"${cp.primary}" is not a cluster of this mesh (${meshClusters.join(', ')})`);
    else if (!kube.includes(cp.primary)) err(ctx, [...path, 'primary'], `"${cp.primary}" is a group of VMs (platform: vm): istiod runs in a Kubernetes cluster (${kube.join(', ') || 'this mesh has none'})`);
  }
  const debounceMs = ms(ctx, cp.debounce, [...path, 'debounce']);
  const debounceMaxMs = ms(ctx, cp.debounceMax, [...path, 'debounceMax']);
  if (debounceMaxMs < debounceMs) err(ctx, [...path, 'debounceMax'], `debounceMax (${debounceMaxMs}ms) is shorter than debounce (${debounceMs}ms)`);
  return {
    model: cp.model,
    primary: cp.model === 'primary-remote' ? (cp.primary ?? kube[0] ?? meshClusters[0]) : undefined,
    debounceMs,
    debounceMaxMs,
    pushDelay: toDistribution(ctx, cp.pushDelay, [...path, 'pushDelay']),
  };
}

export function qualifyKubernetes(ctx: Ctx, s: ScenarioParsed): KubernetesSpec {
  const k = s.kubernetes;
  const probe = k.readinessProbe;
  return {
    containerExitMs: ms(ctx, k.containerExitDetection, ['kubernetes', 'containerExitDetection']),
    readinessPeriodMs: probeMs(ctx, probe.period, ['kubernetes', 'readinessProbe', 'period'], 'periodSeconds'),
    readinessTimeoutMs: probeMs(ctx, probe.timeout, ['kubernetes', 'readinessProbe', 'timeout'], 'timeoutSeconds'),
    failureThreshold: probe.failureThreshold,
    successThreshold: probe.successThreshold,
    nodeMonitorGraceMs: ms(ctx, k.nodeMonitorGracePeriod, ['kubernetes', 'nodeMonitorGracePeriod']),
  };
}

export function qualifyGateways(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[]): GatewayDeploymentSpec[] {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const names = new Set<string>();
  return s.gateways.map((g, i): GatewayDeploymentSpec => {
    const path = ['gateways', i];
    const cluster = byName.get(g.cluster);
    if (cluster === undefined) err(ctx, [...path, 'cluster'], `unknown cluster "${g.cluster}"; clusters: ${[...byName.keys()].join(', ')}`);
    const name = g.name ?? `${g.kind}-${g.cluster}`;
    if (names.has(name)) err(ctx, [...path, 'name'], `duplicate gateway "${name}" (name gateways of one kind in one cluster apart)`);
    names.add(name);
    const zones = g.zones ?? cluster?.zones ?? [];
    (g.zones ?? []).forEach((z, j) => {
      if (cluster && !cluster.zones.includes(z)) err(ctx, [...path, 'zones', j], `zone "${z}" is not a zone of cluster "${cluster.name}" (${cluster.zones.join(', ')})`);
    });
    return {
      name,
      cluster: g.cluster,
      network: cluster?.network ?? '',
      region: cluster?.region ?? '',
      kind: g.kind,
      zones: zones.length > 0 ? zones : [''],
      replicas: g.replicas,
      processing: toDistribution(ctx, g.processing, [...path, 'processing']),
      concurrency: g.concurrency,
      queueLimit: g.queueLimit ?? Infinity,
    };
  });
}

/** User populations as traffic sources of origin `users`, appended after the in-mesh sources. */
export function qualifyUsers(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[], services: ServiceSpec[], durationMs: number, taken: Set<string>): TrafficSpec[] {
  const regions = new Set(clusters.map((c) => c.region));
  return s.users.map((u, i): TrafficSpec => {
    const path = ['users', i];
    if (taken.has(u.name)) err(ctx, [...path, 'name'], `duplicate traffic source name "${u.name}" (traffic and users share one namespace of names)`);
    taken.add(u.name);
    const service = findService(services, u.to, 'default');
    if (service < 0) err(ctx, [...path, 'to'], `unknown service "${u.to}"; services: ${services.map((x) => `${x.name}.${x.namespace}`).join(', ')}`);
    const rate = parseRate(u.rate) ?? 0;
    if (!(rate > 0)) err(ctx, [...path, 'rate'], `rate must be > 0 (got ${JSON.stringify(u.rate)})`);
    const rtt = new Map<string, Distribution>();
    for (const [region, d] of Object.entries(u.rtt)) {
      if (!regions.has(region)) err(ctx, [...path, 'rtt', region], `unknown region "${region}"; regions: ${[...regions].join(', ')}`);
      rtt.set(region, toDistribution(ctx, d, [...path, 'rtt', region]));
    }
    for (const r of regions) if (!rtt.has(r)) err(ctx, [...path, 'rtt'], `no round-trip time to region "${r}": give one for every region (${[...regions].join(', ')})`);
    const startMs = ms(ctx, u.start, [...path, 'start']);
    const endMs = u.duration !== undefined ? startMs + ms(ctx, u.duration, [...path, 'duration']) : durationMs;
    if (u.duration === undefined && !Number.isFinite(durationMs) && u.requests === undefined && !Number.isFinite(s.requests ?? Infinity)) {
      err(ctx, path, 'these users never stop: give the scenario a duration or requests, or the users a duration or requests');
    }
    return {
      origin: 'users',
      name: u.name,
      cluster: '',
      network: '',
      region: usersRegion(u.name),
      zone: '',
      subzone: '',
      namespace: 'istio-system',
      labels: {},
      replicas: 1,
      service,
      port: u.port,
      ratePerSecond: rate,
      arrival: u.arrival,
      startMs,
      endMs,
      maxRequests: u.requests ?? Infinity,
      requestSize: parseSize(u.requestSize) ?? 0,
      rtt,
    };
  });
}

export function qualifyIngress(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[], gateways: GatewayDeploymentSpec[]): IngressSpec {
  const weights = new Map<string, number>();
  const ingressClusters = new Set(gateways.filter((g) => g.kind === 'ingress').map((g) => g.cluster));
  for (const [cluster, w] of Object.entries(s.ingress.weights ?? {})) {
    if (!clusters.some((c) => c.name === cluster)) err(ctx, ['ingress', 'weights', cluster], `unknown cluster "${cluster}"`);
    else if (!ingressClusters.has(cluster)) err(ctx, ['ingress', 'weights', cluster], `cluster "${cluster}" has no ingress gateway (declare one under gateways with kind: ingress)`);
    weights.set(cluster, w);
  }
  if (s.ingress.globalLoadBalancer === 'weighted' && weights.size === 0) err(ctx, ['ingress', 'weights'], 'a weighted global load balancer needs weights per cluster');
  if (s.users.length > 0 && ingressClusters.size === 0) err(ctx, ['users'], 'users enter the mesh through an ingress gateway: declare one under gateways (kind: ingress)');
  return { globalLoadBalancer: s.ingress.globalLoadBalancer, weights };
}
