/**
 * Bad `pricing:` input: the schema fragment reports the field path of each mistake (model/load.ts
 * turns those into `file:line:col: error: path: message` once the field is in the scenario
 * schema), and qualifyPricing reports cross-reference problems as diagnostics with paths and lines.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PricingSchema, qualifyPricing } from '../../src/cost/index.js';
import { Diagnostics, formatDiagnostic } from '../../src/model/diagnostics.js';
import { parseYamlDocuments } from '../../src/model/yaml-source.js';

type Issue = z.core.$ZodIssue;

/** The path of the deepest issue, following union branches as model/load.ts does (the branch that got furthest). */
function deepest(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; issue: Issue } {
  let best: { path: PropertyKey[]; issue: Issue } | undefined;
  for (const i of issues) {
    const here = [...prefix, ...i.path];
    const cand = i.code === 'invalid_union' ? i.errors.map((b) => deepest(b, here)).sort((a, b) => b.path.length - a.path.length)[0] : { path: here, issue: i };
    if (cand && (best === undefined || cand.path.length > best.path.length)) best = cand;
  }
  return best!;
}

const SCENARIO = z.strictObject({ pricing: PricingSchema });
const schemaError = (pricing: unknown) => {
  const r = SCENARIO.safeParse({ pricing });
  if (r.success) throw new Error('parsed without errors');
  return deepest(r.error.issues);
};

const GOOD_TABLE = {
  egress: { 'same-zone': 0, 'cross-zone': 0, 'cross-region': 0.01, 'cross-continent': 0.02, internet: 0.05, 'cross-cloud': 0.05 },
  processing: { nat: 0, 'load-balancer': 0, 'transit-gateway': 0, 'private-link': 0 },
};

describe('schema: the path of each mistake', () => {
  const { internet: _omit, ...noInternet } = GOOD_TABLE.egress;
  const rows: [string, unknown, (string | number)[], RegExp][] = [
    ['an unknown bundled provider', 'amazon', ['pricing'], /aws|gcp|azure|expected/],
    ['no provider', { overrides: { 'cross-zone': 0.01 } }, ['pricing', 'provider'], /string|required|expected/],
    ['a negative price', { provider: 'aws', overrides: { 'cross-zone': -1 } }, ['pricing', 'overrides', 'cross-zone'], />=0|too small/i],
    ['a misspelt class', { provider: 'aws', overrides: { 'cross-zonee': 0.01 } }, ['pricing', 'overrides'], /cross-zonee/],
    ['an unknown unit', { provider: 'aws', overrides: { unit: 'USD/TB' } }, ['pricing', 'overrides', 'unit'], /USD\/GB/],
    ['a continent that is not one', { provider: 'aws', clusters: { c1: { continent: 'atlantis' } } }, ['pricing', 'clusters', 'c1', 'continent'], /north-america/],
    ['an unknown continent in `from`', { provider: 'aws', overrides: { internet: { default: 0.1, from: { mars: 1 } } } }, ['pricing', 'overrides', 'internet', 'from'], /mars|key/i],
    ['an unknown device', { provider: 'aws', devices: { ingress: ['router'] } }, ['pricing', 'devices', 'ingress', 0], /nat|load-balancer/],
    ['a table missing a class', { provider: 'dc', tables: { dc: { ...GOOD_TABLE, egress: noInternet } } }, ['pricing', 'tables', 'dc', 'egress', 'internet'], /expected/],
    ['a table missing a device', { provider: 'dc', tables: { dc: { ...GOOD_TABLE, processing: { nat: 0 } } } }, ['pricing', 'tables', 'dc', 'processing', 'load-balancer'], /expected/],
  ];
  it.each(rows)('%s', (_name, pricing, path, message) => {
    const e = schemaError(pricing);
    expect(e.path).toEqual(path);
    expect(e.issue.message + JSON.stringify(e.issue)).toMatch(message);
  });

  it('good input parses (the checks above can pass)', () => {
    for (const ok of ['aws', { provider: 'gcp' }, { provider: 'dc', tables: { dc: GOOD_TABLE } }, { provider: 'aws', overrides: { unit: 'USD/GiB', nat: 0.05 } }]) {
      expect(SCENARIO.safeParse({ pricing: ok }).success).toBe(true);
    }
  });

  it('gives a JSON Schema for editors', () => {
    const js = JSON.stringify(z.toJSONSchema(PricingSchema, { io: 'input' }));
    expect(js).toContain('cross-continent');
    expect(js).toContain('USD/GiB');
  });
});

