/**
 * MS0104 NetworkWithoutGateway: callers in one network reach pods in another network that has no
 * east-west gateway. Istio's split-horizon EDS sends such endpoints as they are
 * (ep_filters.go EndpointsByNetworkFilter: no gateway for the endpoint's network ⇒ the endpoint
 * itself; no gateway in any network ⇒ multi-network is off and every endpoint is sent as is;
 * xds/split-horizon.ts reproduces it). The run then treats the networks as one flat network —
 * pods connecting straight across — which pods on really separate networks cannot do.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { finding, listOf, selects, type AnalysisContext } from '../context.js';

export function networkWithoutGateway(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const hasGateway = (mesh: string, network: string) => s.gateways.some((g) => g.kind === 'eastwest' && g.network === network && ctx.meshOf(g.cluster) === mesh);
  const meshHasGateways = (mesh: string) => s.gateways.some((g) => g.kind === 'eastwest' && ctx.meshOf(g.cluster) === mesh);
  // (mesh, remote network) → the clusters reached there and the networks calling in.
  const found = new Map<string, { mesh: string; network: string; clusters: Set<string>; from: Set<string> }>();
  for (const c of ctx.callers) {
    if (c.mesh === '') continue;
    for (const wc of c.route.clusters) {
      const svc = s.services[wc.cluster.service];
      for (const p of ctx.podsOf[wc.cluster.service]) {
        const d = svc.deployments[p.deployment];
        if (d.replicas === 0 || d.network === c.node.network || ctx.meshOf(d.cluster) !== c.mesh) continue;
        if (!selects(wc.cluster.subsetLabels, p.labels) || hasGateway(c.mesh, d.network)) continue;
        const key = `${c.mesh}\u0000${d.network}`;
        const entry = found.get(key) ?? { mesh: c.mesh, network: d.network, clusters: new Set(), from: new Set() };
        entry.clusters.add(d.cluster);
        entry.from.add(c.node.network);
        found.set(key, entry);
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const e of found.values()) {
    const cluster = [...e.clusters][0];
    const k = s.clusters.findIndex((c) => c.name === cluster);
    const callers = listOf([...e.from].sort());
    const message = meshHasGateways(e.mesh)
      ? `network ${e.network} (cluster${e.clusters.size === 1 ? '' : 's'} ${listOf([...e.clusters])}) has no east-west gateway: callers in ${callers} reach its pods directly (Istio sends the endpoints of a network without gateways as they are), as if the networks were one flat network`
      : `no network of the mesh has an east-west gateway, so Istio treats ${callers} and ${e.network} as one flat network: callers in ${callers} reach the pods in cluster${e.clusters.size === 1 ? '' : 's'} ${listOf([...e.clusters])} directly`;
    out.push(finding('MS0104', ctx.inScenario(['clusters', k, 'network']), message, `add an east-west gateway in network ${e.network} (gateways: [{cluster: ${cluster}, kind: eastwest}]), or put the clusters on one network if their pods do reach each other`));
  }
  return out;
}
