/**
 * VMs joined to the mesh (`clusters[].platform: vm`), modelled as Istio joins them: istio-proxy on
 * each VM configured by the istiod of the Kubernetes cluster it is registered in, a WorkloadEntry
 * per VM that a Service selects like a pod, health from istio-agent's probes and xDS disconnects.
 * Constant delays, so latencies are exact.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from '../../src/run.js';
import type { RunResult } from '../../src/sim/result.js';
import { destinationRule, noRetries } from '../fixtures/policies.js';

const run = (text: string) => simulateText(text, 'vms.yaml');

/** Requests served per destination cluster (root calls and outgoing calls alike), for one service. */
function served(r: RunResult, service = 'api.default'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of r.routes) if (x.service === service) out[x.destinationCluster] = (out[x.destinationCluster] ?? 0) + x.requests;
  return out;
}

const hopsOf = (r: RunResult) => r.hops.map((h) => `${h.fromCluster}>${h.toCluster}:${h.toKind}`).sort();

describe('VMs on their own network reach the mesh, and are reached, through east-west gateways', () => {
  const twoNetworks = (deployments: string, source: string, dr = '') => `
name: vms
seed: 5
requests: 3000
networks: [kube-net, vm-net]
clusters:
  - {name: kube, network: kube-net, region: r1, zones: [a]}
  - {name: vms, platform: vm, network: vm-net, region: r1, zones: [b]}
latency: {sameZone: 1ms, crossZone: 2ms}
gateways:
  - {cluster: kube, kind: eastwest, replicas: 1, processing: 1ms, concurrency: 64}
  - {cluster: vms, kind: eastwest, replicas: 1, processing: 1ms, concurrency: 64}
services:
  - name: api
    concurrency: 100
    serviceTime: 5ms
    deployments:
${deployments}
traffic:
  - ${source}
${dr}`;

  it('a VM source calls pods through the Kubernetes network\'s east-west gateway', () => {
    const r = run(twoNetworks('      - {cluster: kube, replicas: 2}', '{name: batch, from: {cluster: vms}, to: api, rate: 100/s}')).result;
    expect(r.failed).toBe(0);
    expect(hopsOf(r)).toEqual(['kube>kube:endpoint', 'vms>kube:eastwest']);
    // 2 (b → a) + 1 (gateway) + 1 (a → a) + 5 + 1 + 2 = 12 ms
    expect(r.latency.meanMs).toBeCloseTo(12, 6);
  });

  it('pods see the VMs as the VM network\'s gateway, weighted by the 3 VMs behind it (split horizon)', () => {
    const rr = 'policies: [{apiVersion: networking.istio.io/v1, kind: DestinationRule, metadata: {name: api}, spec: {host: api, trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}}}]';
    const r = run(twoNetworks('      - {cluster: kube, replicas: 1}\n      - {cluster: vms, replicas: 3}', '{name: web, from: {cluster: kube}, to: api, rate: 100/s}', rr)).result;
    const s = served(r);
    expect(s.vms / 3000).toBeCloseTo(0.75, 2);
    expect(hopsOf(r)).toEqual(['kube>kube:endpoint', 'kube>vms:eastwest', 'vms>vms:endpoint']);
    // Through the VM gateway: 2 + 1 + 1 + 5 + 1 + 2 = 12 ms; to the local pod 1 + 5 + 1 = 7 ms.
    const viaGateway = r.routes.find((x) => x.root && x.destinationCluster === 'vms')!;
    expect(viaGateway.latency.meanMs).toBeCloseTo(12, 6);
  });
});

/** One network: pods in kube1 (zone a) and kube2 (zone b), VMs in zone c registered in `registeredIn`. */
function oneNetwork(o: { registeredIn?: string; dr?: string; faults?: string; extra?: string; vmPlatform?: string; source?: string; requests?: string } = {}): string {
  return `
name: vms
seed: 9
${o.requests ?? 'duration: 20s'}
clusters:
  - {name: kube1, network: n1, region: r1, zones: [a]}
  - {name: kube2, network: n1, region: r1, zones: [b]}
  - {name: vms, platform: ${o.vmPlatform ?? 'vm'}, ${o.registeredIn ? `registeredIn: ${o.registeredIn}, ` : ''}network: n1, region: r1, zones: [c]}
latency: {sameZone: 1ms, crossZone: 2ms}
services:
  - name: api
    concurrency: 100
    serviceTime: 5ms
    deployments:
      - {cluster: kube1, replicas: 2}
      - {cluster: kube2, replicas: 2}
      - {cluster: vms, replicas: 2}
traffic:
  - ${o.source ?? '{name: client, from: {cluster: kube2}, to: api, rate: 120/s, arrival: constant}'}
${o.faults ? `faults:\n${o.faults}` : ''}
${o.extra ?? ''}
policies:
${destinationRule('api', o.dr)}
${noRetries('api')}
`;
}

