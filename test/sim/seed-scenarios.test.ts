/**
 * The bundled seed scenarios (scenarios/seeds/) tell the story their header comments tell: each
 * test runs the file as shipped and checks the numbers the comment points at.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/compare/metrics.js';
import { loadScenarioFile, loadScenarioText } from '../../src/model/load.js';
import { simulate, type RunOutputs } from '../../src/run.js';
import type { RunResult } from '../../src/sim/result.js';

const cache = new Map<string, RunOutputs>();
function run(file: string): RunOutputs {
  let out = cache.get(file);
  if (out === undefined) cache.set(file, (out = simulate(loadScenarioFile(file))));
  return out;
}

/** A file's text with a change, run as if it sat where the file is (its policy paths still resolve). */
function runEdited(file: string, edit: (text: string) => string): RunOutputs {
  return simulate(loadScenarioText(edit(readFileSync(file, 'utf8')), file));
}

/** One measurement of `meshsim compare` (metric of group, e.g. latency_p50_ms of source:sao-paulo). */
function metric(r: RunResult, id: string, group: string): number {
  const m = measure(r).find((x) => x.metric === id && x.group === group);
  if (m?.value == null) throw new Error(`no ${id} for ${group}`);
  return m.value;
}

/** Calls to `service` (by the caller's cluster, optionally) summed by destination cluster. */
function callsByDestination(r: RunResult, service: string, fromCluster?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of r.routes) {
    if (x.service !== service || (fromCluster !== undefined && x.sourceCluster !== fromCluster)) continue;
    out[x.destinationCluster] = (out[x.destinationCluster] ?? 0) + x.requests;
  }
  return out;
}

const usdPerMonth = (r: RunResult, pathClass: string) => r.cost?.byPathClass.find((c) => c.pathClass === pathClass)?.usdPerMonth ?? 0;
/** Hops priced in a cost path class (cross-continent is a cost class: the simulator's hops say cross-region). */
const hopRequests = (r: RunResult, pathClass: string) => r.cost?.byPathClass.find((c) => c.pathClass === pathClass)?.requests ?? 0;

describe('seed 000: Bookinfo across two clusters (bookinfo-two-clusters.yaml)', () => {
  const file = 'scenarios/seeds/bookinfo-two-clusters.yaml';

  it('the VirtualService sends a third of the reviews calls to v3, which runs only in São Paulo', () => {
    const r = run(file).result;
    expect(r.failed).toBe(0);
    const reviews = callsByDestination(r, 'reviews.bookinfo');
    const share = reviews.cluster2 / (reviews.cluster1 + reviews.cluster2);
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.36);
    // Everything else runs in cluster1.
    expect(Object.keys(callsByDestination(r, 'details.bookinfo'))).toEqual(['cluster1']);
    expect(Object.keys(callsByDestination(r, 'productpage.bookinfo'))).toEqual(['cluster1']);
  });

  it('reviews-v3 calls ratings back in Frankfurt: every v3 call is two Atlantic round trips', () => {
    const r = run(file).result;
    const v3 = callsByDestination(r, 'reviews.bookinfo').cluster2;
    const ratings = callsByDestination(r, 'ratings.bookinfo', 'cluster2');
    expect(Object.keys(ratings)).toEqual(['cluster1']);
    // (routes count calls by when each started: a few straddle the end of the warm-up)
    expect(Math.abs(ratings.cluster1 - v3)).toBeLessThanOrEqual(5);
    // productpage → reviews-v3 and reviews-v3 → ratings are the only cross-continent hops.
    expect(Math.abs(hopRequests(r, 'cross-continent') - 2 * v3)).toBeLessThanOrEqual(10);
    expect(usdPerMonth(r, 'cross-continent')).toBeGreaterThan(0);
  });

  it('two thirds of the page views stay fast, a third take ≈ 4 × 100 ms longer', () => {
    const l = run(file).result.latency;
    expect(l.p50Ms).toBeLessThan(40);
    expect(l.p90Ms).toBeGreaterThan(400);
    expect(l.p90Ms).toBeLessThan(460);
  });
});

describe('seed 000: Frankfurt HQ + São Paulo, one ingress vs an ingress per cluster', () => {
  const one = 'scenarios/seeds/frankfurt-one-ingress.yaml';
  const per = 'scenarios/seeds/frankfurt-ingress-per-cluster.yaml';

  it('São Paulo users cross the Atlantic on every request with one ingress, not with an ingress per cluster', () => {
    const a = run(one).result;
    const b = run(per).result;
    expect(metric(a, 'latency_p50_ms', 'source:sao-paulo')).toBeGreaterThan(200);
    expect(metric(b, 'latency_p50_ms', 'source:sao-paulo')).toBeLessThan(40);
    // Their payment calls (5 %) still cross it from the São Paulo frontend: the tail stays long.
    expect(metric(b, 'latency_p99_ms', 'source:sao-paulo')).toBeGreaterThan(200);
  });

  it('Frankfurt and Virginia users enter in Frankfurt in both designs and see the same latency', () => {
    const a = run(one).result;
    const b = run(per).result;
    for (const users of ['frankfurt', 'virginia']) {
      for (const r of [a, b]) expect(new Set(r.routes.filter((x) => x.root && x.caller === users).map((x) => x.destinationCluster))).toEqual(new Set(['frankfurt']));
      const pa = metric(a, 'latency_p50_ms', `source:${users}`);
      expect(Math.abs(metric(b, 'latency_p50_ms', `source:${users}`) - pa)).toBeLessThan(2);
    }
  });

  it('with one ingress nothing crosses between the clusters; with two, only São Paulo payments calls do', () => {
    const a = run(one).result;
    const b = run(per).result;
    expect(hopRequests(a, 'cross-continent')).toBe(0);
    expect(Object.keys(callsByDestination(a, 'frontend.shop'))).toEqual(['frankfurt']);
    const payments = callsByDestination(b, 'payments.shop', 'sao-paulo').frankfurt;
    expect(payments).toBeGreaterThan(0);
    expect(Math.abs(hopRequests(b, 'cross-continent') - payments)).toBeLessThanOrEqual(5);
    expect(usdPerMonth(b, 'cross-continent')).toBeGreaterThan(0);
  });
});

