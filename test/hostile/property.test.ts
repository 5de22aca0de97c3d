/**
 * Property (fast-check): any scenario — mutated from the bundled ones (the fuzzer's generator) or
 * generated from scratch with extreme values — ends in exit 0 with a complete, sane result set or
 * exit 2 with a clear message; never internal text, a raw control character, unbounded time or
 * memory. Bounded to a few seconds here; `npm run fuzz` runs tens of thousands of cases.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkCommandOutputs, checkOutcome } from '../../bench/fuzz/check.js';
import { loadResultSeed, retarget } from '../../bench/fuzz/commands.js';
import { makeCase } from '../../bench/fuzz/mutate.js';
import { loadSeeds } from '../../bench/fuzz/seeds.js';
import { runCli } from '../../src/cli/cli.js';

const SEEDS = loadSeeds(process.cwd());
const RESULTS = loadResultSeed(process.cwd());
/** Cases per property: a fixed number (not a time budget), so a loaded machine runs the same cases, only slower. */
const RUNS = 40;
/** Per case: far above a sane case (tens of ms), far below a hang. */
const CASE_MS = 15_000;
const HEAP_MB = 1500;

async function runCase(dir: string, argv: string[]): Promise<{ problems: string[]; ms: number }> {
  let stdout = '';
  let stderr = '';
  const args = argv.map((a) => a.split('{dir}').join(dir));
  const t0 = performance.now();
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  const ms = performance.now() - t0;
  const problems = [...checkOutcome({ code, stdout, stderr }, args[0]), ...checkCommandOutputs(args, { code, stdout, stderr })];
  if (problems.length > 0) problems.push(`stderr: ${stderr.slice(0, 500)}`);
  return { problems, ms };
}

function assertBounded(ms: number): void {
  expect(ms).toBeLessThan(CASE_MS);
  expect(process.memoryUsage().heapUsed / 1e6).toBeLessThan(HEAP_MB);
}

/** Durations, sizes, rates and counts from ordinary to absurd. */
const quantity = fc.oneof(
  fc.constantFrom('10ms', '1s', '250ms', '1m', '0s', '8760h', '87601h', '1e400/s', '5/s', '1/h', '1KiB', '2TiB', `${'9'.repeat(40)}s`, '-1s', 'abc', ''),
  fc.double({ noNaN: false }),
  fc.integer({ min: -10, max: 1e6 }),
  fc.constantFrom(0, 1, 1e308, -0, 2 ** 53, 1e-300),
);
const name = fc.oneof(fc.constantFrom('a', 'c1', 'web', 'z1', 'r1'), fc.string({ maxLength: 12 }), fc.constantFrom('=x', '\u001b[31m', 'a\nb', '\u202e', '__proto__', 'constructor'));

const generated = fc.record({
  name: fc.oneof(fc.constant('gen'), name),
  seed: fc.oneof(fc.nat(), quantity),
  duration: quantity,
  clusters: fc.array(fc.record({ name: fc.constantFrom('c1', 'c2'), region: name, zones: fc.array(name, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
  services: fc.array(
    fc.record({
      name: fc.constantFrom('web', 'api'),
      concurrency: fc.oneof(fc.integer({ min: 1, max: 8 }), quantity),
      serviceTime: fc.oneof(quantity, fc.record({ dist: fc.constantFrom('exponential', 'lognormal', 'constant', 'uniform', 'normal', 'empirical', 'nope'), mean: quantity, median: quantity, p99: quantity, value: quantity })),
      responseSize: quantity,
      deployments: fc.array(fc.record({ cluster: fc.constantFrom('c1', 'c2', 'c3'), replicas: fc.oneof(fc.integer({ min: 0, max: 4 }), quantity) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  traffic: fc.array(fc.record({ name: fc.constantFrom('t1', 't2'), from: fc.record({ cluster: fc.constantFrom('c1', 'c2') }), to: fc.constantFrom('web', 'api', 'nope'), rate: quantity, replicas: fc.oneof(fc.integer({ min: 1, max: 3 }), quantity) }), { minLength: 1, maxLength: 2 }),
  timeline: fc.record({ interval: quantity }),
  faults: fc.array(
    fc.record({
      kind: fc.constantFrom('zone-outage', 'cluster-outage', 'endpoint-crash', 'region-outage', 'gateway-outage', 'network-partition', 'link-degradation', 'error-injection', 'slow-endpoints', 'control-plane-outage'),
      at: quantity,
      for: quantity,
      cluster: fc.constantFrom('c1', 'c2'),
      mode: fc.constantFrom('refuse', 'blackhole'),
      between: fc.array(name, { minLength: 2, maxLength: 2 }),
      errorRate: quantity,
      serviceTimeFactor: quantity,
      addLatency: quantity,
    }, { requiredKeys: ['kind', 'at'] }),
    { maxLength: 2 },
  ),
  controlPlane: fc.record({ model: fc.constantFrom('multi-primary', 'primary-remote', 'external', 'nope'), pushDelay: quantity, debounce: quantity }, { requiredKeys: [] }),
});

describe('any scenario ends in a result or a clear error, in bounded time and memory', () => {
  /** Runs `runs` fuzzer cases made by `make` from fast-check's seed `seed`: none may crash, hang or grow. */
  async function fuzzCases(make: (seed: number) => ReturnType<typeof makeCase>, seed: number, runs: number): Promise<void> {
    const root = mkdtempSync(join(tmpdir(), 'meshsim-prop-'));
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (caseSeed) => {
        cases++;
        const c = make(caseSeed);
        const dir = join(root, String(caseSeed));
        for (const [file, content] of Object.entries(c.files)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), content);
        }
        const { problems, ms } = await runCase(dir, c.argv);
        rmSync(dir, { recursive: true, force: true });
        expect(problems, `case ${caseSeed}: ${c.mutations.join(', ')} — ${c.argv.join(' ')}`).toEqual([]);
        assertBounded(ms);
      }),
      { seed, numRuns: runs },
    );
    expect(cases).toBe(runs);
  }

  it('scenarios mutated from the bundled ones (the fuzzer\'s cases)', () => fuzzCases((seed) => makeCase(SEEDS, seed), 12, RUNS), 60_000);

  it('check, sweep, report and compare on mutated inputs (the fuzzer\'s command cases)', () =>
    fuzzCases((seed) => makeCase(SEEDS, seed, (rng, input) => retarget(rng, input, RESULTS)), 56, RUNS / 2), 60_000);

  it('scenarios generated from scratch with extreme values', async () => {
    const root = mkdtempSync(join(tmpdir(), 'meshsim-prop-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(generated, fc.boolean(), async (scenario, json) => {
        const dir = join(root, String(n++));
        mkdirSync(dir);
        const file = join(dir, json ? 's.json' : 's.yaml');
        writeFileSync(file, json ? JSON.stringify(scenario) : stringify(scenario));
        const { problems, ms } = await runCase(dir, ['run', file, '--out', join(dir, 'out'), '--requests', '300']);
        rmSync(dir, { recursive: true, force: true });
        expect(problems, JSON.stringify(scenario)).toEqual([]);
        assertBounded(ms);
      }),
      { seed: 34, numRuns: RUNS },
    );
    expect(n).toBe(RUNS);
  }, 60_000);

});
