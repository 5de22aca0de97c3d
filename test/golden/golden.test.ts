/**
 * Golden outputs: the expected files of bundled scenarios are kept in test/golden/<name>/ and
 * diffed byte for byte (the determinism guard across machines and changes). After an intended
 * change of behaviour, regenerate them with `UPDATE_GOLDEN=1 npx vitest run test/golden` and
 * review the diff.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateFile } from '../../src/run.js';

const SCENARIOS = [
  'scenarios/helloworld-two-clusters.yaml',
  'scenarios/helloworld-distribute.yaml',
  'scenarios/helloworld-failover.yaml',
  'scenarios/helloworld-failover-no-outlier.yaml',
];
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden outputs', () => {
  for (const file of SCENARIOS) {
    it(`${file} reproduces its committed outputs byte for byte`, () => {
      const out = simulateFile(file);
      const dir = join('test', 'golden', out.summary.scenario.name);
      for (const [name, content] of Object.entries(out.files)) {
        const path = join(dir, name);
        if (update) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(path, content);
        }
        expect(content, `${path} differs (UPDATE_GOLDEN=1 to regenerate after an intended change)`).toBe(readFileSync(path, 'utf8'));
      }
    });
  }
});
