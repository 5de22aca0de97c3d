/**
 * Reading real Istio manifests verbatim, and Istio's validation rules: every mistake is an error
 * with the file, the line and the field path; unsimulated fields are warnings naming the field.
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
      expect.objectContaining({ file: vsFile, line: lineOf(BOOKINFO_VS_REVIEWS_JASON, '- match:'), path: 'spec.http[0].match' }),
    ]);
    expect(resolveRoute(res, 'reviews.default.svc.cluster.local', 'default').destinations).toEqual([
      { host: 'reviews.default.svc.cluster.local', subset: 'v3', weight: 100 },
    ]);
  });

  test('ratings test-delay (v1alpha3): deprecated integer percent warned, default route has no fault', () => {
    const { res, errors, warnings } = loadFiles({ 'dr.yaml': BOOKINFO_DR_ALL, 'delay.yaml': BOOKINFO_VS_RATINGS_DELAY });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(['spec.http[0].match', 'spec.http[0].fault.delay.percent']);
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

/** One mistake per case: the YAML, the expected path, and the text the line is on. */
const MISTAKES: { name: string; yaml: string; path: string; on: string; message: RegExp }[] = [
  {
    name: 'unknown field (typo)',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetections:\n      interval: 1s\n',
    path: 'spec.trafficPolicy.outlierDetections',
    on: 'outlierDetections',
    message: /unknown field "outlierDetections": not part of the Istio DestinationRule API/,
  },
  {
    name: 'distribute together with failover (validation.go ValidateLocalityLbSetting)',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection: {}\n    loadBalancer:\n      localityLbSetting:\n        distribute:\n        - from: r1/*\n          to: {"r1/*": 100}\n        failover:\n        - from: r1\n          to: r2\n',
    path: 'spec.trafficPolicy.loadBalancer.localityLbSetting',
    on: 'localityLbSetting',
    message: /can not simultaneously specify 'distribute' and 'failover'/,
  },
  {
    name: 'distribute weights summing to 90',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      localityLbSetting:\n        distribute:\n        - from: r1/z1/*\n          to:\n            "r1/z1/*": 80\n            "r1/z2/*": 10\n',
    path: 'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to',
    on: 'to:',
    message: /total locality weight 90 != 100/,
  },
  {
    name: 'distribute weight 0',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      localityLbSetting:\n        distribute:\n        - from: r1/z1/*\n          to:\n            "r1/z1/*": 100\n            "r1/z2/*": 0\n',
    path: 'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to["r1/z2/*"]',
    on: '"r1/z2/*": 0',
    message: /locality weight must be in range \[1, 100\]/,
  },
  {
    name: 'maxEjectionPercent above 100',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      maxEjectionPercent: 150\n',
    path: 'spec.trafficPolicy.outlierDetection.maxEjectionPercent',
    on: 'maxEjectionPercent',
    message: /percentage 150 is not in range 0..100/,
  },
  {
    name: 'minHealthPercent below 0',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      minHealthPercent: -1\n',
    path: 'spec.trafficPolicy.outlierDetection.minHealthPercent',
    on: 'minHealthPercent',
    message: /percentage -1 is not in range 0..100/,
  },
  {
    name: 'interval below 1ms',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      interval: 0s\n',
    path: 'spec.trafficPolicy.outlierDetection.interval',
    on: 'interval',
    message: /duration must be at least 1ms/,
  },
  {
    name: 'negative duration',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      baseEjectionTime: -30s\n',
    path: 'spec.trafficPolicy.outlierDetection.baseEjectionTime',
    on: 'baseEjectionTime',
    message: /duration must be at least 1ms, got "-30s"/,
  },
  {
    name: 'sub-millisecond duration',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    connectionPool:\n      tcp:\n        connectTimeout: 1500us\n',
    path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
    on: 'connectTimeout',
    message: /only durations to ms precision are supported/,
  },
  {
    name: 'duration without a unit',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      interval: "10"\n',
    path: 'spec.trafficPolicy.outlierDetection.interval',
    on: 'interval',
    message: /expected a duration with a unit/,
  },
  {
    name: 'duplicate subset names',
    yaml: 'spec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v1\n    labels: {version: v2}\n',
    path: 'spec.subsets[1].name',
    on: '- name: v1',
    message: /duplicate subset names: v1/,
  },
  {
    name: 'subset name that is not a DNS label',
    yaml: 'spec:\n  host: reviews\n  subsets:\n  - name: V1\n    labels: {version: v1}\n',
    path: 'spec.subsets[0].name',
    on: 'name: V1',
    message: /subset name is invalid: V1/,
  },
  {
    name: 'local-origin failures without split mode',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      consecutiveLocalOriginFailures: 3\n',
    path: 'spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures',
    on: 'consecutiveLocalOriginFailures',
    message: /split external local origin errors is set to false/,
  },
  {
    name: 'a string where an integer is expected',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      consecutive5xxErrors: "5"\n',
    path: 'spec.trafficPolicy.outlierDetection.consecutive5xxErrors',
    on: 'consecutive5xxErrors',
    message: /expected a number, got "5"/,
  },
  {
    name: 'a fraction where an integer is expected',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      maxEjectionPercent: 12.5\n',
    path: 'spec.trafficPolicy.outlierDetection.maxEjectionPercent',
    on: 'maxEjectionPercent',
    message: /expected an integer, got number 12.5/,
  },
  {
    name: 'unknown load balancer',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_CONNECTION\n',
    path: 'spec.trafficPolicy.loadBalancer.simple',
    on: 'simple',
    message: /expected one of UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST/,
  },
  {
    name: 'simple and consistentHash together (CRD oneOf)',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: RANDOM\n      consistentHash:\n        useSourceIp: true\n',
    path: 'spec.trafficPolicy.loadBalancer.consistentHash',
    on: 'consistentHash',
    message: /only one of simple, consistentHash can be set/,
  },
  {
    name: 'empty traffic policy',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy: {}\n',
    path: 'spec.trafficPolicy',
    on: 'trafficPolicy',
    message: /traffic policy must have at least one field/,
  },
  {
    name: 'port-level setting without a port',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    portLevelSettings:\n    - loadBalancer:\n        simple: RANDOM\n',
    path: 'spec.trafficPolicy.portLevelSettings[0].port',
    on: '- loadBalancer',
    message: /portTrafficPolicy must have valid port/,
  },
  {
    name: 'invalid host',
    yaml: 'spec:\n  host: Reviews_v1\n',
    path: 'spec.host',
    on: 'host',
    message: /domain name "Reviews_v1" invalid/,
  },
  {
    name: 'missing host',
    yaml: 'spec:\n  subsets:\n  - name: v1\n    labels: {version: v1}\n',
    path: 'spec.host',
    on: 'subsets:', // a missing field points at its parent mapping's first line
    message: /required field is missing/,
  },
];

describe('Istio-invalid DestinationRules are errors with file, line and path', () => {
  test.each(MISTAKES)('$name', ({ yaml, path, on, message }) => {
    const text = `# leading comment\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n${yaml}`;
    const { errors } = load(text, 'mistake.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ severity: 'error', file: 'mistake.yaml', path, line: lineOf(text, on, on === '- name: v1' ? 1 : 0) });
    expect(errors[0].message).toMatch(message);
  });
});

const VS_HEAD = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n';

describe('Istio-invalid VirtualServices are errors with file, line and path', () => {
  const cases: { name: string; spec: string; path: string; on: string; message: RegExp }[] = [
    {
      name: 'route to a subset no DestinationRule defines (istioctl analyze)',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n      weight: 50\n    - destination: {host: reviews, subset: v9}\n      weight: 50\n',
      path: 'spec.http[0].route[1].destination.subset',
      on: 'subset: v9',
      message: /subset "v9" of host reviews.default.svc.cluster.local is not defined by any DestinationRule/,
    },
    {
      name: 'several destinations with total weight 0',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n    - destination: {host: reviews, subset: v2}\n',
      path: 'spec.http[0].route',
      on: '- route:',
      message: /total destination weight = 0/,
    },
    {
      name: 'negative weight',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n      weight: -10\n    - destination: {host: reviews, subset: v2}\n      weight: 110\n',
      path: 'spec.http[0].route[0].weight',
      on: 'weight: -10',
      message: /weight -10 < 0/,
    },
    {
      name: 'retries disabled but configured',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries:\n      attempts: 0\n      perTryTimeout: 2s\n',
      path: 'spec.http[0].retries.attempts',
      on: 'attempts',
      message: /http retry policy configured when attempts are set to 0/,
    },
    {
      name: 'unknown retryOn policy',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries:\n      attempts: 3\n      retryOn: gateway-error,5xxx\n',
      path: 'spec.http[0].retries.retryOn',
      on: 'retryOn',
      message: /"5xxx" is not a valid retryOn policy/,
    },
    {
      name: 'wildcard host for the mesh',
      spec: 'spec:\n  hosts: ["*"]\n  http:\n  - route:\n    - destination: {host: reviews}\n',
      path: 'spec.hosts[0]',
      on: '"*"',
      message: /wildcard host \* is not allowed for virtual services bound to the mesh gateway/,
    },
    {
      name: 'HTTP route without a route',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - timeout: 1s\n',
      path: 'spec.http[0]',
      on: '- timeout',
      message: /HTTP route, redirect or direct_response is required/,
    },
    {
      name: 'fault without abort or delay',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    fault: {}\n',
      path: 'spec.http[0].fault',
      on: 'fault',
      message: /HTTP fault injection must have an abort and\/or a delay/,
    },
    {
      name: 'abort status out of range',
      spec: 'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    fault:\n      abort:\n        httpStatus: 700\n        percentage: {value: 10}\n',
      path: 'spec.http[0].fault.abort.httpStatus',
      on: 'httpStatus',
      message: /HTTP status 700 is not in range 200-599/,
    },
    {
      name: 'duplicate hosts by wildcard overlap',
      spec: 'spec:\n  hosts: ["*.foo.com", "bar.foo.com"]\n  http:\n  - route:\n    - destination: {host: bar.foo.com}\n',
      path: 'spec.hosts[1]',
      on: 'hosts',
      message: /duplicate hosts in virtual service: \*.foo.com & bar.foo.com/,
    },
  ];
  test.each(cases)('$name', ({ spec, path, on, message }) => {
    const text = VS_HEAD + spec;
    const { errors } = loadFiles({ 'dr.yaml': BOOKINFO_DR_REVIEWS, 'vs.yaml': text });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'vs.yaml', path, line: lineOf(text, on) });
    expect(errors[0].message).toMatch(message);
  });
});

describe('envelope errors', () => {
  test('an unsupported kind is named', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec: {}\n';
    const { errors } = load(text, 'gw.yaml');
    expect(errors).toEqual([expect.objectContaining({ file: 'gw.yaml', line: 2, path: 'kind' })]);
    expect(errors[0].message).toMatch(/kind "Gateway" \(networking.istio.io\/v1\) is not supported/);
  });

  test('an apiVersion that does not serve the kind', () => {
    const { errors } = load(BOOKINFO_DR_REVIEWS.replace('networking.istio.io/v1', 'networking.istio.io/v2'));
    expect(errors).toEqual([expect.objectContaining({ line: 1, path: 'apiVersion' })]);
    expect(errors[0].message).toMatch(/does not serve kind DestinationRule; use networking.istio.io\/v1/);
  });

  test('an error in the second document of a file points into that document', () => {
    const text = `${BOOKINFO_DR_REVIEWS}---\n${BOOKINFO_VS_REVIEWS_90_10.replace('weight: 10', 'weight: 10\n      wieght: 5')}`;
    const { errors } = load(text, 'both.yaml');
    expect(errors).toEqual([expect.objectContaining({ file: 'both.yaml', line: lineOf(text, 'wieght'), path: 'spec.http[0].route[1].wieght' })]);
  });

  test('two resources with the same kind, namespace and name', () => {
    const text = `${BOOKINFO_DR_REVIEWS}---\n${BOOKINFO_DR_REVIEWS}`;
    const { errors } = load(text, 'twice.yaml');
    expect(errors).toEqual([expect.objectContaining({ path: 'metadata.name', line: lineOf(text, 'name: reviews', 1) })]);
    expect(errors[0].message).toBe('duplicate DestinationRule default/reviews (first defined at twice.yaml:4)');
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
      'spec.http[0].match',
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
