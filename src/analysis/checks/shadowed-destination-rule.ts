/**
 * MS0109 ShadowedDestinationRule: a DestinationRule whose host matches a service the scenario
 * calls, but which no caller of that service gets, because another rule wins — a more specific
 * host in the same namespace, or a rule earlier on the caller's lookup path (its own namespace,
 * then the service's, then the root namespace: push_context.go destinationRule). Istio merges
 * rules only of one namespace and one host (destination_rule.go mergeDestinationRule), so what only
 * the shadowed rule sets (outlierDetection, a load balancer, subsets) is lost for that service —
 * e.g. a namespace-wide `*.ns.svc.cluster.local` rule with outlierDetection and a per-service rule
 * with only subsets: the service gets no outlier detection.
 *
 * Reported only when the shadowed rule sets something the winning rule lacks (a complete override
 * is intended).
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { hostMatches } from '../../istio/hosts.js';
import type { LoadedDestinationRule } from '../../istio/destination-rule.js';
import type { EffectiveDestinationRule } from '../../istio/lookup.js';
import { finding, listOf, type AnalysisContext } from '../context.js';

const POLICY_KEYS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'hasTls'] as const;
const KEY_NAME: Record<(typeof POLICY_KEYS)[number], string> = { loadBalancer: 'loadBalancer', connectionPool: 'connectionPool', outlierDetection: 'outlierDetection', hasTls: 'tls' };

const id = (r: LoadedDestinationRule) => `${r.namespace}/${r.name}`;
const includes = (applied: EffectiveDestinationRule, r: LoadedDestinationRule) => applied.order === r.order || (applied.mergedFrom ?? []).some((m) => m.order === r.order);

/** What `shadowed` sets that `winner` does not: top-level traffic policy blocks and subsets. */
function lost(shadowed: LoadedDestinationRule, winner: EffectiveDestinationRule): string[] {
  const out: string[] = [];
  for (const k of POLICY_KEYS) if (shadowed.trafficPolicy?.[k] !== undefined && shadowed.trafficPolicy[k] !== false && winner.trafficPolicy?.[k] === undefined) out.push(KEY_NAME[k]);
  if ((shadowed.trafficPolicy?.portLevelSettings.length ?? 0) > 0 && (winner.trafficPolicy?.portLevelSettings.length ?? 0) === 0) out.push('portLevelSettings');
  const subsets = shadowed.subsets.filter((s) => !winner.subsets.some((w) => w.name === s.name)).map((s) => `subset ${s.name}`);
  return [...out, ...subsets];
}

export function shadowedDestinationRule(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const istio = s.istio;
  // The namespaces each service is called from.
  const namespaces = new Map<number, string[]>();
  for (const c of ctx.callers) {
    for (const wc of c.route.clusters) {
      const list = namespaces.get(wc.cluster.service) ?? [];
      if (!list.includes(c.node.namespace)) list.push(c.node.namespace);
      namespaces.set(wc.cluster.service, list);
    }
  }
  const usesOf = new Map<number, { ns: string; applied: EffectiveDestinationRule | undefined }[]>();
  const uses = (svc: number) => {
    let u = usesOf.get(svc);
    if (u === undefined) usesOf.set(svc, (u = (namespaces.get(svc) ?? []).map((ns) => ({ ns, applied: ctx.destinationRule(svc, ns) }))));
    return u;
  };
  const out: Diagnostic[] = [];
  for (const dr of istio.destinationRules) {
    for (let svc = 0; svc < s.services.length; svc++) {
      const host = s.services[svc].fqdn;
      if (!hostMatches(dr.host, host)) continue;
      if (!namespaces.has(svc)) continue;
      const used = uses(svc);
      if (used.some((u) => u.applied !== undefined && includes(u.applied, dr))) continue;
      const winner = used.find((u) => u.applied !== undefined);
      if (winner?.applied === undefined) continue;
      const missing = lost(dr, winner.applied);
      if (missing.length === 0) continue;
      const w = winner.applied;
      const why =
        w.namespace === dr.namespace
          ? `its host ${w.host} is more specific than ${dr.host}`
          : `callers look up rules in their own namespace (${winner.ns}) first, then the service's (${s.services[svc].namespace}), then ${istio.rootNamespace}`;
      out.push(
        finding(
          'MS0109',
          ctx.inResource(dr, ['spec', 'host']),
          `DestinationRule ${id(dr)} never applies to ${host}: callers in ${winner.ns} get ${id(w)} instead (${why}), and Istio does not merge rules across hosts or namespaces, so ${host} gets none of this rule's ${listOf(missing)}`,
          `move ${listOf(missing)} into ${id(w)}, or delete ${id(dr)}`,
        ),
      );
    }
  }
  return out;
}
