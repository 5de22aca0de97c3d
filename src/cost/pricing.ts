/**
 * The qualified pricing of a scenario: a price table for every cloud its clusters run in (USD per
 * GB, overrides applied), each cluster's cloud, continent and region, and the devices on gateway
 * paths. qualify-pricing.ts builds it from the `pricing:` field; hop-cost.ts prices hops with it.
 */
import type { Cloud, Continent } from './geography.js';
import type { PriceTable } from './price-table.js';
import type { Device } from './table-schema.js';

export interface PricedCluster {
  name: string;
  cloud: Cloud;
  continent: Continent;
  region: string;
}

/** Cloud devices crossed on gateway paths (each charges per GB processed). */
export interface PathDevices {
  /** On a hop to an ingress gateway: the cloud load balancer of its LoadBalancer Service. */
  ingress: readonly Device[];
  /** On a hop to an east-west gateway (also a LoadBalancer Service). */
  eastwest: readonly Device[];
  /** On a hop that leaves its cloud from inside (to the internet or another cloud): a NAT gateway for private nodes. */
  internet: readonly Device[];
}

export const DEFAULT_PATH_DEVICES: PathDevices = { ingress: ['load-balancer'], eastwest: ['load-balancer'], internet: ['nat'] };

export interface Pricing {
  /** The default cloud (pricing.provider). */
  provider: Cloud;
  /** The table of every cloud a cluster runs in, by cloud name. */
  tables: ReadonlyMap<Cloud, PriceTable>;
  clusters: ReadonlyMap<string, PricedCluster>;
  devices: PathDevices;
}
