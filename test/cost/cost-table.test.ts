/**
 * A hand-computable cost scenario: known requests, sizes and prices give the exact USD by path
 * class, by route, by device, in total, and per 30-day month at the simulated rate.
 *
 * An AWS mesh: `east` in us-east-1 (zones a, b), `west` in us-west-2, `eu` in eu-central-1. Over
 * 100 simulated seconds:
 *   1. users → east ingress gateway, productpage: 10,000 × (1 KB up, 100 KB down)
 *   2. east/a → east/b, reviews:                   10,000 × (2 KB, 50 KB)
 *   3. east/a → west east-west gateway, ratings:     5,000 × (1 KB, 10 KB)
 *   4. east/a → eu east-west gateway, details:       2,000 × (1 KB, 500 KB)
 *   5. east/a → internet (payments API):             1,000 × (10 KB, 1 KB), through NAT
 *   6. east/a → east/a, cache:                      10,000 × (1 KB, 1 KB)
 * (KB = 1,000 bytes; AWS prices per decimal GB.)
 */
import { describe, expect, it } from 'vitest';
import { costTable, CostAccumulator, SECONDS_PER_MONTH, type HopTraffic } from '../../src/cost/index.js';
import { expectUsd, hop, pricingOf } from './fixtures.js';

const KB = 1e3;
const pricing = pricingOf('aws', [
  { name: 'east', region: 'us-east-1' },
  { name: 'west', region: 'us-west-2' },
  { name: 'eu', region: 'eu-central-1' },
]);
/** `requests` calls of `up` request bytes and `down` response bytes each. */
const calls = (from: string, to: string, requests: number, up: number, down: number, more: Partial<HopTraffic>) =>
  hop(from, to, requests * up, requests * down, { requests, ...more });
const HOPS: HopTraffic[] = [
  calls('internet', 'east/a', 10_000, KB, 100 * KB, { service: 'productpage', toGateway: 'ingress' }),
  calls('east/a', 'east/b', 10_000, 2 * KB, 50 * KB, { service: 'reviews' }),
  calls('east/a', 'west/a', 5_000, KB, 10 * KB, { service: 'ratings', toGateway: 'eastwest' }),
  calls('east/a', 'eu/a', 2_000, KB, 500 * KB, { service: 'details', toGateway: 'eastwest' }),
  calls('east/a', 'internet', 1_000, 10 * KB, KB, { service: 'payments' }),
  calls('east/a', 'east/a', 10_000, KB, KB, { service: 'cache' }),
];

// Transfer and processing of each hop, by hand:
// 1. 1e7 B up free; 1e9 B down × 0.09 = 0.09.            NLB (1e7 + 1e9) × 0.006/GB = 0.00606
// 2. (2e7 + 5e8) B cross-AZ × (0.01 + 0.01) = 0.0104
// 3. (5e6 + 5e7) B inter-region × 0.02 = 0.0011.          NLB 5.5e7 × 0.006/GB = 0.00033
// 4. (2e6 + 1e9) B intercontinental × 0.02 = 0.02004.     NLB 1.002e9 × 0.006/GB = 0.006012
// 5. 1e7 B out × 0.09 = 0.0009; 1e6 B in free.           NAT 1.1e7 × 0.045/GB = 0.000495
// 6. same zone: 0
const TRANSFER = 0.09 + 0.0104 + 0.0011 + 0.02004 + 0.0009;
const PROCESSING = 0.00606 + 0.00033 + 0.006012 + 0.000495;
const MEASURED_S = 100;
const PER_MONTH = SECONDS_PER_MONTH / MEASURED_S; // 2,592,000 s / 100 s = 25,920

