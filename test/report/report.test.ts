/** meshsim report: content, determinism, escaping, graceful absence of data, bad input. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/diagnostics.js';
import { buildReport } from '../../src/report/html/build-report.js';
import { readAllResults, readResults } from '../../src/report/html/results.js';
import { hostileResults, resultsOf, tempDir } from './fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8' });
const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

describe('meshsim report', () => {
  const failover = resultsOf('scenarios/helloworld-failover.yaml');
  const noOutlier = resultsOf('scenarios/helloworld-failover-no-outlier.yaml');

  it('draws every chart of the issue for a run with a fault: CDF, matrix, timeline (4), bytes by class and route', () => {
    const r = buildReport(readAllResults([failover]));
    const ids = Object.keys(r.charts);
    expect(ids).toEqual([
      'latency-cdf-r1', 'breakdown-r1', 'traffic-matrix-r1',
      'timeline-error-rate-r1', 'timeline-p99-r1', 'timeline-share-r1', 'timeline-ejections-r1',
      'bytes-class-r1', 'bytes-route-r1', 'endpoints-r1',
    ]);
    expect(r.sections.map((s) => s.id)).toEqual(['overview', 'latency', 'breakdown', 'traffic', 'timeline', 'faults', 'bytes', 'endpoints', 'warnings']);
    for (const svg of svgs(r.html)) {
      // a title, two axis labels with units (parentheses), and drawn marks
      expect(svg).toMatch(/<title>[^<]+<\/title>/);
      expect(svg.match(/\([^)]*(ms|%|s|MiB|KiB|B|USD|proxies)[^)]*\)/g)?.length ?? 0, svg.slice(0, 200)).toBeGreaterThanOrEqual(1);
      expect(svg).toMatch(/class="mark"/);
    }
    expect(r.html.match(/<figcaption>/g)).toHaveLength(ids.length);
    // the fault window is shaded in each timeline chart
    for (const id of ids.filter((i) => i.startsWith('timeline'))) expect(r.charts[id]).toMatch(/class="band"[\s\S]*zone-outage 20–50 s/);
  });

  it('where the time goes: one stacked bar per route, its length the route\'s mean latency, parts from routes.csv', () => {
    const r = buildReport(readAllResults([failover]));
    const svg = r.charts['breakdown-r1'];
    // A flat mesh without call graphs: network, queue and service only.
    expect(svg).toMatch(/· network: /);
    expect(svg).toMatch(/· service: /);
    expect(svg).not.toMatch(/· gateways: |· waiting for calls: /);
    const routes = readFileSync(join(failover, 'routes.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const head = routes[0].split(',');
    const col = (row: string[], c: string) => Number(row[head.indexOf(c)]);
    for (const line of routes.slice(1)) {
      const row = line.split(',');
      if (col(row, 'succeeded') === 0) continue;
      const sum = ['mean_network_ms', 'mean_gateway_ms', 'mean_queue_ms', 'mean_service_ms', 'mean_calls_ms'].reduce((a, c) => a + col(row, c), 0);
      expect(Math.abs(sum - col(row, 'latency_mean_ms'))).toBeLessThan(1e-3);
    }
  });

  it('shows several results side by side, with one CDF overlaying them', () => {
    const r = buildReport(readAllResults([failover, noOutlier]));
    expect(Object.keys(r.charts)).toContain('latency-cdf-compare');
    expect(Object.keys(r.charts).filter((k) => k.startsWith('traffic-matrix'))).toEqual(['traffic-matrix-r1', 'traffic-matrix-r2']);
    expect(r.html).toMatch(/<th>helloworld-failover<\/th><th>helloworld-failover-no-outlier<\/th>/);
    // the same scenario twice gets distinct labels
    const twice = readAllResults([failover, failover]);
    expect(new Set(twice.map((x) => x.label)).size).toBe(2);
  });

  it('is byte-deterministic: the same results give the same report', () => {
    const a = buildReport(readAllResults([failover, noOutlier]));
    const b = buildReport(readAllResults([failover, noOutlier]));
    expect(a.html).toBe(b.html);
    expect(a.markdown).toBe(b.markdown);
    expect(a.charts).toEqual(b.charts);
    // a rerun of the same scenario into another directory gives the same charts
    const again = resultsOf('scenarios/helloworld-failover.yaml');
    expect(buildReport(readAllResults([again])).charts).toEqual(buildReport(readAllResults([failover])).charts);
  });

  it('is self-contained: no script, no external resource, a CSP that forbids them', () => {
    const { html } = buildReport(readAllResults([failover]));
    expect(html).not.toMatch(/<script|<link|<iframe|\bsrc=|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('escapes every name from the scenario and the results (HTML and Markdown)', () => {
    const r = buildReport(readAllResults([hostileResults()]));
    for (const text of [r.html, r.markdown, ...Object.values(r.charts)]) {
      expect(text).not.toMatch(/<script|<img|<iframe|<b>/i);
    }
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.html).toContain('r&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(r.markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('skips what a result lacks: only summary.json still gives a report (CDF from percentiles, no matrix or timeline)', () => {
    const dir = resultsOf('scenarios/helloworld-two-clusters.yaml', {}, (n) => n === 'summary.json');
    const r = buildReport(readAllResults([dir]));
    expect(Object.keys(r.charts)).toEqual(['latency-cdf-r1', 'bytes-class-r1', 'endpoints-r1']);
    expect(r.html).toMatch(/Percentiles from summary.json only/);
    expect(r.sections.map((s) => s.id)).not.toContain('timeline');
  });

  it('draws USD charts when the data carries prices (bytesByPathClass[*].usd, a usd column in routes.csv)', () => {
    const dir = join(tempDir(), 'priced');
    mkdirSync(dir);
    for (const f of readdirSync(failover)) copyFileSync(join(failover, f), join(dir, f));
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    for (const [k, v] of Object.entries(s.bytesByPathClass) as [string, { usd?: number }][]) v.usd = k === 'cross-zone' ? 0.52 : 0;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(s));
    const routes = readFileSync(join(dir, 'routes.csv'), 'utf8').split('\n');
    writeFileSync(join(dir, 'routes.csv'), routes.map((l, i) => (i === 0 || l === '' ? l : `${l},${i === 1 ? 'usd' : (i * 0.1).toFixed(2)}`)).join('\n'));
    const r = buildReport(readAllResults([dir]));
    expect(Object.keys(r.charts)).toEqual(expect.arrayContaining(['usd-class-r1', 'usd-route-r1']));
    expect(r.charts['usd-class-r1']).toMatch(/cost \(USD\)/);
    expect(r.html).toMatch(/Bytes and cost by path class and route/);
  });

  it('a priced design draws USD by route from summary.json cost.byRoute, one bar per costly route', () => {
    const dir = resultsOf('scenarios/designs/federation.yaml', { requests: 3000 });
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { cost: { byRoute: { source: string; destination: string; usd: number }[] } };
    const costly = s.cost.byRoute.filter((x) => x.usd > 0);
    expect(costly.length).toBeGreaterThan(0);
    const r = buildReport(readAllResults([dir]));
    const svg = r.charts['usd-route-r1'];
    expect(svg).toMatch(/cost \(USD\)/);
    expect(svg.match(/class="mark"/g)).toHaveLength(costly.length);
    for (const x of costly) expect(svg).toContain(`${x.source} → ${x.destination}`);
  });

  it('every bundled scenario gives a report whose charts all have marks and no NaN or Infinity coordinates', () => {
    const dirs = [
      resultsOf('scenarios/theory/mm1.yaml', { requests: 3000 }),
      resultsOf('scenarios/theory/mmc.yaml', { requests: 3000 }),
      resultsOf('scenarios/bench/canonical.yaml', { requests: 5000 }),
      resultsOf('scenarios/helloworld-two-clusters.yaml'),
      resultsOf('scenarios/helloworld-distribute.yaml', { requests: 5000 }),
    ];
    const r = buildReport(readAllResults(dirs));
    const charts = svgs(r.html);
    expect(charts.length).toBeGreaterThan(30);
    for (const svg of charts) {
      expect(svg, svg.slice(0, 160)).toMatch(/class="mark"/);
      expect(svg, svg.slice(0, 160)).not.toMatch(/NaN|Infinity|undefined/);
    }
    expect(r.markdown).not.toMatch(/NaN|undefined/);
    // the canonical benchmark: six sources, plus one line for "all requests = service api.bench" (identical, merged)
    expect(r.charts['latency-cdf-r3'].match(/<polyline class="mark"/g)).toHaveLength(7);
    expect(r.charts['latency-cdf-r3']).toContain('all requests = service api.bench');
  });

  it('bad input is a clear error naming the file: no directory, no summary.json, a foreign summary.json', () => {
    const empty = tempDir();
    expect(() => readResults(join(empty, 'missing'))).toThrow(/no such results directory/);
    expect(() => readResults(empty)).toThrow(/no summary.json here/);
    writeFileSync(join(empty, 'summary.json'), '{\n  "schema": "other/v9",\n  "x": 1\n}\n');
    try {
      readResults(empty);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const d = (e as InputError).diagnostics[0];
      expect(d.line).toBe(2);
      expect(d.message).toMatch(/expected "meshsim.summary\/v1".*got "other\/v9"/);
    }
  });

  it('CLI: report writes html, md and charts; run --report writes them next to the results; bad input exits 2', () => {
    const out = join(tempDir(), 'cmp.html');
    const r = cli('report', failover, noOutlier, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out) && existsSync(out.replace(/\.html$/, '.md'))).toBe(true);
    const charts = readdirSync(out.replace(/\.html$/, '-charts'));
    expect(charts.length).toBe(svgs(readFileSync(out, 'utf8')).length);
    expect(readFileSync(out.replace(/\.html$/, '.md'), 'utf8')).toContain('](cmp-charts/latency-cdf-compare.svg)');

    const dir = join(tempDir(), 'run');
    const run = cli('run', 'scenarios/helloworld-two-clusters.yaml', '--out', dir, '--report');
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['report.html', 'report.md', 'report-charts', 'summary.json']));

    const bad = cli('report', join(dir, 'nope'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/nope: error: .*no such results directory/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
