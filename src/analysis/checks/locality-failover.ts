/**
 * MS0106 LocalityFailoverWithoutOutlierDetection / MS0107 LocalityFailoverOff: a locality setting
 * whose failover Istio drops because the DestinationRule has no outlierDetection.
 *
 * Istio applies the failover priorities of a locality setting — the default region → zone →
 * subzone ladder, `failover`, `failoverPriority` — only when the DestinationRule has
 * outlierDetection (cluster_traffic_policy.go applyLocalityLoadBalancer; without it Envoy could not
 * tell that a locality failed), unless a Service trafficDistribution forces it. Without it every
 * endpoint is at priority 0 and traffic spreads across localities: the most common surprise of
 * Istio's multi-cluster tutorial (≈50/50 across regions). MeshConfig `defaultTrafficPolicy`'s
 * outlierDetection ejects hosts but does not turn failover on (reference §1.10).
 *
 * The cluster each caller gets is the simulator's own (xds/cluster.ts envoyCluster via the
 * translator): `enableFailover` false with a locality setting that is not `distribute` (which
 * always applies) is the case. Reported only when the endpoints span several localities (else
 * there is nothing to fail over to), and not when Istio 1.31 self-discovery lets Envoy's zone-aware
 * routing prefer the local zone anyway. MS0106 (warning) when the setting names `failover` or
 * `failoverPriority` — the author clearly meant failover; MS0107 (info) for the default or
 * `{enabled: true}`.
 */
import type { Diagnostic, FieldPath } from '../../model/diagnostics.js';
import type { LoadedDestinationRule } from '../../istio/destination-rule.js';
import { istioBehaviour } from '../../xds/istio-behaviour.js';
import { finding, listOf, selects, type AnalysisContext, type Caller, type Where } from '../context.js';

export const LOCALITY_CODES = ['MS0106', 'MS0107'] as const;

/** Where a DestinationRule writes the localityLbSetting a cluster of `subset` gets (subset level first). */
function settingPath(dr: LoadedDestinationRule, subset: string | undefined): FieldPath | undefined {
  const policies: [FieldPath, { loadBalancer?: { localityLbSetting?: unknown }; portLevelSettings?: { loadBalancer?: { localityLbSetting?: unknown } }[] } | undefined][] = [];
  const si = (dr.spec.subsets ?? []).findIndex((s) => s.name === subset);
  if (si >= 0) policies.push([['spec', 'subsets', si, 'trafficPolicy'], dr.spec.subsets?.[si].trafficPolicy]);
  policies.push([['spec', 'trafficPolicy'], dr.spec.trafficPolicy]);
  for (const [path, tp] of policies) {
    if (tp?.loadBalancer?.localityLbSetting !== undefined) return [...path, 'loadBalancer', 'localityLbSetting'];
    const p = (tp?.portLevelSettings ?? []).findIndex((x) => x.loadBalancer?.localityLbSetting !== undefined);
    if (p >= 0) return [...path, 'portLevelSettings', p, 'loadBalancer', 'localityLbSetting'];
  }
  return undefined;
}

/** "regions a and b" (or zones, or subzones): the widest level at which the endpoints differ. */
function spread(localities: { region: string; zone: string; subzone: string }[]): string | undefined {
  for (const [level, key] of [['regions', (l: (typeof localities)[number]) => l.region], ['zones', (l: (typeof localities)[number]) => l.zone], ['subzones', (l: (typeof localities)[number]) => l.subzone]] as const) {
    const values = [...new Set(localities.map(key))].sort();
    if (values.length > 1) return `${level} ${listOf(values)}`;
  }
  return undefined;
}

/** One cluster whose locality failover Istio drops: the finding, and the short note the run summary prints. */
export interface LocalityCase {
  finding: Diagnostic;
  note: string;
}

export function localityFailover(ctx: AnalysisContext): Diagnostic[] {
  return localityFailoverCases(ctx).map((c) => c.finding);
}

