/**
 * Turns a schema-valid scenario into the qualified form: defaults, units, cross references.
 * Every problem is reported with its field path; nothing here throws for a user mistake.
 */
import type { Distribution } from '../engine/distributions.js';
import type { Diagnostics, Locator } from './diagnostics.js';
import { err, findService, ms, toDistribution, type Ctx } from './qualify-common.js';
import { qualifyPricing } from '../cost/qualify-pricing.js';
import { qualifyFaults } from './qualify-faults.js';
import { qualifyGateways, qualifyIngress, qualifyKubernetes, qualifyMeshes, qualifyUsers } from './qualify-topology.js';
import { qualifyVm, qualifyVmRegistration } from './qualify-vms.js';
import { DelaySchema, type DelayInput, type ScenarioParsed } from './schema.js';
import { NEWEST_ISTIO, regionPairKey, type CallSpec, type ClusterSpec, type IstioVersion, type Scenario, type ServiceSpec, type TrafficSpec } from './scenario.js';
import { parseRate, parseSize } from './units.js';
import { istioAtLeast } from './istio-version.js';

const DEFAULT_SERVICE_TIME: Distribution = { dist: 'exponential', mean: 10 };
const DEFAULT_NETWORK = 'network-default';

/** Oldest and newest Istio minor versions whose behaviour meshsim models. */
const OLDEST_ISTIO: IstioVersion = [1, 0];
const NEWEST_MODELLED: IstioVersion = [1, 31];

function istioVersion(ctx: Ctx, v: string | undefined): IstioVersion {
  if (v === undefined) return NEWEST_ISTIO;
  const [major, minor] = v.split('.').map(Number);
  if (!istioAtLeast([major, minor], ...OLDEST_ISTIO) || !istioAtLeast(NEWEST_MODELLED, major, minor)) {
    err(ctx, ['istio'], `meshsim models Istio ${OLDEST_ISTIO.join('.')} to ${NEWEST_MODELLED.join('.')}, not "${v}"`);
    return NEWEST_ISTIO;
  }
  return [major, minor];
}

function uniqueNames(ctx: Ctx, items: { name: string }[], what: string, field: string): void {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const prev = seen.get(it.name);
    if (prev !== undefined) err(ctx, [field, i, 'name'], `duplicate ${what} name "${it.name}" (also ${field}[${prev}])`);
    else seen.set(it.name, i);
  });
}

/** Clusters by name; a duplicate name (already reported) keeps the first cluster. */
function clustersByName(clusters: ClusterSpec[]): Map<string, ClusterSpec> {
  const byName = new Map<string, ClusterSpec>();
  for (const c of clusters) if (!byName.has(c.name)) byName.set(c.name, c);
  return byName;
}

function qualifyClusters(ctx: Ctx, s: ScenarioParsed): { clusters: ClusterSpec[]; networks: string[] } {
  const declared = s.networks ?? [];
  const networks = declared.length > 0 ? [...declared] : [];
  uniqueNames(ctx, s.clusters, 'cluster', 'clusters');
  const clusters = s.clusters.map((c, i): ClusterSpec => {
    let network = c.network;
    if (network === undefined) {
      if (declared.length > 1) err(ctx, ['clusters', i], `cluster "${c.name}" needs a network: the scenario declares several (${declared.join(', ')})`);
      network = declared[0] ?? DEFAULT_NETWORK;
    } else if (declared.length > 0 && !declared.includes(network)) {
      err(ctx, ['clusters', i, 'network'], `unknown network "${network}"; declared networks: ${declared.join(', ')}`);
    }
    if (!networks.includes(network)) networks.push(network);
    const zoneSeen = new Set<string>();
    c.zones.forEach((z, j) => {
      if (zoneSeen.has(z)) err(ctx, ['clusters', i, 'zones', j], `duplicate zone "${z}"`);
      zoneSeen.add(z);
    });
    if (c.registeredIn !== undefined && c.platform !== 'vm') {
      err(ctx, ['clusters', i, 'registeredIn'], `registeredIn names the Kubernetes cluster VMs register in; cluster "${c.name}" is a Kubernetes cluster (add platform: vm for a group of VMs)`);
    }
    return { name: c.name, network, region: c.region, zones: c.zones, labels: c.labels ?? {}, mesh: '', platform: c.platform, clusterId: c.name };
  });
  return { clusters, networks };
}

