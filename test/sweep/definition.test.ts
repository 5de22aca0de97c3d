/**
 * A sweep's definition is checked before anything runs: each --set path against the document
 * (selectors, indices, fields the schema knows), each value as if hand-written; every mistake is
 * reported with the file, the line, the field path and the --set.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/model/diagnostics.js';
import { defineSweep, pointOverrides, resolveSets } from '../../src/sweep/definition.js';
import { ScenarioBase } from '../../src/sweep/override.js';

const FILE = 'scenarios/helloworld-failover.yaml';
const TEXT = readFileSync(FILE, 'utf8');

function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('--set paths', () => {
  it('resolve selectors to indices and accept fields the schema knows but the document leaves out', () => {
    const sets = resolveSets(TEXT, FILE, ['services[name=helloworld].deployments[zone=us-west1-b].replicas=1,2', 'services[0].queueLimit=10', 'timeline.interval=2s'], 'meshsim sweep');
    expect(sets.map((s) => s.path)).toEqual([['services', 0, 'deployments', 1, 'replicas'], ['services', 0, 'queueLimit'], ['timeline', 'interval']]);
  });

  it.each([
    ['services[0].deployments[0].replica=1', /^scenarios\/helloworld-failover\.yaml:28:\d+: error: services\[0\]\.deployments\[0\]\.replica: --set: unknown field "replica" in services\[0\]\.deployments\[0\]; did you mean "replicas"\?$/],
    ['servics[0].concurrency=1', /:8:1: error: servics\[0\]\.concurrency: --set: unknown field "servics"; did you mean "services"\?/],
    ['services[3].concurrency=1', /:20:\d+: error: services\[3\]\.concurrency: --set: services has 1 item \(indices 0\.\.0\), no \[3\]/],
    ['services[name=web].concurrency=1', /--set: no item of services has name=web; name values here: helloworld/],
    ['services.concurrency=1', /--set: services is a list: choose an item with \[index\] or \[field=value\]/],
    ['services[0].serviceTime.mean.x=1', /--set: services\[0\]\.serviceTime\.mean is the value "20ms", not a mapping/],
    ['seed[0]=1', /--set: seed is the value 42, not a list/],
    ['services[0].deployments[cluster=cluster1].replicas=1', /--set: 2 items of services\[0\]\.deployments have cluster=cluster1 \(\[0\], \[1\]\): choose one by index/],
    ['loadBalancing.plugin=a.js', /meshsim sweep: error: --set: loadBalancing\.plugin: a sweep runs one plug-in/],
  ])('%s is refused', (flag, message) => {
    const errors = errorsOf(() => resolveSets(TEXT, FILE, [flag], 'meshsim sweep'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('two --set of one field are refused; every problem is listed at once', () => {
    const errors = errorsOf(() => resolveSets(TEXT, FILE, ['services[0].deployments=[]', 'services[0].deployments[0].replicas=1', 'sed=1', 'x'], 'meshsim sweep'));
    expect(errors).toEqual(['meshsim sweep: error: --set: "x" has no "=": write --set path=value1,value2,...']);
    const more = errorsOf(() => resolveSets(TEXT, FILE, ['services[0].deployments=[]', 'services[0].deployments[0].replicas=1', 'sed=1'], 'meshsim sweep'));
    expect(more).toHaveLength(2);
    expect(more[0]).toMatch(/--set services\[0\]\.deployments\[0\]\.replicas and --set services\[0\]\.deployments write the same field/);
    expect(more[1]).toMatch(/unknown field "sed"; did you mean "seed"\?/);
  });
});

describe('--set values', () => {
  it('are validated like hand-written input, naming the --set', () => {
    const errors = errorsOf(() => defineSweep({ file: FILE, sets: ['services[0].deployments[1].replicas=2,-1', 'traffic[0].rate=100/s,fast'], replications: 1 }));
    expect(errors).toEqual([
      expect.stringMatching(/^scenarios\/helloworld-failover\.yaml:29:\d+: error: services\[0\]\.deployments\[1\]\.replicas: must not be negative, got -1 \(from --set services\[0\]\.deployments\[1\]\.replicas=-1\)$/),
      expect.stringMatching(/^scenarios\/helloworld-failover\.yaml:32:\d+: error: traffic\[0\]\.rate: expected a rate such as 500\/s or 30000\/m, got "fast" \(from --set traffic\[0\]\.rate=fast\)$/),
    ]);
  });

  it('reach into inline Istio resources, which are checked up front too', () => {
    const errors = errorsOf(() => defineSweep({ file: 'scenarios/bench/canonical.yaml', sets: ['policies[0].spec.trafficPolicy.loadBalancer.simple=ROUND_ROBIN,RANDOMM'], replications: 1 }));
    expect(errors).toEqual([
      'scenarios/bench/canonical.yaml:45:11: error: spec.trafficPolicy.loadBalancer.simple: expected one of "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"; got "RANDOMM"; did you mean "RANDOM"? (with --set policies[0].spec.trafficPolicy.loadBalancer.simple=RANDOMM)',
    ]);
  });

  it('an override changes the scenario and its hash; the document keeps its line numbers', () => {
    const def = defineSweep({ file: FILE, sets: ['services[0].deployments[1].replicas=2,5'], replications: 1 });
    expect(def.points).toBe(2);
    const base = new ScenarioBase(TEXT, FILE);
    const text = base.apply(pointOverrides(def, 1));
    expect(text.split('\n').length).toBe(TEXT.split('\n').length);
    const changed = text.split('\n').filter((l, i) => l !== TEXT.split('\n')[i]);
    expect(changed).toEqual(['      - {cluster: cluster1, zone: us-west1-b, replicas: 5, labels: {version: v1}}']);
    const a = base.load(pointOverrides(def, 0));
    const b = base.load(pointOverrides(def, 1));
    expect(a.hash).toBe(def.hash); // replicas 2 is the scenario as written
    expect(b.hash).not.toBe(def.hash);
    expect(b.scenario.services[0].deployments[1].replicas).toBe(5);
  });
});
