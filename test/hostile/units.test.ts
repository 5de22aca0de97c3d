/**
 * The small pieces behind the hostile-input guarantees, one table each: escaping, formula
 * neutralising, the nesting scan, the checked plug-in policy, and result-set folders.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedPolicy, PluginError } from '../../src/lb/policies/checked-plugin.js';
import type { LoadBalancingPolicy, PickContext } from '../../src/lb/policy.js';
import { escapeControl, escapeJsonText } from '../../src/model/escape.js';
import { groupDigits } from '../../src/model/limits.js';
import { countItems, nestingScan } from '../../src/model/nesting.js';
import { neutraliseFormula } from '../../src/report/csv.js';
import { ResultSetError, STALE_AFTER_MS, writeResultSet } from '../../src/report/write.js';

describe('escapeControl', () => {
  it.each([
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak', 'line\\nbreak'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['\u001b]8;;http://x\u0007', '\\x1b]8;;http://x\\x07'],
    ['cr\rover', 'cr\\rover'],
    ['bidi\u202eabc', 'bidi\\u{202e}abc'],
    ['nul\u0000', 'nul\\x00'],
    ['c1\u009b', 'c1\\x9b'],
    ['del\u007f', 'del\\x7f'],
    ['日本語 💥', '日本語 💥'],
  ])('%j → %j', (input, want) => {
    expect(escapeControl(input)).toBe(want);
  });

  it('JSON text keeps its value with bidi and C1 characters escaped', () => {
    const value = { name: 'a\u202eb\u0085c\u2028d' };
    const text = escapeJsonText(JSON.stringify(value));
    expect(text).toBe('{"name":"a\\u202eb\\u0085c\\u2028d"}');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2', "'-2"], // a text cell: numbers are never passed here
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['us-west1/us-west1-a', 'us-west1/us-west1-a'],
    ['', ''],
  ])('%j → %j', (input, want) => {
    expect(neutraliseFormula(input)).toBe(want);
  });
});

describe('groupDigits', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [-1234.5, '-1,234.5'],
    [1e21, '1e+21'],
  ])('%d → %s', (n, want) => {
    expect(groupDigits(n)).toBe(want);
  });
});

describe('nestingScan and countItems', () => {
  it('passes ordinary files, quoted brackets, comments and block scalars', () => {
    for (const f of ['scenarios/helloworld-failover.yaml', 'scenarios/bench/canonical.yaml', 'schema/scenario.schema.json', 'package-lock.json']) {
      expect(nestingScan(readFileSync(f, 'utf8'), 64), f).toBe(-1);
    }
    const tricky = 'a: "[[[[[[[[["\nb: \'{{{{{{{{\'\nc: x[1]  # [[[[[[[[[[\nd: |\n  [[[[[[[[[[[[\n      {{{{{{{{{{\ne: {k: v, l: [1, 2]}\n';
    expect(nestingScan(tricky, 3)).toBe(-1);
  });

  it.each([
    ['flow lists', `a: ${'['.repeat(10)}${']'.repeat(10)}`],
    ['flow mappings', `a: ${'{b: '.repeat(10)}1${'}'.repeat(10)}`],
    ['indentation', Array.from({ length: 10 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['compact sequences', `- ${'- '.repeat(10)}x`],
    ['key: value lines in an unclosed flow mapping', `a: {b: c,\n${Array.from({ length: 10 }, (_, i) => `  k${i}: v`).join('\n')}`],
    ['JSON keys without commas', `a: [${'"k":'.repeat(10)}]`],
  ])('flags %s beyond the limit', (_name, text) => {
    expect(nestingScan(text, 5)).toBeGreaterThanOrEqual(0);
  });

  it('counts non-blank lines and commas', () => {
    expect(countItems('a: 1\n\n  \nb: [1, 2, 3]\n')).toBe(4);
    expect(countItems('x')).toBe(1);
    expect(countItems('')).toBe(0);
  });
});

describe('checkedPolicy', () => {
  const ctx: PickContext = { rng: { next: () => 0.5, nextUint32: () => 1 } as unknown as PickContext['rng'], weights: [1, 1, 1], active: [0, 0, 0] };
  const policy = (pick: (hosts: readonly number[]) => unknown): LoadBalancingPolicy => ({ name: 'T', newPicker: (hosts) => ({ pick: () => pick(hosts) as number }) });
  const picked = (p: LoadBalancingPolicy, hosts = [0, 2]) => checkedPolicy(p, '"T" (t.js)').newPicker(hosts, ctx, 1).pick(0);

  it('passes a host the picker was given', () => {
    expect(picked(policy((h) => h[1]))).toBe(2);
  });

  it.each([
    ['a host not given', () => 1, /pick\(\) returned 1, which is not the index of one of the 2 hosts it was given \[0, 2\]/],
    ['a host out of range', () => 99, /returned 99/],
    ['nothing', () => undefined, /returned nothing \(undefined\)/],
    ['a fraction', () => 0.5, /returned 0\.5/],
    ['a string', () => '0', /returned the string "0"/],
    ['NaN', () => NaN, /returned NaN/],
  ])('refuses %s', (_name, pick, message) => {
    expect(() => picked(policy(pick))).toThrow(PluginError);
    expect(() => picked(policy(pick))).toThrow(message);
  });

  it('reports a throw as the plug-in\'s, without its stack', () => {
    const p = policy(() => {
      throw new TypeError('x is undefined');
    });
    expect(() => picked(p)).toThrow(/plug-in "T" \(t\.js\): pick\(\) threw TypeError: x is undefined \(on its pick number 1, hosts \[0, 2\]\)$/);
  });

  it('refuses a newPicker that throws or returns no picker', () => {
    const throws: LoadBalancingPolicy = { name: 'T', newPicker: () => { throw new Error('no'); } };
    expect(() => checkedPolicy(throws, 'T').newPicker([0], ctx, 1)).toThrow(/newPicker\(\) threw Error: no/);
    const empty = { name: 'T', newPicker: () => ({}) } as unknown as LoadBalancingPolicy;
    expect(() => checkedPolicy(empty, 'T').newPicker([0], ctx, 1)).toThrow(/newPicker\(\) returned an object, not a picker/);
  });

  it('hands the plug-in its own previous picker on a refresh', () => {
    const seen: unknown[] = [];
    const inner: LoadBalancingPolicy = { name: 'T', newPicker: (hosts, _c, _s, previous) => { seen.push(previous); return { pick: () => hosts[0] }; } };
    const checked = checkedPolicy(inner, 'T');
    const first = checked.newPicker([0], ctx, 1);
    checked.newPicker([0], ctx, 1, first);
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).not.toBe(first);
    expect(typeof (seen[1] as { pick: unknown }).pick).toBe('function');
  });
});

describe('result sets', () => {
  const files = { 'summary.json': '{"schema":"meshsim.summary/v1"}\n', 'a.csv': 'x\n' };

  it('the folder is a link to a complete set; a new set replaces it and the old one goes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-set-'));
    const out = join(dir, 'out');
    writeResultSet(out, files);
    const first = readlinkSync(out);
    writeResultSet(out, { ...files, 'a.csv': 'y\n' });
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('y\n');
    expect(existsSync(join(dir, first))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([readlinkSync(out), 'out'].sort());
  });

  it('an empty folder or an earlier plain set is replaced; other folders and foreign links are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-set-'));
    mkdirSync(join(dir, 'empty'));
    writeResultSet(join(dir, 'empty'), files);
    expect(readdirSync(join(dir, 'empty')).sort()).toEqual(['a.csv', 'summary.json']);
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'thesis.tex'), 'precious');
    expect(() => writeResultSet(join(dir, 'mine'), files)).toThrow(ResultSetError);
    expect(readFileSync(join(dir, 'mine', 'thesis.tex'), 'utf8')).toBe('precious');
    symlinkSync(join(dir, 'mine'), join(dir, 'link'));
    expect(() => writeResultSet(join(dir, 'link'), files)).toThrow(/symbolic link that meshsim did not make/);
  });

  it('leftovers of dead runs are removed, those of live runs kept, old ones removed whatever their pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-set-'));
    const out = join(dir, 'out');
    for (const name of ['.out.meshsim-111-aaaaaa', '.out.meshsim-222-bbbbbb', '.out.meshsim-333-cccccc.link', '.out.meshsim-444-dddddd', '.other.meshsim-111-aaaaaa']) {
      mkdirSync(join(dir, name));
    }
    const old = (Date.now() - 2 * STALE_AFTER_MS) / 1000;
    utimesSync(join(dir, '.out.meshsim-444-dddddd'), old, old);
    writeResultSet(out, files, { pid: 999, isAlive: (pid) => pid === 222 || pid === 444, nowMs: Date.now() });
    expect(readdirSync(dir).filter((n) => n !== 'out' && n !== readlinkSync(out)).sort()).toEqual(['.other.meshsim-111-aaaaaa', '.out.meshsim-222-bbbbbb']);
  });
});
