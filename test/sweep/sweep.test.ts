/**
 * A sweep in the main thread (one worker): each tidy row is the run it names, the aggregate is
 * the mean and t interval of the tidy rows, an interrupted sweep resumes to the same bytes, and a
 * folder holding another sweep is refused.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/diagnostics.js';
import { simulate } from '../../src/run.js';
import { defineSweep, pointOverrides } from '../../src/sweep/definition.js';
import { SweepFolderError } from '../../src/sweep/folder.js';
import { metricsOf } from '../../src/sweep/metrics.js';
import { ScenarioBase } from '../../src/sweep/override.js';
import { meanCi95 } from '../../src/stats/interval.js';
import { runSweep, SweepInterrupted } from '../../src/sweep/sweep.js';

const FILE = 'scenarios/helloworld-failover.yaml';
const SETS = ['services[0].deployments[1].replicas=1,3', 'traffic[name=sleep].rate=100/s,150/s'];
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-sweep-'));

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const names = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}

describe('meshsim sweep (library, one worker)', () => {
  const def = defineSweep({ file: FILE, sets: SETS, replications: 2, requests: 1500 });

  it('tidy rows are the runs they name; aggregate rows are their mean and 95% CI', async () => {
    const dir = tmp();
    const out = await runSweep(def, { dir, workers: 1 });
    expect(out.progress).toEqual({ total: 4, done: 4, skipped: 0 });
    const tidy = parseCsv(readFileSync(join(dir, 'tidy.csv'), 'utf8'));
    expect(tidy.map((r) => [r.point, r['services[0].deployments[1].replicas'], r['traffic[name=sleep].rate'], r.replication, r.seed])).toEqual([
      ['0', '1', '100/s', '0', '42'], ['0', '1', '100/s', '1', '43'], ['1', '1', '150/s', '0', '42'], ['1', '1', '150/s', '1', '43'],
      ['2', '3', '100/s', '0', '42'], ['2', '3', '100/s', '1', '43'], ['3', '3', '150/s', '0', '42'], ['3', '3', '150/s', '1', '43'],
    ]);
    // point 3, replication 1 = replicas 3, rate 150/s, seed 43
    const loaded = new ScenarioBase(readFileSync(FILE, 'utf8'), FILE).load(pointOverrides(def, 3));
    const direct = metricsOf(simulate(loaded, { seed: 43, requests: 1500 }).summary);
    expect(Number(tidy[7].latency_p99_ms)).toBe(direct.latency.p99);
    expect(Number(tidy[7]['share_locality_cluster1/us-west1/us-west1-a'])).toBe(direct.share_locality['cluster1/us-west1/us-west1-a']);
    expect(direct.requests.requests_generated).toBe(1500);

    const agg = parseCsv(readFileSync(join(dir, 'aggregate.csv'), 'utf8'));
    expect(agg).toHaveLength(4);
    const ci = meanCi95([Number(tidy[6].latency_p99_ms), Number(tidy[7].latency_p99_ms)]);
    expect(Number(agg[3].latency_p99_ms_mean)).toBeCloseTo(ci.mean!, 5);
    expect(Number(agg[3].latency_p99_ms_ci95_low)).toBeCloseTo(ci.low!, 5);
    expect(Number(agg[3].latency_p99_ms_ci95_high)).toBeCloseTo(ci.high!, 5);
    expect(agg[3].replications).toBe('2');
  });

  it('an interrupted sweep keeps its finished points and resumes to the same outputs', async () => {
    const whole = tmp();
    await runSweep(def, { dir: whole, workers: 1 });
    const dir = tmp();
    const ac = new AbortController();
    const first = runSweep(def, { dir, workers: 1, signal: ac.signal, onProgress: (p) => p.done >= 2 && ac.abort() });
    await expect(first).rejects.toBeInstanceOf(SweepInterrupted);
    expect(readdirSync(join(dir, 'points')).sort()).toEqual(['0.json', '1.json']);
    expect(readdirSync(dir)).not.toContain('tidy.csv');
    const second = await runSweep(def, { dir, workers: 1 });
    expect(second.progress).toEqual({ total: 4, done: 4, skipped: 2 });
    for (const f of ['tidy.csv', 'aggregate.csv', 'manifest.json']) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(whole, f), 'utf8'));
  });

  it('refuses to resume a folder made by another sweep, naming what differs', async () => {
    const dir = tmp();
    await runSweep(defineSweep({ file: FILE, sets: SETS.slice(0, 1), replications: 1, requests: 500 }), { dir, workers: 1 });
    const other = defineSweep({ file: FILE, sets: SETS.slice(0, 1), replications: 2, requests: 500 });
    await expect(runSweep(other, { dir, workers: 1 })).rejects.toThrow(SweepFolderError);
    await expect(runSweep(other, { dir, workers: 1 })).rejects.toThrow(/--replications: 1 here, 2 asked/);
  });

  it('a point whose combination fails to load stops the sweep as a user error naming the --set', async () => {
    const bad = { ...def, sets: def.sets.map((s, k) => (k === 0 ? { ...s, spec: { ...s.spec, values: [s.spec.values[0], { text: 'many', value: 'many' }] } } : s)) };
    const dir = tmp();
    const err = await runSweep(bad, { dir, workers: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/services\[0\]\.deployments\[1\]\.replicas: expected a number, got "many" \(from --set services\[0\]\.deployments\[1\]\.replicas=many\)/);
    expect(readdirSync(join(dir, 'points')).sort()).toEqual(['0.json', '1.json']);
  });

  it('an error elsewhere names every override of the point', () => {
    const base = new ScenarioBase(readFileSync(FILE, 'utf8'), FILE);
    expect(() => base.load([{ path: ['clusters', 1, 'zones'], value: ['us-central1-b'], label: '--set clusters[1].zones=[us-central1-b]' }])).toThrow(
      /services\[0\]\.deployments\[2\]\.zone: zone "us-central1-a" is not a zone of cluster "cluster2" \(us-central1-b\) \(with --set clusters\[1\]\.zones=\[us-central1-b\]\)/,
    );
  });
});
