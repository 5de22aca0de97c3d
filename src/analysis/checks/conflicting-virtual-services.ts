/**
 * IST0109 ConflictingMeshGatewayVirtualServiceHosts: VirtualServices bound to the mesh that define
 * the same host in the same scope. Istio's analyzer: virtualservice/conflictingmeshgatewayhosts.go
 * @ 032d599f45d9f40b59c8c79e663aa032e28f5476
 * (hosts scoped by exportTo: all namespaces, or each namespace listed, `.` being the
 * VirtualService's own). Istio's behaviour is then undefined; meshsim routes by the first one in
 * input order (istio/lookup.ts findVirtualService).
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import type { LoadedVirtualService } from '../../istio/virtual-service.js';
import { finding, type AnalysisContext } from '../context.js';

/** initMeshGatewayHosts: the namespace scopes a VirtualService's hosts are visible in. */
function scopes(vs: LoadedVirtualService): string[] {
  if (vs.exportTo.length === 0 || vs.exportTo.includes('*')) return ['*'];
  return [...new Set(vs.exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
}

export function conflictingVirtualServices(ctx: AnalysisContext): Diagnostic[] {
  const byHost = new Map<string, LoadedVirtualService[]>();
  for (const vs of ctx.scenario.istio.virtualServices) {
    if (!vs.appliesToMesh) continue;
    for (const scope of scopes(vs)) {
      for (const h of new Set(vs.hosts)) {
        const key = `${scope}\u0000${h}`;
        byHost.set(key, [...(byHost.get(key) ?? []), vs]);
      }
    }
  }
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const [key, list] of byHost) {
    if (list.length < 2) continue;
    const host = key.split('\u0000')[1];
    const names = list.map((v) => `${v.namespace}/${v.name}`).join(',');
    for (const vs of list) {
      const id = `${vs.order}\u0000${host}`;
      if (reported.has(id)) continue;
      reported.add(id);
      out.push(
        finding(
          'IST0109',
          ctx.inResource(vs, ['metadata', 'name']),
          `The VirtualServices ${names} associated with mesh gateway define the same host ${host} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource. (meshsim routes by ${list[0].namespace}/${list[0].name}, the first one listed)`,
        ),
      );
    }
  }
  return out;
}
