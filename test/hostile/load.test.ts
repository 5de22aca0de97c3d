/**
 * Hostile and extreme scenario files end in a clear error (file, line, path, the limit named) or a
 * sane result, never a crash, a hang or runaway memory: one regression test per class found by
 * the fuzzing of issue 12.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioText } from '../../src/model/load.js';
import { prepare, simulate } from '../../src/run.js';
import { errorsOf, FAILOVER, FILE, INTERNAL, RAW_CONTROL, TWO_CLUSTERS } from './helpers.js';

/** Wall-clock ms of `f` (tests bound the time of hostile inputs generously: the machine is shared). */
function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('keys that name Object.prototype members', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('a field named %s is an unknown field, at the top and nested', (key) => {
    for (const text of [`${FAILOVER}${key}: {}\n`, FAILOVER.replace('  - {name: cluster2,', `  - {${key}: 1, name: cluster2,`)]) {
      const { errors } = errorsOf(text);
      expect(errors.map((e) => e.message)).toContainEqual(expect.stringContaining(`unknown field "${key}"`));
      expect(errors.map(formatDiagnostic).join('\n')).not.toMatch(INTERNAL);
    }
  });

  it('a label named __proto__ or constructor is just a label', () => {
    const text = TWO_CLUSTERS.replace('labels: {version: v1}', 'labels: {version: v1, __proto__: x, constructor: y}');
    expect(text).not.toBe(TWO_CLUSTERS);
    const loaded = loadScenarioText(text, 'scenarios/x.yaml');
    expect(loaded.scenario.services[0].deployments[0].labels).toEqual(expect.objectContaining({ version: 'v1' }));
    expect(Object.getPrototypeOf(loaded.scenario.services[0].deployments[0].labels)).toBe(Object.prototype);
    expect(simulate(loaded, { requests: 200 }).result.generated).toBe(200);
  });
});

describe('many fields', () => {
  it('3,000 unknown fields are reported quickly: the first 200 listed, the rest counted', () => {
    const text = FAILOVER + Array.from({ length: 3000 }, (_, i) => `zz${i}: 1\n`).join('');
    const { value, ms } = timed(() => errorsOf(text));
    expect(value.errors).toHaveLength(200);
    expect(value.dropped).toBe(2800);
    expect(value.errors[0].message).toMatch(/^unknown field "zz0"; valid fields here: /);
    expect(ms).toBeLessThan(5000); // was quadratic: ~17 s
  });

  it('a mapping of 30,000 keys parses in linear time (duplicate keys are still found)', () => {
    const labels = Array.from({ length: 30_000 }, (_, i) => `      k${i}: v`).join('\n');
    const text = FAILOVER.replace('latency:', `  - name: cluster3\n    region: r3\n    zones: [z3]\n    labels:\n${labels}\n      k7: again\nlatency:`);
    const { value, ms } = timed(() => errorsOf(text));
    expect(value.errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringContaining('field "k7" appears twice')]));
    expect(ms).toBeLessThan(5000); // the yaml library's own check took ~30 s at 50,000 keys
  });
});

