/**
 * meshsim's own checks on Istio resources: duplicate or conflicting DestinationRules for one host
 * (MS0110 merged at load, MS0109 shadowed) and VirtualService hosts that match nothing (MS0111).
 */
import { describe, expect, it } from 'vitest';
import { base, dr, load, OD, vs, withCode, type Doc } from './fixtures.js';

const withPolicies = (...policies: Doc[]): Doc => ({ ...base(), policies });

describe('MS0110 MergedDestinationRule (coded at load)', () => {
  it('two rules for one host in one namespace: the later top-level trafficPolicy and duplicate subsets are dropped', () => {
    const doc = withPolicies(
      dr('a', { host: 'web', trafficPolicy: { outlierDetection: OD }, subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      dr('b', { host: 'web', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } }, subsets: [{ name: 'v1', labels: { version: 'v2' } }] }),
    );
    const merged = load(doc).warnings.filter((d) => d.code === 'MS0110');
    expect(merged.map((d) => d.path)).toEqual(['spec.trafficPolicy', 'spec.subsets[0].name']);
    expect(merged[0].message).toMatch(/Istio keeps the top-level trafficPolicy of shop\/a/);
  });

  it('rules for one host that complement each other merge without loss', () => {
    const doc = withPolicies(dr('a', { host: 'web', trafficPolicy: { outlierDetection: OD } }), dr('b', { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }));
    expect(load(doc).warnings.filter((d) => d.code === 'MS0110')).toEqual([]);
  });
});

describe('MS0109 ShadowedDestinationRule', () => {
  it('a namespace-wide rule with outlierDetection loses to a per-service rule with only subsets: the service gets no outlier detection', () => {
    const doc = withPolicies(dr('all', { host: '*.shop.svc.cluster.local', trafficPolicy: { outlierDetection: OD } }), dr('web', { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }));
    const [f, ...rest] = withCode(doc, 'MS0109');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', path: 'spec.host' });
    expect(f.message).toMatch(/DestinationRule shop\/all never applies to web\.shop\.svc\.cluster\.local: callers in shop get shop\/web instead \(its host web\.shop\.svc\.cluster\.local is more specific/);
    expect(f.message).toMatch(/gets none of this rule's outlierDetection$/);
    expect(f.hint).toBe('move outlierDetection into shop/web, or delete shop/all');
  });

  it('a rule in the caller\'s namespace wins over the service\'s namespace rule', () => {
    const doc = withPolicies(dr('web', { host: 'web.shop.svc.cluster.local', trafficPolicy: { outlierDetection: OD } }), dr('web-client', { host: 'web.shop.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } }, 'client'));
    doc.traffic[0].namespace = 'client';
    const [f] = withCode(doc, 'MS0109');
    expect(f.message).toMatch(/callers look up rules in their own namespace \(client\) first, then the service's \(shop\)/);
  });

  it('a complete override (the winner sets everything the other does) is not reported', () => {
    const doc = withPolicies(dr('all', { host: '*.shop.svc.cluster.local', trafficPolicy: { outlierDetection: OD } }), dr('web', { host: 'web', trafficPolicy: { outlierDetection: OD } }));
    expect(withCode(doc, 'MS0109')).toEqual([]);
  });
});

describe('MS0111 VirtualServiceHostNotFound', () => {
  const route = { http: [{ route: [{ destination: { host: 'web' } }] }] };
  it('a mistyped host: the VirtualService applies to no call', () => {
    const doc = withPolicies(vs('web', { hosts: ['wbe'], ...route }));
    const [f] = withCode(doc, 'MS0111');
    expect(f).toMatchObject({ severity: 'warning', path: 'spec.hosts[0]' });
    expect(f.message).toMatch(/host wbe of VirtualService shop\/web matches no service of the scenario nor a ServiceEntry host: its routes apply to no call \(did you mean web\.shop\.svc\.cluster\.local\?\)/);
  });

  it('the short name, the FQDN and a wildcard over the service match; a gateway-only VirtualService is not checked', () => {
    const doc = withPolicies(vs('a', { hosts: ['web'], ...route }), vs('b', { hosts: ['*.shop.svc.cluster.local'], ...route }, 'other'), vs('c', { hosts: ['shop.example.com'], gateways: ['istio-system/ingress'], ...route }, 'third'));
    expect(withCode(doc, 'MS0111')).toEqual([]);
  });
});
