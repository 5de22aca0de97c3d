/**
 * Clear failure: a bad scenario gets every problem listed with file, line and field path, the CLI
 * exits 2 without a stack trace, and no result file is written.
 *
 * Most cases edit lines of one valid scenario (BASE) and load it in-process; a removed line becomes
 * a comment so the other lines keep their numbers. A few run the real CLI on test/fixtures/bad/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError, type Diagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioText } from '../../src/model/load.js';

const BASE_LINES = [
  /*  1 */ 'name: bad',
  /*  2 */ 'duration: 10s',
  /*  3 */ 'networks: [net1]',
  /*  4 */ 'clusters:',
  /*  5 */ '  - name: c1',
  /*  6 */ '    network: net1',
  /*  7 */ '    region: r1',
  /*  8 */ '    zones: [z1, z2]',
  /*  9 */ '  - name: c2',
  /* 10 */ '    network: net1',
  /* 11 */ '    region: r2',
  /* 12 */ '    zones: [z3]',
  /* 13 */ 'latency:',
  /* 14 */ '  crossRegion:',
  /* 15 */ '    default: 30ms',
  /* 16 */ '    "r1<>r2": 20ms',
  /* 17 */ 'services:',
  /* 18 */ '  - name: web',
  /* 19 */ '    ports: [8080]',
  /* 20 */ '    concurrency: 4',
  /* 21 */ '    serviceTime: {dist: exponential, mean: 5ms}',
  /* 22 */ '    responseSize: 4KiB',
  /* 23 */ '    errorRate: 0.01',
  /* 24 */ '    deployments:',
  /* 25 */ '      - cluster: c1',
  /* 26 */ '        zone: z1',
  /* 27 */ '        replicas: 2',
  /* 28 */ '      - cluster: c2',
  /* 29 */ '        replicas: 1',
  /* 30 */ 'traffic:',
  /* 31 */ '  - name: client',
  /* 32 */ '    from: {cluster: c1, zone: z1}',
  /* 33 */ '    to: web',
  /* 34 */ '    port: 8080',
  /* 35 */ '    rate: 10/s',
];
const BASE = BASE_LINES.join('\n') + '\n';

/** BASE with lines replaced (1-based); `null` comments a line out, so numbering is kept. */
function edit(changes: Record<number, string | null>, append = ''): string {
  const lines = BASE_LINES.map((l, i) => {
    const c = changes[i + 1];
    return c === undefined ? l : c === null ? `# (removed) ${l}` : c;
  });
  return lines.join('\n') + '\n' + append;
}

/** Comments out lines from..to (inclusive). */
function without(from: number, to: number): Record<number, null> {
  const out: Record<number, null> = {};
  for (let i = from; i <= to; i++) out[i] = null;
  return out;
}

