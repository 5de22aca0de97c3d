/**
 * The seed tutorial (Istio multi-cluster, locality load balancing) reproduced on bundled
 * scenarios: 50/50 without locality settings, 90/10 with `distribute`, and zone failover with and
 * without outlierDetection.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { simulateFile, simulateText } from '../../src/run.js';

const share = (rows: { locality: string | number; share: number | null }[], prefix: string) =>
  rows.filter((r) => String(r.locality).startsWith(prefix)).reduce((a, r) => a + (r.share ?? 0), 0);

describe('Istio multi-cluster tutorial', () => {
  it('no locality settings: helloworld v1 (cluster1) and v2 (cluster2) share traffic about 50/50', () => {
    const out = simulateFile('scenarios/helloworld-two-clusters.yaml');
    const byCluster = out.summary.shares.byDestinationCluster;
    expect(byCluster.map((c) => c.cluster)).toEqual(['cluster1', 'cluster2']);
    for (const c of byCluster) expect(Math.abs((c.share ?? 0) - 0.5)).toBeLessThan(0.02);
    expect(out.summary.requests.failed).toBe(0);
  });

  it('distribute from us-west1/* 90/10: 90% stays in us-west1 (within 1 point at 100k requests)', () => {
    const out = simulateFile('scenarios/helloworld-distribute.yaml');
    expect(out.summary.requests.counted).toBe(100_000);
    const west = share(out.summary.shares.byDestinationLocality, 'cluster1/us-west1');
    const central = share(out.summary.shares.byDestinationLocality, 'cluster2/us-central1');
    expect(Math.abs(west - 0.9)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(central - 0.1)).toBeLessThanOrEqual(0.01);
  });

  it('zone outage with outlierDetection: local zone preferred, dead hosts ejected, traffic fails over to the other zone', () => {
    const out = simulateFile('scenarios/helloworld-failover.yaml');
    const r = out.result;
    // Before the outage (0-20s) every request stays in us-west1-a (priority 0), none leaves the region.
    const before = r.timeline.filter((t) => t.endMs <= 20_000);
    expect(before.every((t) => t.failed === 0)).toBe(true);
    expect(share(out.summary.shares.byDestinationLocality, 'cluster2')).toBe(0);
    // The two us-west1-a hosts are ejected right after the outage starts (consecutive5xxErrors: 1).
    const ejects = r.ejections.filter((e) => e.action === 'eject');
    expect(ejects.map((e) => e.host).sort()).toEqual(['helloworld-cluster1-us-west1-a-0-0', 'helloworld-cluster1-us-west1-a-0-1']);
    for (const e of ejects) expect(e.timeMs).toBeGreaterThanOrEqual(20_000);
    // Only the requests in service at the crash (reset) and those that detected it fail.
    expect(r.failed).toBeLessThanOrEqual(6);
    expect(r.failures.upstream_reset).toBeGreaterThan(0);
    expect(r.failures.connect_failure + r.failures.upstream_reset).toBe(r.failed);
    const fault = out.summary.faults[0];
    expect(fault.errorRateDuring).toBeLessThan(0.001);
  });

  it('zone outage without outlierDetection, retries off (VirtualService attempts: 0): the dead zone keeps failing', () => {
    const noRetries = `
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: helloworld, namespace: sample}
    spec:
      hosts: [helloworld]
      http: [{retries: {attempts: 0}, route: [{destination: {host: helloworld}}]}]`;
    const text = readFileSync('scenarios/helloworld-failover-no-outlier.yaml', 'utf8').replace(/^policies: \[(.*)\]$/m, (_, p) => `policies:\n  - ${p}${noRetries}`);
    const out = simulateText(text, 'scenarios/helloworld-failover-no-outlier.yaml');
    const r = out.result;
    expect(r.ejections).toEqual([]);
    const fault = out.summary.faults[0];
    // A third of the hosts are dead and still picked: about a third of the requests fail.
    expect(fault.errorRateDuring).toBeGreaterThan(0.3);
    expect(fault.errorRateDuring).toBeLessThan(0.37);
    // Traffic is spread over all three localities (no locality preference without priorities).
    for (const l of out.summary.shares.byDestinationLocality) expect(Math.abs((l.share ?? 0) - 1 / 3)).toBeLessThan(0.02);
  });

  it("zone outage without outlierDetection, Istio's default retries: a refused connection is retried on another host", () => {
    // retry.go DefaultPolicy: 2 retries on connect-failure with the previous_hosts predicate. A
    // request fails only if all 3 attempts land on dead hosts: with 2 of 6 hosts dead and
    // previous_hosts re-picking up to 5 times, that almost never happens.
    const out = simulateFile('scenarios/helloworld-failover-no-outlier.yaml');
    expect(out.result.failures.connect_failure).toBe(0);
    expect(out.summary.faults[0].errorRateDuring).toBeLessThan(0.001);
    // The retries show as latency: a refused attempt costs a round trip and a back-off.
    expect(out.result.latency.meanMs).toBeGreaterThan(36);
  });
});
