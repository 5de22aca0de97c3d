/**
 * The translation of the new inputs, end to end from scenario text to CDS/EDS (no run): a
 * Service's trafficDistribution, the MeshConfig's localityLbSetting, zoneAwareLbSetting,
 * connectTimeout, defaultHttpRetryPolicy and defaultTrafficPolicy, and a 1.31 proxy's local
 * cluster (self-discovery) — each under the pinned Istio version.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/model/load.js';
import { NETWORK_LABEL, REGION_LABEL, ZONE_LABEL } from '../../src/topology/locality.js';
import type { EdsEndpoint } from '../../src/xds/eds.js';
import { istioBehaviour } from '../../src/xds/istio-behaviour.js';
import { meshWorkloads } from '../../src/xds/local-cluster.js';
import { XdsTranslator, type ProxyNode } from '../../src/xds/translator.js';

function scenario(istio: string, policies: string): string {
  return `
name: inputs
seed: 1
requests: 10
istio: "${istio}"
clusters:
  - {name: c1, region: r1, zones: [a, b, c]}
  - {name: c2, region: r2, zones: [d]}
services:
  - name: web
    namespace: shop
    deployments:
      - {cluster: c1, zone: a, replicas: 3}
      - {cluster: c1, zone: b, replicas: 1}
      - {cluster: c1, zone: c, replicas: 2}
      - {cluster: c2, zone: d, replicas: 2}
  - name: front
    namespace: shop
    deployments:
      - {cluster: c1, zone: a, replicas: 1}
      - {cluster: c1, zone: b, replicas: 1}
    calls: [{service: web}]
traffic:
  - {name: users, from: {cluster: c1, zone: a}, namespace: shop, to: front, rate: 10/s}
policies:
${policies}`;
}

const SERVICE = `
  - apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
    spec:
      selector: {app: web}
      ports: [{name: http, port: 80}]
      trafficDistribution: PreferClose`;

const MESH_131 = `
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: istio, namespace: istio-system}
    data:
      mesh: |-
        zoneAwareLbSetting:
          minClusterSize: 3
        connectTimeout: 3s
        defaultHttpRetryPolicy:
          attempts: 1
        defaultConfig:
          proxyMetadata:
            ISTIO_META_ENABLE_SELF_DISCOVERY: "true"`;

/** The endpoints of web (target = index), as a proxy of the one network sees them. */
function webEndpoints(): EdsEndpoint[] {
  const zones: [string, string, number][] = [['r1', 'a', 3], ['r1', 'b', 1], ['r1', 'c', 2], ['r2', 'd', 2]];
  const out: EdsEndpoint[] = [];
  for (const [region, zone, n] of zones) {
    for (let i = 0; i < n; i++) out.push({ target: out.length, locality: { region, zone, subzone: '' }, labels: { app: 'web', [REGION_LABEL]: region, [ZONE_LABEL]: zone, [NETWORK_LABEL]: 'network-default' }, weight: 1 });
  }
  return out;
}

/** A front pod in zone `zone`. */
function front(zone: string): ProxyNode {
  return {
    namespace: 'shop',
    workloadLabels: { app: 'front' },
    labels: { app: 'front', [REGION_LABEL]: 'r1', [ZONE_LABEL]: zone, [NETWORK_LABEL]: 'network-default' },
    locality: { region: 'r1', zone, subzone: '' },
    network: 'network-default',
    cluster: 'c1',
  };
}

function translator(text: string): XdsTranslator {
  const { scenario: s } = loadScenarioText(text, 'inputs.yaml');
  return new XdsTranslator({ services: s.services, istio: s.istio, behaviour: istioBehaviour(s.istioVersion), connectTimeoutMs: s.connectTimeoutMs, workloads: meshWorkloads(s) });
}

const targets = (xds: XdsTranslator, zone: string) => {
  const c = xds.route(front(zone), 0, undefined).clusters[0].cluster;
  return xds.loadAssignment(front(zone), c, webEndpoints()).priorities.map((p) => p.flatMap((l) => l.endpoints.map((e) => e.target)));
};

