/**
 * The bundled resilience scenarios (scenarios/resilience/) tell the story their header says: each
 * is run as shipped and its summary checked for what the story claims — who fails, for how long,
 * what detects it, where the traffic goes, what retries do.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateFile, simulateText, type RunOutputs } from '../../src/run.js';

const DIR = 'scenarios/resilience';
const cache = new Map<string, RunOutputs>();
/** A bundled scenario's run, made once on first use (inside a test, not while collecting). */
const run = (name: string): RunOutputs => {
  let out = cache.get(name);
  if (out === undefined) cache.set(name, (out = simulateFile(`${DIR}/${name}.yaml`)));
  return out;
};

/** A copy of a bundled scenario with one edit (for the counterfactual of a story). */
const variant = (name: string, edit: (text: string) => string): RunOutputs => {
  const file = `${DIR}/${name}.yaml`;
  return simulateText(edit(readFileSync(file, 'utf8')), file);
};

/** Failures of one source while fault `f` was active (0 when it is not among the affected). */
const failedOf = (out: RunOutputs, f: number, source: string) => out.summary.faults[f].affectedSources.find((a) => a.source === source)?.failed ?? 0;

/** Root requests of `source` served in `region` (whole run). */
const servedIn = (out: RunOutputs, source: string, region: string) =>
  out.result.routes.filter((r) => r.root && r.caller === source && r.destinationLocality.startsWith(`${region}/`)).reduce((a, r) => a + r.requests, 0);

/** Calls a service made to `service`, by destination zone (whole run). */
const callsTo = (out: RunOutputs, caller: string, fromZone: string, service: string, toZone: string) =>
  out.result.routes
    .filter((r) => !r.root && r.caller === caller && r.sourceLocality.endsWith(`/${fromZone}`) && r.service === service && r.destinationLocality.endsWith(`/${toZone}`))
    .reduce((a, r) => a + r.requests, 0);

/** Failed requests among the timeline rows inside [fromMs, toMs). */
const failedBetween = (out: RunOutputs, fromMs: number, toMs: number) =>
  out.result.timeline.filter((t) => t.startMs >= fromMs && t.endMs <= toMs).reduce((a, t) => a + t.failed, 0);

describe('zone outage with and without outlierDetection (default retries)', () => {
  const od = () => run('zone-outage-outlier');
  const noOd = () => run('zone-outage-no-outlier');

  it('with outlierDetection: the dead pods are ejected within milliseconds and catalog calls fail over to the next zone, not the next region', () => {
    const f = od().summary.faults[0];
    expect(f.targets).toBe(2);
    expect(f.detectedBy).toBe('ejection');
    expect(f.detectedAfterMs!).toBeLessThan(200);
    // Only the requests before the ejections and at the re-ejections (30 s later) fail.
    expect(f.failedDuring).toBeGreaterThan(0);
    expect(f.failedDuring).toBeLessThan(30);
    expect(f.retriesPerRequest).toBeLessThan(0.01);
    // The us frontends (us-central1-a) call catalog in their zone for 10 s, then in us-central1-b for 55 s.
    const local = callsTo(od(), 'frontend.shop', 'us-central1-a', 'catalog.shop', 'us-central1-a');
    const nextZone = callsTo(od(), 'frontend.shop', 'us-central1-a', 'catalog.shop', 'us-central1-b');
    expect(nextZone / (local + nextZone)).toBeGreaterThan(0.7);
    expect(callsTo(od(), 'frontend.shop', 'us-central1-a', 'catalog.shop', 'europe-west1-b') + callsTo(od(), 'frontend.shop', 'us-central1-a', 'catalog.shop', 'europe-west1-c')).toBe(0);
  });

  it('without outlierDetection: default retries hide the outage; only Kubernetes notices it, after nodeMonitorGracePeriod + debounce + push', () => {
    const f = noOd().summary.faults[0];
    expect(f.detectedBy).toBe('eds-update');
    expect(f.detectedAfterMs).toBe(50_000 + 100 + 50);
    // About a quarter of catalog's first attempts are refused and retried; all three attempts rarely fail.
    expect(f.retriesPerRequest).toBeGreaterThan(0.2);
    expect(f.retriesPerRequest).toBeLessThan(0.45);
    expect(f.errorRateDuring).toBeLessThan(0.001);
    // Retries every second until the EDS update at 65.15 s, none from 66 s on.
    const rows = noOd().result.timeline;
    expect(rows.filter((t) => t.startMs >= 16_000 && t.endMs <= 65_000).every((t) => t.retries > 0)).toBe(true);
    expect(rows.filter((t) => t.startMs >= 66_000).every((t) => t.retries === 0)).toBe(true);
  });

  it('the price of no outlierDetection is locality, not failures: catalog calls cross the Atlantic all along', () => {
    const a = od().summary.faults[0];
    const b = noOd().summary.faults[0];
    expect(b.failedDuring).toBeLessThanOrEqual(a.failedDuring);
    expect(b.latencyDuringMs.p50!).toBeGreaterThan(a.latencyDuringMs.p50! + 60);
  });
});

