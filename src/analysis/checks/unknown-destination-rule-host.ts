/**
 * IST0174 UnknownDestinationRuleHost: a DestinationRule whose host matches no service. Istio's
 * analyzer: destinationrule/subset.go @ 049002dbb27bd582cd8a2dd29f92a2aa420f05f9 (PodNotSelectedAnalyzer reports it when
 * util.GetDestinationHost finds nothing), message template from msg/messages.yaml. The silent
 * mistake it catches: a typo in `spec.host` leaves the rule — and its outlierDetection — unused,
 * and the run looks like one without it.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { finding, type AnalysisContext } from '../context.js';
import { didYouMean, isKnownHost, registryHosts } from '../registry-hosts.js';

export function unknownDestinationRuleHost(ctx: AnalysisContext): Diagnostic[] {
  const known = registryHosts(ctx.scenario);
  const out: Diagnostic[] = [];
  for (const dr of ctx.scenario.istio.destinationRules) {
    if (isKnownHost(dr.host, known)) continue;
    const resolved = dr.host !== dr.spec.host ? ` (resolved in namespace ${dr.namespace} to ${dr.host})` : '';
    const unused = dr.trafficPolicy || dr.subsets.length > 0 ? '; its traffic policy and subsets apply to no call' : '';
    out.push(finding('IST0174', ctx.inResource(dr, ['spec', 'host']), `The host ${dr.spec.host} defined in the DestinationRule does not match any services in the mesh${resolved}${unused}${didYouMean(dr.host, known)}.`));
  }
  return out;
}
