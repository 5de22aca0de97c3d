/**
 * Which DestinationRule / VirtualService applies to a call: Istio's namespace precedence, host
 * specificity and exportTo (pilot/pkg/model/push_context.go destinationRule,
 * getExportedDestinationRuleFromNamespace; config.go MostSpecificHostMatch;
 * destination_rule.go mergeDestinationRule; VirtualServicesForGateway).
 */
import { describe, expect, test } from 'vitest';
import { findDestinationRule, findVirtualService, fqdn, resolveConfigHost, resolveTrafficPolicy } from '../../src/istio/resources.js';
import { load } from './resources-fixtures.js';

const SVC = 'helloworld.sample.svc.cluster.local';

function dr(name: string, ns: string, host: string, extra = ''): string {
  return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  host: "${host}"\n${extra}---\n`;
}

function vs(name: string, ns: string, hosts: string[], dest: string, extra = ''): string {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  hosts: [${hosts.map((h) => `"${h}"`).join(', ')}]\n${extra}  http:\n  - route:\n    - destination:\n        host: ${dest}\n---\n`;
}

const found = (text: string, caller: string, service = SVC) => {
  const { res, errors } = load(text);
  expect(errors).toEqual([]);
  const r = findDestinationRule(res, service, caller);
  return r && `${r.namespace}/${r.name}`;
};

describe('findDestinationRule: namespace precedence (push_context.go destinationRule)', () => {
  const all = dr('in-caller', 'frontend', SVC) + dr('in-service', 'sample', SVC) + dr('in-root', 'istio-system', SVC);

  test('step 1: a rule in the caller namespace wins over the service and root namespaces', () => {
    expect(found(all, 'frontend')).toBe('frontend/in-caller');
  });

  test('step 3: else the service namespace (from the service FQDN)', () => {
    expect(found(all, 'backend')).toBe('sample/in-service');
  });

  test('step 4: else the root namespace istio-system', () => {
    expect(found(dr('in-root', 'istio-system', SVC) + dr('other', 'other', SVC), 'backend')).toBe('istio-system/in-root');
  });

  test('namespace comes before specificity: a caller-namespace wildcard beats a service-namespace exact host', () => {
    expect(found(dr('wild', 'frontend', '*.sample.svc.cluster.local') + dr('exact', 'sample', SVC), 'frontend')).toBe('frontend/wild');
  });

  test('a short host is resolved in the rule namespace, not the service one (ResolveShortnameToFQDN)', () => {
    // "helloworld" in namespace frontend means helloworld.frontend.svc.cluster.local: no match for the sample service
    expect(found(dr('short', 'frontend', 'helloworld') + dr('in-service', 'sample', 'helloworld'), 'frontend')).toBe('sample/in-service');
  });

  test('no rule anywhere: undefined', () => {
    expect(found(dr('other', 'sample', 'other.sample.svc.cluster.local'), 'frontend')).toBeUndefined();
  });
});

describe('findDestinationRule: host specificity (config.go MostSpecificHostMatch)', () => {
  test('exact host before wildcards, then the most specific wildcard', () => {
    const wilds = dr('any', 'sample', '*') + dr('svc', 'sample', '*.svc.cluster.local') + dr('ns', 'sample', '*.sample.svc.cluster.local');
    expect(found(wilds + dr('exact', 'sample', SVC), 'sample')).toBe('sample/exact');
    expect(found(wilds, 'sample')).toBe('sample/ns');
    expect(found(dr('any', 'sample', '*') + dr('svc', 'sample', '*.svc.cluster.local'), 'sample')).toBe('sample/svc');
    expect(found(dr('any', 'sample', '*'), 'sample')).toBe('sample/any');
  });
});

describe('findDestinationRule: exportTo (getExportedDestinationRuleFromNamespace)', () => {
  test('a rule exported only to its namespace is not seen from another namespace', () => {
    const text = dr('private', 'sample', SVC, '  exportTo: ["."]\n') + dr('in-root', 'istio-system', SVC);
    expect(found(text, 'frontend')).toBe('istio-system/in-root');
    expect(found(text, 'sample')).toBe('sample/private');
  });

  test('a rule exported to the caller namespace by name is seen', () => {
    expect(found(dr('shared', 'sample', SVC, '  exportTo: [frontend]\n'), 'frontend')).toBe('sample/shared');
    expect(found(dr('shared', 'sample', SVC, '  exportTo: [frontend]\n'), 'other')).toBeUndefined();
  });

  test('the most specific exported rule is chosen before the visibility check: a hidden best match hides the others', () => {
    // Istio picks the exact-host rule (exported to "backend" only), finds it invisible to "frontend",
    // and does not fall back to the wildcard rule of the same namespace; the root rule applies.
    const text = dr('exact', 'sample', SVC, '  exportTo: [backend]\n') + dr('wild', 'sample', '*.sample.svc.cluster.local') + dr('root', 'istio-system', SVC);
    expect(found(text, 'frontend')).toBe('istio-system/root');
    expect(found(text, 'backend')).toBe('sample/exact');
  });
});

