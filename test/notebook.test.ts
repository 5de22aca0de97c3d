/**
 * The analysis notebook runs against a fresh run's outputs. Needs Debian's jupyter-nbconvert,
 * python3-pandas and python3-matplotlib (see README); skipped where they are not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { simulateFile } from '../src/run.js';
import { writeOutputsAtomically } from '../src/report/write.js';

const jupyter = '/usr/bin/jupyter';
const hasPandas = existsSync(jupyter) && spawnSync('/usr/bin/python3', ['-c', 'import pandas, matplotlib'], { encoding: 'utf8' }).status === 0;

it.skipIf(!hasPandas)('notebooks/timeline.ipynb executes on a run\'s results and draws the timeline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-nb-'));
  writeOutputsAtomically(dir, simulateFile('scenarios/helloworld-failover.yaml').files);
  const r = spawnSync(jupyter, ['nbconvert', '--to', 'notebook', '--execute', 'notebooks/timeline.ipynb', '--output', join(dir, 'executed.ipynb')], {
    encoding: 'utf8',
    env: { ...process.env, RESULTS: dir, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  expect(existsSync(join(dir, 'timeline.png'))).toBe(true);
});
