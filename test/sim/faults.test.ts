/**
 * The fault timeline, one kind at a time on hand-checkable scenarios (constant service and network
 * times, constant arrivals): each shows its effect while active and none after its end; overlapping
 * faults compose; the impact table measures what happened.
 */
import { describe, expect, it } from 'vitest';
import { simulateText, type RunOutputs } from '../../src/run.js';
import type { RunResult } from '../../src/sim/result.js';
import { destinationRule, noRetries } from '../fixtures/policies.js';

/**
 * web runs in west (zones a, b: 2 replicas each) and east (zone c: 2 replicas); the client in west/a
 * calls it at 200/s for 20 s. Round robin, no locality preference (no outlierDetection), retries
 * off unless `retries` says otherwise: a failure is what a fault did, undisguised.
 */
function scenario(faults: string, opts: { retries?: boolean; extra?: string; dr?: string; kubernetes?: string } = {}): string {
  return `
name: faults
seed: 7
duration: 20s
clusters:
  - {name: west, network: n1, region: r1, zones: [a, b]}
  - {name: east, network: n1, region: r2, zones: [c]}
latency: {sameZone: 1ms, crossZone: 2ms, crossRegion: 20ms}
services:
  - name: web
    concurrency: 100
    serviceTime: 5ms
    deployments:
      - {cluster: west, zone: a, replicas: 2}
      - {cluster: west, zone: b, replicas: 2}
      - {cluster: east, zone: c, replicas: 2}
traffic:
  - {name: client, from: {cluster: west, zone: a}, to: web, rate: 200/s, arrival: constant}
faults:
${faults}
kubernetes: ${opts.kubernetes ?? '{containerExitDetection: 1h, nodeMonitorGracePeriod: 1h}'}
${opts.extra ?? ''}
policies:
${destinationRule('web', opts.dr)}
${opts.retries ? '' : noRetries('web')}
`;
}

const run = (text: string) => simulateText(text, 'faults.yaml');

/**
 * Nothing after the end: from `fromMs` (the fault's end plus a recovery window, once the requests it
 * touched are over) every timeline row is exactly that of the same scenario without the fault —
 * error rate 0, and latency back at the baseline: p99 45 ms, the cross-region round trip
 * (20 + 5 + 20 ms), and each row's mean as before (round robin over 6 hosts, 200 requests a row).
 */
function expectNothingAfter(out: RunOutputs, fromMs: number, opts: { extra?: string } = {}): void {
  const faultFree = run(scenario('  []', opts));
  expect(faultFree.result.failed).toBe(0);
  const after = (r: RunResult) => r.timeline.filter((t) => t.startMs >= fromMs);
  const rows = after(out.result);
  expect(rows.length).toBeGreaterThanOrEqual(9);
  for (const t of rows) {
    expect(t.failed, `row ${t.startMs} ms`).toBe(0);
    expect(t.p99Ms, `row ${t.startMs} ms`).toBe(45);
  }
  expect(rows).toEqual(after(faultFree.result));
}

/** Failures among requests that started in [fromMs, toMs), from the timeline (1 s rows). */
function failedBetween(r: RunResult, fromMs: number, toMs: number): number {
  return r.timeline.filter((t) => t.startMs >= fromMs && t.endMs <= toMs).reduce((a, t) => a + t.failed, 0);
}

