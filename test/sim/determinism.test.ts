/**
 * Determinism: the same scenario and seed give byte-identical outputs; another seed does not.
 * Conservation: every generated request ends exactly once, whatever the scenario.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulateFile, simulateText } from '../../src/run.js';

describe('determinism', () => {
  it('same scenario + seed ⇒ byte-identical files', () => {
    const a = simulateFile('scenarios/helloworld-two-clusters.yaml');
    const b = simulateFile('scenarios/helloworld-two-clusters.yaml');
    expect(Object.keys(a.files).length).toBeGreaterThanOrEqual(4);
    for (const name of Object.keys(a.files)) expect(b.files[name]).toBe(a.files[name]);
  });

  it('another seed ⇒ different results, but the same scenario hash', () => {
    const a = simulateFile('scenarios/helloworld-two-clusters.yaml');
    const b = simulateFile('scenarios/helloworld-two-clusters.yaml', { seed: 43 });
    expect(b.files['routes.csv']).not.toBe(a.files['routes.csv']);
    expect(b.summary.scenario.hash).toBe(a.summary.scenario.hash);
    expect(b.summary.scenario.seed).toBe(43);
  });
});

/** A small random scenario: clusters, replicas, rates, queue limits and error rates vary. */
const scenarioArb = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  zones: fc.integer({ min: 1, max: 3 }),
  replicas: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
  concurrency: fc.integer({ min: 1, max: 4 }),
  queueLimit: fc.integer({ min: 0, max: 5 }),
  errorRate: fc.constantFrom(0, 0.1, 0.5),
  rate: fc.integer({ min: 10, max: 2000 }),
  requests: fc.integer({ min: 1, max: 2000 }),
  lb: fc.constantFrom('ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'),
  outlier: fc.boolean(),
});

type ScenarioParams = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioText(p: ScenarioParams): string {
  const zones = Array.from({ length: p.zones }, (_, i) => `z${i}`);
  const deployments = p.replicas.map((r, i) => `{cluster: c1, zone: z${i % p.zones}, replicas: ${r}}`).join(', ');
  const dr = `
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: svc, namespace: default}
    spec:
      host: svc.default.svc.cluster.local
      trafficPolicy:
        loadBalancer: {simple: ${p.lb}}
${p.outlier ? '        outlierDetection: {consecutive5xxErrors: 2, interval: 50ms, baseEjectionTime: 100ms, maxEjectionPercent: 100}\n' : ''}`;
  return `
name: prop
seed: ${p.seed}
requests: ${p.requests}
clusters: [{name: c1, region: r1, zones: [${zones.join(', ')}]}]
latency: {sameZone: 0.1ms, crossZone: 1ms}
services:
  - name: svc
    concurrency: ${p.concurrency}
    queueLimit: ${p.queueLimit}
    errorRate: ${p.errorRate}
    serviceTime: {dist: exponential, mean: 5ms}
    deployments: [${deployments}]
traffic:
  - {name: a, from: {cluster: c1, zone: z0}, to: svc, rate: ${p.rate}/s, replicas: 2}
policies:${dr}`;
}

describe('conservation (property)', () => {
  it('every generated request ends exactly once: completed or failed by one named cause', () => {
    fc.assert(
      fc.property(scenarioArb, (p) => {
        const out = simulateText(scenarioText(p), 'prop.yaml');
        const r = out.result;
        const failed = Object.values(r.failures).reduce((a, b) => a + b, 0);
        expect(r.generated).toBe(p.requests);
        expect(r.succeeded + r.failed).toBe(r.generated);
        expect(failed).toBe(r.failed);
        const routed = r.routes.reduce((a, x) => a + x.requests, 0);
        expect(routed).toBe(r.generated);
        expect(r.routes.reduce((a, x) => a + x.succeeded, 0)).toBe(r.succeeded);
        const total = p.replicas.reduce((a, b) => a + b, 0);
        if (total === 0) expect(r.failures.no_healthy_upstream).toBe(r.generated);
        if (p.errorRate === 0 && p.queueLimit > 100) expect(r.failed).toBe(0);
      }),
      { seed: 20261122, numRuns: 40 },
    );
  });

  it('outputs depend on nothing but scenario + seed (two runs of random scenarios agree byte for byte)', () => {
    fc.assert(
      fc.property(scenarioArb, (p) => {
        const a = simulateText(scenarioText(p), 'prop.yaml');
        const b = simulateText(scenarioText(p), 'prop.yaml');
        expect(b.files).toEqual(a.files);
      }),
      { seed: 7, numRuns: 15 },
    );
  });
});
