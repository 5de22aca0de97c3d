/**
 * The scenario's `pricing:` field (zod fragment; model/schema.ts adds it to the scenario schema as
 * `pricing: PricingSchema.optional()`). Without it, no cost is computed.
 *
 *   pricing: aws                                   # the bundled table data/prices/aws.json
 *   pricing: {provider: gcp}                       # the same, long form
 *   pricing:
 *     provider: aws                                # cloud of every cluster unless clusters.<name>.cloud says otherwise
 *     overrides: {cross-zone: 0.02, nat: 0.05}     # USD per GB moved / processed, over the provider's table
 *     tables: {onprem: {...}}                      # whole tables in the data/prices/*.json format
 *     clusters: {gke-eu: {cloud: gcp}, dc1: {cloud: onprem, continent: europe}}
 *     devices: {ingress: [load-balancer], eastwest: [load-balancer], internet: [nat]}
 */
import { z } from 'zod';
import { BUNDLED_PROVIDERS } from './geography.js';
import { ContinentSchema, DeviceSchema, PriceOverridesSchema, PriceTableSchema } from './table-schema.js';

const CloudName = z.string().min(1).meta({ description: `A bundled provider (${BUNDLED_PROVIDERS.join(', ')}) or a table named in pricing.tables.` });

export const PricingClusterSchema = z
  .strictObject({
    cloud: CloudName.optional().meta({ description: 'The cloud the cluster runs in; default: pricing.provider.' }),
    continent: ContinentSchema.optional().meta({
      description: 'Continent of the cluster\'s region; default: from the region tables of the bundled price files. Needed for regions they do not list.',
    }),
  })
  .meta({ description: 'Where a cluster runs, for pricing.' });

const DeviceList = z.array(DeviceSchema);

export const PricingDevicesSchema = z
  .strictObject({
    ingress: DeviceList.optional().meta({ description: 'Devices a hop to an ingress gateway passes (default [load-balancer]: its LoadBalancer Service).' }),
    eastwest: DeviceList.optional().meta({ description: 'Devices a hop to an east-west gateway passes (default [load-balancer]).' }),
    internet: DeviceList.optional().meta({
      description: 'Devices a hop leaving its cloud from inside passes, to the internet or another cloud (default [nat]: nodes on private subnets).',
    }),
  })
  .meta({ description: 'Which cloud devices (charged per GB processed) sit where on a path.' });

export const PricingObjectSchema = z
  .strictObject({
    provider: CloudName.meta({ description: 'Default cloud of every cluster and its price table: aws, gcp, azure, or a table in `tables`.' }),
    overrides: PriceOverridesSchema.optional(),
    tables: z.record(z.string(), PriceTableSchema).optional().meta({ description: 'Price tables by cloud name (a bundled name replaces that bundled table).' }),
    clusters: z.record(z.string(), PricingClusterSchema).optional().meta({ description: 'Cloud and continent per cluster name.' }),
    devices: PricingDevicesSchema.optional(),
  })
  .meta({ description: 'Egress cost: price tables, overrides, clouds of clusters.' });

export const PricingSchema = z
  .union([z.enum(BUNDLED_PROVIDERS).meta({ description: 'A bundled price table for every cluster.' }), PricingObjectSchema])
  .meta({ description: 'Egress cost pricing (prices in USD per GB, decimal GB = 1e9 bytes).' });

export type PricingInput = z.output<typeof PricingSchema>;
