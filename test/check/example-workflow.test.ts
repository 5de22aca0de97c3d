/**
 * The example GitHub Actions workflow (examples/ci/meshsim-gate.yml) does what it says: its
 * meshsim steps, run as the workflow runs them (pull request at the root, target branch in
 * base/), pass when the DestinationRule is unchanged and fail (exit 1) when the pull request
 * moves traffic.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../report/fixtures.js';

interface Step {
  name?: string;
  run?: string;
  if?: string;
}

const workflow = parse(readFileSync('examples/ci/meshsim-gate.yml', 'utf8')) as { jobs: { gate: { steps: Step[] } } };
const meshsimSteps = workflow.jobs.gate.steps.filter((s) => s.run?.includes('dist/src/cli/main.js'));

/** A workspace like the runner's: the pull request at the root, the target branch in base/. */
function workspace(prSplit: [number, number]): string {
  const ws = tempDir('meshsim-gha-');
  for (const d of ['dist', 'node_modules']) symlinkSync(resolve(d), join(ws, d));
  cpSync('examples', join(ws, 'examples'), { recursive: true });
  cpSync('scenarios', join(ws, 'scenarios'), { recursive: true });
  mkdirSync(join(ws, 'base'));
  cpSync('scenarios', join(ws, 'base', 'scenarios'), { recursive: true });
  const dr = join(ws, 'scenarios', 'istio', 'helloworld-destinationrule.yaml');
  writeFileSync(dr, readFileSync(dr, 'utf8').replace('"us-west1/*": 90', `"us-west1/*": ${prSplit[0]}`).replace('"us-central1/*": 10', `"us-central1/*": ${prSplit[1]}`));
  return ws;
}

function runSteps(ws: string): { name: string; status: number | null; out: string }[] {
  const summary = join(ws, 'step-summary.md');
  const results: { name: string; status: number | null; out: string }[] = [];
  let failed = false;
  for (const s of meshsimSteps) {
    if (failed && s.if !== 'always()') continue;
    const r = spawnSync('bash', ['-e', '-c', s.run!], { cwd: ws, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
    results.push({ name: s.name ?? '', status: r.status, out: r.stdout + r.stderr });
    if (r.status !== 0) failed = true;
  }
  return results;
}

describe('examples/ci/meshsim-gate.yml', () => {
  it('has the baseline, gate and report steps', () => {
    expect(meshsimSteps.map((s) => s.name)).toEqual([
      'Baseline - the target branch\'s scenario and DestinationRule',
      'Gate - thresholds and the baseline (2 % tolerance)',
      'Report - baseline and pull request side by side',
    ]);
  });

  it('an unchanged DestinationRule passes: summary, JUnit and report written', () => {
    const ws = workspace([90, 10]);
    const steps = runSteps(ws);
    expect(steps.map((s) => s.status), steps.map((s) => s.out).join('\n')).toEqual([0, 0, 0]);
    expect(readFileSync(join(ws, 'step-summary.md'), 'utf8')).toMatch(/^### ✅ meshsim check/);
    expect(readFileSync(join(ws, 'meshsim', 'junit.xml'), 'utf8')).toMatch(/failures="0"/);
    expect(existsSync(join(ws, 'meshsim', 'report.html'))).toBe(true);
  });

  it('a DestinationRule that sends 25 % across regions fails the gate (exit 1); the report is still written', () => {
    const ws = workspace([75, 25]);
    const steps = runSteps(ws);
    expect(steps.map((s) => s.status)).toEqual([0, 1, 0]);
    const summary = readFileSync(join(ws, 'step-summary.md'), 'utf8');
    expect(summary).toMatch(/^### ❌ meshsim check/);
    expect(summary).toMatch(/share\(us-west1\/\\\*\) &gt; 85%/);
    expect(summary).toMatch(/REGRESSION/);
    expect(existsSync(join(ws, 'meshsim', 'report.html'))).toBe(true);
  });
});
