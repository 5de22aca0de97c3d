/**
 * No check fires on the bundled scenarios: no analyzer error or warning on any of them (infos —
 * the locality-failover note of the tutorial scenarios — are explanations, not problems).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioFile } from '../../src/model/load.js';

function scenarios(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'istio' ? [] : scenarios(p);
    // designs/catalog-destinationrule.yaml is a policy file of the designs, not a scenario.
    return p.endsWith('.yaml') && !f.endsWith('-destinationrule.yaml') ? [p] : [];
  });
}

describe('bundled scenarios', () => {
  const files = scenarios('scenarios');
  it('are all found', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });
  for (const file of files) {
    it(`${file}: no analyzer error or warning`, () => {
      const found = analyze(loadScenarioFile(file));
      expect(found.filter((d) => d.severity !== 'info').map(formatDiagnostic)).toEqual([]);
      expect(found.filter((d) => d.severity === 'info').every((d) => d.code === 'MS0107')).toBe(true);
    });
  }
});
