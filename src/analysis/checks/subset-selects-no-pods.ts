/**
 * IST0173 DestinationRuleSubsetNotSelectPods: a subset whose labels select no pod. Istio's
 * analyzer: destinationrule/subset.go @ 049002dbb27bd582cd8a2dd29f92a2aa420f05f9 PodNotSelectedAnalyzer (the subset's labels, merged with
 * the service's selector, against every pod's labels plus its node's topology labels). Here the
 * pods are the scenario's deployments with replicas, labelled as meshsim labels endpoints
 * (`app: <service>`, the deployment's labels, topology labels).
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { hostMatches } from '../../istio/hosts.js';
import { finding, selects, type AnalysisContext } from '../context.js';

/** The distinct workload labels of the pods of `services` (at most a few, for the message). */
function labelSets(ctx: AnalysisContext, services: readonly number[]): string {
  const s = ctx.scenario;
  const sets = new Set<string>();
  for (const i of services) {
    for (const d of s.services[i].deployments) {
      if (d.replicas > 0) sets.add(JSON.stringify({ app: s.services[i].name, ...d.labels }));
      if (sets.size > 5) return `${[...sets].slice(0, 5).join(', ')}, …`;
    }
  }
  return sets.size > 0 ? [...sets].join(', ') : 'none (no deployment has replicas)';
}

export function subsetSelectsNoPods(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const out: Diagnostic[] = [];
  for (const dr of s.istio.destinationRules) {
    const services = s.services.map((_, i) => i).filter((i) => hostMatches(dr.host, s.services[i].fqdn));
    // A host that is no service is IST0174's finding.
    if (services.length === 0 || dr.subsets.length === 0) continue;
    let carried: string | undefined;
    for (const subset of dr.subsets) {
      if (services.some((i) => ctx.replicas(i, subset.labels) > 0)) continue;
      const idle = services.some((i) => ctx.podsOf[i].some((p) => p.replicas === 0 && selects(subset.labels, p.labels)));
      carried ??= labelSets(ctx, services);
      const why = idle ? `the deployments with these labels have 0 replicas` : `no pod carries ${JSON.stringify(subset.labels)}; the pods' labels are ${carried}`;
      const at = Object.keys(subset.labels).length > 0 ? ['spec', 'subsets', subset.index, 'labels'] : ['spec', 'subsets', subset.index, 'name'];
      out.push(finding('IST0173', ctx.inResource(dr, at), `The Subset ${subset.name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). (${why})`));
    }
  }
  return out;
}
