/**
 * `meshsim capacity` end to end: the plan it writes holds the SLO in every outage case when run
 * again independently (library, main thread), one replica fewer in a deployment it says binds
 * fails; bad input exits 2 without writing anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, parseSlo } from '../../src/capacity/slo.js';
import { simulate } from '../../src/run.js';
import { metricsOf } from '../../src/sweep/metrics.js';
import { ScenarioBase } from '../../src/sweep/override.js';

const FILE = 'scenarios/helloworld-failover.yaml';
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-capacity-'));

/** Runs the scenario at 2x with `replicas`, the deployments in `down` lost, seeds 42 and 43, 4000 requests. */
function holds(replicas: number[], down: number[]): boolean {
  const base = new ScenarioBase(readFileSync(FILE, 'utf8'), FILE);
  const loaded = base.load([
    { path: ['traffic', 0, 'rate'], value: 400, label: 'peak' },
    { path: ['faults'], value: [], label: 'no faults' },
    ...replicas.map((n, i) => ({ path: ['services', 0, 'deployments', i, 'replicas'], value: down.includes(i) ? 0 : n, label: 'plan' })),
  ]);
  const runs = [42, 43].map((seed) => metricsOf(simulate(loaded, { seed, requests: 4000 }).summary));
  return judge(parseSlo(['p99<120ms']), runs).every((r) => r.pass);
}

describe('meshsim capacity (CLI)', () => {
  it('finds a plan that holds with any zone down, and says what binds', () => {
    const dir = tmp();
    const r = cli('capacity', FILE, '--slo', 'p99<120ms', '--peak', '2x', '--survive', 'zone', '--replications', '2', '--requests', '4000', '--workers', '2', '--replica-cost', '0.05/h', '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/survive zone \(4 cases: none, zone us-west1-a, zone us-west1-b, zone us-central1-a\)/);
    expect(r.stderr).toMatch(/^capacity check {3}helloworld\.sample cluster1\/us-west1-a=2 /m);
    const rows = readFileSync(join(dir, 'capacity.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).slice(1).map((l) => l.split(','));
    expect(rows.map((x) => x.slice(0, 4))).toEqual([
      ['services[0].deployments[0]', 'helloworld.sample', 'cluster1', 'us-west1-a'],
      ['services[0].deployments[1]', 'helloworld.sample', 'cluster1', 'us-west1-b'],
      ['services[0].deployments[2]', 'helloworld.sample', 'cluster2', 'us-central1-a'],
    ]);
    const plan = rows.map((x) => Number(x[6]));
    const total = plan.reduce((a, b) => a + b, 0);
    expect(r.stdout).toContain(`cost: ${total} replicas x $0.05/h = $${(total * 0.05).toFixed(2)}/h`);
    // the plan holds in every case when run again here
    for (const down of [[], [0], [1], [2]]) expect(holds(plan, down), `down ${down}`).toBe(true);
    // and a deployment above the minimum cannot lose a replica
    for (let i = 0; i < plan.length; i++) {
      if (plan[i] === 1) continue;
      const fewer = plan.map((n, j) => (j === i ? n - 1 : n));
      expect([[], [0], [1], [2]].every((down) => holds(fewer, down)), `deployment ${i} with ${fewer[i]}`).toBe(false);
    }
    const md = readFileSync(join(dir, 'capacity.md'), 'utf8');
    expect(md).toMatch(/^# Capacity plan: helloworld-failover/);
    expect(md).toMatch(/\| zone us-west1-a \| p99 [\d.]+ms \| yes \|/);
    const cases = readFileSync(join(dir, 'capacity-cases.csv'), 'utf8');
    expect(cases).toMatch(/^case,holds,p99_mean,p99_bound95,p99_limit$/m);
    const search = readFileSync(join(dir, 'capacity-search.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(search[0]).toBe('step,phase,holds,total_replicas,helloworld.sample cluster1/us-west1-a,helloworld.sample cluster1/us-west1-b,helloworld.sample cluster2/us-central1-a,failing_cases');
    expect(search[1]).toMatch(/^0,check,true,6,2,2,2,$/);
  });

  it.each([
    [['--slo', 'p99<<200ms'], /meshsim capacity: error: --slo: "p99<<200ms": p99 needs a duration such as 200ms or 1\.5s, got "<200ms"/],
    [['--slo', 'p98<200ms'], /meshsim capacity: error: --slo: unknown metric "p98"/],
    [['--slo', 'p99<200ms', '--peak', 'double'], /meshsim capacity: error: --peak: expected a factor such as 2x/],
    [['--slo', 'p99<200ms', '--replica-cost', 'cheap'], /meshsim capacity: error: --replica-cost: expected USD per replica-hour/],
    [['--slo', 'p99<200ms', '--survive', 'region'], /Invalid values:[\s\S]*survive/],
  ])('bad input %j exits 2 and writes nothing', (extra, message) => {
    const out = join(tmp(), 'never');
    const r = cli('capacity', FILE, ...extra, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a service with every deployment in one zone cannot survive it: exit 2', () => {
    const out = join(tmp(), 'never');
    const r = cli('capacity', 'scenarios/theory/mm1.yaml', '--slo', 'p99<200ms', '--survive', 'zone', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/meshsim capacity: error: --survive: service server\.default has every deployment in zone z1/);
    expect(existsSync(out)).toBe(false);
  });

  it('no plan within --max-replicas exits 1 and says so', () => {
    const dir = tmp();
    const r = cli('capacity', 'scenarios/theory/mm1.yaml', '--slo', 'p99<5ms', '--max-replicas', '4', '--replications', '1', '--requests', '500', '--workers', '1', '--out', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/no plan: the SLO fails even with 4 replicas in every deployment/);
    expect(existsSync(join(dir, 'capacity.md'))).toBe(true);
  });
});
