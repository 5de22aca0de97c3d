/** The CLI end to end: run, --json, --seed, scenario-named plug-in, validate, schema. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILES } from '../src/run.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8' });

describe('meshsim CLI', () => {
  it('run prints the summary table and writes the eight output files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    const r = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/helloworld-two-clusters · seed 42/);
    expect(r.stdout).toMatch(/end to end/);
    expect(readdirSync(dir).sort()).toEqual([...OUTPUT_FILES].sort());
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

  it('a plug-in named in the scenario runs only with --allow-plugins, loaded relative to the scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    // The module leaves a mark when its code runs: without --allow-plugins it must not run at all.
    const marker = join(dir, 'plugin-ran');
    const source = readFileSync('examples/lb-plugins/least-of-three.js', 'utf8');
    writeFileSync(join(dir, 'my-lb.js'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\n${source}`);
    const text = readFileSync('scenarios/theory/mm1.yaml', 'utf8').replace('requests: 1000000', 'requests: 2000\nloadBalancing: {plugin: ./my-lb.js}');
    writeFileSync(join(dir, 'scenario.yaml'), text);
    const refused = cli('run', join(dir, 'scenario.yaml'), '--out', join(dir, 'out'), '--json');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/scenario\.yaml:\d+:\d+: error: loadBalancing\.plugin: the scenario names a plug-in \("\.\/my-lb\.js"\).*--allow-plugins/);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // validate never runs it either, and says how run would
    const validated = cli('validate', join(dir, 'scenario.yaml'));
    expect(validated.status).toBe(0);
    expect(validated.stderr).toMatch(/warning: loadBalancing\.plugin: .*--allow-plugins/);
    expect(existsSync(marker)).toBe(false);
    const r = cli('run', join(dir, 'scenario.yaml'), '--out', join(dir, 'out'), '--json', '--allow-plugins');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(JSON.parse(r.stdout).requests.generated).toBe(2000);
    expect(Object.values(JSON.parse(r.stdout).loadBalancing.policies)).toEqual(['LEAST_OF_THREE']);
    // a missing plug-in file is a user error
    writeFileSync(join(dir, 'bad.yaml'), text.replace('./my-lb.js', './missing.js'));
    const bad = cli('run', join(dir, 'bad.yaml'), '--out', join(dir, 'out2'), '--allow-plugins');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot load plug-in: no such file/);
  });

  it('a plug-in is loaded only after the whole scenario, Istio resources included, validated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    const marker = join(dir, 'plugin-ran');
    writeFileSync(join(dir, 'lb.js'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { name: 'X', newPicker: (hosts) => ({ pick: () => hosts[0] }) };\n`);
    // A DestinationRule Istio would reject: found by prepare, after loading.
    const text = readFileSync('scenarios/theory/mm1.yaml', 'utf8').replace('requests: 1000000', 'requests: 100') +
      'policies:\n  - {apiVersion: networking.istio.io/v1, kind: DestinationRule, metadata: {name: x, namespace: default}, spec: {host: server, trafficPolicy: {loadBalancer: {simple: NOPE}}}}\n';
    writeFileSync(join(dir, 's.yaml'), text);
    const r = cli('run', join(dir, 's.yaml'), '--out', join(dir, 'out'), '--lb-plugin', join(dir, 'lb.js'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/simple/);
    expect(existsSync(marker)).toBe(false);
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
