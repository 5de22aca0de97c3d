/**
 * Hosts of VirtualServices that name nothing the mesh knows:
 * - IST0101 ReferencedResourceNotFound for a route or mirror destination whose host is no service
 *   (virtualservice/destinationhosts.go @ 0a617ca985f9d14a1471a674cad42175c37959be analyzeVirtualService: "Referenced host not found"). The
 *   routes a caller of the scenario takes are checked at load already (istio/mesh.ts) — that is
 *   an error before anything runs — so what is left here are routes no caller takes yet.
 * - MS0111: a host in `spec.hosts` of a mesh-bound VirtualService that matches no service: its
 *   routes apply to no call (Istio has no analyzer for it: a VirtualService may name any host).
 * Hosts resolve as the simulator resolves a destination (istio/hosts.ts fqdn: `name.namespace`
 * works), and a ServiceEntry host counts as known.
 */
import type { Diagnostic, FieldPath } from '../../model/diagnostics.js';
import { fqdn, resolveConfigHost } from '../../istio/hosts.js';
import { finding, type AnalysisContext } from '../context.js';
import { didYouMean, isKnownHost, registryHosts } from '../registry-hosts.js';

export function virtualServiceHosts(ctx: AnalysisContext): Diagnostic[] {
  const known = registryHosts(ctx.scenario);
  const domain = ctx.scenario.istio.domainSuffix;
  const out: Diagnostic[] = [];
  for (const vs of ctx.scenario.istio.virtualServices) {
    if (vs.appliesToMesh) {
      (vs.spec.hosts ?? []).forEach((h, i) => {
        const host = resolveConfigHost(h, vs.namespace, domain);
        if (isKnownHost(host, known)) return;
        out.push(finding('MS0111', ctx.inResource(vs, ['spec', 'hosts', i]), `host ${h} of VirtualService ${vs.namespace}/${vs.name} matches no service of the scenario nor a ServiceEntry host: its routes apply to no call${didYouMean(host, known)}`));
      });
    }
    const destinations: { host: string; path: FieldPath; what: string }[] = [];
    for (const kind of ['http', 'tcp', 'tls'] as const) {
      (vs.spec[kind] ?? []).forEach((route, i) => {
        (route.route ?? []).forEach((d, j) => destinations.push({ host: d.destination.host, path: ['spec', kind, i, 'route', j, 'destination', 'host'], what: 'host' }));
      });
    }
    (vs.spec.http ?? []).forEach((route, i) => {
      if (route.mirror) destinations.push({ host: route.mirror.host, path: ['spec', 'http', i, 'mirror', 'host'], what: 'mirror host' });
      (route.mirrors ?? []).forEach((m, j) => destinations.push({ host: m.destination.host, path: ['spec', 'http', i, 'mirrors', j, 'destination', 'host'], what: 'mirror host' }));
    });
    for (const d of destinations) {
      const host = fqdn(d.host, vs.namespace, domain);
      if (isKnownHost(host, known) || isKnownHost(resolveConfigHost(d.host, vs.namespace, domain), known)) continue;
      out.push(finding('IST0101', ctx.inResource(vs, d.path), `Referenced ${d.what} not found: "${d.host}" (no service of the scenario nor ServiceEntry host is ${host}; no caller of the scenario takes this route yet)${didYouMean(host, known)}`));
    }
  }
  return out;
}
