/**
 * notebooks/sweep-tradeoff.ipynb executes headless on a fresh sweep and capacity plan; its
 * capacity table is the cheapest point per load that holds the SLO, recomputed here from
 * aggregate.csv. Needs /usr/bin/jupyter with pandas and matplotlib; skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const jupyter = '/usr/bin/jupyter';
const ready = existsSync(jupyter) && spawnSync('/usr/bin/python3', ['-c', 'import pandas, matplotlib'], { encoding: 'utf8' }).status === 0;
if (!ready) console.warn('SKIPPED notebooks/sweep-tradeoff.ipynb: /usr/bin/jupyter with pandas and matplotlib is not installed (see README, Notebooks)');

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

function csvRows(text: string): Record<string, string>[] {
  const [header, ...rows] = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const names = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}

it.skipIf(!ready)('notebooks/sweep-tradeoff.ipynb plots latency against cost and tables the cheapest point holding the SLO', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-nb-sweep-'));
  const scenario = 'scenarios/helloworld-two-clusters.yaml';
  const sweep = cli('sweep', scenario, '--set', 'services[0].deployments[0].replicas=1,2,3', '--set', 'traffic[0].rate=200/s,600/s', '--replications', '2', '--requests', '3000', '--out', join(dir, 'sweep'));
  expect(sweep.status, sweep.stderr).toBe(0);
  const capacity = cli('capacity', scenario, '--slo', 'p99<150ms', '--peak', '2x', '--survive', 'cluster', '--replications', '2', '--requests', '3000', '--out', join(dir, 'capacity'));
  expect(capacity.status, capacity.stderr).toBe(0);
  const r = spawnSync(jupyter, ['nbconvert', '--to', 'notebook', '--execute', 'notebooks/sweep-tradeoff.ipynb', '--output', join(dir, 'executed.ipynb')], {
    encoding: 'utf8',
    env: { ...process.env, SWEEP: join(dir, 'sweep'), CAPACITY: join(dir, 'capacity'), OUT: dir, SLO_P99_MS: '150', REPLICA_COST: '0.05', PYDEVD_DISABLE_FILE_VALIDATION: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  expect(existsSync(join(dir, 'tradeoff.png'))).toBe(true);
  expect(existsSync(join(dir, 'capacity-search.png'))).toBe(true);
  // the table, recomputed: per rate, the fewest replicas whose p99 upper bound < 150 ms and error rate <= 0.1 %
  const agg = csvRows(readFileSync(join(dir, 'sweep', 'aggregate.csv'), 'utf8'));
  const expected = ['200/s', '600/s'].flatMap((rate) => {
    const ok = agg
      .filter((p) => p['traffic[0].rate'] === rate && Number(p.latency_p99_ms_ci95_high) < 150 && Number(p.error_rate_mean) <= 0.001)
      .sort((a, b) => Number(a.replicas_total_mean) - Number(b.replicas_total_mean) || Number(a.latency_p99_ms_mean) - Number(b.latency_p99_ms_mean));
    return ok.length > 0 ? [[rate, ok[0]['services[0].deployments[0].replicas'], String(Number(ok[0].replicas_total_mean) * 0.05 * 730)]] : [];
  });
  expect(expected.length).toBeGreaterThan(0);
  const table = csvRows(readFileSync(join(dir, 'capacity-from-sweep.csv'), 'utf8'));
  expect(table.map((t) => [t['traffic[0].rate'], t['services[0].deployments[0].replicas']])).toEqual(expected.map(([rate, n]) => [rate, n]));
  table.forEach((t, i) => expect(Number(t.usd_per_month)).toBeCloseTo(Number(expected[i][2]), 6));
});
