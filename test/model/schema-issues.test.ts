/**
 * One wording for schema mistakes (src/model/schema-issues.ts): the same kind of zod issue reads
 * the same whether it is made in the scenario's own fields or in an Istio resource under
 * `policies:` (DestinationRule, VirtualService; a ServiceEntry or Service where those have no such field).
 * Each row is one kind of issue with one message template; every site fills the template with
 * its own field's values and must produce exactly that message at exactly that path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError, type Diagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioText } from '../../src/model/load.js';
import { describeSchemaIssues, describeValue, oneOfMessage, unknownFieldMessage } from '../../src/model/schema-issues.js';
import { DestinationRuleSpecSchema } from '../../src/istio/dr-schema.js';

/** A valid scenario; `{...}` placeholders are replaced per case. */
const SCENARIO = `name: same-words
duration: 10s
clusters:
  - name: c1
    region: r1
    zones: [z1]
services:
  - name: web
    ports: [{PORT}]
    concurrency: {CONCURRENCY}
    deployments:
      - {DEPLOYMENT}
        zone: z1
        replicas: 2
traffic:
  - name: client
    from: {cluster: c1, zone: z1}
    to: web
    port: 8080
    rate: 10/s
    arrival: {ARRIVAL}
`;

const SCENARIO_DEFAULTS: Record<string, string> = { PORT: '8080', CONCURRENCY: '4', DEPLOYMENT: 'cluster: c1', ARRIVAL: 'poisson' };

function scenario(changes: Record<string, string>, policies = ''): string {
  const vars = { ...SCENARIO_DEFAULTS, ...changes };
  return SCENARIO.replace(/\{([A-Z]+)\}/g, (_, k: string) => vars[k]) + (policies === '' ? '' : `policies:\n${policies}\n`);
}

const resource = (kind: string, spec: string) => `  - apiVersion: networking.istio.io/v1
    kind: ${kind}
    metadata: {name: web}
    spec: ${spec}`;
const dr = (trafficPolicy: string, host = 'web') => resource('DestinationRule', `{host: ${host}, trafficPolicy: ${trafficPolicy}}`);
const vs = (route: string, hosts = '[web]') => resource('VirtualService', `{hosts: ${hosts}, http: [${route}]}`);
const se = (spec: string) => resource('ServiceEntry', spec);
const kubeService = (spec: string) => `  - apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec: ${spec}`;

