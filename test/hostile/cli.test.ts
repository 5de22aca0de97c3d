/**
 * The CLI on hostile input and environments: special files and folders fail fast, plug-in
 * failures are the plug-in's (exit 2, naming it), names cannot drive a terminal or a spreadsheet,
 * and outputs do not depend on the working folder, the spelling of paths, time zone or locale.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCells } from '../../bench/fuzz/check.js';
import { cli, INTERNAL, RAW_CONTROL } from './helpers.js';
import { OUTPUT_FILES } from '../../src/run.js';

const MM1 = readFileSync('scenarios/theory/mm1.yaml', 'utf8').replace('requests: 1000000', 'requests: 500');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'meshsim-hostile-cli-'));
}

describe('odd command lines', () => {
  it('arguments after "--" end in a result or a clear error, never an internal error (found by npm run fuzz)', () => {
    const dir = scratch();
    for (const tail of [['--', 'x'], ['--'], ['--', '--seed', '3']]) {
      const r = cli(['run', 'scenarios/theory/mm1.yaml', '--requests', '100', '--out', join(dir, 'out'), ...tail]);
      expect([0, 2]).toContain(r.status);
      expect(r.stderr).not.toMatch(INTERNAL);
    }
  });
});

describe('special files and folders fail fast', () => {
  it('--out under /proc or /sys is refused at once (Node 20 mkdir would spin there)', () => {
    for (const out of ['/proc/x', '/proc/x/y/z', '/sys/meshsim-x']) {
      const t0 = performance.now();
      const r = cli(['run', 'scenarios/theory/mm1.yaml', '--requests', '100', '--out', out], { timeout: 20_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/cannot write results to .*special file system \((proc|sysfs)\)/);
      expect(r.stderr).not.toMatch(INTERNAL);
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
  });

  it('--out that is a file, a device, or a folder holding other files is refused; nothing is run', () => {
    for (const out of ['/dev/null', 'package.json', '.']) {
      const r = cli(['run', 'scenarios/theory/mm1.yaml', '--requests', '100', '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^meshsim: cannot write results to /);
      expect(r.stdout).toBe('');
    }
    expect(existsSync('package.json')).toBe(true);
  });

  it('validate /dev/zero and a named pipe end at once with a clear error', () => {
    const r = cli(['validate', '/dev/zero'], { timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\/dev\/zero: error: \(file\): cannot read scenario: it is a character device, not a regular file$/m);
    const fifo = join(scratch(), 'pipe.yaml');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      const p = cli(['validate', fifo], { timeout: 20_000 });
      expect(p.status).toBe(2);
      expect(p.stderr).toMatch(/cannot read scenario: it is a named pipe, not a regular file/);
    }
  });

  it('a result folder replaces an earlier plain folder of results, and only that', () => {
    const dir = scratch();
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), JSON.stringify({ schema: 'meshsim.summary/v1' }));
    writeFileSync(join(out, 'timeline.png'), 'stale plot');
    const r = cli(['run', 'scenarios/theory/mm1.yaml', '--requests', '100', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_FILES].sort());
    expect(readdirSync(dir).filter((n) => n !== 'out')).toHaveLength(1); // the set the link points at
  });
});

describe('pipes', () => {
  it('a reader that stops early (| head) ends the output quietly, not with an EPIPE stack trace', () => {
    const dir = scratch();
    // ~6 MB of summary.json: more than a pipe holds, so the write meets the closed pipe.
    const services = Array.from({ length: 3 }, (_, i) => `  - name: s${i}\n    deployments: [{cluster: c1, replicas: 10000}]\n`).join('');
    writeFileSync(join(dir, 's.yaml'), `name: big\nduration: 1s\nclusters: [{name: c1, region: r1, zones: [z1]}]\nservices:\n${services}traffic: [{name: t, from: {cluster: c1}, to: s0, rate: 10/s}]\n`);
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" dist/src/cli/main.js run ${join(dir, 's.yaml')} --out ${join(dir, 'out')} --json | head -c 10 > /dev/null`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'out', 'summary.json'))).toBe(true);
  });
});

describe('plug-ins fail as themselves', () => {
  const cases: [string, string, RegExp][] = [
    ['returns a host that does not exist', `export default { name: 'BAD_HOST', newPicker: () => ({ pick: () => 9999 }) };`, /plug-in "BAD_HOST" \(.*bad\.js\) failed: pick\(\) returned 9999, which is not the index of one of the 1 hosts it was given \[0\]/],
    ['returns nothing', `export default { name: 'NOTHING', newPicker: () => ({ pick() {} }) };`, /plug-in "NOTHING" .*pick\(\) returned nothing \(undefined\)/],
    ['throws', `export default { name: 'THROWS', newPicker: () => ({ pick() { throw new Error('boom'); } }) };`, /plug-in "THROWS" .*pick\(\) threw Error: boom \(on its pick number 1, hosts \[0\]\)/],
    ['calls process.exit(0) while picking', `export default { name: 'EXIT', newPicker: () => ({ pick() { process.exit(0); } }) };`, /plug-in "EXIT" .*pick\(\) called process\.exit\(0\)/],
    ['swallows the refused exit and goes on', `export default { name: 'SLY', newPicker: (h) => ({ pick() { try { process.exit(0); } catch {} return h[0]; } }) };`, /plug-in "SLY" .*called process\.exit\(0\) during the run/],
    ['calls process.exit(0) when loaded', `process.exit(0);\nexport default { name: 'X', newPicker: (h) => ({ pick: () => h[0] }) };`, /bad\.js failed: the module called process\.exit\(0\) while loading/],
    ['exports no policy', `export const nothing = 1;`, /the default export must be a LoadBalancingPolicy/],
  ];
  it.each(cases)('a plug-in that %s: exit 2, no results, no stack', (_name, source, message) => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.js'), source + '\n');
    writeFileSync(join(dir, 'mm1.yaml'), MM1);
    const r = cli(['run', join(dir, 'mm1.yaml'), '--out', join(dir, 'out'), '--lb-plugin', join(dir, 'bad.js')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('names cannot drive a terminal or a spreadsheet', () => {
  const scenario = `name: names
seed: 3
duration: 2s
clusters:
  - {name: c1, region: "=HYPERLINK(\\"http://evil\\",\\"x\\")", zones: ["+z1\\n\\e[31mred", "@z2\\u202Eabc", "-z3\\r"]}
services:
  - name: web
    deployments:
      - {cluster: c1, zone: "+z1\\n\\e[31mred", replicas: 1}
      - {cluster: c1, zone: "@z2\\u202Eabc", replicas: 1}
      - {cluster: c1, zone: "-z3\\r", replicas: 1}
traffic:
  - {name: client, from: {cluster: c1}, to: web, rate: 300/s}
`;

  it('the summary table escapes control characters and keeps one row per locality', () => {
    const dir = scratch();
    writeFileSync(join(dir, 's.yaml'), scenario);
    const r = cli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('destination cluster/locality'));
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    expect(rows).toHaveLength(3);
    expect(rows.join('\n')).toContain('\\n\\x1b[31mred');
    expect(rows.join('\n')).toContain('\\u{202e}abc');
  });

  it('CSV cells a spreadsheet would read as formulas are neutralised; numbers stay numbers; summary.json keeps the names', () => {
    const dir = scratch();
    writeFileSync(join(dir, 's.yaml'), scenario);
    const r = cli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['routes.csv', 'endpoints.csv']) {
      const text = readFileSync(join(dir, 'out', f), 'utf8');
      // Quoted cells may hold newlines: split records on the line ends outside quotes.
      const records = text.split('\n').slice(1).join('\n').match(/(?:"(?:[^"]|"")*"|[^,\n])*(?:,(?:"(?:[^"]|"")*"|[^,\n])*)*/g)!.filter((x) => x !== '');
      const cells = records.flatMap(csvCells);
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d/.test(c)), f).toEqual([]);
      expect(cells.filter((c) => c.startsWith("'=HYPERLINK")).length, f).toBeGreaterThan(0);
      expect(cells.filter((c) => c.startsWith("'+z1") || c.includes('/+z1')).length, f).toBeGreaterThan(0);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.shares.bySourceLocality[0].locality).toContain('=HYPERLINK');
    expect(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('\\u202e');
  });
});