describe('Service trafficDistribution', () => {
  it('1.29 PreferClose: priorities network/region/zone with failover forced (no outlierDetection), panic threshold 0', () => {
    const xds = translator(scenario('1.29', SERVICE));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    expect(c.outlierDetection).toBeUndefined();
    expect(c.enableFailover).toBe(true);
    expect(c.panicThreshold).toBe(0);
    // same zone a; same region (b, c); other region
    expect(targets(xds, 'a')).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
  });

  it('1.24: sidecars ignore it (warning at load): mesh default, no failover without outlierDetection, panic 50', () => {
    const { warnings } = loadScenarioText(scenario('1.24', SERVICE), 'inputs.yaml');
    expect(warnings.map((d) => d.message).join('\n')).toMatch(/Istio 1.24 sidecars ignore trafficDistribution/);
    const xds = translator(scenario('1.24', SERVICE));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    expect(c.enableFailover).toBe(false);
    expect(c.panicThreshold).toBe(50);
    expect(targets(xds, 'a')).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]]);
  });

  it('a DestinationRule localityLbSetting wins over the Service (not forced), but the Service still sends unhealthy endpoints (panic 0)', () => {
    const dr = `
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web, namespace: shop}
    spec:
      host: web
      trafficPolicy:
        loadBalancer: {localityLbSetting: {enabled: false}}`;
    const xds = translator(scenario('1.29', SERVICE + dr));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    expect(c.localityLbSetting).toBeUndefined();
    expect(c.enableFailover).toBe(false);
    expect(c.panicThreshold).toBe(0);
    expect(targets(xds, 'a')).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]]);
  });
});

describe('MeshConfig', () => {
  it('localityLbSetting {enabled: false} replaces the default {enabled: true}: no locality setting mesh-wide', () => {
    const mesh = `
  - meshConfig:
      localityLbSetting: {enabled: false}`;
    const xds = translator(scenario('1.30', mesh));
    expect(xds.route(front('a'), 0, undefined).clusters[0].cluster.localityLbSetting).toBeUndefined();
  });

  it('connectTimeout and defaultHttpRetryPolicy apply where the DestinationRule and VirtualService say nothing', () => {
    const xds = translator(scenario('1.31', MESH_131));
    const r = xds.route(front('a'), 0, undefined);
    expect(r.clusters[0].cluster.connectTimeoutMs).toBe(3000);
    expect(r.retryPolicy?.numRetries).toBe(1);
  });

  it('1.31 zoneAwareLbSetting: region buckets (zones of r1 in P0), zone_aware_lb_config min 3, and the local cluster of a self-discovering proxy', () => {
    const xds = translator(scenario('1.31', MESH_131));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    expect(c.zoneAware).toEqual({ minClusterSize: 3, routingEnabled: 100 });
    expect(c.localityWeighted).toBe(false);
    expect(c.enableFailover).toBe(true);
    const cla = xds.loadAssignment(front('a'), c, webEndpoints());
    expect(cla.priorities.map((p) => p.map((l) => l.locality))).toEqual([['r1/a', 'r1/b', 'r1/c'], ['r2/d']]);
    // front runs 1 pod in a and 1 in b: its own workload, per locality
    expect(cla.zoneAware).toEqual({ localLocality: 'r1/a', localCluster: [{ locality: 'r1/a', hosts: 1, healthy: 1 }, { locality: 'r1/b', hosts: 1, healthy: 1 }], minClusterSize: 3, routingEnabled: 100, failTrafficOnPanic: false });
  });

  it('without self-discovery there is no local cluster (Envoy never routes by zone), priorities still region-bucketed', () => {
    const xds = translator(scenario('1.31', MESH_131.replace('"true"', '"false"')));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    const cla = xds.loadAssignment(front('a'), c, webEndpoints());
    expect(cla.zoneAware).toBeUndefined();
    expect(cla.priorities.length).toBe(2);
  });

  it('a DestinationRule zoneAwareLbSetting {enabled: false} ⇒ routing_enabled 0% (and the mesh locality default is not used)', () => {
    const dr = `
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: web, namespace: shop}
    spec:
      host: web
      trafficPolicy:
        loadBalancer: {zoneAwareLbSetting: {enabled: false}}`;
    const xds = translator(scenario('1.31', MESH_131 + dr));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    expect(c.zoneAware).toEqual({ minClusterSize: 6, routingEnabled: 0 });
    expect(c.zoneAwareLbSetting).toBeUndefined();
    expect(xds.loadAssignment(front('a'), c, webEndpoints()).zoneAware?.routingEnabled).toBe(0);
  });

  it('1.31 defaultTrafficPolicy: the mesh outlierDetection applies to the cluster, EDS failover still needs the DR one', () => {
    const mesh = `
  - meshConfig:
      defaultTrafficPolicy:
        outlierDetection: {consecutive5xxErrors: 7, minHealthPercent: 30}`;
    const xds = translator(scenario('1.31', mesh));
    const c = xds.route(front('a'), 0, undefined).clusters[0].cluster;
    expect(c.outlierDetection).toMatchObject({ consecutive5xx: 7 });
    expect(c.panicThreshold).toBe(30);
    expect(c.enableFailover).toBe(false);
  });
});
