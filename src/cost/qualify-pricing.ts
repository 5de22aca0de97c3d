/**
 * Turns the scenario's `pricing:` field into the qualified Pricing: tables loaded and converted to
 * USD per GB, overrides applied, every cluster given a cloud and a continent. Cross-reference
 * problems are diagnostics with field paths (in the style of model/qualify.ts); nothing throws
 * for a user mistake.
 *
 * Where a cluster's cloud and continent come from:
 * - cloud: `pricing.clusters.<name>.cloud`, else `pricing.provider`. The provider is the user's
 *   statement of where the mesh runs, so it wins over a region name that looks like another
 *   cloud's (a warning says so: the Istio tutorial's us-west1 is a GCP region);
 * - continent: `pricing.clusters.<name>.continent`, else the region list of the cluster's table,
 *   else any bundled table's region list (geography does not depend on the bill), else an error
 *   naming the cluster.
 */
import { formatPath, type Diagnostics, type FieldPath, type Locator } from '../model/diagnostics.js';
import { bundledRegion, bundledTable } from './bundled.js';
import { BUNDLED_PROVIDERS, CONTINENTS, isBundledProvider, type Cloud } from './geography.js';
import { COST_PATH_CLASSES } from './path-class.js';
import { DEFAULT_PATH_DEVICES, type PricedCluster, type Pricing } from './pricing.js';
import { badPairKeys, toPriceTable, withOverrides, type PriceTable } from './price-table.js';
import type { PricingInput } from './pricing-schema.js';
import type { RateInput } from './table-schema.js';

/** Where diagnostics go: the scenario file, its locator, the collection (as in model/qualify.ts). */
export interface PricingContext {
  file: string;
  locate: Locator | undefined;
  diags: Diagnostics;
}

/** What pricing needs of a scenario cluster (model's ClusterSpec fits). */
export interface PricingClusterInput {
  name: string;
  region: string;
}

function checkPairs(ctx: PricingContext, rates: Partial<Record<string, RateInput>>, path: FieldPath): void {
  for (const [cls, rate] of Object.entries(rates)) {
    for (const key of badPairKeys(rate)) {
      ctx.diags.error(ctx.file, ctx.locate, [...path, cls, 'pairs', key], `expected a region pair "regionA<>regionB", got "${key}"`);
    }
  }
}

/**
 * The qualified pricing, or undefined when the scenario has no `pricing:` field (no cost is
 * computed then). `path` is where the field sits (`pricing`), `clustersPath` where the scenario's
 * clusters are (`clusters`, in the same order as `clusters`).
 */
export function qualifyPricing(
  input: PricingInput | undefined,
  clusters: readonly PricingClusterInput[],
  ctx: PricingContext,
  path: FieldPath = ['pricing'],
  clustersPath: FieldPath = ['clusters'],
): Pricing | undefined {
  if (input === undefined) return undefined;
  const error = (at: FieldPath, message: string) => ctx.diags.error(ctx.file, ctx.locate, at, message);
  const p = typeof input === 'string' ? { provider: input } : input;
  const obj = typeof input === 'string' ? undefined : input;

  const defined = new Map<Cloud, PriceTable>();
  for (const [name, t] of Object.entries(obj?.tables ?? {})) {
    checkPairs(ctx, t.egress, [...path, 'tables', name, 'egress']);
    checkPairs(ctx, t.ingress, [...path, 'tables', name, 'ingress']);
    defined.set(name, toPriceTable(name, t));
  }
  const tableOf = (cloud: Cloud): PriceTable | undefined => defined.get(cloud) ?? (isBundledProvider(cloud) ? bundledTable(cloud) : undefined);
  const knownClouds = () => [...new Set<string>([...BUNDLED_PROVIDERS, ...defined.keys()])].join(', ');

  const tables = new Map<Cloud, PriceTable>();
  const provider = tableOf(p.provider);
  if (provider === undefined) {
    error(obj ? [...path, 'provider'] : path, `unknown provider "${p.provider}"; known: ${knownClouds()} (define others in ${formatPath([...path, 'tables'])})`);
  } else if (obj?.overrides !== undefined) {
    const o = obj.overrides;
    checkPairs(ctx, Object.fromEntries(COST_PATH_CLASSES.map((c) => [c, o[c]])), [...path, 'overrides']);
    tables.set(p.provider, withOverrides(provider, obj.overrides));
  }

  const names = new Set(clusters.map((c) => c.name));
  for (const [name, c] of Object.entries(obj?.clusters ?? {})) {
    if (!names.has(name)) error([...path, 'clusters', name], `unknown cluster "${name}"; clusters: ${[...names].join(', ')}`);
    if (c.cloud !== undefined && tableOf(c.cloud) === undefined) {
      error([...path, 'clusters', name, 'cloud'], `unknown cloud "${c.cloud}"; known: ${knownClouds()} (define others in ${formatPath([...path, 'tables'])})`);
    }
  }

  const priced = new Map<string, PricedCluster>();
  clusters.forEach((c, i) => {
    if (priced.has(c.name)) return; // a duplicate name, reported by the scenario's own checks
    const given = obj?.clusters?.[c.name];
    const cloud = given?.cloud ?? p.provider;
    const table = tableOf(cloud);
    if (table === undefined) return; // reported above
    if (!tables.has(cloud)) tables.set(cloud, table);
    const listed = bundledRegion(c.region);
    const continent = given?.continent ?? table.regions.get(c.region) ?? listed?.continent;
    if (continent === undefined) {
      error([...clustersPath, i, 'region'],
        `cluster "${c.name}": region "${c.region}" is in no price table's region list, so its continent is unknown; ` +
        `set ${formatPath([...path, 'clusters', c.name, 'continent'])} (one of ${CONTINENTS.join(', ')})`);
      return;
    }
    if (given?.cloud === undefined && listed !== undefined && listed.cloud !== cloud && !table.regions.has(c.region)) {
      ctx.diags.warning(ctx.file, ctx.locate, [...clustersPath, i, 'region'],
        `region "${c.region}" is a ${listed.cloud} region, but cluster "${c.name}" is priced as ${cloud} (pricing.provider); ` +
        `set ${formatPath([...path, 'clusters', c.name, 'cloud'])}: ${listed.cloud} if it runs there`);
    }
    priced.set(c.name, { name: c.name, cloud, continent, region: c.region });
  });

  const d = obj?.devices;
  return {
    provider: p.provider,
    tables,
    clusters: priced,
    devices: {
      ingress: d?.ingress ?? DEFAULT_PATH_DEVICES.ingress,
      eastwest: d?.eastwest ?? DEFAULT_PATH_DEVICES.eastwest,
      internet: d?.internet ?? DEFAULT_PATH_DEVICES.internet,
    },
  };
}
