/**
 * Every command, not only `run`, on hostile input (the built CLI, spawned): a plug-in named by a
 * scenario runs only with --allow-plugins (check, sweep, capacity as run); an output path on a
 * special file system fails at once, naming the path (sweep, merge, capacity, compare, report,
 * check); /dev/zero and named pipes as inputs (baselines, thresholds, results folders, sweep
 * folders) end at once with a clear error; the analyzer's errors stop check, sweep, capacity and
 * compare before any run, and warnings are printed once. A hang fails a test (spawn timeouts)
 * instead of blocking the suite.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { base, dr, OD } from '../analysis/fixtures.js';
import { cli, INTERNAL, RAW_CONTROL } from './helpers.js';

/** Well above the few hundred ms these cases take; far below "forever". */
const FAST = { timeout: 20_000 };
const MM1 = readFileSync('scenarios/theory/mm1.yaml', 'utf8').replace('requests: 1000000', 'requests: 300');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'meshsim-hostile-commands-'));
}

/** A named pipe in `dir` (undefined where mkfifo is missing). */
function fifo(dir: string, name: string): string | undefined {
  const path = join(dir, name);
  return spawnSync('mkfifo', [path]).status === 0 ? path : undefined;
}

/** Exit 2 with a clear message: no stack trace or internal text. */
function refused(r: ReturnType<typeof cli>, message: RegExp): void {
  expect(r.error, 'the command did not end within the timeout').toBeUndefined();
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(INTERNAL);
}

