/** The CLI end to end: run, --json, --seed, scenario-named plug-in, validate, schema. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8' });

describe('meshsim CLI', () => {
  it('run prints the summary table and writes the eight output files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    const r = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/helloworld-two-clusters · seed 42/);
    expect(r.stdout).toMatch(/end to end/);
    expect(readdirSync(dir).sort()).toEqual(['ejections.csv', 'endpoints.csv', 'latency.csv', 'populations.csv', 'routes.csv', 'summary.json', 'timeline-destinations.csv', 'timeline.csv']);
    // what was printed is what was written
    const again = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--out', dir, '--json');
    expect(again.stdout).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
  });

  it('--seed and --requests override the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    const r = cli('run', 'scenarios/theory/mm1.yaml', '--out', dir, '--json', '--seed', '9', '--requests', '5000');
    const s = JSON.parse(r.stdout);
    expect(s.scenario.seed).toBe(9);
    expect(s.requests.generated).toBe(5000);
  });

  it('a plug-in named in the scenario (loadBalancing.plugin) is loaded relative to the scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    copyFileSync('examples/lb-plugins/least-of-three.js', join(dir, 'my-lb.js'));
    const text = readFileSync('scenarios/theory/mm1.yaml', 'utf8').replace('requests: 1000000', 'requests: 2000\nloadBalancing: {plugin: ./my-lb.js}');
    writeFileSync(join(dir, 'scenario.yaml'), text);
    const r = cli('run', join(dir, 'scenario.yaml'), '--out', join(dir, 'out'), '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).requests.generated).toBe(2000);
    // a missing plug-in file is a user error
    writeFileSync(join(dir, 'bad.yaml'), text.replace('./my-lb.js', './missing.js'));
    const bad = cli('run', join(dir, 'bad.yaml'), '--out', join(dir, 'out2'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot load plug-in/);
  });

  it('validate reports ok and the warnings of unsimulated Istio fields', () => {
    const r = cli('validate', 'scenarios/helloworld-failover.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok/);
    expect(r.stderr).toMatch(/failover-destinationrule\.yaml:14:\d+: warning: spec\.trafficPolicy\.connectionPool\.http\.maxRequestsPerConnection/);
  });

  it('schema prints the JSON Schema that is committed', () => {
    const r = cli('schema');
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(resolve('schema/scenario.schema.json'), 'utf8')));
  });
});
