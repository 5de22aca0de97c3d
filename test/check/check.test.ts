/**
 * meshsim check end to end: pass, regression, bad input (exit 2, nothing written), baseline with
 * a DestinationRule change, the plug-in comparison (a good plug-in passes, a bad one fails), and
 * the JUnit and Markdown outputs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeReplications } from '../../src/check/against-policy.js';
import { runCheck, type CheckOptions } from '../../src/check/run-check.js';
import { RANDOM } from '../../src/lb/policies/random.js';
import { formatDiagnostic, InputError } from '../../src/model/diagnostics.js';
import { resultsOf, tempDir } from '../report/fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', 'check', ...args], { encoding: 'utf8' });

/** helloworld-distribute copied into a folder, with its DestinationRule's split and extra scenario lines. */
function distributeScenario(split: [number, number] = [90, 10], extra = ''): string {
  const dir = tempDir('meshsim-check-');
  mkdirSync(join(dir, 'istio'));
  const dr = readFileSync('scenarios/istio/helloworld-destinationrule.yaml', 'utf8').replace('"us-west1/*": 90', `"us-west1/*": ${split[0]}`).replace('"us-central1/*": 10', `"us-central1/*": ${split[1]}`);
  writeFileSync(join(dir, 'istio', 'helloworld-destinationrule.yaml'), dr);
  const text = readFileSync('scenarios/helloworld-distribute.yaml', 'utf8').replace('requests: 100000', 'requests: 20000') + extra;
  writeFileSync(join(dir, 'scenario.yaml'), text);
  return join(dir, 'scenario.yaml');
}

const CHECKS = `checks:
  - "p99 < 150ms"
  - "errorRate < 0.1%"
  - "share(us-west1/*) > 85%"
  - "p99(service=helloworld) < 150ms"
  - "p99(source=sleep) < 150ms"
  - "share(cluster=cluster2, from=us-west1/*) < 15%"
`;

