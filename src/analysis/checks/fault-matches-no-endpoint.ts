/**
 * MS0102 FaultMatchesNoEndpoint: a fault whose cluster, zone and service select no endpoint with
 * replicas (the endpoints sim/world.ts faultTargets would strike): the run is the same as without
 * it, and its fault row reports an outage nobody felt.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { finding, type AnalysisContext } from '../context.js';

export function faultMatchesNoEndpoint(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const out: Diagnostic[] = [];
  const regionOf = new Map(s.clusters.map((c) => [c.name, c.region]));
  s.faults.forEach((f, i) => {
    // Partitions, degraded links and control-plane outages strike no endpoint by design; a gateway outage strikes gateways (checked at load).
    if (f.kind === 'network-partition' || f.kind === 'link-degradation' || f.kind === 'control-plane-outage' || f.kind === 'gateway-outage') return;
    // An outage of a zone, cluster or region also takes its gateways down.
    const outage = f.kind === 'zone-outage' || f.kind === 'cluster-outage' || f.kind === 'region-outage';
    if (outage && s.gateways.some((g) => (f.cluster === undefined || g.cluster === f.cluster) && (f.region === undefined || regionOf.get(g.cluster) === f.region) && (f.zone === undefined || g.zones.includes(f.zone)))) return;
    let struck = 0;
    let zeroReplicas = 0;
    s.services.forEach((svc, si) => {
      if (f.service >= 0 && f.service !== si) return;
      for (const d of svc.deployments) {
        if (f.cluster !== undefined && d.cluster !== f.cluster) continue;
        if (f.zone !== undefined && d.zone !== f.zone) continue;
        if (f.region !== undefined && regionOf.get(d.cluster) !== f.region) continue;
        struck += d.replicas;
        if (d.replicas === 0) zeroReplicas++;
      }
    });
    if (struck > 0) return;
    const place = [f.zone !== undefined ? `zone ${f.zone}` : '', f.cluster !== undefined ? `cluster ${f.cluster}` : '', f.region !== undefined ? `region ${f.region}` : ''].filter((x) => x !== '').join(' of ') || 'the mesh';
    const of = f.service >= 0 ? ` of service ${s.services[f.service].name}.${s.services[f.service].namespace}` : '';
    const why = zeroReplicas > 0 ? `the deployments there have 0 replicas` : `no deployment${of} is in ${place}`;
    const at = f.service >= 0 ? 'service' : f.zone !== undefined ? 'zone' : f.cluster !== undefined ? 'cluster' : f.region !== undefined ? 'region' : 'kind';
    out.push(finding('MS0102', ctx.inScenario(['faults', i, at]), `${f.kind} of ${place}${of} strikes no endpoint: ${why}; the run is the same as without this fault`));
  });
  return out;
}