function qualifyServices(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[]): ServiceSpec[] {
  const byName = clustersByName(clusters);
  const seen = new Map<string, number>();
  return s.services.map((svc, i): ServiceSpec => {
    const fqdn = `${svc.name}.${svc.namespace}.svc.cluster.local`;
    const prev = seen.get(fqdn);
    if (prev !== undefined) err(ctx, ['services', i, 'name'], `duplicate service ${svc.name}.${svc.namespace} (also services[${prev}])`);
    seen.set(fqdn, i);
    const base = ['services', i] as const;
    const serviceTime = svc.serviceTime === undefined ? DEFAULT_SERVICE_TIME : toDistribution(ctx, svc.serviceTime, [...base, 'serviceTime']);
    const responseSize = svc.responseSize === undefined ? 1024 : parseSize(svc.responseSize) ?? 0;
    const deployments = svc.deployments.map((d, j) => {
      const path = [...base, 'deployments', j];
      const cluster = byName.get(d.cluster);
      if (!cluster) err(ctx, [...path, 'cluster'], `unknown cluster "${d.cluster}"; clusters: ${[...byName.keys()].join(', ')}`);
      const zone = d.zone ?? cluster?.zones[0] ?? '';
      if (cluster && d.zone !== undefined && !cluster.zones.includes(d.zone)) {
        err(ctx, [...path, 'zone'], `zone "${d.zone}" is not a zone of cluster "${cluster.name}" (${cluster.zones.join(', ')})`);
      }
      return {
        cluster: d.cluster,
        network: cluster?.network ?? DEFAULT_NETWORK,
        region: cluster?.region ?? '',
        zone,
        subzone: d.subzone ?? '',
        replicas: d.replicas,
        labels: d.labels ?? {},
        concurrency: d.concurrency ?? svc.concurrency ?? 1,
        queueLimit: d.queueLimit ?? svc.queueLimit ?? Infinity,
        serviceTime: d.serviceTime === undefined ? serviceTime : toDistribution(ctx, d.serviceTime, [...path, 'serviceTime']),
        errorRate: d.errorRate ?? svc.errorRate ?? 0,
        errorStatus: d.errorStatus ?? svc.errorStatus ?? 500,
      };
    });
    return { name: svc.name, namespace: svc.namespace, fqdn, ports: svc.ports ?? [], responseSize, deployments, calls: [], callMode: svc.callMode };
  });
}

/** Resolves each service's outgoing calls once every service is known (calls may point forward). */
function qualifyCalls(ctx: Ctx, s: ScenarioParsed, services: ServiceSpec[]): void {
  s.services.forEach((svc, i) => {
    services[i].calls = svc.calls.map((c, j): CallSpec => {
      const path = ['services', i, 'calls', j];
      const callee = findService(services, c.service, svc.namespace);
      if (callee < 0) err(ctx, [...path, 'service'], `unknown service "${c.service}"; services: ${services.map((x) => `${x.name}.${x.namespace}`).join(', ')}`);
      else if (c.port !== undefined && services[callee].ports.length > 0 && !services[callee].ports.includes(c.port)) {
        err(ctx, [...path, 'port'], `service ${services[callee].name} has no port ${c.port} (ports: ${services[callee].ports.join(', ')})`);
      }
      return {
        service: callee,
        port: c.port,
        probability: c.probability,
        requestSize: parseSize(c.requestSize) ?? 0,
        responseSize: c.responseSize === undefined ? undefined : (parseSize(c.responseSize) ?? 0),
        required: c.required,
      };
    });
  });
  const cycle = callCycle(services);
  if (cycle.length > 0) {
    err(ctx, ['services', cycle[0], 'calls'], `services call each other in a cycle (${cycle.map((i) => services[i].name).join(' → ')} → ${services[cycle[0]].name}): a request would never end`);
  }
}

