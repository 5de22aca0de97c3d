/**
 * Transfer charges, hand-computed: one row per path class and provider rule. Bytes are written in
 * GB (1e9) or GiB (2^30, GCP's unit); the comment on each row is the arithmetic.
 *
 * Who pays (billing.ts): AWS bills cross-AZ at both ends ($0.01 out + $0.01 in), inter-region and
 * internet at the source; GCP bills egress at the source; Azure bills nothing across zones; across
 * clouds the sender pays its internet egress; traffic in from the internet is free.
 */
import { describe, expect, it } from 'vitest';
import { costOfHop } from '../../src/cost/index.js';
import { expectUsd, GB, GiB, hop, multiCloud } from './fixtures.js';

const p = multiCloud();
const GCP_PER_GB = GB / GiB; // a GCP price per GiB, per GB: × 0.931322574615478515625

describe('transfer by path class and provider', () => {
  // [name, from, to, request bytes, response bytes, class, USD]
  const rows: [string, string, string, number, number, string, number][] = [
    // AWS
    ['aws same zone is free', 'use1/a', 'use1/a', GB, GB, 'same-zone', 0],
    ['aws cross-AZ response: 1,000 × 1 MB = 1 GB × (0.01 + 0.01)', 'use1/a', 'use1/b', 0, 1000 * 1e6, 'cross-zone', 0.02],
    ['aws cross-AZ both ways: (0.5 + 1) GB × 0.02', 'use1/a', 'use1/b', 0.5 * GB, GB, 'cross-zone', 0.03],
    ['aws inter-region at the source: 1 GB × 0.02 + 2 GB × 0.02', 'use1/a', 'usw2/a', GB, 2 * GB, 'cross-region', 0.06],
    ['aws us-east-1<>us-east-2 pair: (1 + 1) GB × 0.01', 'use1/a', 'use2/a', GB, GB, 'cross-region', 0.02],
    ['aws intercontinental (source-priced, US/EU): 2 GB × 0.02', 'use1/a', 'euc1/a', GB, GB, 'cross-continent', 0.04],
    ['aws user upload free, download 2 GB × 0.09', 'internet', 'use1/a', GB, 2 * GB, 'internet', 0.18],
    ['aws call to the internet: 3 GB sent × 0.09, response in free', 'use1/a', 'internet', 3 * GB, GB, 'internet', 0.27],
    // GCP (per GiB)
    ['gcp same zone is free', 'gusw1/a', 'gusw1/a', GiB, GiB, 'same-zone', 0],
    ['gcp cross-zone at the source only: 1 GiB × 0.01', 'gusw1/a', 'gusw1/b', 0, GiB, 'cross-zone', 0.01],
    ['gcp cross-zone, 1 GiB each way: 2 × 0.01', 'gusw1/a', 'gusw1/b', GiB, GiB, 'cross-zone', 0.02],
    ['gcp cross-zone in decimal GB: 1 GB × 0.01 × GB/GiB', 'gusw1/a', 'gusw1/b', 0, GB, 'cross-zone', 0.01 * GCP_PER_GB],
    ['gcp inter-region in North America: 2 GiB × 0.02', 'gusw1/a', 'gusc1/a', GiB, GiB, 'cross-region', 0.04],
    ['gcp intercontinental: 2 GiB × 0.08', 'gusw1/a', 'geuw3/a', GiB, GiB, 'cross-continent', 0.16],
    ['gcp from Oceania 0.15, back from North America 0.08', 'gaus1/a', 'gusw1/a', GiB, GiB, 'cross-continent', 0.23],
    ['gcp to the internet: 1 GiB × 0.12 (Premium, first tier)', 'gusw1/a', 'internet', GiB, 0, 'internet', 0.12],
    // Azure
    ['azure cross-AZ is free', 'zeus/1', 'zeus/2', GB, GB, 'cross-zone', 0],
    ['azure inter-region in North America: 2 GB × 0.02', 'zeus/1', 'zwus2/1', GB, GB, 'cross-region', 0.04],
    ['azure intercontinental from North America/Europe: 2 GB × 0.05', 'zeus/1', 'zweu/1', GB, GB, 'cross-continent', 0.1],
    ['azure from South America 0.16, back from Europe 0.05', 'zbrs/1', 'zweu/1', GB, GB, 'cross-continent', 0.21],
    ['azure internet from South America: 1 GB × 0.181', 'zbrs/1', 'internet', GB, 0, 'internet', 0.181],
    ['azure user download from North America: 1 GB × 0.087', 'internet', 'zeus/1', 0, GB, 'internet', 0.087],
    // Across clouds: each direction pays the sender's internet egress.
    ['aws → gcp: 1 GB × 0.09 (AWS) + 1 GB × 0.12/GiB (GCP)', 'use1/a', 'gusw1/a', GB, GB, 'cross-cloud', 0.09 + 0.12 * GCP_PER_GB],
    ['azure → aws: 1 GB × 0.087 + 1 GB × 0.09', 'zeus/1', 'use1/a', GB, GB, 'cross-cloud', 0.177],
    ['gcp → azure, response only: 1 GB × 0.087', 'gusw1/a', 'zweu/1', 0, GB, 'cross-cloud', 0.087],
  ];
  it.each(rows)('%s', (_name, from, to, req, resp, cls, usd) => {
    const c = costOfHop(p, hop(from, to, req, resp));
    expect(c.pathClass).toBe(cls);
    expectUsd(c.transferUsd, usd);
    expect(c.processingUsd).toBe(0);
    expectUsd(c.usd, usd);
  });

  it('request and response are priced by their own direction', () => {
    // gaus1 (Oceania, 0.15 out) ⇄ gusw1 (North America, 0.08 out): the request pays its sender's rate.
    const c = costOfHop(p, hop('gaus1/a', 'gusw1/a', GiB, 3 * GiB));
    expectUsd(c.requestUsd, 0.15);
    expectUsd(c.responseUsd, 3 * 0.08);
    const back = costOfHop(p, hop('gusw1/a', 'gaus1/a', GiB, 3 * GiB));
    expectUsd(back.requestUsd, 0.08);
    expectUsd(back.responseUsd, 3 * 0.15);
  });

  it('GiB prices are converted exactly once: 0.01/GiB is 0.00931322574615478515625/GB', () => {
    expectUsd(p.tables.get('gcp')!.egress['cross-zone'].default, 0.01 * GCP_PER_GB);
    expect(p.tables.get('aws')!.egress['cross-zone'].default).toBe(0.01);
  });
});
