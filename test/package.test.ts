/**
 * The package's entry points exist: `main`, `types` and `bin` in package.json name files the build
 * produces, and the library entry exports the documented API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('package entry points', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; types: string; bin: Record<string, string> };

  it('main, types and bin name built files (npm test builds first)', () => {
    for (const f of [pkg.main, pkg.types, ...Object.values(pkg.bin)]) expect(existsSync(f), f).toBe(true);
  });

  it('the library entry runs a scenario', async () => {
    const lib = (await import('../src/index.js')) as typeof import('../src/index.js');
    const out = lib.simulateFile('scenarios/theory/mm1.yaml', { requests: 2000 });
    expect(out.summary.requests.generated).toBe(2000);
    expect(typeof lib.loadScenarioText).toBe('function');
  });
});