/** A cycle in the call graph (service indexes), or [] when it is a DAG. */
function callCycle(services: ServiceSpec[]): number[] {
  const state = new Uint8Array(services.length); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  let found: number[] = [];
  const visit = (i: number): boolean => {
    state[i] = 1;
    stack.push(i);
    for (const c of services[i].calls) {
      if (c.service < 0) continue;
      if (state[c.service] === 1) {
        found = stack.slice(stack.indexOf(c.service));
        return true;
      }
      if (state[c.service] === 0 && visit(c.service)) return true;
    }
    stack.pop();
    state[i] = 2;
    return false;
  };
  for (let i = 0; i < services.length; i++) if (state[i] === 0 && visit(i)) break;
  return found;
}

function qualifyTraffic(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[], services: ServiceSpec[], durationMs: number): TrafficSpec[] {
  uniqueNames(ctx, s.traffic, 'traffic source', 'traffic');
  const byName = clustersByName(clusters);
  return s.traffic.map((t, i): TrafficSpec => {
    const path = ['traffic', i];
    const cluster = byName.get(t.from.cluster);
    if (!cluster) err(ctx, [...path, 'from', 'cluster'], `unknown cluster "${t.from.cluster}"; clusters: ${[...byName.keys()].join(', ')}`);
    if (cluster && t.from.zone !== undefined && !cluster.zones.includes(t.from.zone)) {
      err(ctx, [...path, 'from', 'zone'], `zone "${t.from.zone}" is not a zone of cluster "${cluster.name}" (${cluster.zones.join(', ')})`);
    }
    const namespace = t.namespace ?? 'default';
    const service = findService(services, t.to, namespace);
    if (service < 0) err(ctx, [...path, 'to'], `unknown service "${t.to}"; services: ${services.map((x) => `${x.name}.${x.namespace}`).join(', ')}`);
    const rate = parseRate(t.rate) ?? 0;
    if (!(rate > 0)) err(ctx, [...path, 'rate'], `rate must be > 0 (got ${JSON.stringify(t.rate)})`);
    const startMs = ms(ctx, t.start, [...path, 'start']);
    const endMs = t.duration !== undefined ? startMs + ms(ctx, t.duration, [...path, 'duration']) : durationMs;
    if (t.duration === undefined && !Number.isFinite(durationMs) && t.requests === undefined && !Number.isFinite(s.requests ?? Infinity)) {
      err(ctx, path, 'this source never stops: give the scenario a duration or requests, or the source a duration or requests');
    }
    if (t.port !== undefined && service >= 0 && services[service].ports.length > 0 && !services[service].ports.includes(t.port)) {
      err(ctx, [...path, 'port'], `service ${services[service].name} has no port ${t.port} (ports: ${services[service].ports.join(', ')})`);
    }
    return {
      origin: 'workload',
      name: t.name,
      cluster: t.from.cluster,
      network: cluster?.network ?? DEFAULT_NETWORK,
      region: cluster?.region ?? '',
      zone: t.from.zone ?? cluster?.zones[0] ?? '',
      subzone: t.from.subzone ?? '',
      namespace,
      labels: t.labels ?? {},
      replicas: t.replicas,
      service,
      port: t.port,
      ratePerSecond: rate,
      arrival: t.arrival,
      startMs,
      endMs,
      maxRequests: t.requests ?? Infinity,
      requestSize: parseSize(t.requestSize) ?? 0,
      rtt: new Map(),
    };
  });
}

