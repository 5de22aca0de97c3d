/** Results directories for the report and check tests, made by running scenarios into temp folders. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateFile, simulateText, type SimulateOptions } from '../../src/run.js';
import { writeOutputsAtomically } from '../../src/report/write.js';

export function tempDir(prefix = 'meshsim-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs a bundled scenario into a fresh directory; returns the directory. */
export function resultsOf(scenario: string, options: SimulateOptions = {}, files?: (name: string) => boolean): string {
  const dir = join(tempDir(), 'results');
  const out = simulateFile(scenario, options);
  writeOutputsAtomically(dir, Object.fromEntries(Object.entries(out.files).filter(([n]) => !files || files(n))));
  return dir;
}

/** A scenario whose zone, region and (after the run) scenario name are HTML. */
export const HOSTILE_SCENARIO = `
name: hostile
seed: 3
requests: 2000
clusters:
  - {name: c1, region: 'r"><img src=x onerror=alert(2)>', zones: ['<script>alert(1)</script>', 'z&b']}
services:
  - {name: svc, concurrency: 4, serviceTime: 5ms, deployments: [{cluster: c1, zone: '<script>alert(1)</script>', replicas: 2}, {cluster: c1, zone: 'z&b', replicas: 1}]}
traffic:
  - {name: users, from: {cluster: c1, zone: 'z&b'}, to: svc, rate: 100/s}
faults:
  - {kind: zone-outage, zone: '<script>alert(1)</script>', at: 5s, for: 3s}
`;

export function hostileResults(): string {
  const dir = join(tempDir(), 'hostile');
  const out = simulateText(HOSTILE_SCENARIO, 'hostile.yaml');
  const summary = JSON.parse(out.files['summary.json']);
  summary.scenario.name = '<script>alert(1)</script>';
  summary.loadBalancing.policies = { '<b>x</b>': '<iframe src="javascript:alert(3)">' };
  writeOutputsAtomically(dir, { ...out.files, 'summary.json': JSON.stringify(summary, null, 2) + '\n' });
  return dir;
}

export function writeJson(dir: string, name: string, data: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(data, null, 2) + '\n');
  return f;
}
