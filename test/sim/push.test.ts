/**
 * An EDS push into live load balancers mid-run (what a control plane will do): the hosts that stay
 * keep their ejection and their active requests; picks follow the new weights.
 */
import { describe, expect, it } from 'vitest';
import { HEALTHY, UNHEALTHY } from '../../src/lb/host-set.js';
import { loadScenarioText } from '../../src/model/load.js';
import type { ProxyClusterView } from '../../src/proxy/cluster-view.js';
import { runScenario } from '../../src/sim/runner.js';
import type { ClusterLoadAssignment } from '../../src/xds/eds.js';

const SCENARIO = `
name: push
seed: 5
duration: 20s
clusters: [{name: c1, region: r1, zones: [z1]}]
latency: {sameZone: 1ms}
services:
  - name: web
    concurrency: 50
    serviceTime: 20ms
    deployments: [{cluster: c1, replicas: 12}]
traffic:
  - {name: client, from: {cluster: c1}, to: web, rate: 400/s}
faults:
  - {kind: endpoint-crash, service: web, count: 1, at: 1s}
kubernetes: {containerExitDetection: 1h}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web, namespace: default}
    spec:
      host: web
      trafficPolicy:
        loadBalancer: {simple: ROUND_ROBIN}
        outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 5m, maxEjectionPercent: 20}
`;

/** The assignment the view has now, with `weights` by target (a target absent from it is removed). */
function assignment(weights: Map<number, number>): ClusterLoadAssignment {
  return {
    priorities: [[{ locality: 'r1/z1', weight: [...weights.values()].reduce((a, b) => a + b, 0), endpoints: [...weights].map(([target, weight]) => ({ target, weight })) }]],
    localityWeighted: false,
    overprovisioningFactor: 140,
    panicThreshold: 0,
  };
}

describe('an EDS push into a live view', () => {
  it('keeps the ejection and active counts of staying hosts, drops removed hosts, and picks follow the new weights', () => {
    const { scenario } = loadScenarioText(SCENARIO, 'push.yaml');
    let view!: ProxyClusterView;
    const seen: { ejectedBefore: boolean; activeBefore: number[]; ejectedAfter: boolean; activeAfter: number[]; healthAfter: number; removedEjected: number[] } = {} as never;
    const picks = new Map<number, number>();
    runScenario(scenario, {
      prepareWorld: (w, sim) => {
        view = w.sources[0].routes[0].views[0];
        const crashed = w.faultEndpoints[0][0];
        const slotOf = (t: number) => [...view.hostTarget].indexOf(t);
        const push = sim.register('push', () => {
          const dead = slotOf(crashed);
          seen.ejectedBefore = view.detector!.isEjected(dead);
          seen.activeBefore = Array.from(view.lb.active);
          // Keep the crashed endpoint (0) and endpoints 1..5 (endpoint 1 at weight 3), drop 6..11.
          expect(crashed).toBe(0);
          const weights = new Map<number, number>([[crashed, 1], [1, 3], [2, 1], [3, 1], [4, 1], [5, 1]]);
          seen.removedEjected = view.applyAssignment(assignment(weights));
          seen.ejectedAfter = view.detector!.isEjected(dead);
          seen.healthAfter = view.lb.healthOf(dead);
          seen.activeAfter = Array.from(view.lb.active);
        });
        sim.scheduleAt(10_000, push, 0, 0);
        // Count picks after the push by wrapping the balancer's choice.
        const choose = view.lb.chooseHost.bind(view.lb);
        view.lb.chooseHost = () => {
          const h = choose();
          if (sim.now >= 10_000 && h >= 0) picks.set(view.hostTarget[h], (picks.get(view.hostTarget[h]) ?? 0) + 1);
          return h;
        };
      },
    });
    expect(seen.ejectedBefore).toBe(true);
    expect(seen.ejectedAfter).toBe(true);
    expect(seen.healthAfter).toBe(UNHEALTHY);
    expect(seen.removedEjected).toEqual([]);
    // Active requests of every host survive the push (removed hosts keep theirs until their requests end).
    expect(seen.activeAfter).toEqual(seen.activeBefore);
    // After the push only the kept, healthy hosts are picked, endpoint 1 three times as often.
    expect([...picks.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const share1 = picks.get(1)! / [...picks.values()].reduce((a, b) => a + b, 0);
    expect(share1).toBeCloseTo(3 / 7, 2);
  });

  it('a push that removes an ejected host: it leaves the detector\'s ejections without an un-eject, and is never picked again', () => {
    const { scenario } = loadScenarioText(SCENARIO, 'push.yaml');
    const seen: { removedEjected: number[]; dead: number; ejectedCount: number; healthOfKept: number[] } = {} as never;
    const picks = new Map<number, number>();
    runScenario(scenario, {
      prepareWorld: (w, sim) => {
        const view = w.sources[0].routes[0].views[0];
        const crashed = w.faultEndpoints[0][0];
        const push = sim.register('push', () => {
          seen.dead = [...view.hostTarget].indexOf(crashed);
          expect(view.detector!.isEjected(seen.dead)).toBe(true);
          // Endpoints 1..5 stay (weight 1 each); the crashed endpoint 0 and 6..11 leave.
          seen.removedEjected = view.applyAssignment(assignment(new Map([1, 2, 3, 4, 5].map((t) => [t, 1]))));
          seen.healthOfKept = [1, 2, 3, 4, 5].map((t) => view.lb.healthOf([...view.hostTarget].indexOf(t)));
        });
        sim.scheduleAt(10_000, push, 0, 0);
        const choose = view.lb.chooseHost.bind(view.lb);
        view.lb.chooseHost = () => {
          const h = choose();
          if (sim.now >= 10_000 && h >= 0) picks.set(view.hostTarget[h], (picks.get(view.hostTarget[h]) ?? 0) + 1);
          return h;
        };
      },
    });
    expect(seen.removedEjected).toEqual([seen.dead]);
    expect(seen.healthOfKept).toEqual([HEALTHY, HEALTHY, HEALTHY, HEALTHY, HEALTHY]);
    expect([...picks.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });
});
