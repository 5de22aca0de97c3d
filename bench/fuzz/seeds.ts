/**
 * The scenarios the fuzzer mutates: every bundled scenario with its policy files, plus one with a
 * VirtualService and DestinationRule subsets (no bundled scenario routes with a VirtualService).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { SeedScenario } from './mutate.js';

const BUNDLED = [
  'scenarios/helloworld-two-clusters.yaml',
  'scenarios/helloworld-distribute.yaml',
  'scenarios/helloworld-failover.yaml',
  'scenarios/helloworld-failover-no-outlier.yaml',
  'scenarios/theory/mm1.yaml',
  'scenarios/theory/mmc.yaml',
  'scenarios/bench/canonical.yaml',
];

const ROUTED = `name: routed
seed: 7
duration: 20s
clusters:
  - {name: east, region: us-east1, zones: [us-east1-a, us-east1-b]}
  - {name: west, region: us-west1, zones: [us-west1-a]}
latency: {sameZone: 0.2ms, crossZone: 1ms, crossRegion: {default: 30ms}}
services:
  - name: reviews
    namespace: shop
    ports: [9080]
    concurrency: 4
    serviceTime: {dist: normal, mean: 8ms, stddev: 2ms}
    errorRate: 0.02
    deployments:
      - {cluster: east, zone: us-east1-a, replicas: 3, labels: {version: v1}}
      - {cluster: east, zone: us-east1-b, replicas: 2, labels: {version: v2}}
      - {cluster: west, replicas: 2, labels: {version: v3}}
traffic:
  - {name: web, from: {cluster: east, zone: us-east1-a}, namespace: shop, labels: {app: web}, replicas: 2, to: reviews, rate: 300/s, arrival: constant}
faults:
  - {kind: endpoint-crash, cluster: east, count: 2, at: 5s, for: 5s, mode: blackhole}
connectTimeout: 2s
timeline: {interval: 500ms}
policies:
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: reviews, namespace: shop}
    spec:
      hosts: [reviews]
      http:
        - match: [{sourceLabels: {app: web}}]
          route:
            - {destination: {host: reviews, subset: v1}, weight: 70}
            - {destination: {host: reviews, subset: v2}, weight: 30}
        - route: [{destination: {host: reviews, subset: v3}}]
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: reviews, namespace: shop}
    spec:
      host: reviews
      trafficPolicy:
        loadBalancer: {simple: LEAST_REQUEST, localityLbSetting: {enabled: true, failover: [{from: us-east1, to: us-west1}]}}
        outlierDetection: {consecutive5xxErrors: 3, interval: 2s, baseEjectionTime: 30s, maxEjectionPercent: 50}
      subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}, trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}}
        - {name: v3, labels: {version: v3}}
`;

/** Reads the seed scenarios from the repository at `root`. */
export function loadSeeds(root: string): SeedScenario[] {
  const seeds = BUNDLED.map((file): SeedScenario => {
    const scenario = readFileSync(join(root, file), 'utf8');
    const data = parse(scenario) as { policies?: unknown[] };
    const policies: Record<string, string> = {};
    for (const p of data.policies ?? []) if (typeof p === 'string') policies[p] = readFileSync(join(root, dirname(file), p), 'utf8');
    return { name: file.replace(/^scenarios\//, ''), scenario, policies };
  });
  seeds.push({ name: 'routed (VirtualService)', scenario: ROUTED, policies: {} });
  return seeds;
}
