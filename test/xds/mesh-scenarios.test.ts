/**
 * The bundled scenarios for the new inputs, run end to end: zone-aware routing (Istio 1.31
 * zoneAwareLbSetting, MeshConfig self-discovery) and a Service's trafficDistribution (1.29), each
 * compared with the pinned version that does not have the feature.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateFile, simulateText } from '../../src/run.js';
import type { RouteRow } from '../../src/metrics/routes.js';

/** Requests from `caller` per destination zone, as shares of that caller's requests. */
function zoneShares(routes: RouteRow[], caller: string): Record<string, number> {
  const rows = routes.filter((r) => r.caller === caller);
  const total = rows.reduce((a, r) => a + r.requests, 0);
  const out: Record<string, number> = {};
  for (const r of rows) {
    const zone = r.destinationLocality.split('/')[1];
    out[zone] = (out[zone] ?? 0) + r.requests / total;
  }
  return out;
}

describe('scenarios/zone-aware.yaml (Istio 1.31 zoneAwareLbSetting + self-discovery)', () => {
  const out = simulateFile('scenarios/zone-aware.yaml');

  it('from us-west1-b (25% of the caller, 33% of api): LocalityDirect, every request stays in -b', () => {
    expect(zoneShares(out.result.routes, 'web-b')).toEqual({ 'us-west1-b': 1 });
  });

  it('from us-west1-a (75% of the caller): 44% local, spare capacity -c 44% and -b 11%', () => {
    const s = zoneShares(out.result.routes, 'web-a');
    expect(Math.abs(s['us-west1-a'] - 3333 / 7500)).toBeLessThan(0.01);
    expect(Math.abs(s['us-west1-c'] - (1 - 3333 / 7500) * (3333 / 4166))).toBeLessThan(0.01);
    expect(Math.abs(s['us-west1-b'] - (1 - 3333 / 7500) * (833 / 4166))).toBeLessThan(0.01);
    expect(s['us-central1-a']).toBeUndefined();
  });

  it('overall every us-west1 zone gets a third: the per-host rate is even', () => {
    for (const row of out.summary.shares.byDestinationLocality) expect(Math.abs((row.share ?? 0) - 1 / 3)).toBeLessThan(0.01);
    expect(out.summary.requests.failed).toBe(0);
  });

  const variant = (edit: (text: string) => string) => simulateText(edit(readFileSync('scenarios/zone-aware.yaml', 'utf8')), 'scenarios/zone-aware.yaml');

  it('no self-discovery (no local cluster): the region buckets stay, round robin over the three us-west1 zones', () => {
    const s = zoneShares(variant((t) => t.replace('"true"', '"false"')).result.routes, 'web-b');
    expect(Object.keys(s).sort()).toEqual(['us-west1-a', 'us-west1-b', 'us-west1-c']);
    for (const v of Object.values(s)) expect(Math.abs(v - 1 / 3)).toBeLessThan(0.02);
  });

  it('enabled: false: nothing at all (the mesh default is not used), round robin over all four zones', () => {
    const s = zoneShares(variant((t) => t.replace('enabled: true', 'enabled: false')).result.routes, 'web-b');
    expect(Object.keys(s).sort()).toEqual(['us-central1-a', 'us-west1-a', 'us-west1-b', 'us-west1-c']);
    for (const v of Object.values(s)) expect(Math.abs(v - 1 / 4)).toBeLessThan(0.02);
  });

  it('pinned 1.30: the field does not exist (an error with its line)', () => {
    expect(() => variant((t) => t.replace('istio: "1.31"', 'istio: "1.30"'))).toThrow(/zoneAwareLbSetting exists from Istio 1.31 \(pinned 1.30\)/);
  });
});

describe('scenarios/traffic-distribution.yaml (Service PreferClose, Istio 1.29)', () => {
  const out = simulateFile('scenarios/traffic-distribution.yaml');

  it('before the outage every request stays in the caller zone; none leaves the region', () => {
    const before = out.result.timeline.filter((t) => t.endMs <= 20_000);
    expect(before.every((t) => t.failed === 0)).toBe(true);
    const s = zoneShares(out.result.routes, 'sleep');
    expect(s['us-central1-a']).toBeUndefined();
    // 0-20s in -a (20 of the 80 s), then -b once the dead pods are ejected
    expect(Math.abs(s['us-west1-a'] - 0.25)).toBeLessThan(0.01);
  });

  it('Istio 1.24 sidecars ignore trafficDistribution: traffic spreads over all six pods, some of it cross-region', () => {
    const text = readFileSync('scenarios/traffic-distribution.yaml', 'utf8').replace('istio: "1.29"', 'istio: "1.24"').replace(/faults:\n(?:  .*\n)+/, '').replace(/  - apiVersion: networking\.istio\.io\/v1[\s\S]*$/, '');
    const old = simulateText(text, 'scenarios/traffic-distribution.yaml');
    expect(old.summary.warnings.map((w) => w.message).join('\n')).toMatch(/ignore trafficDistribution/);
    const s = zoneShares(old.result.routes, 'sleep');
    expect(Object.keys(s).sort()).toEqual(['us-central1-a', 'us-west1-a', 'us-west1-b']);
    // least request favours the nearer (less busy) pods, so cross-region gets less than a third
    expect(s['us-central1-a']).toBeGreaterThan(0.15);
  });
});
