/**
 * A DestinationRule read as Istio reads it: CRD schema (dr-schema.ts), then the webhook's
 * ValidateDestinationRule (pkg/config/validation/validation.go), then the simulated model.
 */
import { validateExportTo } from './export-to.js';
import type { ResourceMeta } from './envelope.js';
import { DestinationRuleSpecSchema, type DestinationRuleSpec } from './dr-schema.js';
import { resolveConfigHost } from './hosts.js';
import { isDns1123Label, validateLabels, validateWildcardDomain } from './names.js';
import { reportZodIssues, type Reporter } from './report.js';
import { validateTrafficPolicy } from './traffic-policy-validate.js';
import type { TrafficPolicyModel } from './traffic-policy-model.js';
import { warnUnsimulatedDestinationRule } from './unsimulated.js';

export interface LoadedSubset {
  name: string;
  /** Endpoint labels the subset selects (all must match); empty selects every endpoint. */
  labels: Record<string, string>;
  trafficPolicy?: TrafficPolicyModel;
  /** Index in `spec.subsets` of the DestinationRule that defines it. */
  index: number;
}

export interface LoadedDestinationRule extends ResourceMeta {
  kind: 'DestinationRule';
  /** The spec as written (Istio field names), schema-checked. */
  spec: DestinationRuleSpec;
  /** `spec.host` resolved with the rule's namespace (model.ResolveShortnameToFQDN). */
  host: string;
  exportTo: string[];
  trafficPolicy?: TrafficPolicyModel;
  subsets: LoadedSubset[];
}

/** A host like `reviews.prod`: Istio does not expand it, which is rarely what the author meant. */
export function warnDottedShortName(host: string, path: (string | number)[], report: Reporter, domain: string): void {
  const labels = host.split('.');
  if (!host.startsWith('*') && labels.length === 2 && labels.every(isDns1123Label)) {
    report.warning(path, `"${host}" is not expanded by Istio (only names without a dot are); it matches the literal host "${host}", not ${host}.svc.${domain}`);
  }
}

/** validation.go validateWorkloadSelector. */
function validateSelector(labels: Record<string, string> | undefined, report: Reporter): void {
  const path = ['spec', 'workloadSelector', 'matchLabels'];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === '') report.error(path, `empty key is not supported in selector: "${k}=${v}"`);
    if (k.includes('*') || v.includes('*')) report.error([...path, k], `wildcard is not supported in selector: "${k}=${v}"`);
  }
  if (Object.keys(labels ?? {}).length === 0) report.warning(['spec', 'workloadSelector'], 'workload selector specified without labels');
}

/** Reads one DestinationRule; undefined when its spec does not pass the CRD schema. */
export function loadDestinationRule(
  meta: ResourceMeta,
  rawSpec: Record<string, unknown>,
  report: Reporter,
  domain: string,
): LoadedDestinationRule | undefined {
  const parsed = DestinationRuleSpecSchema.safeParse(rawSpec, { reportInput: true });
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, ['spec'], DestinationRuleSpecSchema, report);
    return undefined;
  }
  const spec = parsed.data;
  // ValidateDestinationRule: agent.ValidateWildcardDomain(rule.Host)
  const hostError = validateWildcardDomain(spec.host);
  if (hostError !== undefined) report.error(['spec', 'host'], hostError);
  warnDottedShortName(spec.host, ['spec', 'host'], report, domain);
  // ValidateDestinationRule: validateTrafficPolicy(rule.TrafficPolicy)
  const trafficPolicy = spec.trafficPolicy && validateTrafficPolicy(spec.trafficPolicy, ['spec', 'trafficPolicy'], report);
  const names = new Set<string>();
  const subsets: LoadedSubset[] = [];
  (spec.subsets ?? []).forEach((s, i) => {
    const path = ['spec', 'subsets', i];
    // ValidateDestinationRule: "duplicate subset names"
    if (names.has(s.name)) report.error([...path, 'name'], `duplicate subset names: ${s.name}`);
    names.add(s.name);
    // validateSubset → validateSubsetName: non-empty DNS-1123 label
    if (s.name === '') report.error([...path, 'name'], 'subset name cannot be empty');
    else if (!isDns1123Label(s.name)) report.error([...path, 'name'], `subset name is invalid: ${s.name}`);
    // validateSubset → labels.Instance(subset.Labels).Validate()
    for (const m of validateLabels(s.labels ?? {})) report.error([...path, 'labels'], m);
    // destination_rule.proto Subset: labels are "typically required"; none selects every endpoint
    if (Object.keys(s.labels ?? {}).length === 0) report.warning([...path], `subset "${s.name}" has no labels, so it selects every endpoint of the service`);
    const tp = s.trafficPolicy && validateTrafficPolicy(s.trafficPolicy, [...path, 'trafficPolicy'], report);
    subsets.push({ name: s.name, labels: s.labels ?? {}, ...(tp ? { trafficPolicy: tp } : {}), index: i });
  });
  // ValidateDestinationRule: validateExportTo(…, isDestinationRuleWithSelector)
  validateExportTo(spec.exportTo, meta.namespace, ['spec', 'exportTo'], report, { workloadSelector: spec.workloadSelector !== undefined });
  if (spec.workloadSelector !== undefined) validateSelector(spec.workloadSelector.matchLabels, report);
  warnUnsimulatedDestinationRule(spec, report);
  return {
    ...meta,
    kind: 'DestinationRule',
    spec,
    host: resolveConfigHost(spec.host, meta.namespace, domain),
    // push_context.go setDestinationRules: a rule with workloadSelector is private to its namespace
    exportTo: spec.workloadSelector !== undefined ? ['.'] : (spec.exportTo ?? []),
    ...(trafficPolicy ? { trafficPolicy } : {}),
    subsets,
  };
}
