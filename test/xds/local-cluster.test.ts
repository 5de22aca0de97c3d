/**
 * A proxy's local cluster (Envoy local_cluster under Istio 1.31 self-discovery): the pods of its
 * own workload per locality — one mesh, one namespace, the same workload labels.
 */
import { describe, expect, it } from 'vitest';
import { localClusterOf, type MeshWorkloads } from '../../src/xds/local-cluster.js';

const loc = (zone: string, region = 'r1') => ({ region, zone, subzone: '' });

const mesh: MeshWorkloads = {
  meshOfCluster: new Map([['c1', 'm1'], ['c2', 'm1'], ['c3', 'm2']]),
  workloads: [
    { mesh: 'm1', namespace: 'shop', labels: { app: 'web' }, locality: loc('a'), replicas: 3 },
    { mesh: 'm1', namespace: 'shop', labels: { app: 'web' }, locality: loc('b'), replicas: 1 },
    { mesh: 'm1', namespace: 'shop', labels: { app: 'web' }, locality: loc('a'), replicas: 2 }, // a second deployment in a
    { mesh: 'm1', namespace: 'shop', labels: { app: 'web', version: 'v2' }, locality: loc('c'), replicas: 5 }, // another workload
    { mesh: 'm1', namespace: 'other', labels: { app: 'web' }, locality: loc('c'), replicas: 5 }, // another namespace
    { mesh: 'm2', namespace: 'shop', labels: { app: 'web' }, locality: loc('d'), replicas: 5 }, // another mesh
    { mesh: 'm1', namespace: 'shop', labels: {}, locality: loc('a'), replicas: 2 },
    { mesh: 'm1', namespace: 'shop', labels: {}, locality: loc('b'), replicas: 4 },
  ],
};

describe('localClusterOf', () => {
  it("sums the replicas of the proxy's workload per locality, in one mesh and namespace", () => {
    const node = { namespace: 'shop', workloadLabels: { app: 'web' }, cluster: 'c2', locality: loc('b') };
    expect(localClusterOf(node, mesh)).toEqual([
      { locality: 'r1/a', hosts: 5, healthy: 5 },
      { locality: 'r1/b', hosts: 1, healthy: 1 },
    ]);
  });

  it('a source without labels is grouped only within its own locality (so it never routes by zone)', () => {
    const node = { namespace: 'shop', workloadLabels: {}, cluster: 'c1', locality: loc('b') };
    expect(localClusterOf(node, mesh)).toEqual([{ locality: 'r1/b', hosts: 4, healthy: 4 }]);
  });

  it('a proxy of no workload (a gateway) has an empty local cluster', () => {
    const node = { namespace: 'istio-system', workloadLabels: { istio: 'ingressgateway' }, cluster: 'c1', locality: loc('a') };
    expect(localClusterOf(node, mesh)).toEqual([]);
  });
});
