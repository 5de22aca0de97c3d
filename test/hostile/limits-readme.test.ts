/** Every input limit is documented: README "Input limits" names each entry of LIMITS with its value. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { LIMITS } from '../../src/model/limits.js';

it('README "Input limits" lists every limit meshsim enforces', () => {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('### Input limits');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  for (const key of Object.keys(LIMITS)) expect(section, `README "Input limits" should name ${key}`).toContain(`\`${key}\``);
});
