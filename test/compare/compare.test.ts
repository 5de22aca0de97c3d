/**
 * `meshsim compare` as a library: the table of two tiny designs, common random numbers against
 * independent streams (the point of pairing), and the shape of compare.csv and compare.json.
 */
import { mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import type { ComparedRow } from '../../src/compare/aggregate.js';
import { compareDesigns, defaultFolderName } from '../../src/compare/compare.js';
import { checkDesigns, designLabels } from '../../src/compare/designs.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText } from '../../src/model/load.js';
import { seedOf } from '../../src/compare/replicate.js';
import { decimalsFor, groupLabel } from '../../src/compare/table.js';

const A = 'test/compare/fixtures/small-a.yaml';
const B = 'test/compare/fixtures/small-b.yaml'; // A with api's mean service time 10 → 11 ms

const row = (rows: ComparedRow[], metric: string, group: string) => {
  const r = rows.find((x) => x.metric === metric && x.group === group);
  if (!r) throw new Error(`no row ${metric} ${group}`);
  return r;
};

describe('the comparison table', () => {
  const out = compareDesigns([A, B], { replications: 3, streams: 'common' });
  const lines = out.text.split('\n');

  it('names the designs, the seeds and how to read the differences', () => {
    expect(lines[0]).toBe("meshsim 0.1.0 compare · 2 designs × 3 replications · common random numbers (seeds 3–5 in every design) · each scenario's requests");
    expect(lines[1]).toBe(`  a  ${A}`);
    expect(lines[3]).toMatch(/^Δ: difference from a, paired by seed; ± half-width of its 95 % confidence interval/);
  });

  it('has every section, one column per design, and each population with its percentiles', () => {
    for (const s of ['requests', 'latency, ms', 'failed requests, %', 'egress, USD/month (30 days at the simulated rate)', 'gateway utilisation, % (mean over replicas)']) expect(lines).toContain(s);
    const header = lines[5];
    expect(header.trim().split(/\s+/)).toEqual(['a', 'b']);
    const boston = lines.findIndex((l) => /^ {2}users boston +p50 /.test(l));
    expect(boston).toBeGreaterThan(0);
    expect(lines[boston + 1]).toMatch(/^ +p90 /);
    expect(lines[boston + 2]).toMatch(/^ +p99 /);
    // the lone service repeats "all": left out; path classes nobody pays for: left out
    expect(out.text).not.toMatch(/service api/);
    expect(out.text).not.toMatch(/cross-cloud|same-zone/);
    expect(out.text).toMatch(/^ {2}ingress east /m);
  });

  it('aligns every value under its design (right edges line up with the header)', () => {
    const header = lines[5];
    const edgeA = header.indexOf('a') + 1;
    const body = lines.slice(6).filter((l) => /^ {2}\S|^ {3,}p\d/.test(l));
    expect(body.length).toBeGreaterThan(10);
    for (const l of body) expect(l[edgeA - 1], l).toMatch(/\d|—/);
    for (const l of body) expect(l[edgeA] ?? ' ', l).toBe(' ');
  });

  it('shows the difference from the first design with its interval, = when identical', () => {
    const p50 = row(out.comparison.rows, 'latency_p50_ms', 'all');
    const d = p50.differences[1]!;
    expect(d.mean).toBeGreaterThan(0); // slower api, higher median
    expect(d.mean).toBeCloseTo(p50.values[1].mean! - p50.values[0].mean!, 9);
    const line = lines.find((l) => /^ {2}all +p50 /.test(l))!;
    expect(line).toContain(`+${d.mean.toFixed(1)} ±${d.halfWidth!.toFixed(1)}`);
    expect(lines.find((l) => /^ {2}counted /.test(l))).toMatch(/1,500 +1,500 = +0$/);
  });

  it('with one replication: differences without intervals', () => {
    const one = compareDesigns([A, B], { replications: 1, streams: 'common' });
    const d = row(one.comparison.rows, 'latency_p99_ms', 'all').differences[1]!;
    expect(d).toMatchObject({ n: 1, halfWidth: null, low: null, high: null });
    expect(one.text).not.toContain('±');
    expect(one.text).toMatch(/one replication: no interval/);
  });
});

describe('common random numbers narrow the intervals of differences', () => {
  const R = 10;
  const crn = compareDesigns([A, B], { replications: R, streams: 'common' }).comparison.rows;
  const ind = compareDesigns([A, B], { replications: R, streams: 'independent' }).comparison.rows;
  const width = (rows: ComparedRow[], m: string, g: string) => row(rows, m, g).differences[1]!.halfWidth!;

  it.each([
    ['latency_mean_ms', 'all'],
    ['latency_p50_ms', 'all'],
    ['latency_p90_ms', 'all'],
    ['latency_p99_ms', 'all'],
    ['latency_p50_ms', 'source:boston'],
    ['latency_p50_ms', 'source:seattle'],
    ['egress_usd_per_month', 'path:total'],
    ['gateway_utilisation_pct', 'gateway:ingress/east'],
  ])('%s of %s: narrower on common random numbers', (m, g) => {
    expect(width(crn, m, g)).toBeLessThan(width(ind, m, g));
  });

  it('the mean latency difference: at most half as wide (figures in the README)', () => {
    // a slower api (10 → 11 ms) moves every request's latency by about the same on common
    // random numbers; on independent streams each design's own noise adds to the difference
    expect(width(crn, 'latency_mean_ms', 'all') / width(ind, 'latency_mean_ms', 'all')).toBeLessThan(0.5);
    expect(width(crn, 'egress_usd_per_month', 'path:total') / width(ind, 'egress_usd_per_month', 'path:total')).toBeLessThan(0.1);
  });

  it('the same design twice: identical in every replication on common numbers, not on independent ones', () => {
    const same = compareDesigns([A, A], { replications: 3, streams: 'common' });
    expect(same.comparison.designs.map((d) => d.label)).toEqual(['small-a', 'small-a#2']);
    for (const r of same.comparison.rows) {
      const d = r.differences[1];
      if (d) expect(d, `${r.metric} ${r.group}`).toMatchObject({ mean: 0, halfWidth: 0, identical: true });
    }
    const apart = compareDesigns([A, A], { replications: 3, streams: 'independent' });
    const d = row(apart.comparison.rows, 'latency_mean_ms', 'all').differences[1]!;
    expect(d.identical).toBe(false);
    expect(d.halfWidth).toBeGreaterThan(0);
  });
});

describe('compare.csv and compare.json', () => {
  const out = compareDesigns([A, B], { replications: 2, streams: 'common' });
  const [provenance, ...rest] = out.files['compare.csv'].split('\n');
  // no cell of these designs holds a comma or a quote: a split reads the CSV
  const [header, ...body] = rest.filter((l) => l !== '').map((l) => l.split(','));
  const rows = body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  const json = JSON.parse(out.files['compare.json']);

  it('compare.csv is tidy: one row per metric, group, design and replication', () => {
    expect(provenance).toMatch(/^# meshsim 0\.1\.0 compare designs=a=[0-9a-f]{12},b=[0-9a-f]{12} replications=2 requests=scenario streams=common seeds=scenario seed \+ replication/);
    expect(Object.keys(rows[0])).toEqual(['metric', 'group', 'design', 'replication', 'seed', 'value']);
    const keys = rows.map((r) => `${r.metric}|${r.group}|${r.design}|${r.replication}`);
    expect(new Set(keys).size).toBe(keys.length);
    const perRun = rows.filter((r) => r.design === 'a' && r.replication === '0').length;
    expect(rows).toHaveLength(perRun * 2 * 2);
    expect(rows.filter((r) => r.replication === '1').every((r) => r.seed === '4')).toBe(true);
    expect(rows.find((r) => r.metric === 'egress_usd_per_month' && r.group === 'path:cross-cloud')?.value).toBe('0');
  });

  it('compare.json holds each design\'s mean and the paired difference, agreeing with the CSV', () => {
    expect(json).toMatchObject({ schema: 'meshsim.compare/v1', streams: 'common', replications: 2, baseline: 'a' });
    expect(json.designs.map((d: { label: string; seeds: number[] }) => [d.label, d.seeds])).toEqual([['a', [3, 4]], ['b', [3, 4]]]);
    const m = json.metrics.find((x: { metric: string; group: string }) => x.metric === 'latency_p99_ms' && x.group === 'source:seattle');
    expect(m.unit).toBe('ms');
    const csv = (design: string) => rows.filter((r) => r.metric === 'latency_p99_ms' && r.group === 'source:seattle' && r.design === design).map((r) => Number(r.value));
    expect(m.designs[1].mean).toBeCloseTo(mean(csv('b')), 5);
    expect(m.differences).toHaveLength(1);
    expect(m.differences[0]).toMatchObject({ design: 'b', vs: 'a', n: 2 });
    expect(m.differences[0].mean).toBeCloseTo(mean(csv('b')) - mean(csv('a')), 5);
    expect(m.differences[0].low).toBeLessThanOrEqual(m.differences[0].mean);
  });

  it('the same comparison gives the same bytes', () => {
    const again = compareDesigns([A, B], { replications: 2, streams: 'common' });
    expect(again.files).toEqual(out.files);
  });
});

describe('small parts', () => {
  it.each([
    [['shop-single-mesh-flat', 'shop-single-mesh-multi-network', 'shop-federation'], ['single-mesh-flat', 'single-mesh-multi-network', 'federation']],
    [['shop-single-mesh-flat', 'shop-single-mesh-multi-network'], ['flat', 'multi-network']],
    [['shop', 'shop-v2'], ['shop', 'shop-v2']],
    [['x-a', 'x-a'], ['x-a', 'x-a#2']],
    [['alpha', 'beta'], ['alpha', 'beta']],
  ])('labels of %j: %j', (names, labels) => {
    expect(designLabels(names)).toEqual(labels);
  });

  it('seeds: the same per replication on common numbers, 1000 apart per design on independent ones', () => {
    expect([0, 1, 2].map((d) => seedOf(7, 2, d, 'common'))).toEqual([9, 9, 9]);
    expect([0, 1, 2].map((d) => seedOf(7, 2, d, 'independent'))).toEqual([9, 1009, 2009]);
  });

  it.each([
    [0, 0], [0.0007, 6], [0.00000001, 6], [0.05, 4], [0.5, 3], [3, 2], [32, 1], [135, 0], [4657, 0],
  ])('decimals for %f: %i (about 3 significant digits)', (max, d) => {
    expect(decimalsFor(max)).toBe(d);
  });

  it('group labels and the default folder', () => {
    const origins = new Map([['iowa', 'users' as const], ['sleep', 'workload' as const]]);
    expect(['all', 'source:iowa', 'source:sleep', 'service:frontend.shop', 'call:ratings.bookinfo', 'path:cross-zone', 'gateway:eastwest/eu'].map((g) => groupLabel(g, origins))).toEqual(['all', 'users iowa', 'source sleep', 'service frontend.shop', 'calls to ratings.bookinfo', 'cross-zone', 'eastwest eu']);
    expect(defaultFolderName([{ label: 'flat' }, { label: 'fed/x' }])).toBe('compare-flat-vs-fed_x');
  });
});

describe('call graphs side by side', () => {
  it('services called by services get rows of their own: the latency of the calls made to them, after the sources\' and before the path classes', () => {
    const bookinfo = 'scenarios/seeds/bookinfo-two-clusters.yaml';
    const out = compareDesigns([bookinfo, bookinfo], { replications: 1, streams: 'common', requests: 2000 });
    const calls = [...new Set(out.comparison.rows.filter((r) => r.group.startsWith('call:')).map((r) => r.group))];
    expect(calls).toEqual(['call:details.bookinfo', 'call:ratings.bookinfo', 'call:reviews.bookinfo']);
    // reviews waits for ratings: its calls take longer than ratings' own.
    const p50 = (g: string) => row(out.comparison.rows, 'latency_p50_ms', g).values[0].mean!;
    expect(p50('call:reviews.bookinfo')).toBeGreaterThan(p50('call:ratings.bookinfo'));
    const lines = out.text.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/^ {2}calls to details\.bookinfo +p50/)).toBeGreaterThan(at(/^ {2}users readers +p50/));
  });
});

