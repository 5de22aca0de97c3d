/**
 * Merging DestinationRule levels for a subset and a port, as Istio's
 * pilot/pkg/networking/util/util.go MergeSubsetTrafficPolicy does (GetPortLevelTrafficPolicy,
 * mergeTrafficPolicy): whole objects are replaced, never merged field by field.
 */
import { describe, expect, test } from 'vitest';
import { resolveTrafficPolicy } from '../../src/istio/resources.js';
import { load } from './resources-fixtures.js';

// A reviews rule with every level: top, top port 9080, subset v2, subset v3 with port 9080.
const REVIEWS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: RANDOM
      localityLbSetting:
        enabled: true
        failover:
        - from: region1
          to: region2
    connectionPool:
      tcp:
        maxConnections: 100
        connectTimeout: 250ms
    outlierDetection:
      consecutive5xxErrors: 7
      interval: 5m
      baseEjectionTime: 15m
    portLevelSettings:
    - port:
        number: 9080
      connectionPool:
        http:
          http1MaxPendingRequests: 10
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
    trafficPolicy:
      loadBalancer:
        simple: ROUND_ROBIN
  - name: v3
    labels:
      version: v3
    trafficPolicy:
      outlierDetection:
        consecutive5xxErrors: 2
      portLevelSettings:
      - port:
          number: 9080
        loadBalancer:
          simple: LEAST_REQUEST
`;

const OD_TOP = { consecutive5xxErrors: 7, interval: 300_000, baseEjectionTime: 900_000 };
const LOCALITY = { enabled: true, failover: [{ from: 'region1', to: 'region2' }] };

describe('resolveTrafficPolicy (util.go MergeSubsetTrafficPolicy)', () => {
  const { res, errors } = load(REVIEWS);
  const dr = res.destinationRules[0];

  test('the rule loads cleanly', () => expect(errors).toEqual([]));

  test('no subset, no port: the top-level policy', () => {
    expect(resolveTrafficPolicy(dr)).toEqual({
      simple: 'RANDOM',
      localityLbSetting: LOCALITY,
      connectionPool: { maxConnections: 100, connectTimeoutMs: 250 },
      outlierDetection: OD_TOP,
    });
  });

  test('a subset without a policy gets the top level (MergeSubsetTrafficPolicy: subsetPolicy == nil)', () => {
    expect(resolveTrafficPolicy(dr, 'v1')).toEqual(resolveTrafficPolicy(dr));
  });

  test('a subset loadBalancer replaces the whole top-level loadBalancer, localityLbSetting included (mergeTrafficPolicy)', () => {
    const p = resolveTrafficPolicy(dr, 'v2');
    expect(p.simple).toBe('ROUND_ROBIN');
    expect(p.localityLbSetting).toBeUndefined();
    // objects the subset does not set are inherited whole
    expect(p.outlierDetection).toEqual(OD_TOP);
    expect(p.connectionPool).toEqual({ maxConnections: 100, connectTimeoutMs: 250 });
  });

  test('a subset outlierDetection replaces the top-level one as a whole: no field-level inheritance', () => {
    expect(resolveTrafficPolicy(dr, 'v3').outlierDetection).toEqual({ consecutive5xxErrors: 2 });
  });

  test('a top-level port entry replaces the whole top level for that port (GetPortLevelTrafficPolicy)', () => {
    // destination_rule.proto: "default values will be applied to fields omitted in port-level traffic policies"
    expect(resolveTrafficPolicy(dr, undefined, 9080)).toEqual({ connectionPool: { http1MaxPendingRequests: 10 } });
    expect(resolveTrafficPolicy(dr, undefined, 9081)).toEqual(resolveTrafficPolicy(dr));
  });

  test('subset on a port: the destination side is the top port entry, then the subset objects override', () => {
    // v2 on 9080: original = port entry {connectionPool}; subset {loadBalancer} overrides only loadBalancer
    expect(resolveTrafficPolicy(dr, 'v2', 9080)).toEqual({ simple: 'ROUND_ROBIN', connectionPool: { http1MaxPendingRequests: 10 } });
  });

  test('a subset port entry replaces all four objects, even the ones it does not set (hasPortLevel)', () => {
    // v3 on 9080: the subset port entry has only loadBalancer; connectionPool and outlierDetection become unset
    expect(resolveTrafficPolicy(dr, 'v3', 9080)).toEqual({ simple: 'LEAST_REQUEST' });
  });

  test('no DestinationRule: an empty policy (Istio defaults apply downstream)', () => {
    expect(resolveTrafficPolicy(undefined, 'v1', 9080)).toEqual({});
  });

  test('an unknown subset falls back to the destination level', () => {
    expect(resolveTrafficPolicy(dr, 'v9')).toEqual(resolveTrafficPolicy(dr));
  });
});

describe('connectionPool and loadBalancer conversion', () => {
  test('thresholds <= 0 are not programmed by Istio (cluster_traffic_policy.go applyConnectionPool)', () => {
    const { res, errors } = load(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 0
      http:
        http1MaxPendingRequests: 1
        http2MaxRequests: 0
        maxRetries: 3
    loadBalancer:
      simple: LEAST_REQUEST
      warmup:
        duration: 90s
`);
    expect(errors).toEqual([]);
    expect(resolveTrafficPolicy(res.destinationRules[0])).toEqual({
      simple: 'LEAST_REQUEST',
      warmupDurationMs: 90_000,
      connectionPool: { http1MaxPendingRequests: 1, maxRetries: 3 },
    });
  });

  test('a duplicate port in portLevelSettings: the first wins, with a warning (GetPortLevelTrafficPolicy break)', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
spec:
  host: ratings
  trafficPolicy:
    portLevelSettings:
    - port: {number: 80}
      loadBalancer: {simple: RANDOM}
    - port: {number: 80}
      loadBalancer: {simple: ROUND_ROBIN}
`;
    const { res, warnings } = load(text);
    expect(warnings).toEqual([expect.objectContaining({ path: 'spec.trafficPolicy.portLevelSettings[1].port.number', line: 11 })]);
    expect(resolveTrafficPolicy(res.destinationRules[0], undefined, 80).simple).toBe('RANDOM');
  });
});
