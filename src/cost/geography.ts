/**
 * Where a cluster is, as far as a cloud bill cares: its cloud (the provider whose price table bills
 * its traffic) and its continent (which separates inter-region traffic from intercontinental
 * traffic). Regions come from the Kubernetes label `topology.kubernetes.io/region`; each bundled
 * price table lists its provider's regions and their continents (data/prices/*.json).
 */

/** Providers with a bundled price table in data/prices/. A scenario may add tables of its own name. */
export const BUNDLED_PROVIDERS = ['aws', 'gcp', 'azure'] as const;
export type BundledProvider = (typeof BUNDLED_PROVIDERS)[number];

/** A cloud: a bundled provider or the name of a price table defined in the scenario. */
export type Cloud = string;

/**
 * Continents as the providers' price lists group them (GCP's Network Service Tiers geolocations
 * and Azure's bandwidth zones are both continent-based; GCP groups Middle East with Africa).
 */
export const CONTINENTS = ['north-america', 'south-america', 'europe', 'asia', 'oceania', 'middle-east', 'africa'] as const;
export type Continent = (typeof CONTINENTS)[number];

export function isBundledProvider(name: string): name is BundledProvider {
  return (BUNDLED_PROVIDERS as readonly string[]).includes(name);
}
