/**
 * `meshsim sweep` and `meshsim merge` end to end (the built CLI, real worker threads): outputs are
 * byte-identical with 1 and 2 workers; a sweep killed mid-way resumes to the same bytes; shards
 * merged equal one unsharded run; bad input exits 2 and writes nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = 'dist/src/cli/main.js';
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-sweep-cli-'));
const SWEEP = ['sweep', 'scenarios/helloworld-failover.yaml', '--set', 'services[0].deployments[1].replicas=1,2,3', '--set', 'traffic[0].rate=100/s,300/s', '--replications', '2', '--requests', '1000'];

/** Every file of a sweep folder (points included), name → text. */
function folder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ['manifest.json', 'tidy.csv', 'aggregate.csv']) out[f] = readFileSync(join(dir, f), 'utf8');
  for (const f of readdirSync(join(dir, 'points')).sort()) out[`points/${f}`] = readFileSync(join(dir, 'points', f), 'utf8');
  return out;
}

describe('meshsim sweep (CLI)', () => {
  it('gives byte-identical outputs with 1 and 2 workers', () => {
    const [a, b] = [tmp(), tmp()];
    const one = cli(...SWEEP, '--workers', '1', '--out', a);
    const two = cli(...SWEEP, '--workers', '2', '--out', b);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(one.stdout).toMatch(/6 points x 2 replications \(12 runs\); ran 6, resumed 0 .* 1 worker\)/);
    expect(two.stdout).toMatch(/2 workers\)/);
    expect(two.stderr).toMatch(/^sweep: 6\/6 points \(100%\)/m); // plain progress lines when CI is set
    const fa = folder(a);
    expect(Object.keys(fa)).toHaveLength(3 + 6);
    expect(folder(b)).toEqual(fa);
    // a rerun finds every point done and rewrites the same CSVs
    const again = cli(...SWEEP, '--workers', '2', '--out', b);
    expect(again.stdout).toMatch(/ran 0, resumed 6/);
    expect(folder(b)).toEqual(fa);
  });

  it('shards merged equal one unsharded run', () => {
    const [whole, s0, s1, s2, merged] = [tmp(), tmp(), tmp(), tmp(), join(tmp(), 'merged')];
    expect(cli(...SWEEP, '--workers', '2', '--out', whole).status).toBe(0);
    const shards = [s0, s1, s2].map((d, i) => cli(...SWEEP, '--workers', '1', '--shard', `${i}/3`, '--out', d));
    for (const s of shards) expect(s.status, s.stderr).toBe(0);
    expect(shards[1].stdout).toMatch(/shard 1\/3: 2 points; ran 2/);
    expect(shards[1].stdout).toMatch(/meshsim merge/);
    expect(readdirSync(join(s1, 'points')).sort()).toEqual(['1.json', '4.json']); // p mod 3 = 1
    expect(existsSync(join(s1, 'tidy.csv'))).toBe(false);
    // two shards are not enough
    const partial = cli('merge', s0, s1, '--out', merged);
    expect(partial.status).toBe(2);
    expect(partial.stderr).toMatch(/2 of 6 points are in none of the folders \(points 2, 5\)/);
    const m = cli('merge', s0, s1, s2, '--out', merged);
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/merged 3 folders into .*: 6 points \(2 copied\)/);
    expect(folder(merged)).toEqual(folder(whole));
  });

  it('a sweep killed mid-way keeps only whole points and resumes to the same outputs', async () => {
    const [whole, dir] = [tmp(), tmp()];
    const args = ['sweep', 'scenarios/helloworld-failover.yaml', '--set', 'traffic[0].rate=10..33', '--replications', '2', '--requests', '2000', '--workers', '2'];
    const child = spawn(process.execPath, [CLI, ...args, '--out', dir], { stdio: 'ignore', env: { ...process.env, CI: '1' } });
    const pointsDir = join(dir, 'points');
    const count = () => (existsSync(pointsDir) ? readdirSync(pointsDir).filter((f) => f.endsWith('.json')).length : 0);
    while (count() < 4 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const kept = count();
    expect(kept).toBeGreaterThanOrEqual(4);
    expect(kept).toBeLessThan(24); // killed before the end
    for (const f of readdirSync(pointsDir).filter((x) => x.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(pointsDir, f), 'utf8'))).not.toThrow();
    expect(existsSync(join(dir, 'tidy.csv'))).toBe(false);
    const resumed = cli(...args, '--out', dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`ran ${24 - kept}, resumed ${kept} `));
    expect(readdirSync(pointsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(cli(...args, '--out', whole).status).toBe(0);
    expect(folder(dir)).toEqual(folder(whole));
  });

  it('Ctrl-C (SIGINT) stops the sweep, keeps the finished points and says how to resume', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, [CLI, 'sweep', 'scenarios/theory/mm1.yaml', '--set', 'traffic[0].rate=10..400:10', '--replications', '1', '--requests', '3000', '--workers', '2', '--out', dir], { env: { ...process.env, CI: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const pointsDir = join(dir, 'points');
    const count = () => (existsSync(pointsDir) ? readdirSync(pointsDir).filter((f) => f.endsWith('.json')).length : 0);
    while (count() < 2 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const [, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
    expect(signal).toBe('SIGINT');
    const m = /interrupted: (\d+) of 40 points are finished and kept in .*; run the same command again to resume/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    expect(Number(m![1])).toBe(count());
    expect(count()).toBeLessThan(40);
  });

  it.each([
    [['--set', 'services[0].deployments[0].replica=1,2'], /helloworld-failover\.yaml:28:\d+: error: services\[0\]\.deployments\[0\]\.replica: --set: unknown field "replica" in services\[0\]\.deployments\[0\]; did you mean "replicas"\?/],
    [['--set', 'traffic[0].rate=100/s,quick'], /error: traffic\[0\]\.rate: expected a rate such as 500\/s or 30000\/m, got "quick" \(from --set traffic\[0\]\.rate=quick\)/],
    [['--set', 'seed=1', '--shard', '4/4'], /meshsim sweep: error: --shard: expected i\/n with 0 <= i < n/],
    [['--set', 'seed=1', '--workers', '0'], /meshsim sweep: error: --workers: must be an integer >= 1, got 0/],
  ])('bad input %j exits 2 without a stack trace and writes nothing', (extra, message) => {
    const out = join(tmp(), 'never');
    const r = cli('sweep', 'scenarios/helloworld-failover.yaml', ...extra, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to resume into a folder of another sweep, and merge refuses to mix sweeps', () => {
    const [a, b] = [tmp(), tmp()];
    expect(cli('sweep', 'scenarios/theory/mm1.yaml', '--set', 'seed=1,2', '--replications', '1', '--requests', '300', '--out', a).status).toBe(0);
    expect(cli('sweep', 'scenarios/theory/mm1.yaml', '--set', 'seed=1,3', '--replications', '1', '--requests', '300', '--out', b).status).toBe(0);
    const r = cli('sweep', 'scenarios/theory/mm1.yaml', '--set', 'seed=1,3', '--replications', '1', '--requests', '300', '--out', a);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/meshsim sweep: error: --out: .* holds another sweep \(--set: \["seed=1,2"\] here, \["seed=1,3"\] asked\)/);
    const m = cli('merge', a, b, '--out', join(tmp(), 'm'));
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/holds another sweep than/);
  });
});