describe('fault kinds', () => {
  it('endpoint-crash: 1 of 6 hosts refuses for 5 s — a sixth of the requests fail, none after', () => {
    const out = run(scenario('  - {kind: endpoint-crash, service: web, count: 1, at: 5s, for: 5s}'));
    const f = out.summary.faults[0];
    expect(f.kind).toBe('endpoint-crash');
    expect(f.targets).toBe(1);
    expect(f.requestsDuring).toBe(1000);
    expect(f.failedDuring).toBeGreaterThanOrEqual(166);
    expect(f.failedDuring).toBeLessThanOrEqual(167);
    expect(f.failuresDuring).toEqual({ connect_failure: f.failedDuring });
    expect(failedBetween(out.result, 11_000, 20_000)).toBe(0);
    expect(f.recoveredAfterMs).toBe(5000); // the error rate is under 1 % from the first row after the end (10 s)
  });

  it('zone-outage, blackhole: a third of the requests fail after connectTimeout (1 s here)', () => {
    const out = run(scenario('  - {kind: zone-outage, zone: a, service: web, at: 5s, for: 2s, mode: blackhole}', { extra: 'connectTimeout: 1s' }));
    const f = out.summary.faults[0];
    expect(f.targets).toBe(2);
    expect(f.failuresDuring.connect_failure).toBeGreaterThanOrEqual(132);
    expect(f.failuresDuring.connect_failure).toBeLessThanOrEqual(134);
    // A blackholed connection fails only once the connect timeout is over: nothing fails in the fault's first second.
    // (Requests in service at 5 s are reset: upstream_reset, after the connect timeout too.)
    const row = (ms: number) => out.result.timeline.find((t) => t.startMs === ms)!;
    expect(row(5_000).failures.connect_failure).toBe(0);
    expect(row(6_000).failures.connect_failure + row(7_000).failures.connect_failure).toBe(f.failuresDuring.connect_failure);
    expect(failedBetween(out.result, 9_000, 20_000)).toBe(0);
  });

  it('cluster-outage and region-outage take down every endpoint there, and nothing after they end', () => {
    for (const fault of ['{kind: cluster-outage, cluster: east, at: 5s, for: 5s}', '{kind: region-outage, region: r2, at: 5s, for: 5s}']) {
      const out = run(scenario(`  - ${fault}`));
      const f = out.summary.faults[0];
      expect(f.targets).toBe(2);
      expect(f.failedDuring / f.requestsDuring).toBeCloseTo(1 / 3, 2);
      expect(f.failuresDuring).toEqual({ connect_failure: f.failedDuring });
      // Refused connections fail within a round trip: from 11 s on, the run is the fault-free one.
      expectNothingAfter(out, 11_000);
    }
  });

  it('network-partition between regions: cross-region connections blackhole, the rest is untouched', () => {
    const out = run(scenario('  - {kind: network-partition, between: [r1, r2], at: 5s, for: 5s}', { extra: 'connectTimeout: 500ms' }));
    const f = out.summary.faults[0];
    expect(f.targets).toBe(0);
    expect(f.target).toBe('r1 <-> r2');
    expect(f.failedDuring / f.requestsDuring).toBeCloseTo(1 / 3, 2);
    expect(f.failuresDuring).toEqual({ connect_failure: f.failedDuring });
    expect(failedBetween(out.result, 11_000, 20_000)).toBe(0);
  });

  it('link-degradation: +30 ms each way between the regions adds 60 ms to cross-region requests only, none after', () => {
    const out = run(scenario('  - {kind: link-degradation, between: [r1, r2], addLatency: 30ms, at: 5s, for: 5s}'));
    const base = out.summary.faults[0];
    // same-zone 1+5+1 = 7 ms, cross-zone 2+5+2 = 9 ms, cross-region 20+5+20 = 45 ms → 105 ms during.
    // (The slowest request of the quiet window started before 5 s and came back over the degraded link.)
    expect(base.latencyBeforeMs.p99).toBeCloseTo(45, 0);
    expect(base.latencyDuringMs.max).toBeCloseTo(105, 1);
    expect(base.latencyDuringMs.p50).toBeCloseTo(base.latencyBeforeMs.p50!, 1);
    expect(base.failedDuring).toBe(0);
    // The last slow requests (started before 10 s) are back by 10.105 s: from 11 s on, no trace.
    expect(out.result.timeline.find((t) => t.startMs === 9_000)!.p99Ms).toBeCloseTo(105, 1);
    expectNothingAfter(out, 11_000);
  });

  it('link-degradation with loss 1: every cross-region connection is lost, and none after the end', () => {
    const out = run(scenario('  - {kind: link-degradation, between: [r1, r2], loss: 1, at: 5s, for: 5s}', { extra: 'connectTimeout: 500ms' }));
    const f = out.summary.faults[0];
    expect(f.failedDuring / f.requestsDuring).toBeCloseTo(1 / 3, 2);
    expect(f.failuresDuring).toEqual({ connect_failure: f.failedDuring });
    // A connection lost just before 10 s fails at the connect timeout (500 ms), inside the 10 s row.
    expectNothingAfter(out, 11_000, { extra: 'connectTimeout: 500ms' });
  });

  it('error-injection: errorRate 0.5 on every web endpoint fails about half the requests with the given status', () => {
    const out = run(scenario('  - {kind: error-injection, service: web, errorRate: 0.5, errorStatus: 500, at: 5s, for: 5s}'));
    const f = out.summary.faults[0];
    expect(f.targets).toBe(6);
    expect(f.failedDuring / f.requestsDuring).toBeGreaterThan(0.45);
    expect(f.failedDuring / f.requestsDuring).toBeLessThan(0.55);
    expect(f.failuresDuring).toEqual({ error: f.failedDuring });
    expect(failedBetween(out.result, 11_000, 20_000)).toBe(0);
  });

  it('slow-endpoints: service time x4 on the east replicas adds exactly 15 ms to their requests, none after', () => {
    const out = run(scenario('  - {kind: slow-endpoints, cluster: east, serviceTimeFactor: 4, at: 5s, for: 5s}'));
    const f = out.summary.faults[0];
    expect(f.targets).toBe(2);
    expect(f.latencyDuringMs.max).toBeCloseTo(45 + 15, 1);
    expect(f.failedDuring).toBe(0);
    expect(out.result.timeline.find((t) => t.startMs === 9_000)!.p99Ms).toBeCloseTo(60, 1);
    expectNothingAfter(out, 11_000);
  });

  it('gateway-outage: with the east-west gateways of the other network down, every call to it fails; none before or after', () => {
    const text = scenario('  - {kind: gateway-outage, gateway: eastwest, cluster: east, at: 5s, for: 5s}', {
      extra: 'gateways: [{cluster: east, kind: eastwest, replicas: 2}, {cluster: west, kind: eastwest, replicas: 2}]',
    }).replace('{name: east, network: n1,', '{name: east, network: n2,');
    const out = run(text);
    const f = out.summary.faults[0];
    expect(f.targets).toBe(2);
    expect(f.failedDuring / f.requestsDuring).toBeCloseTo(1 / 3, 2);
    expect(failedBetween(out.result, 0, 5_000)).toBe(0);
    expect(failedBetween(out.result, 11_000, 20_000)).toBe(0);
  });

  it('a zone outage scoped to a service takes down that service\'s endpoints there, not the zone\'s gateways', () => {
    const text = (service: string) =>
      scenario(`  - {kind: zone-outage, zone: c${service}, at: 5s, for: 5s}`, {
        extra: 'gateways: [{cluster: east, kind: eastwest, replicas: 1}, {cluster: west, kind: eastwest, replicas: 1}]',
      }).replace('{name: east, network: n1,', '{name: east, network: n2,');
    // The whole zone: the 2 web replicas and the east-west gateway there.
    expect(run(text('')).summary.faults[0].targets).toBe(3);
    // Scoped to web: its 2 replicas only. The gateway stays up, so web's replicas elsewhere stay reachable.
    const f = run(text(', service: web')).summary.faults[0];
    expect(f.targets).toBe(2);
    expect(f.target).toBe('zone c (web.default)');
  });

  it('overlapping faults compose: two crashes of different hosts hold 1, then 2, then 1 host down', () => {
    const out = run(scenario(['  - {kind: endpoint-crash, service: web, count: 1, at: 4s, for: 6s}', '  - {kind: endpoint-crash, service: web, count: 2, at: 6s, for: 2s}'].join('\n')));
    const r = out.result;
    // 4–6 s: host 0 down (1/6); 6–8 s: hosts 0 and 1 (2/6); 8–10 s: host 0 (1/6).
    const share = (from: number, to: number) => failedBetween(r, from, to) / ((to - from) / 5);
    expect(share(4_000, 6_000)).toBeCloseTo(1 / 6, 2);
    expect(share(6_000, 8_000)).toBeCloseTo(2 / 6, 2);
    expect(share(8_000, 10_000)).toBeCloseTo(1 / 6, 2);
  });

  it('overlapping error injections compose as independent failures: 0.5 and 0.5 fail 75 %', () => {
    const text = scenario(['  - {kind: error-injection, service: web, errorRate: 0.5, at: 5s, for: 5s}', '  - {kind: error-injection, service: web, errorRate: 0.5, at: 5s, for: 5s}'].join('\n'));
    const f = run(text).summary.faults[0];
    expect(f.failedDuring / f.requestsDuring).toBeGreaterThan(0.71);
    expect(f.failedDuring / f.requestsDuring).toBeLessThan(0.79);
  });
});

