/**
 * One definition of a workload's labels and xDS node (src/xds/workload-node.ts) for the simulation
 * and the analyzer: a VM's `topology.istio.io/cluster` label is the ID of the cluster its
 * WorkloadEntry is registered in, so a subset selecting that label matches the VMs in both.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { loadScenarioText } from '../../src/model/load.js';
import { simulateText } from '../../src/run.js';
import { CLUSTER_LABEL, NETWORK_LABEL, ZONE_LABEL } from '../../src/topology/locality.js';
import { podLabels, podNode, sourceNode } from '../../src/xds/workload-node.js';

const scenario = (subsetCluster: string) => `
name: vm-subset
seed: 3
duration: 5s
clusters:
  - {name: kube1, network: n1, region: r1, zones: [a]}
  - {name: vms, platform: vm, registeredIn: kube1, network: n1, region: r1, zones: [c]}
latency: {sameZone: 1ms, crossZone: 2ms}
services:
  - name: api
    serviceTime: 5ms
    deployments:
      - {cluster: kube1, replicas: 1, labels: {version: v1}}
      - {cluster: vms, replicas: 2, labels: {version: v1}}
traffic:
  - {name: client, from: {cluster: vms}, to: api, rate: 50/s, arrival: constant}
policies:
  - apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: api}
    spec:
      host: api
      subsets: [{name: here, labels: {${CLUSTER_LABEL}: ${subsetCluster}}}]
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: api}
    spec: {hosts: [api], http: [{route: [{destination: {host: api, subset: here}}]}]}
`;

describe('workload labels and nodes', () => {
  it('a VM carries the cluster ID it is registered in; its node runs in its VM group', () => {
    const s = loadScenarioText(scenario('kube1'), 'vm.yaml').scenario;
    const api = s.services[0];
    expect(podLabels(s, api, api.deployments[1])).toMatchObject({ app: 'api', version: 'v1', [CLUSTER_LABEL]: 'kube1', [NETWORK_LABEL]: 'n1', [ZONE_LABEL]: 'c' });
    const node = sourceNode(s, s.traffic[0]);
    expect(node.labels[CLUSTER_LABEL]).toBe('kube1');
    expect(node.cluster).toBe('vms');
    expect(podNode(s, api, api.deployments[1]).workloadLabels).toEqual({ app: 'api', version: 'v1' });
  });

  it('analyzer and simulation agree: a subset on the registered cluster ID selects the VMs, one on the VM group name selects nothing', () => {
    const good = scenario('kube1');
    expect(analyze(loadScenarioText(good, 'vm.yaml')).filter((d) => d.code === 'IST0173')).toEqual([]);
    const r = simulateText(good, 'vm.yaml').result;
    expect(r.failed).toBe(0);
    expect(r.succeeded).toBeGreaterThan(200);
    const bad = scenario('vms');
    expect(analyze(loadScenarioText(bad, 'vm.yaml')).map((d) => d.code)).toContain('IST0173');
    expect(simulateText(bad, 'vm.yaml').result.succeeded).toBe(0);
  });
});