describe('region outage with cross-region failover', () => {
  it('only Iowa fails, for the 8 s until the global load balancer\'s second failed health check (12 s → 20 s at 300/s)', () => {
    const out = run('region-outage');
    const f = out.summary.faults[0];
    expect(f.affectedSources.map((a) => a.source)).toEqual(['iowa']);
    expect(failedOf(out, 0, 'iowa')).toBeGreaterThan(2300);
    expect(failedOf(out, 0, 'iowa')).toBeLessThan(2500);
    expect(failedBetween(out, 21_000, 60_000)).toBe(0);
    expect(f.recoveredAfterMs).toBeLessThanOrEqual(9_000);
  });

  it('then everyone is served in europe-west1, Iowa over a transatlantic round trip; nothing in the mesh detects the dead region', () => {
    const f = run('region-outage').summary.faults[0];
    const eu = f.trafficShift.destinations.find((d) => d.locality === 'europe-west1/europe-west1-b')!;
    expect(eu.beforeShare).toBeLessThan(0.5);
    expect(eu.duringShare).toBeGreaterThan(0.99);
    expect(f.latencyDuringMs.p50!).toBeGreaterThan(f.latencyBeforeMs.p50! + 60);
    expect(f.detectedAfterMs).toBeNull();
  });
});

describe('losing the door into the eu network: east-west gateway (one mesh, two networks) vs ingress gateway (federation)', () => {
  it('multi-network: only the us frontends\' payments calls fail (5 % of Iowa), each after two retries on the same gateway', () => {
    const f = run('gateway-outage-multi-network').summary.faults[0];
    expect(f.affectedSources.map((a) => a.source)).toEqual(['iowa']);
    const iowa = f.affectedSources[0];
    expect(iowa.errorRate).toBeGreaterThan(0.04);
    expect(iowa.errorRate).toBeLessThan(0.065);
    expect(Object.keys(f.failuresDuring)).toEqual(['connect_failure']);
    expect(f.retriesDuring / f.failedDuring).toBeGreaterThan(1.9);
    expect(f.retriesDuring / f.failedDuring).toBeLessThan(2.1); // retries are counted when made, failures by start time
    expect(f.recoveredAfterMs).toBe(30_000); // failing until the gateways are back
  });

  it('federation: Belgium\'s users lose their entrance too — they fail until the health checks move them, then cross the Atlantic', () => {
    const mn = run('gateway-outage-multi-network');
    const fed = run('gateway-outage-federation');
    const f = fed.summary.faults[0];
    expect(f.affectedSources.map((a) => a.source).sort()).toEqual(['belgium', 'iowa']);
    // 15 s → 20 s at 200/s, then the payments calls of the us frontends that now serve them.
    expect(failedOf(fed, 0, 'belgium')).toBeGreaterThan(1000);
    expect(failedOf(fed, 0, 'iowa') / failedOf(mn, 0, 'iowa')).toBeCloseTo(1, 0);
    expect(f.trafficShift.destinations.find((d) => d.locality === 'europe-west1/europe-west1-b')!.duringShare).toBe(0);
    expect(f.errorRateDuring!).toBeGreaterThan(3 * mn.summary.faults[0].errorRateDuring!);
    expect(f.latencyDuringMs.p90!).toBeGreaterThan(mn.summary.faults[0].latencyDuringMs.p90! + 60);
  });
});

