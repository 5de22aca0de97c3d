/** The README's complete scenario example must load and run as printed. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadScenarioText } from '../src/model/load.js';
import { simulate } from '../src/run.js';

it('the README scenario example is valid and runs', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## A scenario, complete'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(yaml).toBeDefined();
  // Anchored in scenarios/, as if saved there: its policy path is relative to that folder.
  const loaded = loadScenarioText(yaml!, 'scenarios/readme-example.yaml');
  const out = simulate(loaded);
  expect(out.result.generated).toBeGreaterThan(10_000);
  expect(out.summary.faults).toHaveLength(1);
  expect(out.summary.scenario.istio).toBe('1.30');
});
