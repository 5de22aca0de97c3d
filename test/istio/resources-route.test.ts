/**
 * resolveRoute: the VirtualService route a caller applies (first route without match conditions),
 * its destinations, timeout, retries and fault; the default route without a VirtualService.
 */
import { describe, expect, test } from 'vitest';
import { Diagnostics, InputError } from '../../src/model/diagnostics.js';
import { resolveRoute } from '../../src/istio/resources.js';
import { BOOKINFO_DR_ALL, lineOf, load, loadFiles } from './resources-fixtures.js';

const REVIEWS = 'reviews.default.svc.cluster.local';

describe('resolveRoute', () => {
  test('no VirtualService: the service itself, all the traffic (route.go BuildDefaultHTTPOutboundRoute)', () => {
    const { res } = load(BOOKINFO_DR_ALL);
    expect(resolveRoute(res, REVIEWS, 'default')).toEqual({ destinations: [{ host: REVIEWS, weight: 100 }] });
  });

  test('timeout, retries and fault of the route, durations in ms', () => {
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v2
        port:
          number: 9080
    timeout: 10s
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: gateway-error,connect-failure,refused-stream,503
      retryRemoteLocalities: true
    fault:
      delay:
        percentage:
          value: 0.1
        fixedDelay: 5s
      abort:
        percentage:
          value: 10
        httpStatus: 503
`;
    const { res, diags } = loadFiles({ 'dr.yaml': BOOKINFO_DR_ALL, 'vs.yaml': vs });
    // Every field is simulated, retryRemoteLocalities (the previous_priorities retry plug-in) included: no warning.
    expect(diags.items.map((d) => [d.severity, d.path])).toEqual([]);
    expect(resolveRoute(res, REVIEWS, 'default')).toEqual({
      destinations: [{ host: REVIEWS, subset: 'v2', port: 9080, weight: 100 }],
      timeoutMs: 10_000,
      retries: { attempts: 3, perTryTimeoutMs: 2000, retryOn: ['gateway-error', 'connect-failure', 'refused-stream', '503'], retryRemoteLocalities: true },
      fault: { delay: { fixedDelayMs: 5000, percent: 0.1 }, abort: { httpStatus: 503, percent: 10 } },
      source: { namespace: 'default', name: 'reviews', file: 'vs.yaml', routeIndex: 0 },
    });
  });

  test('relative weights (Istio ≥ 1.15, istio/istio#39544) are kept as written, with a warning', () => {
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 2
    - destination: {host: reviews, subset: v2}
      weight: 1
`;
    const { res, errors, warnings } = loadFiles({ 'dr.yaml': BOOKINFO_DR_ALL, 'vs.yaml': vs });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual(['destination weights sum to 3; they are relative shares (Istio before 1.15 required a sum of 100)']);
    expect(resolveRoute(res, REVIEWS, 'default').destinations.map((d) => d.weight)).toEqual([2, 1]);
  });

  test('only matched routes: no destination (Envoy answers 404), and a load warning', () => {
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - uri:
        prefix: /api
    route:
    - destination: {host: reviews}
`;
    const { res, warnings } = load(vs);
    expect(warnings.map((w) => w.path)).toEqual(['spec.http[0].match[0]', 'spec.http']);
    expect(resolveRoute(res, REVIEWS, 'default')).toEqual({ destinations: [], source: { namespace: 'default', name: 'reviews', file: 'istio.yaml', routeIndex: -1 } });
  });

  /** A VirtualService whose first route (to ratings) has one match entry, then a default route (to reviews). */
  const MATCH_THEN_DEFAULT = (entry: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - ${entry}
    route:
    - destination: {host: ratings}
  - route:
    - destination: {host: reviews}
`;
  const RATINGS = [{ host: 'ratings.default.svc.cluster.local', weight: 100 }];
  const REVIEWS_ONLY = [{ host: REVIEWS, weight: 100 }];

  test('a match entry without conditions matches everything: that route is taken', () => {
    const { res, warnings } = load(MATCH_THEN_DEFAULT('name: catch-all'));
    expect(warnings).toEqual([]);
    expect(resolveRoute(res, REVIEWS, 'default').destinations).toEqual(RATINGS);
  });

  // route.go sourceMatchHTTP: a non-empty match `gateways` decides alone (sidecars are "mesh");
  // sourceLabels and sourceNamespace are then not looked at.

  test('a match entry with gateways [mesh] applies to every sidecar: that route is taken, no warning', () => {
    const { res, warnings } = load(MATCH_THEN_DEFAULT('gateways: [mesh]'));
    expect(warnings).toEqual([]);
    expect(resolveRoute(res, REVIEWS, 'default').destinations).toEqual(RATINGS);
  });

  test('a match entry bound only to other gateways never matches sidecar traffic (warned): the next route is taken', () => {
    const { res, warnings } = load(MATCH_THEN_DEFAULT('gateways: [istio-system/public-gw]'));
    expect(warnings.map((w) => w.path)).toEqual(['spec.http[0].match[0].gateways']);
    expect(resolveRoute(res, REVIEWS, 'default').destinations).toEqual(REVIEWS_ONLY);
  });

  test('with gateways [mesh], sourceLabels and sourceNamespace are ignored (every sidecar matches; warned)', () => {
    const { res, warnings } = load(MATCH_THEN_DEFAULT('{gateways: [mesh], sourceLabels: {app: nobody}, sourceNamespace: elsewhere}'));
    expect(warnings.map((w) => w.path)).toEqual(['spec.http[0].match[0]']);
    expect(resolveRoute(res, REVIEWS, 'default', undefined, { app: 'productpage' }).destinations).toEqual(RATINGS);
  });

  test('an empty gateways list is no condition: sourceLabels decide', () => {
    const { res, warnings } = load(MATCH_THEN_DEFAULT('{gateways: [], sourceLabels: {app: productpage}}'));
    expect(warnings).toEqual([]);
    expect(resolveRoute(res, REVIEWS, 'default', undefined, { app: 'productpage' }).destinations).toEqual(RATINGS);
    expect(resolveRoute(res, REVIEWS, 'default', undefined, { app: 'other' }).destinations).toEqual(REVIEWS_ONLY);
  });

  // A match `port` selects the route on that port's listener only: the port the caller addresses.
  test('a match entry on a port applies to calls addressing that port only, without a warning', () => {
    const { res, warnings } = load(MATCH_THEN_DEFAULT('port: 9080'));
    expect(warnings).toEqual([]);
    expect(resolveRoute(res, REVIEWS, 'default', undefined, {}, 9080).destinations).toEqual(RATINGS);
    expect(resolveRoute(res, REVIEWS, 'default', undefined, {}, 8080).destinations).toEqual(REVIEWS_ONLY);
    expect(resolveRoute(res, REVIEWS, 'default').destinations).toEqual(REVIEWS_ONLY);
  });

  test('port and source conditions of one entry must all hold; with gateways [mesh] the port still does', () => {
    const both = load(MATCH_THEN_DEFAULT('{port: 9080, sourceLabels: {app: productpage}}')).res;
    expect(resolveRoute(both, REVIEWS, 'default', undefined, { app: 'productpage' }, 9080).destinations).toEqual(RATINGS);
    expect(resolveRoute(both, REVIEWS, 'default', undefined, { app: 'other' }, 9080).destinations).toEqual(REVIEWS_ONLY);
    expect(resolveRoute(both, REVIEWS, 'default', undefined, { app: 'productpage' }, 8080).destinations).toEqual(REVIEWS_ONLY);
    const mesh = load(MATCH_THEN_DEFAULT('{gateways: [mesh], port: 9080}')).res;
    expect(resolveRoute(mesh, REVIEWS, 'default', undefined, { app: 'any' }, 9080).destinations).toEqual(RATINGS);
    expect(resolveRoute(mesh, REVIEWS, 'default', undefined, { app: 'any' }, 8080).destinations).toEqual(REVIEWS_ONLY);
  });

  test('a subset missing from the DestinationRule that applies to this caller is an error at the route', () => {
    // The service namespace's rule defines v2 (so istioctl analyze is satisfied), but callers in
    // "frontend" have their own rule for reviews, which shadows it and lacks v2.
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v2}
`;
    const shadow = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews-local
  namespace: frontend
spec:
  host: reviews.default.svc.cluster.local
  trafficPolicy:
    loadBalancer: {simple: RANDOM}
`;
    const { res, errors } = loadFiles({ 'dr.yaml': BOOKINFO_DR_ALL, 'vs.yaml': vs, 'shadow.yaml': shadow });
    expect(errors).toEqual([]);
    expect(resolveRoute(res, REVIEWS, 'default').destinations).toEqual([{ host: REVIEWS, subset: 'v2', weight: 100 }]);
    const diags = new Diagnostics();
    resolveRoute(res, REVIEWS, 'frontend', diags);
    expect(diags.errors).toEqual([expect.objectContaining({ file: 'vs.yaml', line: lineOf(vs, 'subset: v2'), path: 'spec.http[0].route[0].destination.subset' })]);
    expect(diags.errors[0].message).toMatch(/the DestinationRule frontend\/reviews-local that applies to callers in frontend/);
    expect(() => resolveRoute(res, REVIEWS, 'frontend')).toThrow(InputError);
  });
});