export function localityFailoverCases(ctx: AnalysisContext): LocalityCase[] {
  const s = ctx.scenario;
  const istio = s.istio;
  const behaviour = istioBehaviour(s.istioVersion);
  // 1.31 self-discovery: every sidecar has a local cluster, and Envoy's zone-aware routing keeps traffic in its zone.
  if (behaviour.zoneAwareLbSetting && istio.meshConfig?.selfDiscovery === true) return [];
  const out: LocalityCase[] = [];
  const seen = new Set<string>();
  const report = (c: Caller, wc: Caller['route']['clusters'][number]) => {
    const cl = wc.cluster;
    const setting = cl.localityLbSetting;
    if (setting === undefined || cl.enableFailover || cl.zoneAwareLbSetting !== undefined || (setting.distribute?.length ?? 0) > 0) return;
    const svc = s.services[cl.service];
    const where = spread(ctx.podsOf[cl.service].filter((p) => p.replicas > 0 && selects(cl.subsetLabels, p.labels)).map((p) => svc.deployments[p.deployment]));
    if (where === undefined) return;
    const dr = ctx.destinationRule(cl.service, c.node.namespace);
    const explicit = (setting.failover?.length ?? 0) > 0 || (setting.failoverPriority?.length ?? 0) > 0;
    const code = explicit ? 'MS0106' : 'MS0107';
    const key = `${code}\u0000${dr ? `${dr.namespace}/${dr.name}` : `-${c.node.namespace}`}\u0000${cl.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const fromDr = dr ? settingPath(dr, cl.subset) : undefined;
    const target = `${svc.fqdn}${cl.subset ? ` (subset ${cl.subset})` : ''}`;
    const fields = [setting.failover?.length ? 'failover' : '', setting.failoverPriority?.length ? 'failoverPriority' : ''].filter((x) => x !== '').join(' and ');
    const meshSource = istio.meshConfig?.localityLbSetting !== undefined && fromDr === undefined ? `the MeshConfig (${istio.meshConfig.source.kind} ${istio.meshConfig.source.name})` : undefined;
    let cause: string;
    let at: Where;
    if (dr) {
      const origin = fromDr ? `its localityLbSetting` : meshSource ? `the localityLbSetting of ${meshSource}` : 'the mesh default localityLbSetting {enabled: true}';
      cause = explicit
        ? `the DestinationRule ${dr.namespace}/${dr.name} has no outlierDetection, so Istio drops the ${fields} of ${origin} (failover needs outlierDetection)`
        : `the DestinationRule ${dr.namespace}/${dr.name} has no outlierDetection, so Istio applies no failover priorities for ${origin}`;
      at = ctx.inResource(dr, fromDr ? (explicit ? [...fromDr, setting.failoverPriority?.length ? 'failoverPriority' : 'failover'] : fromDr) : dr.spec.trafficPolicy ? ['spec', 'trafficPolicy'] : ['spec', 'host']);
    } else {
      const origin = meshSource ? `the localityLbSetting${explicit ? ` ${fields}` : ''} of ${meshSource}` : 'the mesh default localityLbSetting {enabled: true}';
      cause = `no DestinationRule with outlierDetection applies to callers in ${c.node.namespace}, so Istio applies no failover priorities for ${origin}`;
      at = c.where;
    }
    const meshOd = cl.outlierDetection !== undefined ? ' (MeshConfig defaultTrafficPolicy\'s outlierDetection ejects hosts but does not turn failover on)' : '';
    const short = `${svc.name}.${svc.namespace}${cl.subset ? ` subset ${cl.subset}` : ''}`;
    const because = dr ? `the DestinationRule ${dr.namespace}/${dr.name} has no outlierDetection` : `no DestinationRule with outlierDetection applies to callers in ${c.node.namespace}`;
    out.push({
      finding: finding(code, at, `locality failover is off for ${target}: ${cause}${meshOd}; every endpoint is at priority 0 and traffic spreads across ${where} with no preference for the caller's locality`),
      note: `locality failover is off for ${short} because ${because}: traffic spreads across ${where} [${code}]`,
    });
  };
  for (const c of ctx.callers) for (const wc of c.route.clusters) report(c, wc);
  return out;
}