describe('failure impact', () => {
  it('with outlier detection and default retries: detected by an ejection, traffic moves away from the dead zone, retries counted', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}}';
    const out = run(scenario('  - {kind: zone-outage, zone: a, service: web, at: 5s, for: 10s}', { retries: true, dr }));
    const f = out.summary.faults[0];
    expect(f.detectedBy).toBe('ejection');
    expect(f.detectedAfterMs).toBeGreaterThan(0);
    expect(f.detectedAfterMs).toBeLessThan(100);
    expect(f.retriesDuring).toBeGreaterThan(0);
    expect(f.retriesPerRequest).toBeCloseTo(f.retriesDuring / f.requestsDuring, 6);
    // With outlierDetection Istio's failover priorities keep traffic in the caller's zone, then move all of it.
    const a = f.trafficShift.destinations.find((d) => d.locality === 'r1/a')!;
    expect(a.beforeShare).toBe(1);
    expect(a.duringShare).toBe(0);
    expect(f.trafficShift.movedShare).toBe(1);
    expect(f.failedDuring).toBe(0); // every refused attempt was retried on a live host
  });

  it('extra egress dollars: a zone outage pushes same-zone traffic cross-zone and cross-region, which costs more', () => {
    const text = scenario('  - {kind: zone-outage, zone: a, service: web, at: 5s, for: 10s}', { retries: true, extra: 'pricing: gcp' })
      .replace('region: r1,', 'region: us-central1,')
      .replace('region: r2,', 'region: us-east1,')
      .replace('zones: [a, b]', 'zones: [us-central1-a, us-central1-b]')
      .replace('zones: [c]', 'zones: [us-east1-b]')
      .replace('zone: a, replicas', 'zone: us-central1-a, replicas')
      .replace('zone: b, replicas', 'zone: us-central1-b, replicas')
      .replace('zone: c, replicas', 'zone: us-east1-b, replicas')
      .replace('from: {cluster: west, zone: a}', 'from: {cluster: west, zone: us-central1-a}')
      .replace('zone-outage, zone: a,', 'zone-outage, zone: us-central1-a,');
    const f = run(text).summary.faults[0];
    expect(f.egress).toBeDefined();
    expect(f.egress!.usdPerHourDuring).toBeGreaterThan(f.egress!.usdPerHourBefore!);
    expect(f.egress!.extraUsd).toBeGreaterThan(0);
  });

  it('a fault that lasts to the end with errors still above the threshold has not recovered', () => {
    const f = run(scenario('  - {kind: endpoint-crash, service: web, count: 3, at: 5s}')).summary.faults[0];
    expect(f.endMs).toBeGreaterThanOrEqual(20_000);
    expect(f.recoveredAfterMs).toBeNull();
    expect(f.affectedSources).toEqual([{ source: 'client', cluster: 'west', requests: f.requestsDuring, failed: f.failedDuring, errorRate: f.errorRateDuring }]);
  });

  it('the recovery threshold is the scenario\'s: at 20 % a one-in-six failure rate counts as recovered', () => {
    const f = run(scenario('  - {kind: endpoint-crash, service: web, count: 1, at: 5s}', { extra: 'faultImpact: {recoveryErrorRate: 0.2}' })).summary.faults[0];
    expect(f.recoveredAfterMs).toBe(0);
  });

  it('the timeline carries the error rate and the retries of each interval', () => {
    const r = run(scenario('  - {kind: zone-outage, zone: a, service: web, at: 5s, for: 2s}', { retries: true })).result;
    const during = r.timeline.filter((t) => t.startMs >= 5_000 && t.endMs <= 7_000);
    expect(during.every((t) => t.retries > 0)).toBe(true);
    expect(r.timeline.filter((t) => t.startMs >= 8_000).every((t) => t.retries === 0)).toBe(true);
  });
});