describe('a plug-in the scenario names runs only with --allow-plugins, in every command that runs scenarios', () => {
  /** A scenario naming a plug-in that leaves a marker file when its module is loaded. */
  function withMarkerPlugin(): { dir: string; scenario: string; marker: string } {
    const dir = scratch();
    const marker = join(dir, 'MARKER');
    writeFileSync(join(dir, 'marker.js'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'loaded');\nexport default { name: 'MARKER', newPicker: (hosts) => ({ pick: () => hosts[0] }) };\n`);
    writeFileSync(join(dir, 's.yaml'), `${MM1}loadBalancing: {plugin: ./marker.js}\n`);
    return { dir, scenario: join(dir, 's.yaml'), marker };
  }

  const commands: [string, (scenario: string, dir: string) => string[]][] = [
    ['check', (s) => ['check', s, '--threshold', 'p99 < 10s']],
    ['sweep', (s, d) => ['sweep', s, '--set', 'seed=1,2', '--replications', '1', '--workers', '1', '--out', join(d, 'sweep')]],
    ['capacity', (s, d) => ['capacity', s, '--slo', 'p99<10s', '--replications', '2', '--workers', '1', '--max-replicas', '2', '--out', join(d, 'capacity')]],
  ];

  it.each(commands)('meshsim %s: refused without the flag (the plug-in is never loaded); run with --allow-plugins', (_name, args) => {
    const { dir, scenario, marker } = withMarkerPlugin();
    const r = cli(args(scenario, dir), FAST);
    refused(r, /s\.yaml:\d+:\d+: error: loadBalancing\.plugin: the scenario names a plug-in \("\.\/marker\.js"\); .*add --allow-plugins/);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['marker.js', 's.yaml']); // nothing written
    const allowed = cli([...args(scenario, dir), '--allow-plugins'], { timeout: 60_000 });
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('loaded');
  });

  it('an analyzer error stops the command before the plug-in is loaded, even with --allow-plugins', () => {
    const { dir, scenario, marker } = withMarkerPlugin();
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('replicas: 1}', 'replicas: 0}'));
    for (const args of [['check', scenario, '--threshold', 'p99 < 10s'], ['sweep', scenario, '--workers', '1', '--out', join(dir, 'sweep')]]) {
      refused(cli([...args, '--allow-plugins'], FAST), /error: .*none of its 1 deployment has replicas.*\[MS0101\]/);
      expect(existsSync(marker)).toBe(false);
    }
  });
});

describe('a plug-in failing inside sweep and capacity is the plug-in\'s failure (exit 2), in the main thread and in worker threads', () => {
  const cases: [string, string, RegExp][] = [
    ['returns a host that does not exist', `export default { name: 'BAD_HOST', newPicker: () => ({ pick: () => 9999 }) };`, /^meshsim: plug-in "BAD_HOST" failed: pick\(\) returned 9999, which is not the index of one of the 1 hosts/m],
    ['throws', `export default { name: 'THROWS', newPicker: () => ({ pick() { throw new Error('boom'); } }) };`, /^meshsim: plug-in "THROWS" failed: pick\(\) threw Error: boom/m],
    ['calls process.exit(0)', `export default { name: 'EXIT', newPicker: () => ({ pick() { process.exit(0); } }) };`, /^meshsim: plug-in .*(EXIT|bad\.js).* failed: .*(called process\.exit\(0\)|did the plug-in call exit\(\) on the process\?)/m],
  ];
  it.each(cases)('a plug-in that %s', (_name, source, message) => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.js'), source + '\n');
    writeFileSync(join(dir, 'mm1.yaml'), MM1);
    for (const workers of ['1', '2']) {
      const sweep = cli(['sweep', join(dir, 'mm1.yaml'), '--set', 'seed=1,2', '--replications', '1', '--workers', workers, '--lb-plugin', join(dir, 'bad.js'), '--out', join(dir, `sw${workers}`)], FAST);
      refused(sweep, message);
      const capacity = cli(['capacity', join(dir, 'mm1.yaml'), '--slo', 'p99<10s', '--workers', workers, '--lb-plugin', join(dir, 'bad.js'), '--out', join(dir, `cap${workers}`)], FAST);
      refused(capacity, message);
      expect(existsSync(join(dir, `cap${workers}`))).toBe(false);
    }
  });
});

describe('an output path on a special file system fails at once, naming the path', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'mm1.yaml'), MM1);
  const scenario = join(dir, 'mm1.yaml');

  it('sweep, then merge of a real sweep folder, into /proc', () => {
    const sweep = join(dir, 'sw');
    expect(cli(['sweep', scenario, '--set', 'seed=1,2', '--replications', '1', '--workers', '1', '--out', sweep], { timeout: 60_000 }).status).toBe(0);
    const cases = [
      ['sweep', scenario, '--set', 'seed=1,2', '--replications', '1', '--workers', '1', '--out', '/proc/meshsim-x'],
      ['sweep', scenario, '--workers', '1', '--out', '/proc/meshsim-x/a/b'],
      ['merge', sweep, '--out', '/proc/meshsim-x'],
      ['merge', sweep, sweep, '--out', '/sys/meshsim-x'],
    ];
    for (const args of cases) {
      const t0 = performance.now();
      const r = cli(args, FAST);
      refused(r, /^meshsim: cannot write results to \/(proc|sys)\/meshsim-x[^:]*: \/(proc|sys) is on a special file system \((proc|sysfs)\)/m);
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
  });

  it('capacity refuses before its search (no evaluation line), compare before its runs, report and check before reading', () => {
    const results = join(dir, 'results');
    expect(cli(['run', scenario, '--out', results], FAST).status).toBe(0);
    const cases: [string[], RegExp][] = [
      [['capacity', scenario, '--slo', 'p99<10s', '--workers', '1', '--out', '/proc/meshsim-x'], /cannot write results to \/proc\/meshsim-x: /],
      [['compare', scenario, scenario, '--out', '/proc/meshsim-x'], /cannot write results to \/proc\/meshsim-x: /],
      [['report', results, '--out', '/proc/meshsim-x/report.html'], /cannot write results to \/proc\/meshsim-x\/report\.html: /],
      [['check', scenario, '--threshold', 'p99 < 10s', '--junit', '/proc/meshsim-x/j.xml'], /cannot write results to \/proc\/meshsim-x\/j\.xml: /],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, FAST);
      refused(r, message);
      expect(r.stderr).toMatch(/special file system \(proc\)/);
      expect(r.stderr).not.toMatch(/^capacity (check|grow)/m); // the search never started
      expect(r.stdout).toBe('');
    }
  });

  it('a named pipe as --junit or --markdown is refused (the write would block), a folder as --out of report too', () => {
    const d = scratch();
    const pipe = fifo(d, 'pipe.md');
    if (pipe) refused(cli(['check', scenario, '--threshold', 'p99 < 10s', '--markdown', pipe], FAST), /cannot write results to .*pipe\.md: it exists and is not a regular file/);
    refused(cli(['report', join(dir, 'results'), '--out', d], FAST), /cannot write results to .*: it is a folder; name a file/);
  });
});

describe('/dev/zero and named pipes as inputs end at once with a clear error; nothing is written', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'mm1.yaml'), MM1);
  const scenario = join(dir, 'mm1.yaml');

  it('check --baseline and --thresholds', () => {
    const pipe = fifo(dir, 'pipe.yaml');
    const out = join(dir, 'junit.xml');
    const cases: [string[], RegExp][] = [
      [['--baseline', '/dev/zero'], /^\/dev\/zero: error: \(file\): cannot read summary \(a meshsim summary\.json\): it is a character device, not a regular file$/m],
      [['--thresholds', '/dev/zero'], /^\/dev\/zero: error: \(file\): cannot read thresholds file: it is a character device, not a regular file$/m],
      [['--threshold', 'p99 < 1s', '--baseline', dir], /cannot read summary .*: it is a directory, not a regular file/],
    ];
    if (pipe) cases.push([['--baseline', pipe], /pipe\.yaml: error: \(file\): cannot read summary .*: it is a named pipe/], [['--thresholds', pipe], /pipe\.yaml: error: \(file\): cannot read thresholds file: it is a named pipe/]);
    for (const [args, message] of cases) {
      refused(cli(['check', scenario, ...args, '--junit', out], FAST), message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a results folder whose summary.json is /dev/zero, or whose CSV is a named pipe: report and check', () => {
    const results = join(dir, 'results');
    expect(cli(['run', scenario, '--out', results], FAST).status).toBe(0);
    const zero = join(dir, 'zero');
    mkdirSync(zero);
    symlinkSync('/dev/zero', join(zero, 'summary.json'));
    refused(cli(['report', zero], FAST), /zero\/summary\.json: error: \(file\): cannot read summary .*: it is a character device/);
    refused(cli(['check', zero, '--threshold', 'p99 < 1s'], FAST), /zero\/summary\.json: error: \(file\): cannot read summary .*: it is a character device/);
    expect(readdirSync(zero)).toEqual(['summary.json']); // no report written
    const piped = join(dir, 'piped');
    cpSync(results, piped, { recursive: true, dereference: true });
    const csv = join(piped, 'timeline.csv');
    writeFileSync(csv, ''); // replaced by a pipe below
    spawnSync('rm', [csv]);
    if (fifo(piped, 'timeline.csv')) {
      refused(cli(['report', piped], FAST), /timeline\.csv: error: \(file\): cannot read timeline\.csv: it is a named pipe/);
      refused(cli(['check', piped, '--threshold', 'p99 < 1s'], FAST), /timeline\.csv: error: \(file\): cannot read timeline\.csv: it is a named pipe/);
    }
  });

  it('a summary.json beyond resultFileBytes is refused before it is read', () => {
    const big = join(dir, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'summary.json'), Buffer.alloc(64 * 1024 * 1024 + 1, 0x20));
    refused(cli(['report', big], FAST), /cannot read summary .*: it is 67108865 bytes; results files .* may be at most 64 MiB \(README "Input limits", resultFileBytes\)/);
  });

  it('merge: a manifest that is /dev/zero or a pipe, or that claims points the grid cannot have', () => {
    const sweep = join(dir, 'sw');
    expect(cli(['sweep', scenario, '--set', 'seed=1,2', '--replications', '1', '--workers', '1', '--out', sweep], { timeout: 60_000 }).status).toBe(0);
    const zero = join(dir, 'zero-sweep');
    mkdirSync(zero);
    symlinkSync('/dev/zero', join(zero, 'manifest.json'));
    refused(cli(['merge', sweep, zero, '--out', join(dir, 'merged')], FAST), /cannot read .*zero-sweep\/manifest\.json: it is a character device/);
    const huge = join(dir, 'huge-sweep');
    cpSync(sweep, huge, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(huge, 'manifest.json'), 'utf8'));
    writeFileSync(join(huge, 'manifest.json'), JSON.stringify({ ...manifest, points: 1e15 }));
    refused(cli(['merge', huge, '--out', join(dir, 'merged2')], FAST), /is not a sweep manifest meshsim wrote: points: expected 2 \(the product of the --set value counts\), got 1000000000000000/);
    const bad = join(dir, 'bad-point');
    cpSync(sweep, bad, { recursive: true });
    writeFileSync(join(bad, 'points', '0.json'), '{"point": 0, "rows": [null]}\n');
    refused(cli(['merge', bad, '--out', join(dir, 'merged3')], FAST), /points\/0\.json is not a point record meshsim wrote/);
    expect(existsSync(join(dir, 'merged'))).toBe(false);
  });

  it('a sweep grid beyond sweepPoints is refused before anything runs', () => {
    const r = cli(['sweep', scenario, '--set', 'seed=1..100000', '--set', 'services[0].concurrency=1..100', '--out', join(dir, 'grid')], FAST);
    refused(r, /the grid has 10,000,000 points .*at most 1,000,000 \(README "Input limits", sweepPoints\)/);
    expect(existsSync(join(dir, 'grid'))).toBe(false);
  });
});

describe('the analyzer runs before check, sweep, capacity and compare', () => {
  const dir = scratch();
  const write = (name: string, doc: object) => {
    writeFileSync(join(dir, name), stringify(doc));
    return join(dir, name);
  };
  const zero = write('zero.yaml', { ...base(), requests: 300, services: [{ ...base().services[0], deployments: base().services[0].deployments.map((d: object) => ({ ...d, replicas: 0 })) }] });
  // A subset no pod carries: an error whatever the replicas (so capacity, which chooses replicas, meets it too).
  const subset = write('subset.yaml', { ...base(), requests: 300, policies: [dr('web', { host: 'web', trafficPolicy: { outlierDetection: OD }, subsets: [{ name: 'v9', labels: { version: 'v9' } }] })] });
  // A mistyped DestinationRule host: a warning.
  const typo = write('typo.yaml', { ...base(), requests: 300, policies: [dr('web', { host: 'web', trafficPolicy: { outlierDetection: OD } }), dr('webx', { host: 'wbe', trafficPolicy: { outlierDetection: OD } })] });

  it('errors: exit 2 before any run, nothing written', () => {
    const cases: [string[], RegExp][] = [
      [['sweep', zero, '--set', 'seed=1,2', '--replications', '1', '--workers', '1', '--out', join(dir, 'sw')], /zero\.yaml:\d+:\d+: error: services\[0\]\.deployments: every request to web\.shop fails .*\[MS0101\]/],
      [['check', zero, '--threshold', 'p99 < 1s', '--junit', join(dir, 'j.xml')], /zero\.yaml:\d+:\d+: error: .*\[MS0101\]/],
      [['compare', zero, typo, '--out', join(dir, 'cmp')], /zero\.yaml:\d+:\d+: error: .*\[MS0101\]/],
      [['capacity', subset, '--slo', 'p99<1s', '--workers', '1', '--out', join(dir, 'cap')], /subset\.yaml:\d+:\d+: error: spec\.subsets\[0\]\.labels: The Subset v9 defined in the DestinationRule does not select any pods.*\[IST0173\]/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, FAST);
      refused(r, message);
      expect(r.stderr).toMatch(/nothing was run and no files were written\.\n$/);
      expect(r.stderr).not.toMatch(/^(sweep|capacity)[ :]/m); // no progress, no evaluation
    }
    expect(readdirSync(dir).filter((n) => !n.endsWith('.yaml'))).toEqual([]);
  });

  it('a --set value that makes an error is named, before any run; a combination of values, when its point comes (no CSVs)', () => {
    const svc = base().services[0];
    const oneIdle = write('one-idle.yaml', { ...base(), requests: 300, services: [{ ...svc, deployments: [svc.deployments[0], { ...svc.deployments[1], replicas: 0 }] }] });
    const r = cli(['sweep', oneIdle, '--set', 'services[0].deployments[0].replicas=2,0', '--workers', '1', '--out', join(dir, 'sw2')], FAST);
    refused(r, /error: .*none of its 2 deployments has replicas.*\(with --set services\[0\]\.deployments\[0\]\.replicas=0\) \[MS0101\]/);
    expect(r.stderr).not.toMatch(/^sweep:/m);
    expect(existsSync(join(dir, 'sw2'))).toBe(false);
    // Each value alone is fine; together (point 1) they leave web without replicas.
    const ok = write('ok.yaml', { ...base(), requests: 300 });
    const c = cli(['sweep', ok, '--set', 'services[0].deployments[0].replicas=2,0', '--set', 'services[0].deployments[1].replicas=0', '--replications', '1', '--workers', '1', '--out', join(dir, 'sw3')], FAST);
    refused(c, /error: .*none of its 2 deployments has replicas.*\((from|with) --set services\[0\]\.deployments\[0\]\.replicas=0 --set services\[0\]\.deployments\[1\]\.replicas=0\) \[MS0101\]/);
    expect(c.stderr).toMatch(/1 error; the sweep stopped there; the 1 point finished before it is kept in .*sw3 \(no CSVs yet\): fix the input, then run the same command to resume\n$/);
    expect(readdirSync(join(dir, 'sw3')).sort()).toEqual(['manifest.json', 'points']);
    expect(readdirSync(join(dir, 'sw3', 'points'))).toEqual(['0.json']);
  });

  it('capacity chooses the replicas itself: a scenario written with 0 replicas is planned, not refused', () => {
    const r = cli(['capacity', zero, '--slo', 'p99<1s', '--replications', '2', '--workers', '1', '--max-replicas', '2', '--out', join(dir, 'cap0')], { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/MS0101|MS0108/);
  });

  it('warnings are printed once (not per sweep point); --strict turns them into exit 2 for sweep, check, capacity and compare', () => {
    const r = cli(['sweep', typo, '--set', 'seed=1,2,3', '--replications', '1', '--workers', '1', '--out', join(dir, 'sw5')], { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/warning: spec\.host: The host wbe .*\[IST0174\]/g)).toHaveLength(1);
    const strict: string[][] = [
      ['sweep', typo, '--set', 'seed=1,2', '--workers', '1', '--out', join(dir, 'sw4')],
      ['check', typo, '--threshold', 'p99 < 1s'],
      ['capacity', typo, '--slo', 'p99<1s', '--workers', '1', '--out', join(dir, 'cap4')],
      ['compare', typo, typo, '--out', join(dir, 'cmp4')],
    ];
    for (const args of strict) {
      refused(cli([...args, '--strict'], FAST), /\[IST0174\][\s\S]*1 warning and --strict treats warnings as errors; nothing was run and no files were written\.\n$/);
    }
    expect(readdirSync(dir).filter((n) => /^(sw4|cap4|cmp4)$/.test(n))).toEqual([]);
  });
});

describe('found by npm run fuzz on the other commands', () => {
  it('report on a results folder whose CSV lost its comment line or a column (a BOM, an edit) reports, or fails clearly', () => {
    const dir = scratch();
    const results = join(dir, 'results');
    cpSync('test/golden/helloworld-failover', results, { recursive: true });
    writeFileSync(join(results, 'routes.csv'), '\ufeff' + readFileSync(join(results, 'routes.csv'), 'utf8'));
    const timeline = readFileSync(join(results, 'timeline.csv'), 'utf8').split('\n');
    writeFileSync(join(results, 'timeline.csv'), timeline.map((l) => l.split(',').slice(1).join(',')).join('\n')); // start_s gone
    const r = cli(['report', results, '--out', join(dir, 'report.html')], FAST);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(INTERNAL);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('helloworld-failover');
  });

  it('check and report print no raw control characters from thresholds or paths', () => {
    const dir = scratch();
    const results = join(dir, 'results');
    cpSync('test/golden/helloworld-failover', results, { recursive: true });
    const check = cli(['check', results, '--threshold', 'share(\u001b[31m) > 1%', '--threshold', 'p99 < 10s', '--junit', join(dir, 'junit.xml'), '--markdown', join(dir, 'check.md')], FAST);
    expect(check.stdout + check.stderr).not.toMatch(RAW_CONTROL);
    expect(check.stdout).toContain('\\x1b[31m');
    // The files for CI and pull requests too: the escape shown, not the character (nor dropped).
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).not.toMatch(RAW_CONTROL);
    expect(junit).toContain('name="share(\\x1b[31m) &gt; 1%"');
    const md = readFileSync(join(dir, 'check.md'), 'utf8');
    expect(md).not.toMatch(RAW_CONTROL);
    expect(md).toContain('share(\\\\x1b\\[31m) &gt; 1%');
    const report = cli(['report', results, '--out', join(dir, '\u001b[31mr.html')], FAST);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).not.toMatch(RAW_CONTROL);
  });

  it('a concurrency of 1e15 is refused with the servers limit named (it made an internal RangeError)', () => {
    const dir = scratch();
    writeFileSync(join(dir, 's.yaml'), MM1.replace('concurrency: 1', 'concurrency: 1000000000000000'));
    for (const command of [['run', join(dir, 's.yaml'), '--out', join(dir, 'out')], ['sweep', join(dir, 's.yaml'), '--workers', '1', '--out', join(dir, 'sw')]]) {
      refused(cli(command, FAST), /s\.yaml:\d+:\d+: error: services\[0\]\.deployments\[0\]: replicas × concurrency, summed over every deployment and gateway, exceeds 10,000,000 here; .*\(README "Input limits", servers\)/);
    }
    expect(readdirSync(dir)).toEqual(['s.yaml']);
  });

  it('schema --out refuses a named pipe (the write would block) and a special file system', () => {
    const dir = scratch();
    const pipe = fifo(dir, 'schema.json');
    if (pipe) refused(cli(['schema', '--out', pipe], FAST), /cannot write results to .*schema\.json: it exists and is not a regular file/);
    refused(cli(['schema', '--out', '/proc/meshsim-x/schema.json'], FAST), /special file system \(proc\)/);
  });
});

