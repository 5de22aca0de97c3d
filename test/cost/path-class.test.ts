/**
 * classifyPath: every class, widest boundary first, symmetric; and the sites the pricing gives
 * clusters (cloud, continent and region from the bundled region tables).
 */
import { describe, expect, it } from 'vitest';
import { classifyPath, INTERNET, siteOf, type CloudSite, type CostPathClass, type Site } from '../../src/cost/index.js';
import { multiCloud } from './fixtures.js';

const at = (cloud: string, continent: CloudSite['continent'], region: string, zone: string): Site => ({ kind: 'cloud', cloud, continent, region, zone });
const A = at('aws', 'north-america', 'us-east-1', 'us-east-1a');

describe('classifyPath', () => {
  const cases: [string, Site, Site, CostPathClass][] = [
    ['same zone', A, at('aws', 'north-america', 'us-east-1', 'us-east-1a'), 'same-zone'],
    ['another zone of the region', A, at('aws', 'north-america', 'us-east-1', 'us-east-1b'), 'cross-zone'],
    ['another region, same continent', A, at('aws', 'north-america', 'us-west-2', 'us-west-2a'), 'cross-region'],
    ['another continent', A, at('aws', 'europe', 'eu-central-1', 'eu-central-1a'), 'cross-continent'],
    ['the internet, either end', A, INTERNET, 'internet'],
    ['another cloud, even next door', A, at('gcp', 'north-america', 'us-east4', 'us-east4-a'), 'cross-cloud'],
    // The widest boundary wins: another cloud on another continent is cross-cloud.
    ['another cloud and continent', A, at('azure', 'europe', 'westeurope', '1'), 'cross-cloud'],
    // Zone names only matter within a region: equal zone strings in two regions are still cross-region.
    ['same zone name, another region', at('x', 'asia', 'r1', 'z'), at('x', 'asia', 'r2', 'z'), 'cross-region'],
  ];
  it.each(cases)('%s', (_name, a, b, expected) => {
    expect(classifyPath(a, b)).toBe(expected);
    expect(classifyPath(b, a)).toBe(expected);
  });
});

describe('sites of clusters', () => {
  const p = multiCloud();
  it.each([
    ['use1', 'aws', 'north-america', 'us-east-1'],
    ['euc1', 'aws', 'europe', 'eu-central-1'],
    ['gusw1', 'gcp', 'north-america', 'us-west1'],
    ['gaus1', 'gcp', 'oceania', 'australia-southeast1'],
    ['zbrs', 'azure', 'south-america', 'brazilsouth'],
  ])('%s is in %s, %s', (cluster, cloud, continent, region) => {
    expect(siteOf(p, { cluster, zone: 'z1' })).toEqual({ kind: 'cloud', cloud, continent, region, zone: 'z1' });
  });

  it('the internet is the internet; an unpriced cluster is a bug (throws)', () => {
    expect(siteOf(p, 'internet')).toBe(INTERNET);
    expect(() => siteOf(p, { cluster: 'nope', zone: 'z' })).toThrow(/no pricing/);
  });
});
