/**
 * Scenario prices: overrides of the provider's table (USD per GB moved, billed to the sender),
 * units, custom tables for clouds meshsim does not bundle, per-cluster clouds and continents.
 */
import { describe, expect, it } from 'vitest';
import { costOfHop } from '../../src/cost/index.js';
import { expectUsd, GB, GiB, hop, pricingOf } from './fixtures.js';

const AWS = [{ name: 'a', region: 'us-east-1' }, { name: 'b', region: 'us-west-2' }, { name: 'sp', region: 'sa-east-1' }];

const ONPREM = {
  unit: 'USD/GB',
  egress: { 'same-zone': 0, 'cross-zone': 0, 'cross-region': 0.005, 'cross-continent': 0.03, internet: 0.05, 'cross-cloud': 0.05 },
  processing: { nat: 0, 'load-balancer': 0.001, 'transit-gateway': 0, 'private-link': 0 },
};

describe('overrides', () => {
  it('a class override is the total per GB moved: AWS cross-AZ 0.05 replaces 0.01 + 0.01', () => {
    const p = pricingOf({ provider: 'aws', overrides: { 'cross-zone': 0.05 } }, AWS);
    expectUsd(costOfHop(p, hop('a/1', 'a/2', 0, GB)).usd, 0.05);
  });

  it('untouched classes keep the bundled price', () => {
    const p = pricingOf({ provider: 'aws', overrides: { 'cross-zone': 0.05 } }, AWS);
    expectUsd(costOfHop(p, hop('a/1', 'b/1', GB, 0)).usd, 0.02);
  });

  it('rates by continent and region pair: São Paulo as a source at 0.138, one pair at 0.005', () => {
    const p = pricingOf({ provider: 'aws', overrides: { 'cross-continent': { default: 0.02, from: { 'south-america': 0.138 } }, 'cross-region': { default: 0.02, pairs: { 'us-west-2<>us-east-1': 0.005 } } } }, AWS);
    // Request from São Paulo 1 GB × 0.138; response from us-east-1 1 GB × 0.02.
    expectUsd(costOfHop(p, hop('sp/1', 'a/1', GB, GB)).usd, 0.158);
    // The pair is symmetric, written either way round: 2 GB × 0.005.
    expectUsd(costOfHop(p, hop('a/1', 'b/1', GB, GB)).usd, 0.01);
  });

  it('unit USD/GiB in overrides: 1 GiB at 0.02/GiB is 0.02', () => {
    const p = pricingOf({ provider: 'aws', overrides: { unit: 'USD/GiB', 'cross-region': 0.02 } }, AWS);
    expectUsd(costOfHop(p, hop('a/1', 'b/1', GiB, 0)).usd, 0.02);
  });

  it('device overrides: NAT at 0.1 per GB processed', () => {
    const p = pricingOf({ provider: 'aws', overrides: { nat: 0.1 } }, AWS);
    // Transfer 1 GB × 0.09 + NAT (1 + 1) GB × 0.1.
    expectUsd(costOfHop(p, hop('a/1', 'internet', GB, GB)).usd, 0.29);
  });

  it('a whole custom table for an on-premises cloud, with the cluster\'s continent given', () => {
    const clusters = [...AWS, { name: 'dc1', region: 'frankfurt-dc' }];
    const p = pricingOf({ provider: 'aws', tables: { onprem: ONPREM }, clusters: { dc1: { cloud: 'onprem', continent: 'europe' } } }, clusters);
    // dc1 → a: cross-cloud; request sent by onprem 1 GB × 0.05, response sent by AWS 1 GB × 0.09; NAT at dc1 costs 0.
    const c = costOfHop(p, hop('dc1/1', 'a/1', GB, GB));
    expect(c.pathClass).toBe('cross-cloud');
    expectUsd(c.usd, 0.14);
    expect([...p.tables.keys()].sort()).toEqual(['aws', 'onprem']);
  });

  it('a custom table may be the provider; a table named like a bundled one replaces it', () => {
    const p = pricingOf({ provider: 'aws', tables: { aws: ONPREM }, clusters: { a: { continent: 'north-america' }, b: { continent: 'north-america' }, sp: { continent: 'south-america' } } }, AWS);
    expectUsd(costOfHop(p, hop('a/1', 'b/1', GB, GB)).usd, 0.01);
    const q = pricingOf({ provider: 'onprem', tables: { onprem: { ...ONPREM, regions: { 'us-east-1': 'north-america' } } } }, [AWS[0]]);
    expect(q.clusters.get('a')).toEqual({ name: 'a', cloud: 'onprem', continent: 'north-america', region: 'us-east-1' });
  });

  it('the shorthand and the long form are the same pricing', () => {
    expect(pricingOf('gcp', AWS.slice(0, 2).map((c) => ({ ...c, region: 'us-west1' })))).toEqual(pricingOf({ provider: 'gcp' }, AWS.slice(0, 2).map((c) => ({ ...c, region: 'us-west1' }))));
  });
});
