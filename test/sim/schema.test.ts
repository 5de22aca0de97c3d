import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/model/schema.js';

it('schema/scenario.schema.json is the current exported JSON Schema (regenerate: meshsim schema --out schema/scenario.schema.json)', () => {
  const committed = JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8'));
  expect(committed).toEqual(scenarioJsonSchema());
  expect(committed.additionalProperties).toBe(false);
  expect(Object.keys(committed.properties)).toEqual(expect.arrayContaining(['clusters', 'services', 'traffic', 'latency', 'policies', 'faults']));
});
