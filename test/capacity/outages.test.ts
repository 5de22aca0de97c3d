/** Failure domains: the cases of --survive zone|cluster|none, and services no replica count can save. */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/model/load.js';
import { deploymentsOf, impossibleCases, outageCases } from '../../src/capacity/outages.js';

const s = loadScenarioFile('scenarios/helloworld-failover.yaml').scenario;
const deps = deploymentsOf(s);

describe('outage cases', () => {
  it('zone: no outage, then each zone hosting a deployment', () => {
    expect(outageCases(deps, 'zone')).toEqual([
      { name: 'none', down: [] },
      { name: 'zone us-west1-a', down: [0] },
      { name: 'zone us-west1-b', down: [1] },
      { name: 'zone us-central1-a', down: [2] },
    ]);
  });

  it('cluster: a cluster takes all its zones', () => {
    expect(outageCases(deps, 'cluster')).toEqual([{ name: 'none', down: [] }, { name: 'cluster cluster1', down: [0, 1] }, { name: 'cluster cluster2', down: [2] }]);
    expect(outageCases(deps, 'none')).toEqual([{ name: 'none', down: [] }]);
  });

  it('a called service with every deployment in one domain cannot survive it', () => {
    expect(impossibleCases(s, deps, outageCases(deps, 'cluster'))).toEqual([]);
    const one = loadScenarioFile('scenarios/theory/mm1.yaml').scenario;
    const d1 = deploymentsOf(one);
    expect(impossibleCases(one, d1, outageCases(d1, 'zone'))).toEqual([
      'service server.default has every deployment in zone z1: no replica count survives its loss (add a deployment elsewhere, or choose another --survive)',
    ]);
  });
});
