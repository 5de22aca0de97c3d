import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoadBalancingPolicy } from '../../src/lb/policy.js';
import { loadScenarioFile } from '../../src/model/load.js';
import { simulate } from '../../src/run.js';

describe('load-balancing plug-ins', () => {
  it('a user policy module replaces the host pick; runs stay deterministic', async () => {
    const mod = (await import(pathToFileURL(resolve('examples/lb-plugins/least-of-three.js')).href)) as { default: LoadBalancingPolicy };
    const loaded = loadScenarioFile('scenarios/helloworld-two-clusters.yaml');
    const a = simulate(loaded, { plugin: mod.default });
    const b = simulate(loaded, { plugin: mod.default });
    const builtin = simulate(loaded);
    expect(a.files).toEqual(b.files);
    expect(a.files['routes.csv']).not.toBe(builtin.files['routes.csv']);
    expect(a.result.generated).toBe(builtin.result.generated);
  });

  it('a policy that always picks the first host sends every request to one endpoint', () => {
    const first: LoadBalancingPolicy = { name: 'FIRST', newPicker: (hosts) => ({ pick: () => hosts[0] }) };
    const out = simulate(loadScenarioFile('scenarios/helloworld-two-clusters.yaml'), { plugin: first });
    const served = out.result.endpoints.map((e) => e.served);
    expect(served.filter((n) => n > 0)).toHaveLength(1);
  });

  it('CLI --lb-plugin loads the module; a module without a policy is a clear error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-plugin-'));
    const ok = spawnSync(process.execPath, ['dist/src/cli/main.js', 'run', 'scenarios/helloworld-two-clusters.yaml', '--out', dir, '--lb-plugin', 'examples/lb-plugins/least-of-three.js'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(readdirSync(dir)).toContain('summary.json');
    const bad = spawnSync(process.execPath, ['dist/src/cli/main.js', 'run', 'scenarios/helloworld-two-clusters.yaml', '--out', join(dir, 'bad'), '--lb-plugin', 'package.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/plug-in/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

it('summary.json names the policy that picked hosts in each cluster (the plug-in when one ran)', () => {
  const first: LoadBalancingPolicy = { name: 'FIRST', newPicker: (hosts) => ({ pick: () => hosts[0] }) };
  const loaded = loadScenarioFile('scenarios/helloworld-two-clusters.yaml');
  expect(Object.values(simulate(loaded, { plugin: first }).summary.loadBalancing.policies)).toEqual(['FIRST']);
  expect(Object.values(simulate(loaded).summary.loadBalancing.policies)).toEqual(['LEAST_REQUEST']);
});