describe('meshsim check', () => {
  it('passes: thresholds in the scenario, exit 0, JUnit with testsuites/testsuite/testcase and no failure', () => {
    const scenario = distributeScenario([90, 10], CHECKS);
    const dir = tempDir();
    const r = cli(scenario, '--junit', join(dir, 'junit.xml'), '--markdown', join(dir, 'summary.md'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}share\(us-west1\/\*\) > 85%: share of routed requests sent to us-west1\/\* is 90/);
    expect(r.stdout.trim().split('\n').pop()).toBe('6 passed, 0 failed');
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="meshsim check" tests="6" failures="0" errors="0">\n {2}<testsuite name="thresholds: helloworld-distribute" tests="6" failures="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml).not.toMatch(/<failure/);
    expect(xml.trim().endsWith('</testsuites>')).toBe(true);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/^### ✅ meshsim check: .* — 6 passed, 0 failed/);
  });

  it('egressUsdPerMonth gates a priced scenario: the same bill passes a higher limit and fails a lower one', () => {
    const run = (limit: number) => runCheck({ target: 'scenarios/designs/single-mesh-flat.yaml', thresholds: [`egressUsdPerMonth < ${limit}`], requests: 20000 }).suites[0].cases[0];
    const high = run(1e9);
    expect(high.passed).toBe(true);
    const bill = Number(high.value.replace(/[^0-9.]/g, ''));
    expect(bill).toBeGreaterThan(0);
    expect(run(bill / 2).passed).toBe(false);
  });

  it('regression: a DestinationRule that sends 30 % away fails the share threshold, exit 1, with a JUnit <failure> naming the line', () => {
    const scenario = distributeScenario([70, 30], CHECKS);
    const dir = tempDir();
    const r = cli(scenario, '--junit', join(dir, 'junit.xml'), '--markdown', join(dir, 'summary.md'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}share\(us-west1\/\*\) > 85%: share of routed requests sent to us-west1\/\* is 70(\.\d+)? %, not > 85 % {2}\(.*scenario\.yaml:\d+:\d+\)/);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="meshsim check" tests="6" failures="2" errors="0">/);
    expect(xml).toMatch(/<testcase classname="meshsim.check.thresholds" name="share\(us-west1\/\*\) &gt; 85%">\n {6}<failure message="[^"]*not &gt; 85 %" type="regression">[\s\S]*?<\/failure>\n {4}<\/testcase>/);
    // the failure names where the threshold is written: checks[2] is on line (scenario lines) + 4
    const line = readFileSync(scenario, 'utf8').split('\n').findIndex((l) => l.includes('"share(us-west1/*) > 85%"')) + 1;
    expect(xml).toContain(`scenario.yaml:${line}:`);
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toMatch(/^### ❌ meshsim check: .* — 4 passed, 2 failed/);
    expect(md).toMatch(/\| ❌ \| share\(us-west1\/\\\*\) &gt; 85% \| 70(\.\d+)? % \| &gt; 85 % \|/);
  });

  it('baseline: the same DestinationRule passes; a 80/20 split is a regression with a readable diff', () => {
    const base = resultsOf(distributeScenario());
    const same = cli(distributeScenario(), '--baseline', join(base, 'summary.json'), '--tolerance', '2%');
    expect(same.status, same.stdout).toBe(0);
    const dir = tempDir();
    const moved = cli(distributeScenario([80, 20]), '--baseline', join(base, 'summary.json'), '--tolerance', '2%', '--markdown', join(dir, 'pr.md'));
    expect(moved.status).toBe(1);
    expect(moved.stdout).toMatch(/FAIL {2}share cluster2\/us-central1\/us-central1-a vs baseline: share of cluster2\/us-central1\/us-central1-a 10\.?\d* % → 20\.?\d* % \(\+\d+\.?\d* pp\), moved more than 2 points/);
    const md = readFileSync(join(dir, 'pr.md'), 'utf8');
    expect(md).toMatch(/\| metric \| baseline \| current \| change \| allowed \| result \|/);
    expect(md).toMatch(/\| share cluster2\/us-central1\/us-central1-a \| 10\.?\d* % \| 20\.?\d* % \| \+\d+\.?\d* pp \| ±2 pp \| REGRESSION \|/);
  });

  it('checks a results directory as well as a scenario', () => {
    const dir = resultsOf('scenarios/helloworld-failover-no-outlier.yaml');
    // Istio's default retries hide the refused connections (2 resets remain); no ejection without outlierDetection.
    const ok = cli(dir, '--threshold', 'errorRate < 1%', '--threshold', 'ejections <= 0');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const bad = cli(dir, '--threshold', 'errorRate < 0.001%');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/errorRate of all requests is 0\.012\d* %, not < 0\.001 %/);
  });

  it('a results directory was run already: --lb-plugin, --seed and --requests are refused (exit 2, the plug-in never loaded), not ignored', () => {
    const dir = resultsOf('scenarios/helloworld-failover-no-outlier.yaml');
    const scratch = tempDir();
    const marker = join(scratch, 'MARKER');
    writeFileSync(join(scratch, 'marker.js'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'loaded');\nexport default { name: 'MARKER', newPicker: (hosts) => ({ pick: () => hosts[0] }) };\n`);
    const cases: [string[], RegExp][] = [
      [['--lb-plugin', join(scratch, 'marker.js')], /error: --lb-plugin: a results directory is checked as it was run \(nothing runs again\), so a plug-in would not be used: give the scenario file to run it with the plug-in/],
      [['--seed', '7'], /error: --seed: a results directory is checked as it was run \(nothing runs again\), so a seed would not be used: give the scenario file to run it with that seed/],
      [['--requests', '100'], /error: --requests: a results directory is checked as it was run \(nothing runs again\), so a request count would not be used/],
    ];
    for (const [args, message] of cases) {
      const r = cli(dir, '--threshold', 'errorRate < 1%', ...args, '--junit', join(scratch, 'j.xml'));
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(scratch, 'j.xml'))).toBe(false);
    // The library refuses a plug-in object the same way.
    expect(() => runCheck({ target: dir, thresholds: ['errorRate < 1%'], plugin: { name: 'P', newPicker: () => ({ pick: () => 0 }) } })).toThrow(/--lb-plugin: a results directory is checked as it was run/);
  });

  const d = tempDir();
  writeFileSync(join(d, 'foreign.json'), '{\n  "schema": "prometheus/v1",\n  "data": []\n}\n');
  const plugin = { name: 'P', newPicker: () => ({ pick: () => 0 }) };
  it.each([
    // what, options, message
    ['a malformed threshold in the scenario (file:line:col, field path, the text, what was expected)', (_s: string): CheckOptions => ({ target: distributeScenario([90, 10], 'checks:\n  - "p99 < 150ms"\n  - "p99 < 12xs"\n') }), /scenario\.yaml:\d+:\d+: error: checks\[1\]: "p99 < 12xs": p99 is a latency \(99th percentile\): "xs" is not a unit for it; expected ms, s, us/],
    ['a malformed --threshold', (s: string) => ({ target: s, thresholds: ['p99 <'] }), /\(command line\): error: threshold\[0\]: "p99 <": expected a number with a unit/],
    ['a thresholds file that is not a list', (s: string) => ({ target: s, thresholdsFile: join(d, 'foreign.json') }), /foreign\.json:1:1: error: \(root\): expected a list of thresholds, or a mapping with a "checks:" list/],
    ['a baseline of another schema (line of the field)', (s: string) => ({ target: s, baseline: join(d, 'foreign.json') }), /foreign\.json:2:3: error: schema: expected "meshsim.summary\/v1"/],
    ['a baseline that does not exist', (s: string) => ({ target: s, baseline: join(d, 'missing.json') }), /missing\.json: error: \(file\): cannot read summary \(a meshsim summary\.json\): no such file/],
    ['egressUsdPerMonth on a scenario without pricing', (s: string) => ({ target: s, thresholds: ['egressUsdPerMonth < 5000'] }), /egressUsdPerMonth is not available in this result: its scenario has no `pricing:`/],
    ['a service that does not exist', (s: string) => ({ target: s, thresholds: ['p99(service=ratings) < 1s'] }), /service=ratings matches no service in this result \(services: helloworld\.sample\)/],
    ['--against-policy without a plug-in', (s: string) => ({ target: s, againstPolicy: 'LEAST_REQUEST' }), /name the plug-in under test with --lb-plugin/],
    ['an unknown built-in policy', (s: string) => ({ target: s, againstPolicy: 'FASTEST', plugin }), /unknown load-balancing policy "FASTEST"/],
    ['one replication', (s: string) => ({ target: s, againstPolicy: 'RANDOM', plugin, replications: 1 }), /--replications: needs an integer >= 2/],
    ['nothing to check', (s: string) => ({ target: s }), /nothing to check/],
  ])('bad input is an InputError with a clear message: %s', (_what, options, message) => {
    try {
      runCheck(options(distributeScenario()));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).diagnostics.map(formatDiagnostic).join('\n')).toMatch(message);
    }
  });

  it('bad input on the command line: exit 2, the message, no stack trace, no file written', () => {
    for (const args of [['--threshold', 'p99 < 12xs'], ['--baseline', join(d, 'foreign.json')], ['--baseline', join(d, 'foreign.json'), '--tolerance', 'two']]) {
      const r = cli(distributeScenario(), ...args, '--junit', join(d, 'out.xml'), '--markdown', join(d, 'out.md'));
      expect(r.status, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/error: (threshold\[0\]: "p99 < 12xs"|schema: expected "meshsim.summary\/v1"|--tolerance: expected a tolerance such as 2% or 0\.02)/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(d, 'out.xml')) || existsSync(join(d, 'out.md'))).toBe(false);
    }
  });

  it('the scenario schema accepts checks: (a list of strings) and rejects anything else', () => {
    const s = distributeScenario([90, 10], 'checks: {p99: 120}\n');
    const r = cli(s, '--threshold', 'p99 < 1s');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/scenario\.yaml:\d+:\d+: error: checks: expected a list, got a mapping/);
  });
});

describe('meshsim check --against-policy (plug-in vs built-in policy, common random numbers)', () => {
  // The canonical benchmark at 20k requests: 36 endpoints at ~60 % load, where host picking matters.
  const common = ['scenarios/bench/canonical.yaml', '--requests', '20000', '--against-policy', 'LEAST_REQUEST', '--tolerance', '5%'];

  it('least-of-three is not worse than LEAST_REQUEST on p99: pass, with the replications in the Markdown', () => {
    const d = tempDir();
    const r = cli(...common, '--replications', '4', '--lb-plugin', 'examples/lb-plugins/least-of-three.js', '--markdown', join(d, 'pr.md'), '--junit', join(d, 'j.xml'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}p99: LEAST_OF_THREE − LEAST_REQUEST ≤ 5 % of LEAST_REQUEST/);
    const md = readFileSync(join(d, 'pr.md'), 'utf8');
    expect(md).toMatch(/\| replication \| seed \| LEAST\\_OF\\_THREE \| LEAST\\_REQUEST \| difference \|/);
    expect(md.match(/^\| [1-4] \| [1-4] \| /gm)).toHaveLength(4); // seeds 1..4 (the scenario's seed is 1)
    expect(readFileSync(join(d, 'j.xml'), 'utf8')).toMatch(/<testsuite name="policy: LEAST_OF_THREE vs LEAST_REQUEST \(p99, 4 replications, common random numbers\)" tests="1" failures="0"/);
  });

  it('a plug-in that always picks the first host fails, exit 1', () => {
    const d = tempDir();
    writeFileSync(join(d, 'first.js'), "export default { name: 'FIRST_HOST', newPicker: (hosts) => ({ pick: () => hosts[0] }) };\n");
    const r = cli(...common, '--lb-plugin', join(d, 'first.js'), '--metric', 'mean', '--replications', '3');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}mean: FIRST_HOST − LEAST_REQUEST .*FIRST_HOST is worse than LEAST_REQUEST/);
  });

  it('a plug-in named in the scenario (loadBalancing.plugin) is the one under test, with --allow-plugins (as for run)', () => {
    const d = tempDir();
    copyFileSync('examples/lb-plugins/least-of-three.js', join(d, 'lb.js'));
    writeFileSync(join(d, 's.yaml'), readFileSync('scenarios/theory/mmc.yaml', 'utf8').replace(/requests: \d+/, 'requests: 3000') + '\nloadBalancing: {plugin: ./lb.js}\n');
    const refused = cli(join(d, 's.yaml'), '--against-policy', 'ROUND_ROBIN', '--replications', '2', '--tolerance', '50%');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/error: loadBalancing\.plugin: the scenario names a plug-in .*add --allow-plugins/);
    const r = cli(join(d, 's.yaml'), '--against-policy', 'ROUND_ROBIN', '--replications', '2', '--tolerance', '50%', '--allow-plugins');
    expect(r.stdout + r.stderr).toMatch(/policy: LEAST_OF_THREE vs ROUND_ROBIN/);
  });

  it('library: the built-in policy as a plug-in against itself differs by exactly zero on every replication (common random numbers)', () => {
    const report = runCheck({ target: 'scenarios/helloworld-two-clusters.yaml', againstPolicy: 'RANDOM', plugin: { ...RANDOM, name: 'RANDOM_AGAIN' }, replications: 3, tolerance: 0, requests: 3000 });
    const rows = report.suites[0].detail!.rows.slice(0, 3);
    expect(rows.map((r) => r[1])).toEqual(['42', '43', '44']);
    for (const r of rows) expect(r[2]).toBe(r[3]);
    expect(new Set(rows.map((r) => r[2])).size).toBeGreaterThan(1); // the seeds differ, so the replications do
    expect(report.suites[0].cases[0].passed).toBe(true);
  });

  it('judging: the interval decides (better, within tolerance, worse, too wide)', () => {
    const o = { plugin: { name: 'P', newPicker: () => ({ pick: () => 0 }) }, builtin: 'LEAST_REQUEST', replications: 3, metric: 'p99', tolerance: 0.02 };
    const reps = (d: number[]) => d.map((x, k) => ({ seed: k, builtin: 100, plugin: 100 + x }));
    expect(judgeReplications(reps([-3, -2, -4]), o).cases[0]).toMatchObject({ passed: true, message: expect.stringMatching(/^P is better than LEAST_REQUEST/) });
    expect(judgeReplications(reps([0.5, 1, 0.8]), o).cases[0]).toMatchObject({ passed: true, message: expect.stringMatching(/not worse than LEAST_REQUEST by more than 2 %/) });
    expect(judgeReplications(reps([5, 6, 5.5]), o).cases[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^P is worse than LEAST_REQUEST/) });
    expect(judgeReplications(reps([-5, 6, 1]), o).cases[0]).toMatchObject({ passed: false, message: expect.stringMatching(/interval too wide/) });
  });

  it('bad input from the library is an InputError, before anything runs', () => {
    expect(() => runCheck({ target: 'scenarios/helloworld-two-clusters.yaml', againstPolicy: 'LEAST_REQUEST', plugin: { name: 'x', newPicker: () => ({ pick: () => 0 }) }, replications: 1 })).toThrow(InputError);
  });
});
