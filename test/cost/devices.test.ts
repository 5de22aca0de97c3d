/**
 * Gateway, NAT and load-balancer processing: per GB processed (request + response bytes) by each
 * device the hop passes, priced by the cloud the device runs in, on top of transfer.
 *
 * Default devices (pricing.devices): a load balancer in front of ingress and east-west gateways
 * (their LoadBalancer Services), a NAT gateway on hops leaving their cloud from inside.
 */
import { describe, expect, it } from 'vitest';
import { costOfHop, DEFAULT_PATH_DEVICES, type HopTraffic } from '../../src/cost/index.js';
import { CLUSTERS, expectUsd, GB, GiB, hop, pricingOf } from './fixtures.js';

const CLOUDS = {
  use1: { cloud: 'aws' }, usw2: { cloud: 'aws' }, euc1: { cloud: 'aws' },
  gusw1: { cloud: 'gcp' }, zeus: { cloud: 'azure' },
};
const MINE = CLUSTERS.filter((c) => c.name in CLOUDS);
const p = pricingOf({ provider: 'aws', clusters: CLOUDS }, MINE);
const GCP_PER_GB = GB / GiB;

describe('devices on a hop', () => {
  // [name, hop, devices, processing USD, total USD]
  const rows: [string, HopTraffic, string[], number, number][] = [
    ['users → AWS ingress gateway: NLB on (1 + 2) GB × 0.006; transfer 2 GB × 0.09',
      hop('internet', 'use1/a', GB, 2 * GB, { toGateway: 'ingress' }), ['load-balancer:aws'], 0.018, 0.198],
    ['users → Azure ingress: Standard LB (1 + 1) GB × 0.005; transfer 1 GB × 0.087',
      hop('internet', 'zeus/1', GB, GB, { toGateway: 'ingress' }), ['load-balancer:azure'], 0.01, 0.097],
    ['AWS → another continent\'s east-west gateway: its NLB 2 GB × 0.006; transfer 2 GB × 0.02',
      hop('use1/a', 'euc1/a', GB, GB, { toGateway: 'eastwest' }), ['load-balancer:aws'], 0.012, 0.052],
    ['AWS pod → internet: NAT (1 + 1) GB × 0.045; transfer 1 GB × 0.09',
      hop('use1/a', 'internet', GB, GB), ['nat:aws'], 0.09, 0.18],
    ['GCP pod → internet: Cloud NAT 2 GiB × 0.045; transfer 1 GiB × 0.12',
      hop('gusw1/a', 'internet', GiB, GiB), ['nat:gcp'], 0.09, 0.21],
    ['AWS → GCP east-west gateway: NAT at AWS 2 GB × 0.045 + GCP LB 2 GB × 0.008/GiB; transfer 0.09 + 0.12/GiB',
      hop('use1/a', 'gusw1/a', GB, GB, { toGateway: 'eastwest' }), ['nat:aws', 'load-balancer:gcp'],
      0.09 + 2 * 0.008 * GCP_PER_GB, 0.09 + 2 * 0.008 * GCP_PER_GB + 0.09 + 0.12 * GCP_PER_GB],
    ['explicit transit gateway between AWS regions: 1 GB × 0.02 processed + 1 GB × 0.02 transfer',
      hop('use1/a', 'usw2/a', GB, 0, { via: ['transit-gateway'] }), ['transit-gateway:aws'], 0.02, 0.04],
    ['explicit private link across zones: 2 GB × 0.01 + cross-AZ 2 GB × 0.02',
      hop('use1/a', 'use1/b', GB, GB, { via: ['private-link'] }), ['private-link:aws'], 0.02, 0.06],
    // Nothing is in front of an egress gateway (a pod); users coming in pass no NAT.
    ['sidecar → egress gateway in the same zone: nothing', hop('use1/a', 'use1/a', GB, GB, { toGateway: 'egress' }), [], 0, 0],
    ['users → a pod directly: no device', hop('internet', 'use1/a', GB, GB), [], 0, 0.09],
    // A device named twice (explicitly and by default) is passed once.
    ['load balancer named twice counts once', hop('internet', 'use1/a', GB, 0, { toGateway: 'ingress', via: ['load-balancer'] }), ['load-balancer:aws'], 0.006, 0.006],
  ];
  it.each(rows)('%s', (_name, h, devices, processing, total) => {
    const c = costOfHop(p, h);
    expect(c.devices.map((d) => `${d.device}:${d.cloud}`)).toEqual(devices);
    for (const d of c.devices) expect(d.processedBytes).toBe(h.requestBytes + h.responseBytes);
    expectUsd(c.processingUsd, processing);
    expectUsd(c.usd, total);
  });

  it('the defaults are documented: LB before ingress and east-west gateways, NAT on the way out', () => {
    expect(DEFAULT_PATH_DEVICES).toEqual({ ingress: ['load-balancer'], eastwest: ['load-balancer'], internet: ['nat'] });
  });

  it('pricing.devices changes them: public nodes (no NAT), an ALB-priced ingress override', () => {
    const q = pricingOf({ provider: 'aws', clusters: CLOUDS, devices: { internet: [] }, overrides: { 'load-balancer': 0.008 } }, MINE);
    expect(costOfHop(q, hop('use1/a', 'internet', GB, GB)).devices).toEqual([]);
    expectUsd(costOfHop(q, hop('internet', 'use1/a', GB, 0, { toGateway: 'ingress' })).processingUsd, 0.008);
  });

  it('every cluster default: a pricing without devices still prices gateways', () => {
    const q = pricingOf('aws', CLUSTERS.filter((c) => c.name.startsWith('use')));
    expectUsd(costOfHop(q, hop('use1/a', 'use2/a', GB, GB, { toGateway: 'eastwest' })).processingUsd, 2 * 0.006);
  });
});
