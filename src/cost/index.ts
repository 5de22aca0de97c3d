/**
 * Egress cost: price tables (data/prices/*.json), the scenario's `pricing:` field, path classes,
 * who pays per direction, per-GB device processing, and the cost table of a run. Pure apart from
 * reading the bundled price files once.
 *
 * The simulator's side: qualify `pricing:` with the scenario's clusters (qualifyPricing), total
 * bytes per hop as HopTraffic rows, and hand them with the measured seconds to costTable.
 */
export { BUNDLED_PROVIDERS, CONTINENTS, isBundledProvider, type BundledProvider, type Cloud, type Continent } from './geography.js';
export { COST_PATH_CLASSES, INTERNET, classifyPath, type CloudSite, type CostPathClass, type InternetSite, type Site } from './path-class.js';
export { DEVICES, PRICE_UNITS, PriceOverridesSchema, PriceTableSchema, RateSchema, type Device, type PriceUnit } from './table-schema.js';
export { PricingSchema, type PricingInput } from './pricing-schema.js';
export { BYTES_PER_GB, BYTES_PER_UNIT, priceOf, regionPairKey, type PriceTable, type Rate } from './price-table.js';
export { bundledTable, bundledRegion, pricesDirectory } from './bundled.js';
export { DEFAULT_PATH_DEVICES, type PathDevices, type PricedCluster, type Pricing } from './pricing.js';
export { qualifyPricing, type PricingClusterInput, type PricingContext } from './qualify-pricing.js';
export { transferPricePerGb } from './billing.js';
export { costOfHop, devicesOnHop, siteOf, type DeviceCharge, type GatewayKind, type HopCost, type HopEnd, type HopTraffic } from './hop-cost.js';
export { CostAccumulator, SECONDS_PER_MONTH, costTable, type CostLine, type CostTable, type DeviceCost, type PathClassCost, type PricesUsed, type RouteCost } from './cost-table.js';