describe('meshsim run prints the failure-impact table', () => {
  it('one row per fault: window, requests, error rate before -> during, p99, detection, recovery, retries, traffic moved', () => {
    const text = run(scenario(['  - {kind: endpoint-crash, service: web, count: 1, at: 5s, for: 5s}', '  - {kind: network-partition, between: [r1, r2], at: 12s, for: 2s}'].join('\n'), { extra: 'connectTimeout: 500ms' })).text;
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('fault '));
    expect(lines[header]).toMatch(/^fault +target +window +requests +error rate +p99 +detected after +recovered after +retries\/req +moved$/);
    expect(lines[header + 1]).toMatch(/^endpoint-crash +1 endpoint of web\.default +5\.00s-10\.00s +1,000 +0\.0% -> 16\.[67]% +\S+ -> \S+ +never +5\.00 s +0\.00 +\d/);
    expect(lines[header + 2]).toMatch(/^network-partition +r1 <-> r2 +12\.00s-14\.00s +400 +0\.0% -> 33\.\d% /);
  });
});

describe('outages take the traffic sources in their scope down', () => {
  it('a source in a dead zone sends nothing until the zone is back, then resumes', () => {
    const f = run(scenario('  - {kind: zone-outage, zone: a, at: 5s, for: 5s}')).summary.faults[0];
    expect(f.requestsDuring).toBe(0);
    expect(f.notSentDuring).toBe(1000);
    const r = run(scenario('  - {kind: zone-outage, zone: a, at: 5s, for: 5s}')).result;
    // 0–5 s: 1,000; then the first arrival one gap (5 ms) after the zone is back at 10 s: 1,999 more.
    expect(r.generated).toBe(2999);
  });

  it('a run bounded by a request count whose only source is down for good ends at once (found by npm run fuzz)', () => {
    const text = scenario('  - {kind: zone-outage, zone: a, at: 1s}').replace('duration: 20s', 'requests: 100000');
    const r = run(text).result;
    expect(r.generated).toBe(200);
    expect(r.simulatedMs).toBeLessThan(2_000);
  });
});