describe('a service with VM endpoints is balanced like pods', () => {
  it('in the data plane a VM group is a cluster like any other: the same run as with Kubernetes there', () => {
    const vm = run(oneNetwork({ registeredIn: 'kube1' })).result;
    const kube = run(oneNetwork({ vmPlatform: 'kubernetes' })).result;
    expect(served(vm)).toEqual(served(kube));
    expect(vm.latency).toEqual(kube.latency);
    expect(served(vm).vms / (120 * 20)).toBeCloseTo(1 / 3, 2);
  });

  it('by locality: with outlierDetection a caller in the VMs\' zone stays on the VMs, a caller in a pods\' zone on its pods', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN}, outlierDetection: {consecutive5xxErrors: 100000, interval: 1h}}';
    const fromVms = run(oneNetwork({ dr, source: '{name: client, from: {cluster: vms}, to: api, rate: 120/s}' })).result;
    expect(Object.keys(served(fromVms))).toEqual(['vms']);
    const fromKube = run(oneNetwork({ dr })).result;
    expect(Object.keys(served(fromKube))).toEqual(['kube2']);
  });

  it('a VM endpoint carries the cluster ID it is registered in: failoverPriority on topology.istio.io/cluster groups it with that cluster', () => {
    const dr = '{loadBalancer: {simple: ROUND_ROBIN, localityLbSetting: {failoverPriority: [topology.istio.io/cluster]}}, outlierDetection: {consecutive5xxErrors: 100000, interval: 1h}}';
    // The caller runs in kube2: priority 0 is kube2's pods, plus the VMs when they are registered there.
    const inKube2 = served(run(oneNetwork({ dr, registeredIn: 'kube2' })).result);
    expect(inKube2.kube1).toBeUndefined();
    expect(inKube2.vms / 2400).toBeCloseTo(0.5, 2);
    const inKube1 = served(run(oneNetwork({ dr, registeredIn: 'kube1' })).result);
    expect(Object.keys(inKube1)).toEqual(['kube2']);
  });
});

describe('VM health: WorkloadEntry health checks and disconnects, not kubelet', () => {
  const crash = (mode = 'refuse') => `  - {kind: endpoint-crash, cluster: vms, service: api, count: 1, at: 2s, mode: ${mode}}`;
  const detected = (text: string) => {
    const f = run(text).summary.faults[0];
    expect(f.detectedBy).toBe('eds-update');
    return f.detectedAfterMs!;
  };

  it('a crashed application leaves EDS at the agent\'s next probe (failureThreshold 1, period 10 s), not after 1 s', () => {
    const vm = detected(oneNetwork({ faults: crash() }));
    expect(vm).toBeGreaterThan(150);
    expect(vm).toBeLessThan(10_150);
    // The same crash in a Kubernetes cluster: kubelet sees the container exit (1 s) + debounce + push.
    expect(detected(oneNetwork({ faults: crash(), vmPlatform: 'kubernetes' }))).toBe(1150);
  });

  it('with the WorkloadGroup probe at failureThreshold 3 it takes two more periods; a hung application adds the probe timeout', () => {
    const three = detected(oneNetwork({ faults: crash(), extra: 'vm: {probe: {failureThreshold: 3}}', requests: 'duration: 40s' }));
    expect(three).toBeGreaterThanOrEqual(20_150);
    expect(three).toBeLessThan(30_150);
    const hung = detected(oneNetwork({ faults: crash('blackhole'), extra: 'vm: {probe: {period: 2s, timeout: 1500ms}}' }));
    expect(hung).toBeGreaterThanOrEqual(1650);
    expect(hung).toBeLessThan(3650);
  });

  it('lost VMs leave EDS after the WorkloadEntry grace period: at once disconnected (refuse) or after xDS keepalive (blackhole)', () => {
    const outage = (mode: string) => `  - {kind: zone-outage, zone: c, at: 2s, mode: ${mode}}`;
    expect(detected(oneNetwork({ faults: outage('refuse') }))).toBe(10_150);
    const blackhole = detected(oneNetwork({ faults: outage('blackhole'), requests: 'duration: 60s' }));
    // keepalive: uniform phase in 30 s, then 10 s timeout; then the 10 s grace period
    expect(blackhole).toBeGreaterThanOrEqual(20_150);
    expect(blackhole).toBeLessThan(50_150);
    // Pods of lost nodes: the node grace period (50 s).
    const kube = run(oneNetwork({ faults: outage('refuse'), vmPlatform: 'kubernetes', requests: 'duration: 60s' })).summary.faults[0];
    expect(kube.detectedAfterMs).toBe(50_150);
  });
});

