/**
 * Reading real Istio manifests verbatim (values checked), Kubernetes conventions, and warnings
 * naming every field meshsim does not simulate. Mistakes are in resources-errors.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { findDestinationRule, resolveRoute, resolveTrafficPolicy, subsetLabels } from '../../src/istio/resources.js';
import {
  BOOKINFO_DR_ALL,
  BOOKINFO_DR_REVIEWS,
  BOOKINFO_VS_RATINGS_DELAY,
  BOOKINFO_VS_REVIEWS_90_10,
  BOOKINFO_VS_REVIEWS_JASON,
  DR_DOC_RATINGS_PORT,
  DR_DOC_REVIEWS_CB,
  HELLOWORLD_DISTRIBUTE,
  HELLOWORLD_FAILOVER,
  lineOf,
  load,
  loadFiles,
} from './resources-fixtures.js';

describe('real manifests load verbatim', () => {
  test('helloworld distribute 70/20/10 with outlierDetection (istio.io locality task, v1beta1)', () => {
    const { res, diags } = load(HELLOWORLD_DISTRIBUTE, 'helloworld.yaml', 'sample');
    expect(diags.items).toEqual([]);
    const dr = res.destinationRules[0];
    expect(dr).toMatchObject({ kind: 'DestinationRule', apiVersion: 'networking.istio.io/v1beta1', name: 'helloworld', namespace: 'sample' });
    expect(dr.host).toBe('helloworld.sample.svc.cluster.local');
    const policy = resolveTrafficPolicy(dr);
    expect(policy.localityLbSetting).toEqual({
      enabled: true,
      distribute: [{ from: 'region1/zone1/*', to: { 'region1/zone1/*': 70, 'region1/zone2/*': 20, 'region3/zone4/*': 10 } }],
    });
    // interval 1s = 1000 ms, baseEjectionTime 1m = 60000 ms
    expect(policy.outlierDetection).toEqual({ consecutive5xxErrors: 100, interval: 1000, baseEjectionTime: 60_000 });
    expect(policy.simple).toBeUndefined();
  });

  test('helloworld failover (istio.io locality failover task): ROUND_ROBIN, failover, one unsimulated field', () => {
    const { res, errors, warnings } = load(HELLOWORLD_FAILOVER, 'failover.yaml', 'sample');
    expect(errors).toEqual([]);
    const policy = resolveTrafficPolicy(res.destinationRules[0]);
    expect(policy.simple).toBe('ROUND_ROBIN');
    expect(policy.localityLbSetting?.failover).toEqual([{ from: 'region1', to: 'region2' }]);
    expect(policy.outlierDetection).toEqual({ consecutive5xxErrors: 1, interval: 1000, baseEjectionTime: 600_000 });
    expect(warnings).toEqual([
      expect.objectContaining({
        file: 'failover.yaml',
        line: lineOf(HELLOWORLD_FAILOVER, 'maxRequestsPerConnection'),
        path: 'spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection',
      }),
    ]);
    expect(warnings[0].message).toContain('"maxRequestsPerConnection" is not simulated');
  });

  test('bookinfo destination-rule-all.yaml: four documents, short hosts resolved in the default namespace', () => {
    const { res, diags } = load(BOOKINFO_DR_ALL, 'destination-rule-all.yaml', 'default');
    expect(diags.items).toEqual([]);
    expect(res.destinationRules.map((d) => [d.name, d.host, d.subsets.map((s) => s.name)])).toEqual([
      ['productpage', 'productpage.default.svc.cluster.local', ['v1']],
      ['reviews', 'reviews.default.svc.cluster.local', ['v1', 'v2', 'v3']],
      ['ratings', 'ratings.default.svc.cluster.local', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']],
      ['details', 'details.default.svc.cluster.local', ['v1', 'v2']],
    ]);
    const reviews = findDestinationRule(res, 'reviews.default.svc.cluster.local', 'default');
    expect(subsetLabels(reviews, 'v2')).toEqual({ version: 'v2' });
    expect(subsetLabels(reviews, 'v4')).toBeUndefined();
  });

  test('bookinfo reviews 90/10 VirtualService with the reviews DestinationRule (RANDOM, subsets v1..v3)', () => {
    const { res, diags } = loadFiles({ 'destination-rule-reviews.yaml': BOOKINFO_DR_REVIEWS, 'virtual-service-reviews-90-10.yaml': BOOKINFO_VS_REVIEWS_90_10 });
    expect(diags.items).toEqual([]);
    const route = resolveRoute(res, 'reviews.default.svc.cluster.local', 'default');
    expect(route.destinations).toEqual([
      { host: 'reviews.default.svc.cluster.local', subset: 'v1', weight: 90 },
      { host: 'reviews.default.svc.cluster.local', subset: 'v2', weight: 10 },
    ]);
    expect(route.source).toEqual({ namespace: 'default', name: 'reviews', file: 'virtual-service-reviews-90-10.yaml', routeIndex: 0 });
    const dr = findDestinationRule(res, route.destinations[1].host, 'default');
    // The subset has no policy of its own: the top-level RANDOM applies (util.go MergeSubsetTrafficPolicy).
    expect(resolveTrafficPolicy(dr, 'v2', 9080)).toEqual({ simple: 'RANDOM' });
  });

  test('v1alpha3 VirtualService with a header match: the matched route is skipped with a warning', () => {
    const vsFile = 'virtual-service-reviews-jason-v2-v3.yaml';
    const { res, errors, warnings } = loadFiles({ 'dr.yaml': BOOKINFO_DR_ALL, [vsFile]: BOOKINFO_VS_REVIEWS_JASON });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({ file: vsFile, line: lineOf(BOOKINFO_VS_REVIEWS_JASON, '- headers:'), path: 'spec.http[0].match[0]' }),
    ]);
    expect(resolveRoute(res, 'reviews.default.svc.cluster.local', 'default').destinations).toEqual([
      { host: 'reviews.default.svc.cluster.local', subset: 'v3', weight: 100 },
    ]);
  });

  test('ratings test-delay (v1alpha3): deprecated integer percent warned, default route has no fault', () => {
    const { res, errors, warnings } = loadFiles({ 'dr.yaml': BOOKINFO_DR_ALL, 'delay.yaml': BOOKINFO_VS_RATINGS_DELAY });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(['spec.http[0].match[0]', 'spec.http[0].fault.delay.percent']);
    expect(res.virtualServices[0].http[0].fault).toEqual({ delay: { fixedDelayMs: 7000, percent: 100 } });
    const route = resolveRoute(res, 'ratings.default.svc.cluster.local', 'default');
    expect(route.fault).toBeUndefined();
    expect(route.destinations).toEqual([{ host: 'ratings.default.svc.cluster.local', subset: 'v1', weight: 100 }]);
  });

  test('destination_rule.proto port-level example: LEAST_REQUEST on 80, ROUND_ROBIN on 9080, nothing elsewhere', () => {
    const { res, diags } = load(DR_DOC_RATINGS_PORT);
    expect(diags.items).toEqual([]);
    const dr = res.destinationRules[0];
    expect(resolveTrafficPolicy(dr, undefined, 80).simple).toBe('LEAST_REQUEST');
    expect(resolveTrafficPolicy(dr, undefined, 9080).simple).toBe('ROUND_ROBIN');
    expect(resolveTrafficPolicy(dr, undefined, 8080)).toEqual({});
  });

  test('destination_rule.proto circuit-breaker example: thresholds and outlier durations in ms', () => {
    const { res, errors } = load(DR_DOC_REVIEWS_CB);
    expect(errors).toEqual([]);
    expect(resolveTrafficPolicy(res.destinationRules[0])).toEqual({
      connectionPool: { maxConnections: 100, http2MaxRequests: 1000 },
      outlierDetection: { consecutive5xxErrors: 7, interval: 300_000, baseEjectionTime: 900_000 },
    });
  });

  test('v1, v1beta1 and v1alpha3 give the same resource; a kind: List is unwrapped', () => {
    const versions = ['v1', 'v1beta1', 'v1alpha3'].map((v) => load(BOOKINFO_DR_REVIEWS.replace('networking.istio.io/v1', `networking.istio.io/${v}`)));
    for (const l of versions) expect(l.diags.items).toEqual([]);
    expect(versions.map((l) => l.res.destinationRules[0].apiVersion)).toEqual(['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3']);
    expect(versions[2].res.destinationRules[0].spec).toEqual(versions[0].res.destinationRules[0].spec);
    const indented = BOOKINFO_DR_REVIEWS.trimEnd().split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n');
    const list = load(`apiVersion: v1\nkind: List\nitems:\n${indented}\n`);
    expect(list.diags.items).toEqual([]);
    expect(list.res.destinationRules[0].prefix).toEqual(['items', 0]);
  });
});

describe('Kubernetes conventions', () => {
  test('kubectl output: creationTimestamp: null, status and annotations are accepted quietly', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: "{}"
  creationTimestamp: null
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
status: {}
`;
    const { res, diags } = load(text);
    expect(diags.items).toEqual([]);
    expect(res.destinationRules[0]).toMatchObject({ namespace: 'bookinfo', host: 'reviews.bookinfo.svc.cluster.local' });
  });

  test('an unknown metadata field is an error; a null spec field is dropped with a warning', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  lables:
    app: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: RANDOM
    outlierDetection:
`;
    const { errors, warnings } = load(text, 'meta.yaml');
    expect(errors).toEqual([expect.objectContaining({ path: 'metadata.lables', line: 5, message: 'unknown field "lables"; did you mean "labels"?' })]);
    expect(warnings).toEqual([expect.objectContaining({ path: 'spec.trafficPolicy.outlierDetection', line: 12 })]);
  });

  test('a subset without labels is accepted by Istio but warned about: it selects every endpoint', () => {
    const { errors, warnings } = load('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: egress\nspec:\n  host: egress.example.com\n  subsets:\n  - name: all\n');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ path: 'spec.subsets[0]', line: 8 })]);
  });
});

describe('unsimulated fields are warnings naming the field', () => {
  test('DestinationRule: tls, consistentHash, h2UpgradePolicy, workloadSelector', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
spec:
  host: ratings.prod.svc.cluster.local
  workloadSelector:
    matchLabels:
      app: productpage
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
    connectionPool:
      http:
        h2UpgradePolicy: UPGRADE
    loadBalancer:
      consistentHash:
        httpCookie:
          name: user
          ttl: 0s
`;
    const { errors, warnings } = load(text, 'unsim.yaml');
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.path, w.line])).toEqual([
      ['spec.trafficPolicy.tls', lineOf(text, 'tls:')],
      ['spec.trafficPolicy.loadBalancer.consistentHash', lineOf(text, 'consistentHash')],
      ['spec.trafficPolicy.connectionPool.http.h2UpgradePolicy', lineOf(text, 'h2UpgradePolicy')],
      ['spec.workloadSelector', lineOf(text, 'workloadSelector')],
    ]);
    expect(warnings[1].message).toBe('"consistentHash" is not simulated by meshsim (consistent hashing is not modelled; the default policy (LEAST_REQUEST) picks hosts)');
  });

  test('VirtualService: mirror, corsPolicy, headers, rewrite, redirect route, tcp routes, gateways', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings.prod.svc.cluster.local
  gateways:
  - mesh
  - istio-system/ingress
  http:
  - name: legacy
    match:
    - uri:
        prefix: /old
    redirect:
      uri: /new
  - route:
    - destination:
        host: ratings.prod.svc.cluster.local
      headers:
        request:
          set:
            x-canary: "1"
    rewrite:
      uri: /v2
    mirror:
      host: ratings-shadow.prod.svc.cluster.local
    corsPolicy:
      allowOrigins:
      - exact: https://example.com
  tcp:
  - route:
    - destination:
        host: ratings.prod.svc.cluster.local
`;
    const { errors, warnings } = load(text, 'vs.yaml');
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual([
      'spec.gateways',
      'spec.tcp',
      'spec.http[0].redirect',
      'spec.http[0].match[0]',
      'spec.http[1].rewrite',
      'spec.http[1].corsPolicy',
      'spec.http[1].mirror',
      'spec.http[1].route[0].headers',
    ]);
    expect(warnings[0].message).toMatch(/only its sidecar \(mesh\) traffic is simulated/);
  });

  test('deprecated fields Istio itself warns about; null fields dropped as Kubernetes does', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    connectionPool:
    loadBalancer:
      simple: LEAST_CONN
    outlierDetection:
      consecutiveErrors: 5
`;
    const { res, errors, warnings } = load(text);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual([
      'spec.trafficPolicy.connectionPool',
      'spec.trafficPolicy.outlierDetection.consecutiveErrors',
      'spec.trafficPolicy.loadBalancer.simple',
    ]);
    // networking.LoadBalancerSettings: LEAST_CONN is "Deprecated. Use LEAST_REQUEST instead."
    const policy = resolveTrafficPolicy(res.destinationRules[0]);
    expect(policy.simple).toBe('LEAST_REQUEST');
    expect(policy.connectionPool).toBeUndefined();
  });

  test('a ServiceEntry is validated and kept, with one warning that it is not simulated yet', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external-svc-https
spec:
  hosts:
  - api.dropboxapi.com
  - www.googleapis.com
  - api.facebook.com
  location: MESH_EXTERNAL
  ports:
  - number: 443
    name: https
    protocol: TLS
  resolution: DNS
`;
    const { res, errors, warnings } = load(text, 'se.yaml');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ path: 'kind', line: 2 })]);
    expect(res.serviceEntries[0].hosts).toEqual(['api.dropboxapi.com', 'www.googleapis.com', 'api.facebook.com']);
    const bad = load(text.replace('protocol: TLS', 'protocol: TCP'), 'se.yaml');
    expect(bad.errors).toEqual([expect.objectContaining({ path: 'spec.hosts', message: 'multiple hosts provided with non-HTTP, non-TLS ports' })]);
  });
});
