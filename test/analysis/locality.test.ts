/**
 * MS0106 / MS0107: a locality setting whose failover Istio drops because the DestinationRule has
 * no outlierDetection (cluster_traffic_policy.go applyLocalityLoadBalancer), and the note the run
 * summary prints about it.
 */
import { describe, expect, it } from 'vitest';
import { simulateFile, simulateText } from '../../src/run.js';
import { stringify } from 'yaml';
import { base, dr, OD, withCode, type Doc } from './fixtures.js';

const withPolicies = (...policies: Doc[]): Doc => ({ ...base(), policies });
const failover = { localityLbSetting: { enabled: true, failover: [{ from: 'r1', to: 'r2' }] } };

describe('MS0106 LocalityFailoverWithoutOutlierDetection', () => {
  it('failover without outlierDetection: a warning at the failover field, saying Istio drops it', () => {
    const doc = withPolicies(dr('web', { host: 'web', trafficPolicy: { loadBalancer: failover } }));
    const [f, ...rest] = withCode(doc, 'MS0106');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', path: 'spec.trafficPolicy.loadBalancer.localityLbSetting.failover' });
    expect(f.message).toBe(
      'locality failover is off for web.shop.svc.cluster.local: the DestinationRule shop/web has no outlierDetection, so Istio drops the failover of its localityLbSetting (failover needs outlierDetection); every endpoint is at priority 0 and traffic spreads across regions r1 and r2 with no preference for the caller\'s locality',
    );
    expect(withCode(doc, 'MS0107')).toEqual([]);
  });

  it('failoverPriority in a subset\'s policy, the top level without outlierDetection', () => {
    const doc = withPolicies(dr('web', { host: 'web', subsets: [{ name: 'all', labels: { app: 'web' }, trafficPolicy: { loadBalancer: { localityLbSetting: { failoverPriority: ['topology.kubernetes.io/region'] } } } }] }));
    doc.policies.push({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' }, spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'all' } }] }] } });
    const [f] = withCode(doc, 'MS0106');
    expect(f.path).toBe('spec.subsets[0].trafficPolicy.loadBalancer.localityLbSetting.failoverPriority');
    expect(f.message).toMatch(/^locality failover is off for web\.shop\.svc\.cluster\.local \(subset all\)/);
  });

  it('with outlierDetection the failover applies: nothing to report', () => {
    const doc = withPolicies(dr('web', { host: 'web', trafficPolicy: { loadBalancer: failover, outlierDetection: OD } }));
    expect(withCode(doc, 'MS0106')).toEqual([]);
    expect(withCode(doc, 'MS0107')).toEqual([]);
  });
});

describe('MS0107 LocalityFailoverOff', () => {
  it('no DestinationRule: the mesh default {enabled: true} has nothing to fail over with — info at the caller', () => {
    const [f, ...rest] = withCode(base(), 'MS0107');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'info', path: 'traffic[0].to' });
    expect(f.message).toMatch(/^locality failover is off for web\.shop\.svc\.cluster\.local: no DestinationRule with outlierDetection applies to callers in shop, so Istio applies no failover priorities for the mesh default localityLbSetting \{enabled: true\}/);
  });

  it('a DestinationRule without outlierDetection: info at the rule', () => {
    const [f] = withCode(withPolicies(dr('web', { host: 'web', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } })), 'MS0107');
    expect(f).toMatchObject({ severity: 'info', path: 'spec.trafficPolicy' });
    expect(f.message).toMatch(/the DestinationRule shop\/web has no outlierDetection/);
  });

  it('not when failover works or cannot matter: outlierDetection, distribute, enabled: false, a trafficDistribution, one locality', () => {
    expect(withCode(withPolicies(dr('web', { host: 'web', trafficPolicy: { outlierDetection: OD } })), 'MS0107')).toEqual([]);
    const distribute = { localityLbSetting: { distribute: [{ from: 'r1/*', to: { 'r1/*': 80, 'r2/*': 20 } }] } };
    expect(withCode(withPolicies(dr('web', { host: 'web', trafficPolicy: { loadBalancer: distribute } })), 'MS0107')).toEqual([]);
    expect(withCode(withPolicies(dr('web', { host: 'web', trafficPolicy: { loadBalancer: { localityLbSetting: { enabled: false } } } })), 'MS0107')).toEqual([]);
    const td = { ...withPolicies({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, trafficDistribution: 'PreferClose' } }), istio: '1.29' };
    expect(withCode(td, 'MS0107')).toEqual([]);
    const oneZone = base();
    oneZone.services[0].deployments[1] = { cluster: 'c1', zone: 'z1', replicas: 2, labels: { version: 'v2' } };
    expect(withCode(oneZone, 'MS0107')).toEqual([]);
  });
});

describe('the run summary says when locality failover is off', () => {
  it('helloworld-failover-no-outlier: the DestinationRule has no outlierDetection', () => {
    const out = simulateFile('scenarios/helloworld-failover-no-outlier.yaml', { requests: 2000 });
    expect(out.text).toContain('note: locality failover is off for helloworld.sample because the DestinationRule sample/helloworld has no outlierDetection: traffic spreads across regions us-central1 and us-west1 [MS0107]');
  });

  it('helloworld-failover (with outlierDetection) has no such note', () => {
    expect(simulateFile('scenarios/helloworld-failover.yaml', { requests: 2000 }).text).not.toContain('locality failover is off');
  });

  it('an explicit failover without outlierDetection says so too', () => {
    const doc = { ...withPolicies(dr('web', { host: 'web', trafficPolicy: { loadBalancer: failover } })), requests: 200 };
    expect(simulateText(stringify(doc)).text).toMatch(/note: locality failover is off for web\.shop because the DestinationRule shop\/web has no outlierDetection: traffic spreads across regions r1 and r2 \[MS0106\]/);
  });
});
