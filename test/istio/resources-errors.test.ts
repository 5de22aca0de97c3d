/**
 * Istio-invalid resources: each mistake is one error with the file, the line and the field path,
 * and Istio's message (pkg/config/validation/validation.go, the CRD schema, istioctl analyze).
 */
import { describe, expect, test } from 'vitest';
import { BOOKINFO_DR_REVIEWS, BOOKINFO_VS_REVIEWS_90_10, lineOf, load, loadFiles } from './resources-fixtures.js';

/** One mistake per case: the YAML, the expected path, and the text the line is on. */
const MISTAKES: { name: string; yaml: string; path: string; on: string; message: RegExp }[] = [
  {
    name: 'unknown field (typo)',
    yaml: 'spec:\n  host: reviews\n  trafficPolicy:\n    outlierDetections:\n      interval: 1s\n',
    path: 'spec.trafficPolicy.outlierDetections',
    on: 'outlierDetections',
    message: /^unknown field "outlierDetections"; did you mean "outlierDetection"\?$/,
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
    message: /^expected one of "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"; got "LEAST_CONNECTION"$/,
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
    message: /^required field is missing \(expected a string\)$/,
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


describe('a destination subset is defined by a rule of its exact host or of a wildcard host covering it', () => {
  const vs = (subset: string) => `${VS_HEAD}spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: ${subset}}\n`;
  const wildcardRule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: all\nspec:\n  host: "*.default.svc.cluster.local"\n  subsets:\n  - name: canary\n    labels: {track: canary}\n';
  const subsetErrors = (text: string) => load(text).errors.filter((e) => /is not defined by any DestinationRule/.test(e.message));

  test.each([
    ['v2 of the exact rule', `${BOOKINFO_DR_REVIEWS}---\n${vs('v2')}`, 0],
    ['canary of the wildcard rule', `${BOOKINFO_DR_REVIEWS}---\n${wildcardRule}---\n${vs('canary')}`, 0],
    ['canary without the wildcard rule', `${BOOKINFO_DR_REVIEWS}---\n${vs('canary')}`, 1],
    ['v2 of the wildcard rule, which defines only canary (and no exact rule)', `${wildcardRule}---\n${vs('v2')}`, 1],
  ])('%s', (_what, text, errors) => {
    expect(subsetErrors(text)).toHaveLength(errors);
  });
});