describe('findDestinationRule: rules for the same host are merged (destination_rule.go mergeDestinationRule)', () => {
  test('subsets are concatenated, the first top-level policy is kept, and the loser is warned about', () => {
    const text =
      dr('first', 'sample', SVC, '  trafficPolicy:\n    loadBalancer:\n      simple: RANDOM\n  subsets:\n  - name: v1\n    labels: {version: v1}\n') +
      dr('second', 'sample', SVC, '  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n  subsets:\n  - name: v1\n    labels: {version: other}\n  - name: v2\n    labels: {version: v2}\n');
    const { res, errors, warnings } = load(text, 'merge.yaml');
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(['spec.trafficPolicy', 'spec.subsets[0].name']);
    expect(warnings[0].message).toMatch(/Istio keeps the top-level trafficPolicy of sample\/first/);
    const merged = findDestinationRule(res, SVC, 'sample');
    expect(merged?.name).toBe('first');
    expect(merged?.subsets.map((s) => [s.name, s.labels.version])).toEqual([['v1', 'v1'], ['v2', 'v2']]);
    expect(merged?.mergedFrom?.map((r) => r.name)).toEqual(['first', 'second']);
    expect(resolveTrafficPolicy(merged, 'v2').simple).toBe('RANDOM');
  });
});

describe('findVirtualService', () => {
  const callee = 'reviews.sample.svc.cluster.local';

  test('an exact host beats a wildcard host, whatever the order', () => {
    const text = vs('wild', 'sample', ['*.sample.svc.cluster.local'], 'ratings') + vs('exact', 'sample', ['reviews'], 'details');
    const { res } = load(text);
    expect(findVirtualService(res, callee, 'sample')?.virtualService.name).toBe('exact');
    expect(findVirtualService(res, 'other.sample.svc.cluster.local', 'sample')).toMatchObject({ host: '*.sample.svc.cluster.local' });
  });

  test('the caller namespace private VirtualService comes before a public one for the same host', () => {
    const text = vs('public', 'sample', [callee], 'ratings') + vs('private', 'frontend', [callee], 'details', '  exportTo: ["."]\n');
    const { res } = load(text);
    expect(findVirtualService(res, callee, 'frontend')?.virtualService.name).toBe('private');
    expect(findVirtualService(res, callee, 'backend')?.virtualService.name).toBe('public');
  });

  test('a VirtualService bound only to a gateway does not apply to sidecars', () => {
    const text = vs('gw-only', 'sample', [callee], 'ratings', '  gateways: [istio-system/ingressgateway]\n');
    const { res, warnings } = load(text);
    expect(warnings.map((w) => w.path)).toEqual(['spec.gateways']);
    expect(findVirtualService(res, callee, 'sample')).toBeUndefined();
  });
});

describe('host names', () => {
  test('fqdn: call targets as the Kubernetes DNS search path resolves them', () => {
    expect(fqdn('helloworld', 'sample')).toBe(SVC);
    expect(fqdn('helloworld.sample', 'other')).toBe(SVC);
    expect(fqdn('helloworld.sample.svc', 'other')).toBe(SVC);
    expect(fqdn(`${SVC}.`, 'other')).toBe(SVC);
    expect(fqdn('api.example.com', 'sample')).toBe('api.example.com');
    expect(fqdn('*.sample.svc.cluster.local', 'x')).toBe('*.sample.svc.cluster.local');
  });

  test('resolveConfigHost: Istio expands only names without a dot (ResolveShortnameToFQDN)', () => {
    expect(resolveConfigHost('helloworld', 'sample')).toBe(SVC);
    expect(resolveConfigHost('helloworld.sample', 'x')).toBe('helloworld.sample');
    expect(resolveConfigHost('*', 'x')).toBe('*');
  });

  test('a "name.namespace" host in a resource is warned about, since Istio does not expand it', () => {
    const { res, warnings } = load(dr('dotted', 'frontend', 'helloworld.sample'));
    expect(warnings).toEqual([expect.objectContaining({ path: 'spec.host', line: 7 })]);
    expect(warnings[0].message).toMatch(/not expanded by Istio/);
    expect(findDestinationRule(res, SVC, 'frontend')).toBeUndefined();
  });
});
