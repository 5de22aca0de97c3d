/**
 * MS0101 ServiceWithoutReplicas: traffic reaches a service none of whose deployments has replicas.
 * Every such request fails with no_healthy_upstream (Envoy 503 UH): a run that "works" with 100%
 * failures. Followed as the simulator routes: a VirtualService may send a source's traffic to
 * another service than the one it names.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { finding, listOf, type AnalysisContext } from '../context.js';

export function serviceWithoutReplicas(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const senders = new Map<number, Set<string>>();
  for (const c of ctx.callers) {
    const who = c.kind === 'source' ? `${s.traffic[c.source].origin === 'users' ? 'users' : 'traffic source'} ${s.traffic[c.source].name}` : `service ${s.services[c.from!.service].name}`;
    for (const wc of c.route.clusters) {
      if (ctx.replicas(wc.cluster.service) > 0) continue;
      senders.set(wc.cluster.service, (senders.get(wc.cluster.service) ?? new Set()).add(who));
    }
  }
  const out: Diagnostic[] = [];
  for (const [svc, who] of [...senders].sort((a, b) => a[0] - b[0])) {
    const spec = s.services[svc];
    out.push(
      finding(
        'MS0101',
        ctx.inScenario(['services', svc, 'deployments']),
        `every request to ${spec.name}.${spec.namespace} fails (no_healthy_upstream): none of its ${spec.deployments.length} deployment${spec.deployments.length === 1 ? '' : 's'} has replicas, and it is called by ${listOf([...who])}`,
      ),
    );
  }
  return out;
}