describe('seed 002: Istio 1.0 flat network (istio-1.0-flat.yaml)', () => {
  const file = 'scenarios/seeds/istio-1.0-flat.yaml';
  const crossRegionShare = (r: RunResult) => {
    let cross = 0;
    let all = 0;
    for (const x of r.routes) {
      if (x.service !== 'catalog.shop') continue;
      all += x.requests;
      if (x.sourceCluster !== x.destinationCluster) cross += x.requests;
    }
    return cross / all;
  };

  it('Istio 1.0 has no locality load balancing: catalog calls spread over both regions despite outlierDetection', () => {
    const r = run(file).result;
    expect(crossRegionShare(r)).toBeGreaterThan(0.3);
    expect(crossRegionShare(r)).toBeLessThan(0.5);
  });

  it('the same file pinned to Istio 1.30 keeps every catalog call in its region, as single-mesh-flat.yaml does', () => {
    const newer = runEdited(file, (t) => t.replace('istio: "1.0"', 'istio: "1.30"')).result;
    expect(crossRegionShare(newer)).toBe(0);
    expect(crossRegionShare(run('scenarios/designs/single-mesh-flat.yaml').result)).toBe(0);
    expect(metric(newer, 'latency_p50_ms', 'all')).toBeLessThan(metric(run(file).result, 'latency_p50_ms', 'all') - 50);
  });
});

describe('seed 003: VMs joining the mesh (vms.yaml)', () => {
  const file = 'scenarios/seeds/vms.yaml';

  it('inventory runs on pods and VMs in one zone: the east frontend balances over both alike', () => {
    const fromEast = callsByDestination(run(file).result, 'inventory.shop', 'east');
    expect(Object.keys(fromEast).sort()).toEqual(['east', 'east-vms']);
    expect(fromEast['east-vms'] / (fromEast.east + fromEast['east-vms'])).toBeCloseTo(0.5, 1);
  });

  it('the legacy VMs are reached, and reach the mesh, only through east-west gateways', () => {
    const r = run(file).result;
    const billing = r.hops.filter((h) => h.service === 'billing.shop' && h.fromCluster !== 'legacy-vms');
    expect(billing.length).toBeGreaterThan(0);
    for (const h of billing) expect([h.toCluster, h.toKind]).toEqual(['legacy-vms', 'eastwest']);
    const batch = r.hops.filter((h) => h.fromCluster === 'legacy-vms' && h.service === 'inventory.shop');
    expect(new Set(batch.map((h) => `${h.toCluster}:${h.toKind}`))).toEqual(new Set(['east:eastwest']));
  });

  it('a crashed billing VM leaves EDS at the agent\'s next probe (≤ 10 s), and the errors stop', () => {
    const f = run(file).summary.faults[0];
    expect(f.detectedBy).toBe('eds-update');
    expect(f.detectedAfterMs).toBeGreaterThan(150);
    expect(f.detectedAfterMs).toBeLessThan(10_150);
    expect(f.failedDuring).toBeGreaterThan(0);
    expect(f.recoveredAfterMs).not.toBeNull();
    expect(f.recoveredAfterMs!).toBeLessThan(11_000);
  });
});

describe('seed 003: two meshes, an exported service on VMs (multi-mesh-vms.yaml)', () => {
  const file = 'scenarios/seeds/multi-mesh-vms.yaml';

  it('West reaches billing through East\'s ingress and the legacy east-west gateway; catalog stays in each mesh', () => {
    const r = run(file).result;
    const billing = new Set(r.hops.filter((h) => h.service === 'billing.shop').map((h) => `${h.fromCluster}>${h.toCluster}:${h.toKind}`));
    expect(billing).toEqual(new Set(['west>east:ingress', 'east>legacy-vms:eastwest', 'legacy-vms>legacy-vms:endpoint']));
    expect(callsByDestination(r, 'catalog.shop', 'west')).toEqual({ west: expect.any(Number) });
    expect(callsByDestination(r, 'catalog.shop', 'east')).toEqual({ east: expect.any(Number) });
  });

  it('with East\'s control plane down the crashed VM stays in EDS for the whole crash; with it up it leaves within a probe period', () => {
    const [cp, crash] = run(file).summary.faults;
    expect(cp.kind).toBe('control-plane-outage');
    expect(crash.detectedAfterMs).toBeNull();
    const up = runEdited(file, (t) => t.replace('  - {kind: control-plane-outage, mesh: mesh-east, at: 20s, for: 40s}\n', '')).summary.faults[0];
    expect(up.detectedAfterMs).toBeLessThan(10_150);
    expect(crash.failedDuring).toBeGreaterThan(1.5 * up.failedDuring);
  });

  it('a control-plane outage alone fails nothing: proxies keep their last configuration', () => {
    const alone = runEdited(file, (t) => t.replace('  - {kind: endpoint-crash, service: billing.shop, cluster: legacy-vms, count: 1, at: 30s, for: 20s}\n', ''));
    expect(alone.summary.faults).toHaveLength(1);
    expect(alone.result.failed).toBe(0);
  });
});