describe('control-plane outage: the same timeline under primary-remote, multi-primary and federation', () => {
  const models = ['primary-remote', 'multi-primary', 'federation'] as const;
  const cp = (m: (typeof models)[number]) => run(`control-plane-outage-${m}`);
  // Crashes at 15 s, istiod back at 55 s: a frozen view spills ~half its users across the Atlantic for ~40 s.
  const SPILL = 3000;

  it('every model: the istiod outage is the same fault, unnoticed by the data plane; the crashes are first noticed by ejections', () => {
    for (const m of models) {
      const [outage, crashUs, crashEu] = cp(m).summary.faults;
      expect(outage.target).toBe('istiod of cluster us');
      expect(outage.detectedAfterMs).toBeNull(); // the proxies serve on from their last config: nothing notices
      expect(crashUs.detectedBy).toBe('ejection');
      expect(crashEu.detectedBy).toBe('ejection');
    }
  });

  it('primary-remote: the istiod in us configures both clusters — both populations keep frozen views and spill across the Atlantic', () => {
    const out = cp('primary-remote');
    expect(servedIn(out, 'iowa', 'europe-west1')).toBeGreaterThan(SPILL);
    expect(servedIn(out, 'belgium', 'us-central1')).toBeGreaterThan(SPILL);
  });

  it('multi-primary: only the failed istiod\'s cluster is frozen — Belgium\'s proxies drop the crashed pods after 1.15 s', () => {
    const out = cp('multi-primary');
    expect(servedIn(out, 'iowa', 'europe-west1')).toBeGreaterThan(SPILL);
    // ~100/s spill for the 1.15 s before the push.
    expect(servedIn(out, 'belgium', 'us-central1')).toBeLessThan(300);
    // Frozen, Belgium's ingress re-ejects the dead pods when their ejection runs out: more failures.
    expect(failedOf(cp('primary-remote'), 1, 'belgium')).toBeGreaterThan(1.5 * failedOf(out, 1, 'belgium'));
  });

  it('federation: only mesh-us is frozen, and it has nowhere to spill — nobody crosses the Atlantic', () => {
    const out = cp('federation');
    expect(servedIn(out, 'iowa', 'europe-west1')).toBe(0);
    expect(servedIn(out, 'belgium', 'us-central1')).toBe(0);
    expect(failedOf(out, 1, 'iowa')).toBeLessThan(failedOf(cp('multi-primary'), 1, 'iowa'));
    expect(failedOf(out, 1, 'iowa')).toBeGreaterThan(failedOf(out, 1, 'belgium')); // Iowa's frozen view re-ejects
  });
});

describe('network partition between the two networks', () => {
  it('cross-network calls black-hole: connect failures after connectTimeout, three attempts each, for Iowa only', () => {
    const out = run('network-partition');
    const f = out.summary.faults[0];
    expect(f.target).toBe('net-us <-> net-eu');
    expect(Object.keys(f.failuresDuring)).toEqual(['connect_failure']);
    expect(f.affectedSources.map((a) => a.source)).toEqual(['iowa']);
    expect(f.failedDuring).toBeGreaterThan(100);
    // The first failures need 3 attempts x 10 s: none lands before 45 s.
    expect(failedBetween(out, 0, 45_000)).toBe(0);
    expect(failedBetween(out, 45_000, 56_000)).toBe(f.failedDuring);
  });

  it('calls that get a retry in after the heal succeed, 10-20 s late: p50 untouched, p99 beyond 10 s', () => {
    const f = run('network-partition').summary.faults[0];
    expect(f.latencyDuringMs.p50!).toBeLessThan(f.latencyBeforeMs.p50! + 5);
    expect(f.latencyDuringMs.p99!).toBeGreaterThan(10_000);
  });
});

describe('retry storm under N-1 overload', () => {
  it('the surviving zones overflow: error rate and queueing latency up, and Istio 1.23 retries every 503 on pods just as full', () => {
    const f = run('retry-storm').summary.faults[0];
    expect(f.errorRateBefore).toBeLessThan(0.005);
    expect(f.errorRateDuring).toBeGreaterThan(0.15);
    expect(Object.keys(f.failuresDuring)).toEqual(['overflow']);
    expect(f.retriesPerRequest).toBeGreaterThan(0.6);
    expect(f.latencyDuringMs.p50!).toBeGreaterThan(f.latencyBeforeMs.p50! + 80);
    // The lost pods stay ejected after the outage (30 s base ejection): the overload outlasts it.
    expect(f.recoveredAfterMs!).toBeGreaterThan(f.endMs! - f.startMs!);
  });

  it('on Istio 1.24 (503 no longer retried by default) the same overload makes almost no retries — and fails as many requests', () => {
    const f = run('retry-storm').summary.faults[0];
    const v = variant('retry-storm', (t) => t.replace('istio: "1.23"', 'istio: "1.24"')).summary.faults[0];
    expect(v.retriesPerRequest).toBeLessThan(0.02);
    expect(Math.abs(v.errorRateDuring! - f.errorRateDuring!)).toBeLessThan(0.03);
    expect(v.latencyDuringMs.p50!).toBeLessThan(f.latencyDuringMs.p50!);
  });
});
