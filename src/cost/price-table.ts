/**
 * A price table in the qualified form the cost model uses: every price in USD per decimal GB
 * (1e9 bytes), every class and device present, rates with their exceptions resolved by lookup.
 * Built from the data-file format (table-schema.ts) once, when the scenario is qualified.
 */
import type { Cloud, Continent } from './geography.js';
import { COST_PATH_CLASSES, type CostPathClass } from './path-class.js';
import { DEVICES, type Device, type PriceOverridesInput, type PriceTableInput, type PriceUnit, type RateInput } from './table-schema.js';

/** Bytes in one unit of a price: decimal GB, or GiB (GCP publishes prices per GiB). */
export const BYTES_PER_UNIT: Record<PriceUnit, number> = { 'USD/GB': 1e9, 'USD/GiB': 2 ** 30 };
export const BYTES_PER_GB = 1e9;

/** A price in USD per GB, with exceptions by the sender's continent and by region pair. */
export interface Rate {
  default: number;
  from: Readonly<Partial<Record<Continent, number>>>;
  /** Keyed by `regionPairKey`. */
  pairs: ReadonlyMap<string, number>;
}

export interface PriceSource {
  title: string;
  url: string;
}

export interface PriceTable {
  cloud: Cloud;
  /** Charged to the sender, per GB sent, by class. */
  egress: Readonly<Record<CostPathClass, Rate>>;
  /** Charged to the receiver, per GB received, by class (0 where the provider does not bill ingress). */
  ingress: Readonly<Record<CostPathClass, Rate>>;
  /** Per GB processed. */
  processing: Readonly<Record<Device, number>>;
  regions: ReadonlyMap<string, Continent>;
  asOf: string;
  sources: readonly PriceSource[];
}

/** `a<>b` with the two regions in sorted order, so a pair is found either way round. */
export function regionPairKey(a: string, b: string): string {
  return a < b ? `${a}<>${b}` : `${b}<>${a}`;
}

/** The price for bytes sent from `fromRegion` (on `fromContinent`) to `toRegion` ('' for the internet). */
export function priceOf(rate: Rate, fromRegion: string, toRegion: string, fromContinent: Continent | undefined): number {
  return rate.pairs.get(regionPairKey(fromRegion, toRegion)) ?? (fromContinent === undefined ? undefined : rate.from[fromContinent]) ?? rate.default;
}

const FREE: Rate = { default: 0, from: {}, pairs: new Map() };

/** Pair keys that are not "regionA<>regionB"; reported by the caller with their path. */
export function badPairKeys(rate: RateInput | undefined): string[] {
  if (rate === undefined || typeof rate === 'number') return [];
  return Object.keys(rate.pairs ?? {}).filter((k) => k.split('<>').length !== 2 || k.split('<>').some((r) => r.trim() === ''));
}

/** Converts a rate to USD per GB (`perUnit` is the price unit's size in bytes). */
export function toRate(input: RateInput | undefined, perUnit: number): Rate {
  if (input === undefined) return FREE;
  const k = BYTES_PER_GB / perUnit;
  if (typeof input === 'number') return { default: input * k, from: {}, pairs: new Map() };
  const from: Partial<Record<Continent, number>> = {};
  for (const [c, v] of Object.entries(input.from ?? {}) as [Continent, number][]) from[c] = v * k;
  const pairs = new Map<string, number>();
  for (const [key, v] of Object.entries(input.pairs ?? {})) {
    const [a, b] = key.split('<>').map((r) => r.trim());
    pairs.set(regionPairKey(a, b), v * k);
  }
  return { default: input.default * k, from, pairs };
}

/** The qualified table of a data file or a scenario table named `cloud`. */
export function toPriceTable(cloud: Cloud, t: PriceTableInput): PriceTable {
  const perUnit = BYTES_PER_UNIT[t.unit];
  const byClass = (rates: Partial<Record<CostPathClass, RateInput>>) =>
    Object.fromEntries(COST_PATH_CLASSES.map((c) => [c, toRate(rates[c], perUnit)])) as Record<CostPathClass, Rate>;
  return {
    cloud,
    egress: byClass(t.egress),
    ingress: byClass(t.ingress),
    processing: Object.fromEntries(DEVICES.map((d) => [d, (t.processing[d] * BYTES_PER_GB) / perUnit])) as Record<Device, number>,
    regions: new Map(Object.entries(t.regions)),
    asOf: t.asOf ?? '',
    sources: t.sources.map((s) => ({ title: s.title, url: s.url })),
  };
}

/**
 * `table` with overrides applied. An overridden class costs its price per GB moved, billed to the
 * sender: egress takes the price, ingress becomes free (so AWS's 0.01 + 0.01 cross-AZ becomes one
 * price of the user's choosing, not 0.01 + the override).
 */
export function withOverrides(table: PriceTable, o: PriceOverridesInput): PriceTable {
  const perUnit = BYTES_PER_UNIT[o.unit];
  const egress = { ...table.egress };
  const ingress = { ...table.ingress };
  for (const c of COST_PATH_CLASSES) {
    if (o[c] === undefined) continue;
    egress[c] = toRate(o[c], perUnit);
    ingress[c] = FREE;
  }
  const processing = { ...table.processing };
  for (const d of DEVICES) if (o[d] !== undefined) processing[d] = (o[d] * BYTES_PER_GB) / perUnit;
  return { ...table, egress, ingress, processing };
}
