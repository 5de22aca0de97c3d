/**
 * A big scenario for measuring how loading scales: `services` services in 12 clusters (6 regions
 * × 2 zones), each with 8 deployments (labels version v1/v2, track stable/canary), calls to two other services, one traffic
 * source per 4 services, and per service a DestinationRule (subsets, outlier detection, locality
 * failover) and a VirtualService (a match route to a subset, then a weighted split), inline under
 * `policies:`. Deterministic: the same count gives the same text. About 3 KB per service
 * (500 services ≈ 1.5 MB; 500 is the most, as `policies:` holds at most 1,000 items).
 *
 *   node dist/bench/big-scenario.js [services=500] [out=/tmp/<pid>-big.yaml]   (writes the file)
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const REGIONS = ['us-west1', 'us-central1', 'us-east1', 'europe-west1', 'europe-west4', 'asia-east1'];

export function bigScenarioText(services: number): string {
  const clusters = REGIONS.flatMap((r, i) => [0, 1].map((k) => ({ name: `c${i}-${k}`, network: 'net', region: r, zones: [`${r}-a`, `${r}-b`] })));
  const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
  const svc = Array.from({ length: services }, (_, i) => ({
    name: name(i),
    namespace: `ns-${i % 20}`,
    ports: [8080],
    concurrency: 8,
    queueLimit: 100,
    serviceTime: { dist: 'lognormal', median: '4ms', p99: '20ms' },
    responseSize: '4KiB',
    calls: i + 2 < services ? [{ service: `${name(i + 1)}.ns-${(i + 1) % 20}`, probability: 0.1 }, { service: `${name(i + 2)}.ns-${(i + 2) % 20}`, probability: 0.05 }] : [],
    deployments: [0, 1, 2, 3, 4, 5, 6, 7].map((d) => {
      const c = clusters[(i + d) % clusters.length];
      return { cluster: c.name, zone: c.zones[d % 2], replicas: 2, labels: { version: d % 2 === 0 ? 'v1' : 'v2', track: d < 4 ? 'stable' : 'canary' } };
    }),
  }));
  const traffic = Array.from({ length: Math.ceil(services / 4) }, (_, t) => {
    const i = t * 4;
    const c = clusters[t % clusters.length];
    return { name: `client-${t}`, from: { cluster: c.name, zone: c.zones[0] }, namespace: `ns-${i % 20}`, to: `${name(i)}.ns-${i % 20}`, rate: '5/s' };
  });
  const policies = svc.flatMap((s) => {
    const host = `${s.name}.${s.namespace}.svc.cluster.local`;
    return [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: s.name, namespace: s.namespace },
        spec: {
          host,
          trafficPolicy: {
            loadBalancer: { simple: 'LEAST_REQUEST', localityLbSetting: { enabled: true, failover: [{ from: 'us-west1', to: 'us-central1' }, { from: 'europe-west1', to: 'europe-west4' }] } },
            outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
          },
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: s.name, namespace: s.namespace },
        spec: {
          hosts: [host],
          http: [
            { match: [{ sourceLabels: { canary: 'true' } }], route: [{ destination: { host, subset: 'v2' } }], retries: { attempts: 2, perTryTimeout: '1s' } },
            { route: [{ destination: { host, subset: 'v1' }, weight: 90 }, { destination: { host, subset: 'v2' }, weight: 10 }], timeout: '5s' },
          ],
        },
      },
    ];
  });
  const doc = {
    name: `big-${services}`,
    seed: 1,
    duration: '10s',
    networks: ['net'],
    clusters,
    latency: { sameZone: '0.2ms', crossZone: '1ms', crossRegion: '30ms' },
    services: svc,
    traffic,
    policies,
  };
  return stringify(doc);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 500);
  const out = process.argv[3] ?? join(tmpdir(), `${process.pid}-big.yaml`);
  const text = bigScenarioText(n);
  writeFileSync(out, text);
  process.stdout.write(`${out}: ${n} services, ${(text.length / 1e6).toFixed(2)} MB\n`);
}