function errorsOf(text: string): Diagnostic[] {
  try {
    loadScenarioText(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
  throw new Error('the scenario loaded without errors');
}

interface Case {
  kind: string;
  text: string;
  path: string;
  line: number;
  message: string | RegExp;
}

const CASES: Case[] = [
  // YAML itself
  { kind: 'YAML syntax: bad indentation', text: edit({ 7: '     region: r1' }), path: 'clusters[0]', line: 7, message: 'this line is indented more than the field above it' },
  { kind: 'YAML syntax: a value with ": " unquoted', text: edit({ 1: 'name: bad: worse' }), path: 'name', line: 1, message: 'quote values that contain ": "' },
  { kind: 'YAML syntax: unclosed quote', text: edit({ 33: '    to: "web' }), path: 'traffic[0].to', line: 33, message: 'unclosed quote' },
  { kind: 'YAML syntax: tab indentation', text: edit({ 34: '\tport: 8080' }), path: '(syntax)', line: 34, message: 'indent with spaces' },
  { kind: 'duplicate key', text: edit({ 27: '        replicas: 2\n        replicas: 3' }), path: 'services[0].deployments[0].replicas', line: 28, message: 'field "replicas" appears twice' },
  { kind: 'undefined YAML alias', text: edit({ 33: '    to: *svc' }), path: 'traffic[0].to', line: 33, message: 'alias refers to an anchor that is not defined' },
  { kind: 'empty file', text: '', path: '(root)', line: 1, message: 'the file is empty' },
  { kind: 'file with only comments', text: '# nothing yet\n', path: '(root)', line: 1, message: 'the file is empty' },
  { kind: 'a list instead of a mapping at top level', text: '- name: bad\n- duration: 10s\n', path: '(root)', line: 1, message: 'a scenario is a mapping of fields (name, clusters, services, traffic, ...), got a list' },
  { kind: 'two YAML documents', text: BASE + '---\nname: other\n', path: '(root)', line: 37, message: 'expected one YAML document, found 2' },
  // shapes and types
  { kind: 'unknown top-level field', text: edit({}, 'colour: red\n'), path: 'colour', line: 36, message: 'unknown field "colour"; valid fields here: $schema, name,' },
  { kind: 'unknown nested field (typo replica:)', text: edit({ 27: '        replica: 2' }), path: 'services[0].deployments[0].replica', line: 27, message: 'unknown field "replica"; did you mean "replicas"?' },
  { kind: 'wrong type (string for concurrency)', text: edit({ 20: '    concurrency: lots' }), path: 'services[0].concurrency', line: 20, message: 'expected a number, got "lots"' },
  { kind: 'wrong type (mapping for a list)', text: edit({ 8: '    zones: {z1: true}' }), path: 'clusters[0].zones', line: 8, message: 'expected a list, got a mapping' },
  { kind: 'missing required field (clusters)', text: edit(without(4, 12)), path: 'clusters', line: 1, message: 'required field is missing (expected a list)' },
  { kind: 'missing required nested field (deployment cluster)', text: edit({ 28: '      - replicas: 1', 29: null }), path: 'services[0].deployments[1].cluster', line: 28, message: 'required field is missing (expected a string)' },
  { kind: 'empty clusters list', text: edit({ 4: 'clusters: []', ...without(5, 12) }), path: 'clusters', line: 4, message: 'must list at least one item, got an empty list' },
  { kind: 'name that is not DNS-style', text: edit({ 1: 'name: Bad_Name' }), path: 'name', line: 1, message: 'expected a DNS-style name: lower-case letters, digits, "-" and ".", got "Bad_Name"' },
  { kind: 'unknown enum value (arrival: bursty)', text: edit({ 35: '    rate: 10/s\n    arrival: bursty' }), path: 'traffic[0].arrival', line: 36, message: 'expected one of "poisson", "constant"; got "bursty"' },
  { kind: 'istio: "latest"', text: edit({}, 'istio: "latest"\n'), path: 'istio', line: 36, message: 'expected an Istio minor version such as "1.24", got "latest"' },
  { kind: 'istio version meshsim does not model', text: edit({}, 'istio: "1.99"\n'), path: 'istio', line: 36, message: 'meshsim models Istio 1.0 to 1.31, not "1.99"' },
  { kind: 'istio: 1.20 (a YAML number)', text: edit({}, 'istio: 1.20\n'), path: 'istio', line: 36, message: 'expected a string, got number 1.2 (write it in quotes' },
  // quantities
  { kind: 'negative rate', text: edit({ 35: '    rate: -5' }), path: 'traffic[0].rate', line: 35, message: 'must not be negative, got -5' },
  { kind: 'zero rate', text: edit({ 35: '    rate: 0/s' }), path: 'traffic[0].rate', line: 35, message: 'rate must be > 0 (got "0/s")' },
  { kind: 'malformed rate (fast)', text: edit({ 35: '    rate: fast' }), path: 'traffic[0].rate', line: 35, message: 'expected a rate such as 500/s or 30000/m, got "fast"' },
  { kind: 'malformed duration (10 seconds)', text: edit({ 2: 'duration: 10 seconds' }), path: 'duration', line: 2, message: 'expected a duration such as 250ms, 1.5s, 1m or 1h30m, got "10 seconds"' },
  { kind: 'malformed size (4 kilobytes)', text: edit({ 22: '    responseSize: 4 kilobytes' }), path: 'services[0].responseSize', line: 22, message: 'expected a size such as 512B, 4KiB or 1.5MB, got "4 kilobytes"' },
  { kind: 'errorRate > 1', text: edit({ 23: '    errorRate: 1.5' }), path: 'services[0].errorRate', line: 23, message: 'must be <= 1, got 1.5' },
  { kind: 'port out of range', text: edit({ 19: '    ports: [80800]' }), path: 'services[0].ports[0]', line: 19, message: 'must be <= 65535, got 80800' },
  // distributions
  { kind: 'bad distribution (dist: gamma)', text: edit({ 21: '    serviceTime: {dist: gamma, mean: 5ms}' }), path: 'services[0].serviceTime.dist', line: 21, message: 'expected one of "constant", "uniform", "exponential", "normal", "lognormal", "empirical"; got "gamma"' },
  { kind: 'misspelt distribution (dist: exponentail)', text: edit({ 21: '    serviceTime: {dist: exponentail, mean: 5ms}' }), path: 'services[0].serviceTime.dist', line: 21, message: 'expected one of "constant", "uniform", "exponential", "normal", "lognormal", "empirical"; got "exponentail"; did you mean "exponential"?' },
  { kind: 'distribution without dist', text: edit({ 21: '    serviceTime: {mean: 5ms}' }), path: 'services[0].serviceTime.dist', line: 21, message: 'required field is missing (expected one of "constant", "uniform",' },
  { kind: 'unknown field in a distribution', text: edit({ 21: '    serviceTime: {dist: exponential, mean: 5ms, sd: 1ms}' }), path: 'services[0].serviceTime.sd', line: 21, message: 'unknown field "sd"; valid fields here: dist, mean' },
  { kind: 'lognormal with only a median', text: edit({ 21: '    serviceTime: {dist: lognormal, median: 5ms}' }), path: 'services[0].serviceTime.median', line: 21, message: 'lognormal: median needs p99 too' },
  { kind: 'uniform with max < min', text: edit({ 21: '    serviceTime: {dist: uniform, min: 10ms, max: 5ms}' }), path: 'services[0].serviceTime.max', line: 21, message: 'max (5ms) is below min (10ms)' },
  // latency table
  { kind: 'bad region pair key in latency.crossRegion', text: edit({ 16: '    "r1-r2": 20ms' }), path: 'latency.crossRegion.r1-r2', line: 16, message: 'expected "default" or a region pair "regionA<>regionB", got "r1-r2"' },
  { kind: 'unknown region in a pair', text: edit({ 16: '    "r1<>r9": 20ms' }), path: 'latency.crossRegion["r1<>r9"]', line: 16, message: 'unknown region "r9"; regions: r1, r2' },
  // cross references
  { kind: 'unknown cluster in a deployment', text: edit({ 25: '      - cluster: c9' }), path: 'services[0].deployments[0].cluster', line: 25, message: 'unknown cluster "c9"; clusters: c1, c2' },
  { kind: 'zone not in the cluster', text: edit({ 26: '        zone: z3' }), path: 'services[0].deployments[0].zone', line: 26, message: 'zone "z3" is not a zone of cluster "c1" (z1, z2)' },
  { kind: 'unknown cluster in traffic from', text: edit({ 32: '    from: {cluster: c7, zone: z1}' }), path: 'traffic[0].from.cluster', line: 32, message: 'unknown cluster "c7"; clusters: c1, c2' },
  { kind: 'unknown service in traffic to', text: edit({ 33: '    to: api' }), path: 'traffic[0].to', line: 33, message: 'unknown service "api"; services: web.default' },
  { kind: 'duplicate cluster name', text: edit({ 9: '  - name: c1' }), path: 'clusters[1].name', line: 9, message: 'duplicate cluster name "c1" (also clusters[0])' },
  { kind: 'duplicate service', text: edit({ 29: '        replicas: 1\n  - name: web\n    deployments: [{cluster: c2}]' }), path: 'services[1].name', line: 30, message: 'duplicate service web.default (also services[0])' },
  { kind: 'unknown network', text: edit({ 10: '    network: net2' }), path: 'clusters[1].network', line: 10, message: 'unknown network "net2"; declared networks: net1' },
  { kind: 'a source that never stops', text: edit({ 2: null }), path: 'traffic[0]', line: 31, message: 'this source never stops' },
  { kind: 'port not in the service ports', text: edit({ 34: '    port: 9090' }), path: 'traffic[0].port', line: 34, message: 'service web has no port 9090 (ports: 8080)' },
  // the fault timeline, the control plane, Kubernetes timings
  { kind: 'unknown fault kind', text: edit({}, 'faults: [{kind: meteor, at: 1s}]\n'), path: 'faults[0].kind', line: 36, message: 'expected one of "endpoint-crash", "zone-outage"' },
  { kind: 'zone-outage without a zone', text: edit({}, 'faults: [{kind: zone-outage, at: 1s}]\n'), path: 'faults[0].zone', line: 36, message: 'a zone-outage needs a zone' },
  { kind: 'region-outage of an unknown region', text: edit({}, 'faults: [{kind: region-outage, region: r9, at: 1s}]\n'), path: 'faults[0].region', line: 36, message: 'unknown region "r9"; regions: r1, r2' },
  { kind: 'gateway-outage of a gateway nobody declared', text: edit({}, 'faults: [{kind: gateway-outage, gateway: eastwest, at: 1s}]\n'), path: 'faults[0].gateway', line: 36, message: 'no eastwest gateway to take down (declare one under gateways)' },
  { kind: 'partition with an unknown side', text: edit({}, 'faults: [{kind: network-partition, between: [net1, mars], at: 1s}]\n'), path: 'faults[0].between[1]', line: 36, message: '"mars" is neither a network (net1) nor a region (r1, r2)' },
  { kind: 'partition between a side and itself', text: edit({}, 'faults: [{kind: network-partition, between: [r1, r1], at: 1s}]\n'), path: 'faults[0].between', line: 36, message: 'the two sides are the same' },
  { kind: 'link-degradation that degrades nothing', text: edit({}, 'faults: [{kind: link-degradation, between: [r1, r2], at: 1s}]\n'), path: 'faults[0].addLatency', line: 36, message: 'a link-degradation needs addLatency or loss' },
  { kind: 'loss above 1', text: edit({}, 'faults: [{kind: link-degradation, between: [r1, r2], loss: 5, at: 1s}]\n'), path: 'faults[0].loss', line: 36, message: 'must be <= 1, got 5' },
  { kind: 'error injection with a 4xx status', text: edit({}, 'faults: [{kind: error-injection, errorRate: 0.1, errorStatus: 404, at: 1s}]\n'), path: 'faults[0].errorStatus', line: 36, message: 'must be >= 500, got 404' },
  { kind: 'slow endpoints with factor 0', text: edit({}, 'faults: [{kind: slow-endpoints, serviceTimeFactor: 0, at: 1s}]\n'), path: 'faults[0].serviceTimeFactor', line: 36, message: 'must be > 0, got 0' },
  { kind: 'control-plane outage of an unknown mesh', text: edit({}, 'faults: [{kind: control-plane-outage, mesh: other, at: 1s}]\n'), path: 'faults[0].mesh', line: 36, message: 'unknown mesh "other"; meshes: mesh' },
  { kind: 'control-plane outage of a remote cluster in primary-remote', text: edit({}, 'controlPlane: {model: primary-remote, primary: c1}\nfaults: [{kind: control-plane-outage, cluster: c2, at: 1s}]\n'), path: 'faults[0].cluster', line: 37, message: 'istiod runs only in the primary cluster "c1", not in "c2"' },
  { kind: 'controlPlane primary in a multi-primary mesh', text: edit({}, 'controlPlane: {model: multi-primary, primary: c1}\n'), path: 'controlPlane.primary', line: 36, message: 'this control plane is multi-primary' },
  { kind: 'controlPlane primary outside the mesh', text: edit({}, 'controlPlane: {model: primary-remote, primary: c9}\n'), path: 'controlPlane.primary', line: 36, message: '"c9" is not a cluster of this mesh (c1, c2)' },
  { kind: 'unknown control-plane model', text: edit({}, 'controlPlane: {model: sidecarless}\n'), path: 'controlPlane.model', line: 36, message: 'expected one of "multi-primary", "primary-remote", "external"; got "sidecarless"' },
  { kind: 'debounceMax shorter than debounce', text: edit({}, 'controlPlane: {debounce: 1s, debounceMax: 100ms}\n'), path: 'controlPlane.debounceMax', line: 36, message: 'debounceMax (100ms) is shorter than debounce (1000ms)' },
  { kind: 'readiness probe period 0s', text: edit({}, 'kubernetes: {readinessProbe: {period: 0s}}\n'), path: 'kubernetes.readinessProbe.period', line: 36, message: 'must be > 0, got "0s" (a probe\'s periodSeconds is at least 1 in Kubernetes)' },
  { kind: 'readiness probe timeout 0s', text: edit({}, 'kubernetes:\n  readinessProbe:\n    timeout: 0s\n'), path: 'kubernetes.readinessProbe.timeout', line: 38, message: 'must be > 0, got "0s" (a probe\'s timeoutSeconds is at least 1 in Kubernetes)' },
  { kind: 'readiness probe period 0 (a bare number: milliseconds)', text: edit({}, 'kubernetes: {readinessProbe: {period: 0}}\n'), path: 'kubernetes.readinessProbe.period', line: 36, message: 'must be > 0, got 0 (a probe\'s periodSeconds' },
  { kind: 'VM probe timeout 0s', text: edit({}, 'vm: {probe: {timeout: 0s}}\n'), path: 'vm.probe.timeout', line: 36, message: 'must be > 0, got "0s" (a probe\'s timeoutSeconds is at least 1 in Kubernetes)' },
  { kind: 'readiness probe failureThreshold 0', text: edit({}, 'kubernetes: {readinessProbe: {failureThreshold: 0}}\n'), path: 'kubernetes.readinessProbe.failureThreshold', line: 36, message: 'must be > 0, got 0' },
  { kind: 'recovery error rate above 1', text: edit({}, 'faultImpact: {recoveryErrorRate: 2}\n'), path: 'faultImpact.recoveryErrorRate', line: 36, message: 'must be <= 1, got 2' },
  { kind: 'policy file that does not exist', text: edit({}, 'policies: [no-such-policy-file.yaml]\n'), path: 'policies[0]', line: 36, message: 'cannot read policy file "no-such-policy-file.yaml": no such file' },
];

describe('bad scenarios fail clearly', () => {
  it('the base scenario is valid', () => {
    expect(loadScenarioText(BASE, 'bad.yaml').scenario.services).toHaveLength(1);
  });

  it('covers at least 24 distinct kinds of mistake', () => {
    expect(new Set(CASES.map((c) => c.kind)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(24);
  });

  it.each(CASES)('$kind → $path (line $line)', ({ text, path, line, message }) => {
    const errors = errorsOf(text);
    const shown = errors.map(formatDiagnostic).join('\n');
    const hit = errors.find((d) => d.path === path && d.line === line && (typeof message === 'string' ? d.message.includes(message) : message.test(d.message)));
    expect(hit, `no error at ${path} line ${line} matching ${String(message)} in:\n${shown}`).toBeDefined();
    for (const d of errors) {
      expect(d.file).toBe('bad.yaml');
      expect(d.line, `every error has a line: ${formatDiagnostic(d)}`).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
      expect(d.message).not.toMatch(/undefined|\[object|NaN|Invalid input|Too (small|big)/);
    }
    expect(new Set(errors.map(formatDiagnostic)).size, `no error twice:\n${shown}`).toBe(errors.length);
  });

  it('a mistake does not cascade: a duplicate cluster name is the only error', () => {
    // The zone of the first deployment is checked against the first "c1", not the duplicate.
    const text = edit({ 9: '  - name: c1', 28: '      - cluster: c1' });
    expect(errorsOf(text).map(formatDiagnostic)).toEqual(['bad.yaml:9:5: error: clusters[1].name: duplicate cluster name "c1" (also clusters[0])']);
  });

  it('lists every problem of a file in one go, in line order, cross references included', () => {
    const text = edit({ 2: 'duration: 10 seconds', 20: '    concurrency: lots', 25: '      - cluster: c9', 27: '        replica: 2', 35: '    rate: fast' }, 'colour: red\n');
    expect(errorsOf(text).map((d) => `${d.line} ${d.path}`)).toEqual([
      '2 duration',
      '20 services[0].concurrency',
      '25 services[0].deployments[0].cluster',
      '27 services[0].deployments[0].replica',
      '35 traffic[0].rate',
      '36 colour',
    ]);
  });

  it('does not guess beyond a bad name: no invented cross-reference errors', () => {
    // The namespace is wrong; "web.sample" must not be reported unknown because of it.
    const text = edit({ 18: '  - name: web\n    namespace: 42', 33: '    to: web.sample' });
    expect(errorsOf(text).map((d) => d.path)).toEqual(['services[0].namespace']);
  });
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: ROOT, encoding: 'utf8' });
const DIAGNOSTIC_LINE = /^(?<file>[^:\s]+):(?<line>\d+):(?<column>\d+): error: (?<path>\S+): (?<message>.+)$/;
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$|\b\w*Error: |node:internal/m;

describe('the CLI on bad scenarios: exit 2, every error on stderr, no stack, no files', () => {
  const fixtures: { file: string; errors: { line: number; path: string; message: string }[] }[] = [
    { file: 'unclosed-quote.yaml', errors: [{ line: 2, path: 'name', message: 'unclosed quote' }] },
    { file: 'unknown-cluster.yaml', errors: [{ line: 10, path: 'services[0].deployments[1].cluster', message: 'unknown cluster "c3"; clusters: c1' }] },
    { file: 'negative-rate.yaml', errors: [{ line: 13, path: 'traffic[0].rate', message: 'must not be negative, got -5' }] },
    { file: 'missing-policy.yaml', errors: [{ line: 12, path: 'policies[0]', message: 'cannot read policy file "no-such-destinationrule.yaml"' }] },
    { file: 'empty.yaml', errors: [{ line: 1, path: '(root)', message: 'the file is empty' }] },
    { file: 'top-level-list.yaml', errors: [{ line: 1, path: '(root)', message: 'a scenario is a mapping' }] },
    {
      file: 'probe-zero.yaml',
      errors: [
        { line: 12, path: 'kubernetes.readinessProbe.period', message: 'must be > 0, got "0s"' },
        { line: 13, path: 'kubernetes.readinessProbe.timeout', message: 'must be > 0, got "0s"' },
      ],
    },
    {
      file: 'several-errors.yaml',
      errors: [
        { line: 3, path: 'duration', message: 'expected a duration' },
        { line: 8, path: 'services[0].concurrency', message: 'expected a number, got "lots"' },
        { line: 11, path: 'services[0].deployments[0].replica', message: 'did you mean "replicas"?' },
        { line: 13, path: 'traffic[0].from.cluster', message: 'unknown cluster "c2"' },
      ],
    },
  ];

  it.each(fixtures)('run $file', ({ file, errors }) => {
    const tmp = mkdtempSync(join(tmpdir(), 'meshsim-bad-'));
    const out = join(tmp, 'results');
    const scenario = `test/fixtures/bad/${file}`;
    const r = cli('run', scenario, '--out', out);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run and no files were written.`);
    const listed = lines.slice(0, -1).map((l) => DIAGNOSTIC_LINE.exec(l)?.groups);
    expect(listed.every((g) => g !== undefined), r.stderr).toBe(true);
    expect(listed).toHaveLength(errors.length);
    errors.forEach((want, i) => {
      const got = listed[i]!;
      expect(got.file).toBe(scenario);
      expect(Number(got.line)).toBe(want.line);
      expect(got.path).toBe(want.path);
      expect(got.message).toContain(want.message);
    });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('validate also exits 2 on a bad scenario', () => {
    const r = cli('validate', 'test/fixtures/bad/unknown-cluster.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/bad\/unknown-cluster\.yaml:10:9: error: services\[0\]\.deployments\[1\]\.cluster: unknown cluster "c3"/m);
  });

  it('a scenario file that does not exist: exit 2, a plain message', () => {
    const r = cli('run', 'test/fixtures/bad/no-such-scenario.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/bad\/no-such-scenario\.yaml: error: \(file\): cannot read scenario: no such file$/m);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('validate on the good helloworld scenario exits 0', () => {
    const r = cli('validate', 'scenarios/helloworld-two-clusters.yaml');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/helloworld-two-clusters\.yaml: ok/);
  });

  it('run with a wrong flag exits non-zero with a usage message, runs nothing and prints no stack', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'meshsim-bad-'));
    const r = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--out', join(tmp, 'results'), '--sede', '3');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Unknown argument: sede/);
    expect(r.stderr).toMatch(/meshsim run <scenario>/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('run without a scenario or with a non-numeric --seed is a usage error, not a run', () => {
    const none = cli('run');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/Not enough non-option arguments/);
    expect(none.stderr).not.toMatch(/cannot read scenario|undefined/);
    const tmp = mkdtempSync(join(tmpdir(), 'meshsim-bad-'));
    const seed = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--seed', 'abc', '--out', join(tmp, 'results'));
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be an integer >= 0/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('an --out that cannot be written is reported plainly, without a stack', () => {
    const r = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--out', 'package.json/results');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^meshsim: cannot write results to package\.json\/results: ENOTDIR/m);
    expect(r.stderr).not.toMatch(STACK);
  });
});
