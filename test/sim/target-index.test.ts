/**
 * The runner finds a target's facts (locality, service, deployment, statistics keys) either by
 * target or by range of consecutive targets (the index it picks for many targets): both must give
 * byte-identical results, on scenarios with gateways, call graphs, faults and federation.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/model/load.js';
import { runScenario, type RunOptions } from '../../src/sim/runner.js';

function run(file: string, targetIndex: RunOptions['targetIndex'], requests: number): string {
  const r = runScenario(loadScenarioFile(file).scenario, { targetIndex, requests });
  return JSON.stringify({ ...r, populations: [r.populations.rows(), r.populations.cdf(), r.populations.destinationRows(r.simulatedMs)] });
}

describe('target index', () => {
  for (const [file, requests] of [
    ['scenarios/bench/canonical.yaml', 20_000],
    ['scenarios/bench/bookinfo-multihop.yaml', 5_000],
    ['scenarios/resilience/zone-outage-outlier.yaml', 20_000],
    ['scenarios/resilience/gateway-outage-federation.yaml', 20_000],
  ] as const) {
    it(`${file}: by target and by range give the same results`, () => {
      const a = run(file, 'per-target', requests);
      const b = run(file, 'ranges', requests);
      expect(a.length).toBeGreaterThan(1000);
      expect(b).toBe(a);
    });
  }
});