describe('numbers beyond what can be simulated are errors naming the limit', () => {
  const cases: [string, string, string, string][] = [
    ['rate "1e400/s" (Infinity)', 'rate: 200/s', 'rate: "1e400/s"', 'traffic[0].rate'],
    ['rate 1e308', 'rate: 200/s', 'rate: 1e308', 'traffic[0].rate'],
    ['a rate slower than 1 per 87600h', 'rate: 200/s', 'rate: "0.0000000001/h"', 'traffic[0].rate'],
    ['serviceTime 1e308', 'mean: 20ms', 'mean: 1e308', 'services[0].serviceTime.mean'],
    ['a 400-digit duration', 'duration: 80s', `duration: ${'9'.repeat(400)}s`, 'duration'],
    ['a duration beyond 87600h', 'duration: 80s', 'duration: 87601h', 'duration'],
    ['responseSize 1e308', 'responseSize: 4KiB', 'responseSize: 1e308', 'services[0].responseSize'],
    ['requestSize 2TiB', 'requestSize: 512B', 'requestSize: 2TiB', 'traffic[0].requestSize'],
    ['lognormal p99 far beyond the median', 'median: 0.2ms, p99: 1ms', 'median: 0.000001ms, p99: 8000h', 'latency.sameZone.p99'],
    ['a timeline row under 1ms', 'duration: 80s', 'duration: 80s\ntimeline: {interval: 0.5ms}', 'timeline.interval'],
    ['a deployment of a million replicas', 'replicas: 2, labels: {version: v2}', 'replicas: 1000000, labels: {version: v2}', 'services[0].deployments[2].replicas'],
  ];
  it.each(cases)('%s', (_name, from, to, path) => {
    const text = FAILOVER.replace(from, to);
    expect(text).not.toBe(FAILOVER);
    const { errors } = errorsOf(text);
    const d = errors.find((e) => e.path === path);
    expect(d, JSON.stringify(errors)).toBeDefined();
    expect(d!.message).toMatch(/README "Input limits"/);
    expect(d!.line).toBeGreaterThan(0);
  });

  it('lognormal mu and sigma are bounded (their samples would overflow to Infinity)', () => {
    for (const bad of ['{dist: lognormal, mu: 1e308, sigma: 1}', '{dist: lognormal, mu: 1, sigma: 50}']) {
      const { errors } = errorsOf(FAILOVER.replace('{dist: exponential, mean: 20ms}', bad));
      expect(errors[0].message).toMatch(/at most .*README "Input limits"/);
    }
  });

  it('an outlierDetection.interval of 400 digits is an Istio error in the policy file, not an internal one', () => {
    const text = FAILOVER.replace('policies: [istio/failover-destinationrule.yaml]', `policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: helloworld, namespace: sample}
    spec:
      host: helloworld.sample.svc.cluster.local
      trafficPolicy:
        outlierDetection: {consecutive5xxErrors: 1, interval: ${'9'.repeat(400)}s}`);
    let message = '';
    try {
      // The Istio resources are checked at load, with the scenario.
      loadScenarioText(text, FILE);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/outlierDetection\.interval: ".*…" is out of range: Go durations end at 2562047h/);
  });

  it('endpoints, calling pods and load-balancer state are bounded before anything is built', () => {
    const perService = errorsOf(FAILOVER.replace('replicas: 2, labels: {version: v1}}', 'replicas: 30000, labels: {version: v1}}').replace('zone: us-west1-b, replicas: 2', 'zone: us-west1-b, replicas: 30000'));
    expect(perService.errors[0]).toMatchObject({ path: 'services[0].deployments[1].replicas', message: expect.stringMatching(/service helloworld has more than 50,000 endpoints/) });
    const services = Array.from({ length: 11 }, (_, i) => `  - {name: s${i}, deployments: [{cluster: cluster1, replicas: 9999}]}\n`).join('');
    const endpoints = errorsOf(FAILOVER.replace('traffic:', `${services}traffic:`));
    expect(endpoints.errors[0].message).toMatch(/more than 100,000 endpoints/);
    const slots = errorsOf(FAILOVER.replace('replicas: 2, labels: {version: v1}}', 'replicas: 20000, labels: {version: v1}}').replace('rate: 200/s', 'rate: 200/s, replicas: 2001'));
    expect(slots.errors[0].message).toMatch(/exceeds 40,000,000/);
  });

  it('a run asking for more than a billion requests is refused; --requests (or requests) bounds it', () => {
    const loaded = loadScenarioText(TWO_CLUSTERS.replace('duration: 60s', 'duration: 8760h').replace('rate: 100/s', 'rate: 1000000/s'), FILE);
    expect(() => prepare(loaded)).toThrow(/this run would generate about 3\.15e\+13 requests.*at most 1,000,000,000/);
    expect(() => prepare(loaded, { requests: 1000 })).not.toThrow();
  });
});