describe('seeds of the designs', () => {
  const text = readFileSync(A, 'utf8');
  const design = (label: string, seed: number) => ({ label, file: `${label}.yaml`, loaded: loadScenarioText(text.replace(/^seed: 3$/m, `seed: ${seed}`), `${label}.yaml`) });

  it('a design with another seed: a warning that every design runs on the first one\'s', () => {
    const warnings = checkDesigns([design('x', 3), design('y', 8)], undefined);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', file: 'y.yaml', line: 5, path: 'seed' });
    expect(warnings[0].message).toBe("seed 8 differs from small-a's 3: compare runs every design on seed 3 (+ replication) so that they share random numbers");
    // --seed names the seed of every design: nothing to warn about
    expect(checkDesigns([design('x', 3), design('y', 8)], 11)).toEqual([]);
  });
});

describe('failure impact side by side', () => {
  it('a fault present in both designs gets its own rows: error rate, p99, detection, recovery, retries, traffic moved, extra USD', () => {
    const fault = (text: string) => text.replace('ingress: {globalLoadBalancer: nearest}', 'ingress: {globalLoadBalancer: nearest}\nfaults: [{kind: zone-outage, zone: us-west1-a, at: 2s, for: 2s}]');
    const a = fault(readFileSync(A, 'utf8')).replace('requests: 1500', 'requests: 2400');
    const b = fault(readFileSync(B, 'utf8')).replace('requests: 1500', 'requests: 2400');
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-compare-faults-'));
    writeFileSync(join(dir, 'fa.yaml'), a.replace('name: small-a', 'name: fa'));
    writeFileSync(join(dir, 'fb.yaml'), b.replace('name: small-b', 'name: fb'));
    const out = compareDesigns([join(dir, 'fa.yaml'), join(dir, 'fb.yaml')], { replications: 2, streams: 'common' });
    rmSync(dir, { recursive: true });
    expect(out.text).toMatch(/failure impact, per fault/);
    expect(out.text).toMatch(/^ {2}zone-outage zone us-west1-a @2s$/m);
    for (const stat of ['error rate %', 'p99 ms', 'detected s', 'recovered s', 'retries/req', 'moved %', 'extra USD']) expect(out.text).toMatch(new RegExp(`^ +${stat.replace(/[%/]/g, (c) => `\\${c}`)} `, 'm'));
    const moved = row(out.comparison.rows, 'fault_moved_pct', 'fault:zone-outage zone us-west1-a @2s');
    // Half of api's replicas are in the dead zone; the other half take all of it.
    expect(moved.values[0].mean).toBeGreaterThan(40);
  });
});