describe('the control plane with VMs', () => {
  // client (in kube2) fails exactly while its EDS keeps the crashed VM: 1 host of 6 at 120/s.
  const failedDuring = (text: string, fault = 0) => run(text).summary.faults[fault].failedDuring;

  it('a VM\'s health reaches EDS through the istiod of the cluster it is registered in: it waits while that istiod is down', () => {
    const crash = '  - {kind: endpoint-crash, cluster: vms, service: api, count: 1, at: 2s, mode: refuse}';
    const cpDown = '\n  - {kind: control-plane-outage, cluster: kube1, at: 0s, for: 15s}';
    // Registered in kube1 (istiod down until 15 s): kube2's own istiod never hears of the crash until then.
    const waiting = run(oneNetwork({ registeredIn: 'kube1', faults: crash + cpDown })).summary.faults[0];
    expect(waiting.detectedAfterMs).toBe(15_000 - 2000 + 150);
    expect(waiting.failedDuring).toBe(13.15 * 20);
    // Registered in kube2: kube1's outage does not matter.
    const fresh = run(oneNetwork({ registeredIn: 'kube2', faults: crash + cpDown })).summary.faults[0];
    expect(fresh.detectedAfterMs).toBeLessThan(10_150);
  });

  it('VM proxies are configured by the istiod of the cluster they are registered in (multi-primary), primary-remote by the primary', () => {
    const source = '{name: client, from: {cluster: vms}, to: api, rate: 120/s, arrival: constant}';
    // A kube1 pod crashes; the VM client balances round robin over the 6 hosts (its own zone has no priority without outlierDetection).
    const crash = '  - {kind: endpoint-crash, cluster: kube1, service: api, count: 1, at: 2s}\n  - {kind: control-plane-outage, cluster: kube1, at: 0s}';
    expect(failedDuring(oneNetwork({ source, registeredIn: 'kube1', faults: crash }))).toBe(18 * 20);
    // registered in kube2: fresh, the crashed pod leaves after 1.15 s (one in 6 of 120/s: ≈ 23 failures)
    const fresh = failedDuring(oneNetwork({ source, registeredIn: 'kube2', faults: crash }));
    expect(fresh).toBeGreaterThanOrEqual(21);
    expect(fresh).toBeLessThanOrEqual(24);
    const primaryRemote = oneNetwork({ source, faults: crash, extra: 'controlPlane: {model: primary-remote, primary: kube1}' });
    expect(failedDuring(primaryRemote)).toBe(18 * 20);
  });

  it('an outage of the cluster holding the WorkloadEntries freezes the VMs\' health: a VM crash then stays in EDS', () => {
    const text = oneNetwork({
      registeredIn: 'kube1',
      faults: '  - {kind: endpoint-crash, cluster: vms, service: api, count: 1, at: 2s}\n  - {kind: cluster-outage, cluster: kube1, at: 0s}',
    });
    const f = run(text).summary.faults[0];
    expect(f.detectedAfterMs).toBeNull();
  });
});

describe('VM groups are priced by their region', () => {
  it('a VM group in another cloud pays cross-cloud egress', () => {
    const pricing = '\npricing: {provider: gcp, clusters: {vms: {cloud: aws, continent: north-america}}}';
    const text = oneNetwork({ source: '{name: client, from: {cluster: vms}, to: api, rate: 120/s}', extra: pricing })
      .replace(/region: r1/g, 'region: us-east1')
      .replace('zones: [a]', 'zones: [us-east1-b]').replace('zones: [b]', 'zones: [us-east1-c]').replace('zones: [c]', 'zones: [us-east1-d]');
    const cost = run(text).result.cost!;
    const cls = Object.fromEntries(cost.byPathClass.map((c) => [c.pathClass, c.requests]));
    // The VM client's calls to pods leave AWS; the ones to its own VMs stay in the zone.
    expect(cls['cross-cloud']).toBeGreaterThan(1400);
    expect(cls['same-zone']).toBeGreaterThan(700);
    expect(cost.byPathClass.find((c) => c.pathClass === 'cross-cloud')!.usd).toBeGreaterThan(0);
  });
});