describe('work and memory follow the work done, not simulated time', () => {
  it('a year-long run with one request per source ticks a handful of timeline rows', () => {
    const text = TWO_CLUSTERS.replace('duration: 60s', 'duration: 8760h').replaceAll('rate: 100/s', 'rate: 100/s, start: 8700h, requests: 1');
    expect(text).not.toBe(TWO_CLUSTERS);
    const { value: out, ms } = timed(() => simulate(loadScenarioText(text, FILE)));
    expect(out.result.generated).toBe(2);
    expect(out.result.timeline.length).toBeLessThanOrEqual(4);
    expect(out.result.events).toBeLessThan(20);
    expect(out.result.timeline[0]).toMatchObject({ startMs: 0, started: 0, succeeded: 0, failed: 0 });
    expect(ms).toBeLessThan(5000);
  });

  it('a service time of a year with a 1ms timeline merges the quiet rows', () => {
    const text = TWO_CLUSTERS.replace('duration: 60s', 'duration: 60s\ntimeline: {interval: 1ms}').replace('{dist: exponential, mean: 20ms}', '8760h');
    expect(text).not.toBe(TWO_CLUSTERS);
    const out = simulate(loadScenarioText(text, FILE), { requests: 50 });
    expect(out.result.generated).toBe(50);
    expect(out.result.timeline.length).toBeLessThan(200);
    expect(out.result.simulatedMs).toBeGreaterThan(8760 * 3_600_000);
  });

  it('a year of 1ms outlier-detection ticks for one request is refused at the timer limit, quickly', () => {
    const text = FAILOVER.replace('duration: 80s', 'duration: 8760h')
      .replace('rate: 200/s', 'rate: 200/s, start: 8700h, requests: 1')
      .replace('policies: [istio/failover-destinationrule.yaml]', `policies:
  - {apiVersion: networking.istio.io/v1, kind: DestinationRule, metadata: {name: h, namespace: sample}, spec: {host: helloworld.sample.svc.cluster.local, trafficPolicy: {outlierDetection: {consecutive5xxErrors: 1, interval: 1ms}}}}`);
    const loaded = loadScenarioText(text, FILE);
    const { ms } = timed(() => expect(() => simulate(loaded)).toThrow(/interval timers ticked 5,000,00\d times for 0 requests.*README "Input limits"/));
    expect(ms).toBeLessThan(15_000);
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-hostile-'));

  it.each([
    ['../../../../../../../dev/zero', /"..\/..\/..\/..\/..\/..\/..\/dev\/zero": it is a character device, not a regular file/],
    ['/dev/zero', /it is a character device, not a regular file/],
    ['istio', /it is a directory, not a regular file/],
    ['', /the path is empty/],
  ])('policies: [%s] is refused without reading it', (path, message) => {
    const { value, ms } = timed(() => errorsOf(FAILOVER.replace('policies: [istio/failover-destinationrule.yaml]', `policies: [${JSON.stringify(path)}]`)));
    expect(value.errors[0].message).toMatch(message);
    expect(ms).toBeLessThan(3000);
  });

  it('a policy file over 2 MiB, and a named pipe, are refused', () => {
    writeFileSync(join(dir, 'big.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    expect(errorsOf(FAILOVER.replace('istio/failover-destinationrule.yaml', join(dir, 'big.yaml')), join(dir, 's.yaml')).errors[0].message).toMatch(/may be at most 2 MiB/);
    const fifo = join(dir, 'fifo.yaml');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      expect(errorsOf(FAILOVER.replace('istio/failover-destinationrule.yaml', fifo), join(dir, 's.yaml')).errors[0].message).toMatch(/named pipe, not a regular file/);
    }
  });
});

describe('sizes of lists and files (the reader and the checks stay fast)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-hostile-'));

  it('a list of more than 1,000 clusters is refused (cross-reference checks compare items pairwise)', () => {
    const clusters = Array.from({ length: 1001 }, (_, i) => `  - {name: x${i}, region: r, zones: [z]}\n`).join('');
    const { value, ms } = timed(() => errorsOf(FAILOVER.replace('latency:', `${clusters}latency:`)));
    expect(value.errors[0]).toMatchObject({ path: 'clusters', message: expect.stringMatching(/a list of at most 1,000 items \(README "Input limits"\), got 1003/) });
    expect(ms).toBeLessThan(3000);
  });

  it('a file of more than 200,000 values is refused before the YAML reader starts', () => {
    const { value, ms } = timed(() => errorsOf(`${FAILOVER}description: [${'1,'.repeat(200_001)}1]\n`));
    expect(value.errors[0].message).toMatch(/holds about 200,\d{3} values .*at most 200,000 per file/);
    expect(ms).toBeLessThan(3000);
  });

  it('a list of more than 1,000 items in an Istio resource is refused (Istio compares some items pairwise)', () => {
    const hosts = Array.from({ length: 1001 }, (_, i) => `h${i}.example.com`).join(', ');
    const text = FAILOVER.replace('policies: [istio/failover-destinationrule.yaml]', `policies:\n  - {apiVersion: networking.istio.io/v1, kind: VirtualService, metadata: {name: v, namespace: sample}, spec: {hosts: [${hosts}], http: [{route: [{destination: {host: helloworld}}]}]}}`);
    const { value, ms } = timed(() => errorsOf(text));
    expect(value.errors[0]).toMatchObject({ path: 'spec.hosts', line: 37, message: expect.stringMatching(/a list of at most 1,000 items .*got 1,001/) });
    expect(ms).toBeLessThan(3000);
  });

  it('more than 5,000 Istio resources are refused', () => {
    writeFileSync(join(dir, 'many.yaml'), Array.from({ length: 5001 }, (_, i) => `---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d${i}}\nspec: {host: h${i}}\n`).join(''));
    const { errors } = errorsOf(FAILOVER.replace('istio/failover-destinationrule.yaml', join(dir, 'many.yaml')), join(dir, 's.yaml'));
    expect(errors[0].message).toMatch(/more than 5,000 Istio resources/);
  });
});

