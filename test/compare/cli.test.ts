/**
 * `meshsim compare` end to end (the built CLI): the files of a comparison as one result set, and
 * bad input — an unknown file, one design, designs without common source names, bad flags — with
 * exit 2 and no files; a partial overlap of source names is a warning.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = 'dist/src/cli/main.js';
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-compare-cli-'));
const F = 'test/compare/fixtures';

describe('meshsim compare (CLI)', () => {
  it('prints the table and writes compare.txt, compare.csv and compare.json as one result set', () => {
    const dir = join(tmp(), 'out');
    const r = cli('compare', `${F}/small-a.yaml`, `${F}/small-b.yaml`, '--replications', '2', '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^meshsim 0\.1\.0 compare · 2 designs × 2 replications · common random numbers/);
    expect(r.stdout).toMatch(/\nran 4 runs in [\d.]+ s; wrote .*\/out\/\{compare\.txt,compare\.csv,compare\.json\}\n$/);
    expect(readdirSync(dir).sort()).toEqual(['compare.csv', 'compare.json', 'compare.txt']);
    expect(r.stdout.startsWith(readFileSync(join(dir, 'compare.txt'), 'utf8'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')).designs).toHaveLength(2);
  });

  it('a partial overlap of source names: a warning naming the source, and the comparison', () => {
    const dir = join(tmp(), 'out');
    const r = cli('compare', `${F}/small-a.yaml`, `${F}/small-partial.yaml`, '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${F}/small-partial.yaml:29:6: warning: users[1].name: source "portland" is not in small-a: its arrivals are not shared`);
    expect(r.stderr).toContain(`${F}/small-a.yaml:29:6: warning: users[1].name: source "seattle" is not in small-partial: the "all" rows compare different traffic`);
    expect(JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')).warnings).toHaveLength(2);
  });

  it("--strict: compare's own warnings (source names, seeds) stop it like the analyzer's: exit 2, listed, nothing run or written", () => {
    const parent = tmp();
    const dir = join(parent, 'out');
    const r = cli('compare', `${F}/small-a.yaml`, `${F}/small-partial.yaml`, '--out', dir, '--strict');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${F}/small-partial.yaml:29:6: warning: users[1].name: source "portland" is not in small-a`);
    expect(r.stderr).toContain(`${F}/small-a.yaml:29:6: warning: users[1].name: source "seattle" is not in small-partial`);
    expect(r.stderr).toMatch(/\n2 warnings and --strict treats warnings as errors; nothing was run and no files were written\.\n$/);
    expect(r.stdout).toBe('');
    expect(readdirSync(parent)).toEqual([]);
  });

  it.each([
    ['an unknown file', [`${F}/small-a.yaml`, `${F}/nope.yaml`], /nope\.yaml: error: \(file\): cannot read scenario: no such file/],
    ['one design', [`${F}/small-a.yaml`], /meshsim compare: error: <designs>: needs at least two scenario files to compare, got 1/],
    ['no source name in common', [`${F}/small-a.yaml`, `${F}/small-renamed.yaml`], /small-renamed\.yaml:28:5: error: users\[0\]: no traffic source named as in small-a \(boston, seattle\)/],
    ['a bad --replications', [`${F}/small-a.yaml`, `${F}/small-b.yaml`, '--replications', '0'], /--replications: must be an integer >= 1, got 0/],
    ['a bad --streams', [`${F}/small-a.yaml`, `${F}/small-b.yaml`, '--streams', 'shared'], /Invalid values:[\s\S]*streams/],
  ])('%s: exit 2, a clear message, no files', (_, args, message) => {
    const parent = tmp();
    const dir = join(parent, 'out');
    const r = cli('compare', ...(args as string[]), '--out', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