describe('a hand-computable AWS scenario', () => {
  const t = costTable(pricing, HOPS, MEASURED_S);

  it('total: transfer 0.12244 + processing 0.012897 = 0.135337 USD; 3,507.93504 USD/month', () => {
    expectUsd(t.total.transferUsd, 0.12244);
    expectUsd(t.total.processingUsd, 0.012897);
    expectUsd(t.total.usd, 0.135337);
    expectUsd(t.total.transferUsd, TRANSFER);
    expectUsd(t.total.processingUsd, PROCESSING);
    expect(t.monthFactor).toBe(25_920);
    expectUsd(t.total.usdPerMonth, 0.135337 * 25_920);
    expectUsd(t.total.usdPerMonth, 3507.93504);
    expect(t.total.requests).toBe(38_000);
    expect(t.total.requestBytes).toBe(1e7 + 2e7 + 5e6 + 2e6 + 1e7 + 1e7);
    expect(t.total.responseBytes).toBe(1e9 + 5e8 + 5e7 + 1e9 + 1e6 + 1e7);
  });

  it('by path class: every class listed, in order; each hop in its own class', () => {
    expect(t.byPathClass.map((r) => r.pathClass)).toEqual(['same-zone', 'cross-zone', 'cross-region', 'cross-continent', 'internet', 'cross-cloud']);
    const usd = Object.fromEntries(t.byPathClass.map((r) => [r.pathClass, r.usd]));
    expectUsd(usd['same-zone'], 0);
    expectUsd(usd['cross-zone'], 0.0104);
    expectUsd(usd['cross-region'], 0.0011 + 0.00033);
    expectUsd(usd['cross-continent'], 0.02004 + 0.006012);
    expectUsd(usd.internet, 0.09 + 0.00606 + 0.0009 + 0.000495);
    expectUsd(usd['cross-cloud'], 0);
    expect(t.byPathClass.find((r) => r.pathClass === 'internet')!.requests).toBe(11_000);
    expectUsd(t.byPathClass.reduce((a, r) => a + r.usd, 0), t.total.usd);
    for (const r of t.byPathClass) expectUsd(r.usdPerMonth, r.usd * PER_MONTH);
  });

  it('by route: source → destination cluster per service, sorted', () => {
    expect(t.byRoute.map((r) => `${r.source} → ${r.destination} ${r.service}`)).toEqual([
      'east → east cache',
      'east → east reviews',
      'east → eu details',
      'east → internet payments',
      'east → west ratings',
      'internet → east productpage',
    ]);
    const usd = Object.fromEntries(t.byRoute.map((r) => [r.service, r]));
    expectUsd(usd.productpage.usd, 0.09606);
    expectUsd(usd.productpage.processingUsd, 0.00606);
    expectUsd(usd.details.usd, 0.026052);
    expectUsd(usd.details.usdPerMonth, 0.026052 * PER_MONTH);
    expect(usd.reviews.requestBytes).toBe(2e7);
    expect(usd.reviews.responseBytes).toBe(5e8);
  });

  it('by device: the AWS NLB in front of the gateways, the NAT on the way out', () => {
    expect(t.byDevice.map((d) => `${d.device}:${d.cloud}`)).toEqual(['load-balancer:aws', 'nat:aws']);
    expect(t.byDevice[0].processedBytes).toBe(1.01e9 + 5.5e7 + 1.002e9);
    expectUsd(t.byDevice[0].usd, 0.00606 + 0.00033 + 0.006012);
    expectUsd(t.byDevice[1].usd, 0.000495);
    expectUsd(t.byDevice[1].usdPerMonth, 0.000495 * PER_MONTH);
  });

  it('names the prices it used', () => {
    expect(t.prices).toEqual([{ cloud: 'aws', asOf: '2026-11-25', sources: expect.arrayContaining(['https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer']) }]);
  });
});

describe('monthly extrapolation', () => {
  it.each([
    // [measured seconds, factor]: a 30-day month is 2,592,000 s
    [1, 2_592_000],
    [60, 43_200],
    [3600, 720],
    [2_592_000, 1],
  ])('%d s measured → × %d', (seconds, factor) => {
    const t = costTable(pricing, [hop('east/a', 'east/b', 0, 1e9)], seconds);
    expect(t.monthFactor).toBe(factor);
    // 1 GB cross-AZ = $0.02 in the measured time.
    expectUsd(t.total.usdPerMonth, 0.02 * factor);
  });

  it('nothing measured: no extrapolation (0, not Infinity)', () => {
    const t = costTable(pricing, [], 0);
    expect(t.monthFactor).toBe(0);
    expect(t.total.usdPerMonth).toBe(0);
    expect(t.byRoute).toEqual([]);
  });

  it('the accumulator gives the same table whatever order the hops come in', () => {
    const a = new CostAccumulator(pricing);
    for (const h of [...HOPS].reverse()) a.add(h);
    const b = costTable(pricing, HOPS, MEASURED_S);
    const ta = a.table(MEASURED_S);
    expect(ta.byRoute.map((r) => r.service)).toEqual(b.byRoute.map((r) => r.service));
    expectUsd(ta.total.usd, b.total.usd);
  });
});