describe('nesting', () => {
  const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  it.each([
    ['flow lists 100 deep', `description: ${deep(100)}\n`],
    ['flow lists 100,000 deep', `description: ${deep(100_000)}\n`],
    ['flow mappings 5,000 deep', `description: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`],
    ['block mappings 300 deep', `description:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`],
    ['compact sequences 300 deep', `description: \n  ${'- '.repeat(300)}1\n`],
  ])('%s: a clear error with a short path', (_name, tail) => {
    const { value, ms } = timed(() => errorsOf(FAILOVER.replace(/^description: .*$/m, '') + tail));
    const text = value.errors.map(formatDiagnostic).join('\n');
    expect(text).toMatch(/nested deeper than 64 levels/);
    expect(text).not.toMatch(INTERNAL);
    expect(Math.max(...value.errors.map((e) => e.path.length))).toBeLessThan(200);
    expect(ms).toBeLessThan(3000);
  });

  it('nesting within the limit is read (and then judged by the schema)', () => {
    const { errors } = errorsOf(FAILOVER.replace(/^description: .*$/m, `description: ${deep(40)}`));
    expect(errors[0].message).toMatch(/expected a string, got a list/);
  });

  it('an alias cycle and an alias bomb are clear errors', () => {
    expect(errorsOf(`${FAILOVER}x: &c [1, *c]\n`).errors[0].message).toMatch(/refers to a list or mapping that contains it/);
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expect(errorsOf(FAILOVER + bomb).errors[0].message).toMatch(/YAML aliases expand too much/);
  });
});

describe('echoed text', () => {
  it('control characters from the file are escaped in every message', () => {
    const text = `${FAILOVER}"k\\e[2J\\e]8;;http://x\\a": 1\n"\\u202Eevil": 2\n`.replace('zones: [us-central1-a]', 'zones: [us-central1-a]}\n  - {name: c3, region: "r\\r\\n", zones: ["\\0z"]');
    const { errors } = errorsOf(text);
    const printed = errors.map(formatDiagnostic).join('\n');
    expect(printed).not.toMatch(RAW_CONTROL);
    expect(printed).toContain('\\x1b[2J');
    expect(printed).toContain('\\u{202e}evil');
  });
});
