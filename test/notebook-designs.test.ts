/**
 * notebooks/compare-designs.ipynb executes headless on two bundled scenarios' fresh results and
 * finds the design with outlier detection fails less. Needs Debian's jupyter-nbconvert,
 * python3-pandas and python3-matplotlib (installed by .ci/run where it can); skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeOutputsAtomically } from '../src/report/write.js';
import { simulateFile } from '../src/run.js';

const jupyter = '/usr/bin/jupyter';
const ready = existsSync(jupyter) && spawnSync('/usr/bin/python3', ['-c', 'import pandas, matplotlib'], { encoding: 'utf8' }).status === 0;
if (!ready) console.warn('SKIPPED notebooks/compare-designs.ipynb: /usr/bin/jupyter with pandas and matplotlib is not installed (see README, Notebooks)');

it.skipIf(!ready)('notebooks/compare-designs.ipynb compares helloworld-failover with and without outlierDetection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-nb-designs-'));
  const designs = ['helloworld-failover', 'helloworld-failover-no-outlier'].map((name) => {
    writeOutputsAtomically(join(dir, name), simulateFile(`scenarios/${name}.yaml`).files);
    return join(dir, name);
  });
  const executed = join(dir, 'executed.ipynb');
  const r = spawnSync(jupyter, ['nbconvert', '--to', 'notebook', '--execute', 'notebooks/compare-designs.ipynb', '--output', executed], {
    encoding: 'utf8',
    env: { ...process.env, DESIGNS: designs.join(','), OUT: dir, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  for (const f of ['compare-designs.png', 'compare-timeline.png', 'compare-shares.png']) expect(existsSync(join(dir, f)), f).toBe(true);
  const outputs = JSON.stringify(JSON.parse(readFileSync(executed, 'utf8')).cells.map((c: { outputs?: unknown }) => c.outputs ?? []));
  // With Istio's default retries, refused connections are retried: the design without
  // outlierDetection ends with fewer failures (2 resets against 4), at a higher latency.
  expect(outputs).toContain('fewest failures: helloworld-failover-no-outlier\\n');
});