function qualifyLatency(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[]): Scenario['latency'] {
  const l = s.latency;
  const regions = new Set(clusters.map((c) => c.region));
  const pairs = new Map<string, Distribution>();
  let crossRegionDefault: Distribution = { dist: 'constant', value: 0 };
  const cr = l.crossRegion;
  // One delay for every pair, or a table of pairs (`{dist: 5ms}` is a table with a bad key, not a distribution).
  const isDistribution = DelaySchema.safeParse(cr).success;
  if (isDistribution) {
    crossRegionDefault = toDistribution(ctx, cr as DelayInput, ['latency', 'crossRegion']);
  } else {
    const table = cr as Record<string, DelayInput>;
    for (const [key, value] of Object.entries(table)) {
      const path = ['latency', 'crossRegion', key];
      if (key === 'default') {
        crossRegionDefault = toDistribution(ctx, value, path);
        continue;
      }
      const parts = key.split('<>');
      if (parts.length !== 2) {
        err(ctx, path, `expected "default" or a region pair "regionA<>regionB", got "${key}"`);
        continue;
      }
      for (const r of parts) if (!regions.has(r)) err(ctx, path, `unknown region "${r}"; regions: ${[...regions].join(', ')}`);
      pairs.set(regionPairKey(parts[0], parts[1]), toDistribution(ctx, value, path));
    }
    if (!('default' in table) && regions.size > 1) {
      const missing: string[] = [];
      const rs = [...regions];
      for (let a = 0; a < rs.length; a++) for (let b = a + 1; b < rs.length; b++) if (!pairs.has(regionPairKey(rs[a], rs[b]))) missing.push(`${rs[a]}<>${rs[b]}`);
      if (missing.length > 0) err(ctx, ['latency', 'crossRegion'], `no "default" and no delay for region pairs ${missing.join(', ')}`);
    }
  }
  return {
    sameZone: toDistribution(ctx, l.sameZone, ['latency', 'sameZone']),
    crossZone: toDistribution(ctx, l.crossZone, ['latency', 'crossZone']),
    crossRegionDefault,
    crossRegionPairs: pairs,
  };
}

export function qualifyScenario(parsed: ScenarioParsed, file: string, locate: Locator, diags: Diagnostics): Omit<Scenario, 'istio'> {
  const ctx: Ctx = { file, locate, diags };
  const durationMs = parsed.duration === undefined ? Infinity : ms(ctx, parsed.duration, ['duration']);
  if (parsed.duration !== undefined && !(durationMs > 0)) err(ctx, ['duration'], 'duration must be > 0');
  const { clusters, networks } = qualifyClusters(ctx, parsed);
  const services = qualifyServices(ctx, parsed, clusters);
  qualifyCalls(ctx, parsed, services);
  const traffic = qualifyTraffic(ctx, parsed, clusters, services, durationMs);
  const meshes = qualifyMeshes(ctx, parsed, clusters, services);
  qualifyVmRegistration(ctx, parsed, clusters, meshes);
  const gateways = qualifyGateways(ctx, parsed, clusters);
  traffic.push(...qualifyUsers(ctx, parsed, clusters, services, durationMs, new Set(traffic.map((t) => t.name))));
  if (traffic.length === 0) err(ctx, ['traffic'], 'the scenario has no traffic: give it traffic sources (traffic) or user populations (users)');
  const ingress = qualifyIngress(ctx, parsed, clusters, gateways);
  const intervalMs = ms(ctx, parsed.timeline.interval, ['timeline', 'interval']);
  if (!(intervalMs > 0)) err(ctx, ['timeline', 'interval'], 'the timeline interval must be > 0');
  return {
    name: parsed.name,
    description: parsed.description ?? '',
    file,
    seed: parsed.seed,
    durationMs,
    maxRequests: parsed.requests ?? Infinity,
    warmupMs: ms(ctx, parsed.warmup, ['warmup']),
    istioVersion: istioVersion(ctx, parsed.istio),
    networks,
    clusters,
    meshes,
    gateways,
    ingress,
    latency: qualifyLatency(ctx, parsed, clusters),
    services,
    traffic,
    pluginPath: parsed.loadBalancing?.plugin,
    faults: qualifyFaults(ctx, parsed, clusters, services, meshes, gateways),
    kubernetes: qualifyKubernetes(ctx, parsed),
    vm: qualifyVm(ctx, parsed),
    recoveryErrorRate: parsed.faultImpact.recoveryErrorRate,
    connectTimeoutMs: ms(ctx, parsed.connectTimeout, ['connectTimeout']),
    timelineIntervalMs: intervalMs > 0 ? intervalMs : 1000,
    pricing: qualifyPricing(parsed.pricing, clusters, ctx),
  };
}