function errorsOf(text: string): Diagnostic[] {
  try {
    loadScenarioText(text, 'same-words.yaml');
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
  return [];
}

type Source = 'scenario' | 'DestinationRule' | 'VirtualService' | 'ServiceEntry' | 'Service';
interface Site {
  source: Source;
  text: string;
  path: string;
  /** The values this site fills the row's template with. */
  args: string[];
}
interface Row {
  issue: string;
  wording: (...args: string[]) => string;
  sites: Site[];
}

const LB = '"UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"';

const ROWS: Row[] = [
  {
    issue: 'missing required field',
    wording: (type) => `required field is missing (expected ${type})`,
    sites: [
      { source: 'scenario', text: scenario({ DEPLOYMENT: 'replicas: 1' }).replace('        replicas: 2\n', ''), path: 'services[0].deployments[0].cluster', args: ['a string'] },
      { source: 'DestinationRule', text: scenario({}, resource('DestinationRule', '{trafficPolicy: {loadBalancer: {simple: RANDOM}}}')), path: 'spec.host', args: ['a string'] },
      { source: 'VirtualService', text: scenario({}, vs('{route: [{destination: {subset: v1}}]}')), path: 'spec.http[0].route[0].destination.host', args: ['a string'] },
    ],
  },
  {
    issue: 'wrong type',
    wording: (type, got) => `expected ${type}, got ${got}`,
    sites: [
      { source: 'scenario', text: scenario({ CONCURRENCY: 'lots' }), path: 'services[0].concurrency', args: ['a number', '"lots"'] },
      { source: 'DestinationRule', text: scenario({}, dr('{outlierDetection: {consecutive5xxErrors: lots}}')), path: 'spec.trafficPolicy.outlierDetection.consecutive5xxErrors', args: ['a number', '"lots"'] },
      { source: 'VirtualService', text: scenario({}, vs('{retries: {attempts: lots}, route: [{destination: {host: web}}]}')), path: 'spec.http[0].retries.attempts', args: ['a number', '"lots"'] },
    ],
  },
  {
    issue: 'a number where text is expected',
    wording: (got) => `expected a string, got number ${got} (write it in quotes to keep it as text)`,
    sites: [
      { source: 'scenario', text: scenario({}).replace('name: same-words', 'name: same-words\nistio: 1.20'), path: 'istio', args: ['1.2'] },
      { source: 'DestinationRule', text: scenario({}, dr('{loadBalancer: {simple: RANDOM}}', '1.20')), path: 'spec.host', args: ['1.2'] },
      { source: 'VirtualService', text: scenario({}, vs('{route: [{destination: {host: web}}]}', '[1.20]')), path: 'spec.hosts[0]', args: ['1.2'] },
    ],
  },
  {
    issue: 'bad enum value with a close match',
    wording: (values, got, near) => `expected one of ${values}; got "${got}"; did you mean "${near}"?`,
    sites: [
      { source: 'scenario', text: scenario({ ARRIVAL: 'poison' }), path: 'traffic[0].arrival', args: ['"poisson", "constant"', 'poison', 'poisson'] },
      { source: 'DestinationRule', text: scenario({}, dr('{loadBalancer: {simple: RANDOMM}}')), path: 'spec.trafficPolicy.loadBalancer.simple', args: [LB, 'RANDOMM', 'RANDOM'] },
      { source: 'VirtualService', text: scenario({}, vs('{corsPolicy: {unmatchedPreflights: forward}, route: [{destination: {host: web}}]}')), path: 'spec.http[0].corsPolicy.unmatchedPreflights', args: ['"UNSPECIFIED", "FORWARD", "IGNORE"', 'forward', 'FORWARD'] },
    ],
  },
  {
    issue: 'bad enum value',
    wording: (values, got) => `expected one of ${values}; got "${got}"`,
    sites: [
      { source: 'scenario', text: scenario({ ARRIVAL: 'bursty' }), path: 'traffic[0].arrival', args: ['"poisson", "constant"', 'bursty'] },
      { source: 'DestinationRule', text: scenario({}, dr('{loadBalancer: {simple: LEAST_CONNECTION}}')), path: 'spec.trafficPolicy.loadBalancer.simple', args: [LB, 'LEAST_CONNECTION'] },
      { source: 'VirtualService', text: scenario({}, vs('{redirect: {derivePort: FROM_NOWHERE}}')), path: 'spec.http[0].redirect.derivePort', args: ['"FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT"', 'FROM_NOWHERE'] },
    ],
  },
  {
    issue: 'unknown field with a close match',
    wording: (key, near) => `unknown field "${key}"; did you mean "${near}"?`,
    sites: [
      { source: 'scenario', text: scenario({}).replace('replicas: 2', 'replica: 2'), path: 'services[0].deployments[0].replica', args: ['replica', 'replicas'] },
      { source: 'DestinationRule', text: scenario({}, dr('{outlierDetections: {interval: 1s}}')), path: 'spec.trafficPolicy.outlierDetections', args: ['outlierDetections', 'outlierDetection'] },
      { source: 'VirtualService', text: scenario({}, vs('{retries: {attempt: 0}, route: [{destination: {host: web}}]}')), path: 'spec.http[0].retries.attempt', args: ['attempt', 'attempts'] },
      // The resource's envelope (apiVersion, kind, metadata) is checked by hand, in the same words.
      { source: 'DestinationRule', text: scenario({}, dr('{loadBalancer: {simple: RANDOM}}').replace('metadata: {name: web}', 'metadata: {name: web, lables: {a: b}}')), path: 'metadata.lables', args: ['lables', 'labels'] },
      { source: 'VirtualService', text: scenario({}, vs('{route: [{destination: {host: web}}]}').replace('    spec:', '    specs:')), path: 'specs', args: ['specs', 'spec'] },
    ],
  },
  {
    issue: 'unknown field without a close match',
    wording: (key, known) => `unknown field "${key}"; valid fields here: ${known}`,
    sites: [
      { source: 'scenario', text: scenario({}).replace('    concurrency: 4', '    concurrency: 4\n    serviceTime: {dist: exponential, mean: 5ms, sd: 1ms}'), path: 'services[0].serviceTime.sd', args: ['sd', 'dist, mean'] },
      { source: 'DestinationRule', text: scenario({}, dr('{portLevelSettings: [{port: {name: http}}]}')), path: 'spec.trafficPolicy.portLevelSettings[0].port.name', args: ['name', 'number'] },
      { source: 'VirtualService', text: scenario({}, vs('{route: [{destination: {host: web, port: {name: http}}}]}')), path: 'spec.http[0].route[0].destination.port.name', args: ['name', 'number'] },
    ],
  },
  {
    issue: 'number below its minimum',
    wording: (got) => `must not be negative, got ${got}`,
    sites: [
      { source: 'scenario', text: scenario({}).replace('replicas: 2', 'replicas: -1'), path: 'services[0].deployments[0].replicas', args: ['-1'] },
      { source: 'DestinationRule', text: scenario({}, dr('{outlierDetection: {consecutive5xxErrors: -1}}')), path: 'spec.trafficPolicy.outlierDetection.consecutive5xxErrors', args: ['-1'] },
      { source: 'VirtualService', text: scenario({}, vs('{route: [{destination: {host: web, port: {number: -1}}}]}')), path: 'spec.http[0].route[0].destination.port.number', args: ['-1'] },
    ],
  },
  {
    issue: 'number above its maximum',
    wording: (max, got) => `must be <= ${max}, got ${got}`,
    sites: [
      { source: 'scenario', text: scenario({ PORT: '80800' }), path: 'services[0].ports[0]', args: ['65535', '80800'] },
      { source: 'DestinationRule', text: scenario({}, dr('{portLevelSettings: [{port: {number: 4294967296}, loadBalancer: {simple: RANDOM}}]}')), path: 'spec.trafficPolicy.portLevelSettings[0].port.number', args: ['4294967295', '4294967296'] },
      { source: 'VirtualService', text: scenario({}, vs('{match: [{port: 4294967296}], route: [{destination: {host: web}}]}')), path: 'spec.http[0].match[0].port', args: ['4294967295', '4294967296'] },
    ],
  },
  {
    issue: 'a value of a kind no alternative accepts',
    wording: (kinds, got) => `expected ${kinds}, got ${got}`,
    sites: [
      { source: 'scenario', text: scenario({}).replace('rate: 10/s', 'rate: true'), path: 'traffic[0].rate', args: ['a number or a string', 'boolean true'] },
      { source: 'Service', text: scenario({}, kubeService('{ports: [{port: 80, targetPort: true}]}')), path: 'spec.ports[0].targetPort', args: ['a number or a string', 'boolean true'] },
    ],
  },
  {
    issue: 'empty list where one item is needed',
    wording: () => 'must list at least one item, got an empty list',
    sites: [
      { source: 'scenario', text: scenario({}).replace('zones: [z1]', 'zones: []'), path: 'clusters[0].zones', args: [] },
      { source: 'ServiceEntry', text: scenario({}, se('{hosts: []}')), path: 'spec.hosts', args: [] },
    ],
  },
];

describe('a schema mistake reads the same in the scenario and in its Istio resources', () => {
  const cases = ROWS.flatMap((row) => row.sites.map((site) => ({ name: `${row.issue} (${site.source})`, row, site })));

  it.each(cases)('$name', ({ row, site }) => {
    const errors = errorsOf(site.text);
    const at = errors.filter((d) => d.path === site.path);
    expect(at.map((d) => d.message), `errors: ${errors.map((d) => `${d.path}: ${d.message}`).join('\n')}`).toEqual([row.wording(...site.args)]);
    expect(at[0].line).toBeGreaterThan(0);
  });

  it('every row has the scenario and at least one Istio resource', () => {
    for (const row of ROWS) {
      expect(row.sites.some((s) => s.source === 'scenario'), row.issue).toBe(true);
      expect(row.sites.some((s) => s.source !== 'scenario'), row.issue).toBe(true);
    }
  });

  it('the same value gives byte-identical messages from both places', () => {
    const wrongType = ROWS.find((r) => r.issue === 'wrong type')!;
    const messages = wrongType.sites.map((s) => errorsOf(s.text).find((d) => d.path === s.path)?.message);
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe('expected a number, got "lots"');
  });
});

describe('schema-issues building blocks', () => {
  it.each([
    [undefined, 'nothing'],
    [null, 'null'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    [5, 'number 5'],
    [true, 'boolean true'],
    [Number.NaN, 'NaN'],
  ])('describeValue(%j) is %s', (v, want) => {
    expect(describeValue(v)).toBe(want);
  });

  it('one allowed value reads "expected", a missing one names the list, a non-string has no did-you-mean', () => {
    expect(oneOfMessage(['v1'], 'v2')).toBe('expected "v1"; got "v2"');
    expect(oneOfMessage(['a', 'b'], undefined)).toBe('required field is missing (expected one of "a", "b")');
    expect(oneOfMessage(['1', '2'], 1)).toBe('expected one of "1", "2"; got number 1');
    expect(oneOfMessage(['ROUND_ROBIN', 'RANDOM'], 'random')).toBe('expected one of "ROUND_ROBIN", "RANDOM"; got "random"; did you mean "RANDOM"?');
  });

  it('an unknown key is shortened and never matched when it is long', () => {
    const key = `${'k'.repeat(100)}`;
    expect(unknownFieldMessage(key, ['kk'])).toBe(`unknown field "${'k'.repeat(79)}…"; valid fields here: kk`);
    expect(unknownFieldMessage('x', [])).toBe('unknown field "x"');
  });

  it('paths stay relative to the parsed schema; a format message is followed by the value given', () => {
    const parsed = DestinationRuleSpecSchema.safeParse({ host: 'web', trafficPolicy: { connectionPool: { tcp: { connectTimeout: '10' } } } }, { reportInput: true });
    expect(parsed.success).toBe(false);
    expect(describeSchemaIssues(parsed.error!.issues, DestinationRuleSpecSchema)).toEqual([
      { path: ['trafficPolicy', 'connectionPool', 'tcp', 'connectTimeout'], message: 'expected a duration with a unit, such as 10ms, 1s, 5m or 1h30m, got "10"' },
    ]);
  });
});

/** The README's example (section "Exit codes"): two versions of one small scenario, as printed. */
const SHOP_HEAD = `name: shop
duration: 10s
clusters:
  - name: c1
    region: r1
    zones: [z1]
services:
  - name: web
    ports: [8080]
    deployments:
      - cluster: c1
        zone: z1
`;
const SHOP_TRAFFIC = `traffic:
  - name: client
    from: {cluster: c1, zone: z1}
    to: web
    port: 8080
    rate: 10/s
`;
const SHOP_SCENARIO_MISTAKES = `${SHOP_HEAD}        replica: 2\n${SHOP_TRAFFIC}    arrival: poison\n`;
const SHOP_POLICY_MISTAKES = `${SHOP_HEAD}${SHOP_TRAFFIC}policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web}
    spec:
      host: web
      trafficPolicy:
        loadBalancer: {simple: RANDOMM}
        outlierDetections: {interval: 1s}
`;

it("the README's example error messages are what meshsim prints", () => {
  const readme = readFileSync('README.md', 'utf8');
  const block = /A schema mistake reads the same[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const printed = [SHOP_SCENARIO_MISTAKES, SHOP_POLICY_MISTAKES].flatMap((text) => {
    try {
      loadScenarioText(text, 'shop.yaml');
    } catch (e) {
      if (e instanceof InputError) return e.diagnostics.map(formatDiagnostic);
      throw e;
    }
    return [];
  });
  expect(block!.trimEnd().split('\n')).toEqual(printed);
});
