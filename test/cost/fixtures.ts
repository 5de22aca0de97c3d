/**
 * Shared pieces of the cost tests: clusters in known regions of each cloud, a pricing built the
 * way the simulator will build it (schema, then qualifyPricing), hop rows written in one line, and
 * a USD comparison exact to a billionth (floating point, not rounding, is the only slack).
 */
import { expect } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/model/diagnostics.js';
import { PricingSchema, qualifyPricing, type HopEnd, type HopTraffic, type Pricing, type PricingClusterInput } from '../../src/cost/index.js';

export const GB = 1e9;
export const GiB = 2 ** 30;

/** Clusters of the tests: name → region (AWS, GCP and Azure region names). */
export const CLUSTERS: PricingClusterInput[] = [
  { name: 'use1', region: 'us-east-1' }, // AWS, North America
  { name: 'use2', region: 'us-east-2' }, // AWS, North America (us-east-1<>us-east-2 is $0.01)
  { name: 'usw2', region: 'us-west-2' }, // AWS, North America
  { name: 'euc1', region: 'eu-central-1' }, // AWS, Europe
  { name: 'gusw1', region: 'us-west1' }, // GCP, North America
  { name: 'gusc1', region: 'us-central1' }, // GCP, North America
  { name: 'geuw3', region: 'europe-west3' }, // GCP, Europe
  { name: 'gaus1', region: 'australia-southeast1' }, // GCP, Oceania
  { name: 'zeus', region: 'eastus' }, // Azure, North America
  { name: 'zwus2', region: 'westus2' }, // Azure, North America
  { name: 'zweu', region: 'westeurope' }, // Azure, Europe
  { name: 'zbrs', region: 'brazilsouth' }, // Azure, South America
];

const CLOUD_OF: Record<string, string> = {
  use1: 'aws', use2: 'aws', usw2: 'aws', euc1: 'aws',
  gusw1: 'gcp', gusc1: 'gcp', geuw3: 'gcp', gaus1: 'gcp',
  zeus: 'azure', zwus2: 'azure', zweu: 'azure', zbrs: 'azure',
};

/** Qualifies a `pricing:` value (raw, as a scenario file holds it); fails the test on any diagnostic. */
export function pricingOf(raw: unknown, clusters: PricingClusterInput[] = CLUSTERS): Pricing {
  const parsed = PricingSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`pricing does not parse: ${parsed.error.message}`);
  const diags = new Diagnostics();
  const p = qualifyPricing(parsed.data, clusters, { file: 'test.yaml', locate: undefined, diags });
  if (diags.items.length > 0) throw new Error(diags.items.map(formatDiagnostic).join('\n'));
  return p!;
}

/**
 * Pricing of the test clusters, each in the cloud its region belongs to, with no devices on gateway
 * paths (transfer tests see transfer only). `extra` adds to the pricing object.
 */
export function multiCloud(extra: Record<string, unknown> = {}): Pricing {
  return pricingOf({
    provider: 'aws',
    clusters: Object.fromEntries(Object.entries(CLOUD_OF).map(([c, cloud]) => [c, { cloud }])),
    devices: { ingress: [], eastwest: [], internet: [] },
    ...extra,
  });
}

/** `cluster/zone` or `internet` → a hop end. */
export function end(s: string): HopEnd {
  if (s === 'internet') return 'internet';
  const [cluster, zone] = s.split('/');
  return { cluster, zone: zone ?? 'z' };
}

/** A hop in one line: hop('use1/a', 'use1/b', requestBytes, responseBytes, {toGateway, via, requests, service}). */
export function hop(from: string, to: string, requestBytes: number, responseBytes: number, more: Partial<HopTraffic> = {}): HopTraffic {
  return { from: end(from), to: end(to), service: 'svc', requests: 1, requestBytes, responseBytes, ...more };
}

/** USD equal up to floating-point error (1e-9 relative): the hand-computed figure, not a rounding of it. */
export function expectUsd(actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}
