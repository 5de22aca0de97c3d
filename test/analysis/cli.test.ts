/**
 * The analyzer in the CLI: `meshsim validate` prints every finding as
 * `file:line:col: level: path: message [CODE]` with a `fix:` line; errors exit 2; `--strict` makes
 * warnings exit 2 (infos never do); `meshsim run` analyzes first, prints the warnings, and runs
 * nothing on errors or, with `--strict`, on warnings.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { base, dr, lineOf, OD, type Doc } from './fixtures.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function write(doc: Doc): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-analyzer-cli-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, stringify(doc));
  return { dir, file };
}

/** A scenario whose only warning is a mistyped DestinationRule host (IST0174); failover works otherwise. */
const typo = () => ({ ...base(), requests: 300, policies: [dr('web', { host: 'web', trafficPolicy: { outlierDetection: OD } }), dr('webx', { host: 'wbe', trafficPolicy: { outlierDetection: OD } })] });

describe('meshsim validate', () => {
  it('prints a warning with file:line:col, level, path, message, code, and its fix; exit 0; counted in the ok line', async () => {
    const doc = typo();
    const { file } = write(doc);
    const r = await cli('validate', file);
    expect(r.code).toBe(0);
    const line = lineOf(doc, 'host: wbe');
    expect(r.stderr).toContain(`${file}:${line}:7: warning: spec.host: The host wbe defined in the DestinationRule does not match any services in the mesh`);
    expect(r.stderr).toMatch(/\[IST0174\]\n {2}fix: correct spec\.host/);
    expect(r.stdout).toBe(`${file}: ok (1 service, 1 traffic source, 1 warning)\n`);
  });

  it('--strict: the same warning exits 2', async () => {
    const { file } = write(typo());
    const r = await cli('validate', file, '--strict');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[IST0174\]/);
    expect(r.stderr).toMatch(/1 warning and --strict treats warnings as errors; nothing was run and no files were written\.\n$/);
    expect(r.stdout).toBe('');
  });

  it('--strict passes a scenario with only infos (the locality note), and counts them as notes', async () => {
    const { file } = write({ ...base(), requests: 300 });
    const r = await cli('validate', file, '--strict');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/: info: traffic\[0\]\.to: locality failover is off .*\[MS0107\]/);
    expect(r.stdout).toMatch(/ok \(1 service, 1 traffic source, 0 warnings, 1 note\)/);
  });

  it('an error finding (traffic to a service without replicas) exits 2', async () => {
    const doc = base();
    for (const d of doc.services[0].deployments) d.replicas = 0;
    const { file } = write(doc);
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: error: services\[0\]\.deployments: every request to web\.shop fails .*\[MS0101\]/);
    expect(r.stderr).toMatch(/1 error; nothing was run and no files were written\./);
  });

  it('--requests is checked against duration', async () => {
    const { file } = write(base());
    const r = await cli('validate', file, '--requests', '1000000');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: duration: --requests 1,000,000 asks for more than the sources send within duration 10\.00s: .* about 1,000 requests, and the run stops there \[MS0105\]/);
  });
});

describe('meshsim run analyzes first', () => {
  it('prints the analyzer\'s warnings on stderr, then runs', async () => {
    const { dir, file } = write(typo());
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: spec\.host: The host wbe .*\[IST0174\]/);
    expect(existsSync(join(dir, 'out', 'summary.json'))).toBe(true);
  });

  it('prints the load\'s warnings too, and summary.json records every warning printed, in the printed order', async () => {
    // A field meshsim does not simulate (a load warning, no code) and a host typo (the analyzer's IST0174).
    const doc = typo();
    doc.policies[0] = dr('web', { host: 'web', trafficPolicy: { outlierDetection: OD, connectionPool: { http: { maxRequestsPerConnection: 10 } } } });
    const { dir, file } = write(doc);
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(0);
    const printed = [...r.stderr.matchAll(/^\S+:\d+:\d+: warning: (\S+): /gm)].map((m) => m[1]);
    // Sorted by line: the first DestinationRule (the pool field) comes before the second (the typo).
    expect(printed).toEqual(['spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection', 'spec.host']);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { warnings: { path: string; code: string | null; line: number }[] };
    expect(summary.warnings.map((w) => [w.path, w.code])).toEqual([
      ['spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection', null],
      ['spec.host', 'IST0174'],
    ]);
  });

  it('--strict: warnings stop it (exit 2) and nothing is written', async () => {
    const { dir, file } = write(typo());
    const r = await cli('run', file, '--out', join(dir, 'out'), '--strict');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--strict treats warnings as errors; nothing was run/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an error finding stops it (exit 2) and nothing is written', async () => {
    const doc: Doc = { ...base(), faults: [] };
    for (const d of doc.services[0].deployments) d.replicas = 0;
    const { dir, file } = write(doc);
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[MS0101\]/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('the summary notes that locality failover is off', async () => {
    const { dir, file } = write({ ...base(), requests: 300 });
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: locality failover is off for web\.shop because no DestinationRule with outlierDetection applies to callers in shop: traffic spreads across regions r1 and r2 \[MS0107\]/);
  });
});

describe('formatDiagnostic', () => {
  it('appends the code and a fix line only when the diagnostic has them', () => {
    const d = { severity: 'warning' as const, file: 'a.yaml', line: 3, column: 5, path: 'spec.host', message: 'm' };
    expect(formatDiagnostic(d)).toBe('a.yaml:3:5: warning: spec.host: m');
    expect(formatDiagnostic({ ...d, code: 'IST0174', hint: 'do x' })).toBe('a.yaml:3:5: warning: spec.host: m [IST0174]\n  fix: do x');
    expect(formatDiagnostic({ ...d, severity: 'info', code: 'MS0107' })).toBe('a.yaml:3:5: info: spec.host: m [MS0107]');
    // Control characters in a hint are escaped like the rest.
    expect(formatDiagnostic({ ...d, hint: 'a\u001b[31mb' })).toBe('a.yaml:3:5: warning: spec.host: m\n  fix: a\\x1b[31mb');
  });
});
