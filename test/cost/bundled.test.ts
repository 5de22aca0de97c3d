/**
 * The bundled price files: valid, sourced and dated; their key prices are prices.md's; region
 * tables do not overlap; the files are found from the build output (dist/) as well as from src/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROVIDERS, bundledRegion, bundledTable, CONTINENTS, PriceTableSchema, pricesDirectory } from '../../src/cost/index.js';

const file = (p: string) => JSON.parse(readFileSync(`data/prices/${p}.json`, 'utf8')) as Record<string, unknown>;

describe('bundled price files', () => {
  it.each(BUNDLED_PROVIDERS)('%s.json: valid, with its provider, unit, date, sources (https URLs) and assumptions', (p) => {
    const raw = file(p);
    const t = PriceTableSchema.parse(raw);
    expect(t.provider).toBe(p);
    expect(raw.unit).toBe(p === 'gcp' ? 'USD/GiB' : 'USD/GB');
    expect(t.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(t.sources.length).toBeGreaterThan(2);
    for (const s of t.sources) expect(s.url).toMatch(/^https:\/\//);
    expect(t.assumptions.join(' ')).toMatch(/[Ww]ho pays/);
    expect(t.assumptions.join(' ')).toMatch(/tier/);
  });

  // The prices prices.md lists (USD per GB; GCP per GiB as published): [provider, where, value].
  const facts: [string, (t: ReturnType<typeof PriceTableSchema.parse>) => unknown, unknown][] = [
    ['aws', (t) => t.egress['cross-zone'], 0.01],
    ['aws', (t) => t.ingress['cross-zone'], 0.01], // billed in each direction
    ['aws', (t) => t.egress['cross-region'], { default: 0.02, pairs: { 'us-east-1<>us-east-2': 0.01 } }],
    ['aws', (t) => t.egress.internet, 0.09],
    ['aws', (t) => t.processing.nat, 0.045],
    ['aws', (t) => t.processing['transit-gateway'], 0.02],
    ['aws', (t) => t.processing['private-link'], 0.01],
    ['gcp', (t) => t.egress['cross-zone'], 0.01],
    ['gcp', (t) => t.ingress['cross-zone'], undefined], // egress at the source only
    ['gcp', (t) => t.egress['same-zone'], 0],
    ['gcp', (t) => t.egress.internet, 0.12],
    ['gcp', (t) => t.processing.nat, 0.045],
    ['azure', (t) => t.egress['cross-zone'], 0], // Azure does not bill cross-AZ
    ['azure', (t) => (t.egress['cross-region'] as { default: number }).default, 0.02],
    ['azure', (t) => (t.egress['cross-region'] as { from: Record<string, number> }).from, { asia: 0.08, oceania: 0.08, 'middle-east': 0.08, africa: 0.08, 'south-america': 0.16 }],
    ['azure', (t) => (t.egress.internet as { default: number }).default, 0.087],
  ];
  it.each(facts)('%s: %s is prices.md\'s %j', (p, get, value) => {
    expect(get(PriceTableSchema.parse(file(p)))).toEqual(value);
  });

  it('no region is listed by two providers, and every continent has regions', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const p of BUNDLED_PROVIDERS) {
      for (const r of bundledTable(p).regions.keys()) {
        if (seen.has(r)) clashes.push(`${r}: ${seen.get(r)} and ${p}`);
        seen.set(r, p);
      }
    }
    expect(clashes).toEqual([]);
    const continents = new Set(BUNDLED_PROVIDERS.flatMap((p) => [...bundledTable(p).regions.values()]));
    expect([...continents].sort()).toEqual([...CONTINENTS].sort());
  });

  it.each([
    ['us-west1', 'gcp', 'north-america'],
    ['eu-central-1', 'aws', 'europe'],
    ['westeurope', 'azure', 'europe'],
    ['ap-southeast-2', 'aws', 'oceania'],
    ['southamerica-east1', 'gcp', 'south-america'],
  ])('region %s → %s, %s', (region, cloud, continent) => {
    expect(bundledRegion(region)).toEqual({ cloud, continent });
  });

  it('an unknown region is in no table', () => {
    expect(bundledRegion('r1')).toBeUndefined();
  });

  it('the files are found next to src/ (tests) at the package root', () => {
    expect(pricesDirectory().href).toBe(pathToFileURL(`${process.cwd()}/data/prices/`).href);
  });

  const built = 'dist/src/cost/bundled.js';
  it.skipIf(!existsSync(built))('the build (dist/src/cost/) finds the same files (npm test builds first)', async () => {
    const dist = (await import(pathToFileURL(built).href)) as typeof import('../../src/cost/bundled.js');
    expect(dist.pricesDirectory().href).toBe(pricesDirectory().href);
    expect(dist.bundledTable('aws').processing.nat).toBe(0.045);
  });
});
