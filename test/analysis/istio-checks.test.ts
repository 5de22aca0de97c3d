/**
 * The analyzer's checks that Istio's own analyzer makes (istioctl analyze, pkg/config/analysis):
 * each with a scenario that triggers it and one that does not, and the code, level, position and
 * wording Istio uses (msg/messages.yaml).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/diagnostics.js';
import { base, dr, FILE, lineOf, load, OD, vs, withCode, type Doc } from './fixtures.js';

const withPolicies = (...policies: Doc[]): Doc => ({ ...base(), policies });

describe('IST0174 UnknownDestinationRuleHost', () => {
  it('a mistyped host: warning at spec.host, Istio\'s wording, and the service it probably meant', () => {
    const doc = withPolicies(dr('web', { host: 'wbe.shop.svc.cluster.local', trafficPolicy: { outlierDetection: OD } }));
    const [f, ...rest] = withCode(doc, 'IST0174');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', file: FILE, path: 'spec.host', line: lineOf(doc, 'host: wbe') });
    expect(f.message).toMatch(/^The host wbe\.shop\.svc\.cluster\.local defined in the DestinationRule does not match any services in the mesh/);
    expect(f.message).toMatch(/did you mean web\.shop\.svc\.cluster\.local\?/);
    expect(f.hint).toMatch(/spec\.host/);
  });

  it('a short name resolves in the rule\'s namespace: `web` in shop is the service, `web` in default is not', () => {
    expect(withCode(withPolicies(dr('web', { host: 'web' })), 'IST0174')).toEqual([]);
    const [f] = withCode(withPolicies(dr('web', { host: 'web' }, 'default')), 'IST0174');
    expect(f.message).toMatch(/resolved in namespace default to web\.default\.svc\.cluster\.local/);
  });

  it('the service\'s host, a wildcard over it and a ServiceEntry host are known', () => {
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'shop' }, spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'TLS' }], resolution: 'DNS', location: 'MESH_EXTERNAL' } };
    const doc = withPolicies(dr('a', { host: 'web.shop.svc.cluster.local' }), dr('b', { host: '*.shop.svc.cluster.local' }), se, dr('c', { host: 'api.example.com' }));
    expect(withCode(doc, 'IST0174')).toEqual([]);
  });
});

describe('IST0173 DestinationRuleSubsetNotSelectPods', () => {
  it('a subset whose labels no pod carries: error at its labels, with the labels the pods do carry', () => {
    const doc = withPolicies(dr('web', { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v3', labels: { version: 'v3' } }] }));
    const found = withCode(doc, 'IST0173');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', path: 'spec.subsets[1].labels', line: lineOf(doc, 'version: v3') - 1 });
    expect(found[0].message).toMatch(/^The Subset v3 defined in the DestinationRule does not select any pods\. Which may lead to 503 UH \(NoHealthyUpstream\)\./);
    expect(found[0].message).toContain('{"app":"web","version":"v1"}');
  });

  it('a subset whose pods all have 0 replicas selects no pod either', () => {
    const doc = withPolicies(dr('web', { host: 'web', subsets: [{ name: 'v2', labels: { version: 'v2' } }] }));
    doc.services[0].deployments[1].replicas = 0;
    expect(withCode(doc, 'IST0173')[0].message).toMatch(/deployments with these labels have 0 replicas/);
  });

  it('subsets on the deployments\' labels, `app` or a topology label select pods', () => {
    const doc = withPolicies(dr('web', { host: 'web', subsets: [{ name: 'v2', labels: { version: 'v2' } }, { name: 'all', labels: { app: 'web' } }, { name: 'r1', labels: { 'topology.kubernetes.io/region': 'r1' } }] }));
    expect(withCode(doc, 'IST0173')).toEqual([]);
  });
});

describe('IST0101 ReferencedResourceNotFound', () => {
  it('a route no caller takes to a host that is no service: error from the analyzer', () => {
    // The client matches the first route (sourceLabels app: client); the second route goes nowhere.
    const doc = withPolicies(vs('web', { hosts: ['web'], http: [{ match: [{ sourceLabels: { app: 'client' } }], route: [{ destination: { host: 'web' } }] }, { route: [{ destination: { host: 'wbe' } }] }] }));
    doc.traffic[0].labels = { app: 'client' };
    const [f] = withCode(doc, 'IST0101');
    expect(f).toMatchObject({ severity: 'error', path: 'spec.http[1].route[0].destination.host' });
    expect(f.message).toMatch(/^Referenced host not found: "wbe"/);
  });

  it('a route a caller takes to a missing host is an error at load, with the same code', () => {
    const doc = withPolicies(vs('web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'wbe' } }] }] }));
    try {
      load(doc);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics.find((d) => d.code === 'IST0101')?.message).toMatch(/Referenced host not found: "wbe\.shop\.svc\.cluster\.local"/);
    }
  });

  it('a subset no DestinationRule defines is an error at load with the same code (host+subset in destinationrule)', () => {
    const doc = withPolicies(vs('web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'v9' } }] }] }));
    expect(() => load(doc)).toThrow(InputError);
    try {
      load(doc);
    } catch (e) {
      const d = (e as InputError).diagnostics.filter((x) => x.code === 'IST0101');
      expect(d.map((x) => x.message).join('\n')).toMatch(/host\+subset in destinationrule not found: "web\+v9"/);
    }
  });

  it('routes to services of the scenario are fine', () => {
    const doc = withPolicies(vs('web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'web.shop.svc.cluster.local' } }] }] }));
    expect(withCode(doc, 'IST0101')).toEqual([]);
  });
});

describe('IST0109 ConflictingMeshGatewayVirtualServiceHosts', () => {
  const route = { http: [{ route: [{ destination: { host: 'web' } }] }] };
  it('two VirtualServices for the mesh with the same host: an error on each, naming both', () => {
    const doc = withPolicies(vs('a', { hosts: ['web'], ...route }), vs('b', { hosts: ['web.shop.svc.cluster.local'], ...route }));
    const found = withCode(doc, 'IST0109');
    expect(found.map((f) => f.path)).toEqual(['metadata.name', 'metadata.name']);
    expect(found[0]).toMatchObject({ severity: 'error' });
    expect(found[0].message).toMatch(/^The VirtualServices shop\/a,shop\/b associated with mesh gateway define the same host web\.shop\.svc\.cluster\.local which can lead to undefined behavior/);
  });

  it('one bound to a gateway only, or each exported to its own namespace, do not conflict', () => {
    const gw = withPolicies(vs('a', { hosts: ['web'], ...route }), vs('b', { hosts: ['web.shop.svc.cluster.local'], gateways: ['istio-system/ingress'], ...route }));
    expect(withCode(gw, 'IST0109')).toEqual([]);
    const scoped = withPolicies(vs('a', { hosts: ['web.shop.svc.cluster.local'], exportTo: ['.'], ...route }), vs('b', { hosts: ['web.shop.svc.cluster.local'], exportTo: ['.'], ...route }, 'other'));
    expect(withCode(scoped, 'IST0109')).toEqual([]);
  });
});

describe('IST0130 / IST0131: rules shadowed by an earlier catch-all or match (coded at load, as the webhook warns)', () => {
  it('a rule after a catch-all is never used: IST0130; a duplicate match: IST0131', () => {
    const doc = withPolicies(
      vs('web', {
        hosts: ['web'],
        http: [
          { match: [{ sourceNamespace: 'shop' }], route: [{ destination: { host: 'web' } }] },
          { match: [{ sourceNamespace: 'shop' }, { sourceNamespace: 'x' }], route: [{ destination: { host: 'web' } }] },
          { route: [{ destination: { host: 'web' } }] },
          { match: [{ sourceNamespace: 'y' }], route: [{ destination: { host: 'web' } }] },
        ],
      }),
    );
    const w = load(doc).warnings;
    expect(w.filter((d) => d.code === 'IST0131').map((d) => d.path)).toEqual(['spec.http[1].match[0]']);
    const unreachable = w.filter((d) => d.code === 'IST0130');
    expect(unreachable.map((d) => d.path)).toEqual(['spec.http[3].match[0]']);
    expect(unreachable[0].message).toMatch(/virtualService rule #3 not used \(route without matches defined before\)/);
  });

  it('a catch-all last shadows nothing', () => {
    const doc = withPolicies(vs('web', { hosts: ['web'], http: [{ match: [{ sourceNamespace: 'x' }], route: [{ destination: { host: 'web' } }] }, { route: [{ destination: { host: 'web' } }] }] }));
    expect(load(doc).warnings.filter((d) => d.code === 'IST0130' || d.code === 'IST0131')).toEqual([]);
  });
});
