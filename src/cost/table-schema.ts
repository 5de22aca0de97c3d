/**
 * The format of a price table: the bundled files data/prices/{aws,gcp,azure}.json and the tables a
 * scenario defines in `pricing.tables` share it. One zod definition validates both and documents
 * every field (units, who pays) in the JSON Schema editors see.
 *
 * A rate is USD per GB moved (or per GiB when the table says `unit: USD/GiB`): a number, or a
 * default with exceptions by the sender's continent (`from`) and by region pair (`pairs`,
 * "regionA<>regionB", symmetric), the most specific winning.
 */
import { z } from 'zod';
import { CONTINENTS } from './geography.js';
import { COST_PATH_CLASSES } from './path-class.js';

/** Cloud devices that charge per GB they process, on top of transfer. */
export const DEVICES = ['nat', 'load-balancer', 'transit-gateway', 'private-link'] as const;
export type Device = (typeof DEVICES)[number];

export const PRICE_UNITS = ['USD/GB', 'USD/GiB'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export const ContinentSchema = z.enum(CONTINENTS).meta({ description: 'A continent as cloud price lists group regions.' });
export const DeviceSchema = z.enum(DEVICES);

const Price = z.number().nonnegative().meta({ description: 'USD per GB (1e9 bytes), or per GiB in a table with unit USD/GiB.' });

export const RateSchema = z.union([
  Price,
  z
    .strictObject({
      default: Price,
      from: z.partialRecord(ContinentSchema, Price).optional().meta({ description: 'Price when the sender is on this continent.' }),
      pairs: z
        .record(z.string(), Price)
        .optional()
        .meta({ description: 'Price between two regions, keyed "regionA<>regionB" (symmetric); wins over `from`.' }),
    })
    .meta({ description: 'A default price with exceptions by the sender\'s continent and by region pair.' }),
]);
export type RateInput = z.output<typeof RateSchema>;

type ClassKey = (typeof COST_PATH_CLASSES)[number];
const allClassRates = () => z.strictObject(Object.fromEntries(COST_PATH_CLASSES.map((c) => [c, RateSchema])) as Record<ClassKey, typeof RateSchema>);
const someClassRates = () =>
  z.strictObject(Object.fromEntries(COST_PATH_CLASSES.map((c) => [c, RateSchema.optional()])) as Record<ClassKey, z.ZodOptional<typeof RateSchema>>);

export const PriceTableSchema = z
  .strictObject({
    provider: z.string().optional().meta({ description: 'The provider this table prices (a bundled file names its own).' }),
    title: z.string().optional(),
    unit: z.enum(PRICE_UNITS).default('USD/GB').meta({ description: 'USD/GB (decimal, 1e9 bytes; default) or USD/GiB (2^30 bytes, as GCP publishes).' }),
    asOf: z.string().optional().meta({ description: 'When the prices were taken (YYYY-MM-DD).' }),
    collected: z.string().optional(),
    sources: z.array(z.strictObject({ title: z.string(), url: z.string(), note: z.string().optional() })).default([]),
    assumptions: z.array(z.string()).default([]),
    egress: allClassRates().meta({ description: 'Charged to the sending side, per GB it sends, by path class.' }),
    ingress: someClassRates()
      .default({})
      .meta({ description: 'Charged to the receiving side, per GB it receives (AWS bills cross-AZ traffic at both ends); missing classes are free.' }),
    processing: z
      .strictObject(Object.fromEntries(DEVICES.map((d) => [d, Price])) as Record<Device, typeof Price>)
      .meta({ description: 'Per GB processed (both directions) by a NAT gateway, a load balancer, a transit gateway or a private endpoint.' }),
    regions: z.record(z.string(), ContinentSchema).default({}).meta({ description: 'The provider\'s regions and their continents.' }),
  })
  .meta({ description: 'A price table: data/prices/*.json format.' });
export type PriceTableInput = z.output<typeof PriceTableSchema>;

/**
 * Overrides of a bundled table, by path class and device. A class's price is the total per GB
 * moved, billed to the sender (it replaces both the egress and the ingress side of that class).
 */
export const PriceOverridesSchema = z
  .strictObject({
    unit: z.enum(PRICE_UNITS).default('USD/GB').meta({ description: 'Unit of the prices below (default USD/GB).' }),
    ...(Object.fromEntries(COST_PATH_CLASSES.map((c) => [c, RateSchema.optional()])) as Record<ClassKey, z.ZodOptional<typeof RateSchema>>),
    ...(Object.fromEntries(DEVICES.map((d) => [d, Price.optional()])) as Record<Device, z.ZodOptional<typeof Price>>),
  })
  .meta({ description: 'Prices replacing the table\'s, by path class (USD per GB moved) and device (USD per GB processed).' });
export type PriceOverridesInput = z.output<typeof PriceOverridesSchema>;