describe('outputs do not depend on the working folder, path spelling, time zone or locale', () => {
  it('the same scenario gives byte-identical files from any folder, however its path is written', () => {
    const dir = scratch();
    const runs = [
      { cwd: process.cwd(), path: 'scenarios/helloworld-failover.yaml', env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } },
      { cwd: dir, path: resolve('scenarios/helloworld-failover.yaml'), env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } },
      { cwd: resolve('scenarios/istio'), path: '../../scenarios/./istio/../helloworld-failover.yaml', env: { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', LC_NUMERIC: 'de_DE.UTF-8' } },
    ];
    const outputs = runs.map((run, i) => {
      const out = join(dir, `out${i}`);
      const r = cli(['run', run.path, '--out', out], { cwd: run.cwd, env: { ...process.env, ...run.env } });
      expect(r.status, r.stderr).toBe(0);
      return Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    });
    expect(Object.keys(outputs[0]).sort()).toEqual([...OUTPUT_FILES].sort());
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    // The policy file is recorded relative to the scenario file.
    expect(JSON.parse(outputs[0]['summary.json']).warnings[0].file).toBe('istio/failover-destinationrule.yaml');
  });

  it('the printed warnings name the policy file as seen from the working folder', () => {
    const dir = scratch();
    copyFileSync('scenarios/helloworld-failover.yaml', join(dir, 's.yaml'));
    mkdirSync(join(dir, 'istio'));
    copyFileSync('scenarios/istio/failover-destinationrule.yaml', join(dir, 'istio', 'failover-destinationrule.yaml'));
    const r = cli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out'), '--requests', '200']);
    expect(r.stdout).toContain(`warning: ${join(dir, 'istio', 'failover-destinationrule.yaml')}:14:`);
  });
});