const YAML = [
  /*  1 */ 'name: cost-bad',
  /*  2 */ 'clusters:',
  /*  3 */ '  - {name: east, region: us-east-1, zones: [a]}',
  /*  4 */ '  - {name: lab, region: basement, zones: [a]}',
  /*  5 */ '  - {name: gke, region: us-central1, zones: [a]}',
  /*  6 */ 'pricing:',
  /*  7 */ '  provider: aws',
  /*  8 */ '  overrides:',
  /*  9 */ '    cross-region: {default: 0.02, pairs: {"us-east-1-us-west-2": 0.01}}',
  /* 10 */ '  clusters:',
  /* 11 */ '    ghost: {cloud: gcp}',
  /* 12 */ '    east: {cloud: ibm}',
  /* 13 */ '  tables:',
  /* 14 */ `    dc: {egress: {same-zone: 0, cross-zone: 0, cross-region: {default: 0, pairs: {"a<>": 1}}, cross-continent: 0, internet: 0, cross-cloud: 0}, processing: {nat: 0, load-balancer: 0, transit-gateway: 0, private-link: 0}}`,
].join('\n');

function qualifyText(text: string): Diagnostic[] {
  const diags = new Diagnostics();
  const [doc] = parseYamlDocuments(text, 'bad.yaml', diags);
  const data = doc.data as { pricing: unknown; clusters: { name: string; region: string }[] };
  qualifyPricing(PricingSchema.parse(data.pricing), data.clusters, { file: 'bad.yaml', locate: doc.locate, diags });
  return diags.items;
}
type Diagnostic = Diagnostics['items'][number];

describe('qualifyPricing: cross references, with file, line and path', () => {
  const out = qualifyText(YAML).map(formatDiagnostic);

  it.each([
    ['a region in no table: the cluster is named, the fix given', /^bad\.yaml:4:\d+: error: clusters\[1\]\.region: cluster "lab": region "basement" is in no price table's region list.*pricing\.clusters\.lab\.continent/],
    ['a region of another cloud than the provider: a warning', /^bad\.yaml:5:\d+: warning: clusters\[2\]\.region: region "us-central1" is a gcp region, but cluster "gke" is priced as aws/],
    ['a malformed region pair', /^bad\.yaml:9:\d+: error: pricing\.overrides\.cross-region\.pairs\.us-east-1-us-west-2: expected a region pair "regionA<>regionB"/],
    ['an unknown cluster', /^bad\.yaml:11:\d+: error: pricing\.clusters\.ghost: unknown cluster "ghost"; clusters: east, lab, gke/],
    ['an unknown cloud', /^bad\.yaml:12:\d+: error: pricing\.clusters\.east\.cloud: unknown cloud "ibm"; known: aws, gcp, azure, dc/],
    ['a bad pair in a table', /^bad\.yaml:14:\d+: error: pricing\.tables\.dc\.egress\.cross-region\.pairs\["a<>"\]: expected a region pair/],
  ])('%s', (_name, line) => {
    expect(out.filter((d) => line.test(d))).toHaveLength(1);
  });

  it('reports every problem at once, nothing else', () => {
    expect(out).toHaveLength(6);
  });

  it('an unknown provider (long form) and one in no table', () => {
    const d = qualifyText('clusters: [{name: c, region: us-east-1}]\npricing: {provider: oracle}\n').map(formatDiagnostic);
    expect(d).toEqual([expect.stringMatching(/^bad\.yaml:2:\d+: error: pricing\.provider: unknown provider "oracle"; known: aws, gcp, azure \(define others in pricing\.tables\)$/)]);
  });

  it('a good pricing gives no diagnostic, and no pricing gives no cost model', () => {
    expect(qualifyText('clusters: [{name: c, region: us-east-1}]\npricing: aws\n')).toEqual([]);
    expect(qualifyPricing(undefined, [], { file: 'x', locate: undefined, diags: new Diagnostics() })).toBeUndefined();
  });
});
