/**
 * The bundled price tables, data/prices/{aws,gcp,azure}.json, read once per process. The only I/O
 * of the cost model. data/ sits at the package root; this file runs from src/cost/ (tests, tsx)
 * or from dist/src/cost/ (the build), so both depths are tried.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLED_PROVIDERS, type BundledProvider, type Continent } from './geography.js';
import { toPriceTable, type PriceTable } from './price-table.js';
import { PriceTableSchema, type PriceTableInput } from './table-schema.js';

const CANDIDATE_DIRS = ['../../data/prices/', '../../../data/prices/'];

/** The directory holding the bundled price files. */
export function pricesDirectory(): URL {
  for (const rel of CANDIDATE_DIRS) {
    const dir = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(new URL('aws.json', dir)))) return dir;
  }
  throw new Error(`meshsim: bundled price tables not found (looked for data/prices/ at ${CANDIDATE_DIRS.map((r) => new URL(r, import.meta.url).href).join(', ')})`);
}

const raw = new Map<BundledProvider, PriceTableInput>();
const qualified = new Map<BundledProvider, PriceTable>();

/** The data file of a bundled provider, validated (a broken bundled file is a bug: it throws). */
export function bundledTableInput(provider: BundledProvider): PriceTableInput {
  let t = raw.get(provider);
  if (t === undefined) {
    const url = new URL(`${provider}.json`, pricesDirectory());
    const parsed = PriceTableSchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`meshsim: ${fileURLToPath(url)} is not a valid price table: ${parsed.error.message}`);
    t = parsed.data;
    raw.set(provider, t);
  }
  return t;
}

/** The qualified bundled table of a provider (USD per GB). */
export function bundledTable(provider: BundledProvider): PriceTable {
  let t = qualified.get(provider);
  if (t === undefined) {
    t = toPriceTable(provider, bundledTableInput(provider));
    qualified.set(provider, t);
  }
  return t;
}

/** The bundled provider listing a region, and the region's continent (first listing wins; none overlap). */
export function bundledRegion(region: string): { cloud: BundledProvider; continent: Continent } | undefined {
  for (const cloud of BUNDLED_PROVIDERS) {
    const continent = bundledTable(cloud).regions.get(region);
    if (continent !== undefined) return { cloud, continent };
  }
  return undefined;
}
