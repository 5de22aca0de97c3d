/** Per-population outputs: latency.csv, populations.csv and timeline-destinations.csv agree with the run's totals. */
import { describe, expect, it } from 'vitest';
import { simulateFile, simulateText } from '../../src/run.js';
import { CDF_QUANTILES } from '../../src/metrics/populations.js';
import { parseCsv } from '../../src/report/html/csv-parse.js';

const TWO_SERVICES = `
name: two-populations
seed: 7
duration: 20s
warmup: 2s
clusters:
  - {name: c1, region: r1, zones: [r1-a, r1-b]}
services:
  - {name: fast, concurrency: 4, serviceTime: 5ms, deployments: [{cluster: c1, zone: r1-a, replicas: 2}, {cluster: c1, zone: r1-b, replicas: 1}]}
  - {name: slow, concurrency: 4, serviceTime: {dist: exponential, mean: 40ms}, errorRate: 0.05, deployments: [{cluster: c1, zone: r1-b, replicas: 2}]}
traffic:
  - {name: web, from: {cluster: c1, zone: r1-a}, to: fast, rate: 100/s}
  - {name: batch, from: {cluster: c1, zone: r1-b}, to: slow, rate: 50/s}
  - {name: mixed, from: {cluster: c1, zone: r1-b}, to: fast, rate: 20/s}
`;

const rows = (text: string) => parseCsv(text).rows;

describe('per-population outputs', () => {
  const out = simulateText(TWO_SERVICES);
  const pops = rows(out.files['populations.csv']);
  const cdf = rows(out.files['latency.csv']);

  it('populations.csv: one row per source and per service; each group sums to the counted requests and failures', () => {
    expect(pops.map((r) => `${r.group}:${r.name}`)).toEqual(['source:batch', 'source:mixed', 'source:web', 'service:fast.default', 'service:slow.default']);
    for (const group of ['source', 'service']) {
      const g = pops.filter((r) => r.group === group);
      expect(g.reduce((a, r) => a + Number(r.requests), 0)).toBe(out.summary.requests.counted);
      expect(g.reduce((a, r) => a + Number(r.failed), 0)).toBe(out.summary.requests.failed);
    }
    // only the slow service has an error rate; batch calls only it
    expect(Number(pops.find((r) => r.name === 'fast.default')!.failed)).toBe(0);
    const batch = pops.find((r) => r.name === 'batch')!;
    expect(Number(batch.failed_error) / Number(batch.requests)).toBeCloseTo(0.05, 1);
    expect(Number(batch.latency_p50_ms)).toBeGreaterThan(Number(pops.find((r) => r.name === 'web')!.latency_p99_ms));
  });

  it('latency.csv: a non-decreasing CDF per population at the fixed quantiles; "all" matches summary.json', () => {
    const names = [...new Set(cdf.map((r) => `${r.group}:${r.name}`))];
    expect(names).toEqual(['all:all', 'source:batch', 'source:mixed', 'source:web', 'service:fast.default', 'service:slow.default']);
    for (const n of names) {
      const pts = cdf.filter((r) => `${r.group}:${r.name}` === n);
      expect(pts.map((r) => Number(r.quantile))).toEqual([...CDF_QUANTILES]);
      for (let i = 1; i < pts.length; i++) expect(Number(pts[i].latency_ms)).toBeGreaterThanOrEqual(Number(pts[i - 1].latency_ms));
    }
    const at = (q: number) => Number(cdf.find((r) => r.group === 'all' && Number(r.quantile) === q)!.latency_ms);
    expect(at(0.5)).toBe(out.summary.latencyMs.p50);
    expect(at(0.99)).toBe(out.summary.latencyMs.p99);
    expect(at(1)).toBe(out.summary.latencyMs.max);
    expect(Number(cdf[0].count)).toBe(out.summary.latencyMs.count);
  });

  it('timeline-destinations.csv: per interval, the requests by destination add up to the timeline rows', () => {
    const r = simulateFile('scenarios/helloworld-failover-no-outlier.yaml');
    const dest = rows(r.files['timeline-destinations.csv']);
    const timeline = rows(r.files['timeline.csv']);
    const byStart = new Map<string, number>();
    for (const d of dest) byStart.set(d.start_s, (byStart.get(d.start_s) ?? 0) + Number(d.requests));
    let matched = 0;
    for (const t of timeline) {
      const ended = Number(t.succeeded) + Number(t.failed);
      if (ended === 0) continue;
      expect(byStart.get(t.start_s), `interval ${t.start_s}`).toBe(ended);
      matched++;
    }
    expect(matched).toBeGreaterThan(70);
    // the dead zone's requests fail during the outage (20-50 s) and only then
    const deadZone = dest.filter((d) => d.destination_locality === 'us-west1/us-west1-a');
    for (const d of deadZone) expect(Number(d.failed) > 0).toBe(Number(d.start_s) >= 20 && Number(d.start_s) < 50);
  });
});
