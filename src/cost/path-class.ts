/**
 * Path classes for egress cost: what boundary a hop's bytes cross. Clouds bill by these
 * boundaries (zone, region, continent, their own network), so each class has a price.
 *
 * `same-zone`, `cross-zone` and `cross-region` keep the meaning they have in meshsim's outputs
 * (topology/locality.ts); `cross-region` is now regions of one continent, and traffic between
 * continents, to or from the internet, or between two clouds gets a class of its own.
 */
import type { Cloud, Continent } from './geography.js';

export const COST_PATH_CLASSES = ['same-zone', 'cross-zone', 'cross-region', 'cross-continent', 'internet', 'cross-cloud'] as const;
export type CostPathClass = (typeof COST_PATH_CLASSES)[number];

/** One end of a hop inside a cloud: a zone of a region of a cloud. */
export interface CloudSite {
  kind: 'cloud';
  cloud: Cloud;
  continent: Continent;
  region: string;
  zone: string;
}

/** One end of a hop outside every cloud of the mesh: users or services on the internet. */
export interface InternetSite {
  kind: 'internet';
}

export type Site = CloudSite | InternetSite;

export const INTERNET: InternetSite = { kind: 'internet' };

/**
 * The boundary a hop between `a` and `b` crosses, the widest first: the internet (one end is
 * outside the mesh's clouds), another cloud, another continent, another region, another zone.
 * Symmetric: the response crosses the same boundary as the request.
 *
 *   classifyPath({cloud: 'gcp', continent: 'north-america', region: 'us-west1', zone: 'us-west1-a'},
 *                {cloud: 'gcp', continent: 'europe', region: 'europe-west3', zone: 'europe-west3-a'})
 *   // 'cross-continent'
 */
export function classifyPath(a: Site, b: Site): CostPathClass {
  if (a.kind === 'internet' || b.kind === 'internet') return 'internet';
  if (a.cloud !== b.cloud) return 'cross-cloud';
  if (a.continent !== b.continent) return 'cross-continent';
  if (a.region !== b.region) return 'cross-region';
  if (a.zone !== b.zone) return 'cross-zone';
  return 'same-zone';
}
