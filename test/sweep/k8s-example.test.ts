/**
 * The Kubernetes example runs: the Indexed Job's shard count matches its completions, and its
 * container script, run here for every JOB_COMPLETION_INDEX (with a local `meshsim` and fewer
 * requests), followed by the merge Job's script, gives a complete sweep.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { expect, it } from 'vitest';

interface Container { env?: { name: string; value: string }[]; command: string[]; args: string[] }
const docs = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
const containerOf = (job: { spec: { template: { spec: { containers: Container[] } } } }) => job.spec.template.spec.containers[0];

it('examples/k8s: the Indexed Job shards and the merge Job give the whole sweep', () => {
  const job = docs('examples/k8s/sweep-job.yaml').find((d) => d.kind === 'Job');
  expect(job.spec.completionMode).toBe('Indexed');
  const sweep = containerOf(job);
  const shards = Number(sweep.env!.find((e) => e.name === 'SHARDS')!.value);
  expect(shards).toBe(job.spec.completions);
  expect(sweep.command).toEqual(['sh', '-c']);
  expect(sweep.args[0]).toContain('--shard "$JOB_COMPLETION_INDEX/$SHARDS"');
  const merge = containerOf(docs('examples/k8s/merge-job.yaml').find((d) => d.kind === 'Job'));

  const dir = mkdtempSync(join(tmpdir(), 'meshsim-k8s-'));
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  writeFileSync(join(bin, 'meshsim'), `#!/bin/sh\nexec "${process.execPath}" "${resolve('dist/src/cli/main.js')}" "$@"\n`);
  chmodSync(join(bin, 'meshsim'), 0o755);
  const local = (script: string) => script.replaceAll('/results', join(dir, 'results')).replace(/--requests \d+/, '--requests 400');
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SHARDS: String(shards), CI: '1' };
  for (let i = 0; i < shards; i++) {
    const r = spawnSync('sh', ['-c', local(sweep.args[0])], { encoding: 'utf8', env: { ...env, JOB_COMPLETION_INDEX: String(i) } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`shard ${i}/${shards}: 3 points`));
  }
  const m = spawnSync('sh', ['-c', local(merge.args[0])], { encoding: 'utf8', env });
  expect(m.status, m.stderr).toBe(0);
  expect(m.stdout).toMatch(/12 points \(12 copied\)/);
  const tidy = readFileSync(join(dir, 'results', 'sweep', 'tidy.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  expect(tidy).toHaveLength(1 + 12 * 3);
});
