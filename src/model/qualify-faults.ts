/**
 * Qualification of the fault timeline: each kind's selectors checked against the topology (a
 * zone-outage needs a zone, a partition two sides that are networks or regions, ...), units
 * converted, defaults filled.
 */
import { err, findService, ms, toDistribution, type Ctx } from './qualify-common.js';
import type { ScenarioParsed } from './schema.js';
import type { ClusterSpec, FaultSide, FaultSpec, GatewayDeploymentSpec, MeshSpec, ServiceSpec } from './scenario.js';

export function qualifyFaults(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[], services: ServiceSpec[], meshes: MeshSpec[], gateways: GatewayDeploymentSpec[]): FaultSpec[] {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const zones = new Set(clusters.flatMap((c) => c.zones));
  const regions = new Set(clusters.map((c) => c.region));
  const networks = new Set(clusters.map((c) => c.network));
  return s.faults.map((f, i): FaultSpec => {
    const path = ['faults', i];
    const need = (field: string, what: string) => err(ctx, [...path, field], `a ${f.kind} needs ${what}`);
    const cluster = f.cluster === undefined ? undefined : byName.get(f.cluster);
    if (f.cluster !== undefined && !cluster) err(ctx, [...path, 'cluster'], `unknown cluster "${f.cluster}"; clusters: ${[...byName.keys()].join(', ')}`);
    if (f.zone !== undefined) {
      if (cluster && !cluster.zones.includes(f.zone)) err(ctx, [...path, 'zone'], `zone "${f.zone}" is not a zone of cluster "${cluster.name}" (${cluster.zones.join(', ')})`);
      else if (!cluster && !zones.has(f.zone)) err(ctx, [...path, 'zone'], `unknown zone "${f.zone}"; zones: ${[...zones].join(', ')}`);
    }
    if (f.region !== undefined && !regions.has(f.region)) err(ctx, [...path, 'region'], `unknown region "${f.region}"; regions: ${[...regions].join(', ')}`);
    if (f.kind === 'zone-outage' && f.zone === undefined) need('zone', 'a zone');
    if (f.kind === 'cluster-outage' && f.cluster === undefined) need('cluster', 'a cluster');
    if (f.kind === 'region-outage' && f.region === undefined) need('region', 'a region');
    if (f.kind === 'gateway-outage') {
      if (f.gateway === undefined) need('gateway', 'a gateway kind (ingress, eastwest or egress)');
      else if (!gateways.some((g) => g.kind === f.gateway && (f.cluster === undefined || g.cluster === f.cluster))) {
        err(ctx, [...path, 'gateway'], `no ${f.gateway} gateway${f.cluster ? ` in cluster "${f.cluster}"` : ''} to take down (declare one under gateways)`);
      }
    }
    let between: [FaultSide, FaultSide] | undefined;
    if (f.kind === 'network-partition' || f.kind === 'link-degradation') {
      if (f.between === undefined) need('between', 'two sides: [networkA, networkB] or [regionA, regionB]');
      else {
        const side = (name: string, j: number): FaultSide => {
          if (networks.has(name)) return { kind: 'network', name };
          if (regions.has(name)) return { kind: 'region', name };
          err(ctx, [...path, 'between', j], `"${name}" is neither a network (${[...networks].join(', ')}) nor a region (${[...regions].join(', ')})`);
          return { kind: 'network', name };
        };
        between = [side(f.between[0], 0), side(f.between[1], 1)];
        if (f.between[0] === f.between[1]) err(ctx, [...path, 'between'], 'the two sides are the same');
      }
    }
    if (f.kind === 'link-degradation' && f.addLatency === undefined && f.loss === undefined) need('addLatency', 'addLatency or loss');
    if (f.kind === 'error-injection' && f.errorRate === undefined) need('errorRate', 'an errorRate');
    if (f.kind === 'slow-endpoints' && f.serviceTimeFactor === undefined) need('serviceTimeFactor', 'a serviceTimeFactor');
    if (f.kind === 'control-plane-outage') {
      const mesh = f.mesh ?? (meshes.length === 1 ? meshes[0].name : undefined);
      if (mesh === undefined) need('mesh', 'a mesh (the scenario has several)');
      else if (!meshes.some((m) => m.name === mesh)) err(ctx, [...path, 'mesh'], `unknown mesh "${mesh}"; meshes: ${meshes.map((m) => m.name).join(', ')}`);
      else if (f.cluster !== undefined) {
        // `cluster` names the istiod that fails: one runs in that cluster only in some models.
        const m = meshes.find((x) => x.name === mesh)!;
        const cp = m.controlPlane;
        if (!m.clusters.includes(f.cluster)) err(ctx, [...path, 'cluster'], `cluster "${f.cluster}" is not in mesh "${mesh}" (${m.clusters.join(', ')})`);
        else if (cluster?.platform === 'vm') err(ctx, [...path, 'cluster'], `"${f.cluster}" is a group of VMs: no istiod runs there (its VMs are configured by the istiod serving cluster "${cluster.clusterId}"); name that cluster, or leave out cluster`);
        else if (cp.model === 'external') err(ctx, [...path, 'cluster'], `mesh "${mesh}" has an external control plane: no istiod runs in cluster "${f.cluster}"; leave out cluster to take the control plane down`);
        else if (cp.model === 'primary-remote' && cp.primary !== f.cluster) err(ctx, [...path, 'cluster'], `in primary-remote mesh "${mesh}" istiod runs only in the primary cluster "${cp.primary}", not in "${f.cluster}"`);
      }
    }
    let service = -1;
    if (f.service !== undefined) {
      service = findService(services, f.service, 'default');
      if (service < 0) err(ctx, [...path, 'service'], `unknown service "${f.service}"; services: ${services.map((x) => `${x.name}.${x.namespace}`).join(', ')}`);
    }
    const atMs = ms(ctx, f.at, [...path, 'at']);
    return {
      kind: f.kind,
      atMs,
      endMs: f.for === undefined ? Infinity : atMs + ms(ctx, f.for, [...path, 'for']),
      cluster: f.cluster,
      zone: f.zone,
      region: f.region,
      service,
      count: f.count ?? (f.kind === 'endpoint-crash' ? 1 : Infinity),
      mode: f.kind === 'network-partition' ? 'blackhole' : f.mode,
      gateway: f.gateway,
      between,
      addLatency: f.addLatency === undefined ? undefined : toDistribution(ctx, f.addLatency, [...path, 'addLatency']),
      loss: f.loss ?? 0,
      errorRate: f.errorRate ?? 0,
      errorStatus: f.errorStatus ?? 503,
      serviceTimeFactor: f.serviceTimeFactor ?? 1,
      mesh: f.kind === 'control-plane-outage' ? (f.mesh ?? meshes[0]?.name) : f.mesh,
    };
  });
}
