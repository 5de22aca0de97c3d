/**
 * Clear failure for the topology fields (meshes, gateways, users, ingress, calls, pricing): each
 * mistake is one error with file, line and field path, and nothing else is reported.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError, type Diagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioText } from '../../src/model/load.js';

const BASE = `name: topo
duration: 10s
clusters:
  - {name: c1, region: r1, zones: [z1, z2], network: n1}
  - {name: c2, region: r2, zones: [z3], network: n2}
services:
  - {name: web, deployments: [{cluster: c1}]}
  - {name: api, deployments: [{cluster: c2}]}
traffic:
  - {name: client, from: {cluster: c1}, to: web, rate: 10/s}
`;
// BASE has 10 lines; appended text starts at line 11.

function errorsOf(text: string): Diagnostic[] {
  try {
    loadScenarioText(text, 'topo.yaml');
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
  throw new Error('the scenario loaded without errors');
}

const CASES: { kind: string; append: string; path: string; line: number; message: string }[] = [
  { kind: 'mesh names an unknown cluster', append: 'meshes: [{name: m1, clusters: [c1, c2, c9]}]\n', path: 'meshes[0].clusters[2]', line: 11, message: 'unknown cluster "c9"' },
  { kind: 'a cluster in two meshes', append: 'meshes:\n  - {name: m1, clusters: [c1, c2]}\n  - {name: m2, clusters: [c2]}\n', path: 'meshes[1].clusters[0]', line: 13, message: 'cluster "c2" is already in mesh "m1"' },
  { kind: 'a cluster in no mesh', append: 'meshes: [{name: m1, clusters: [c1]}]\n', path: 'meshes', line: 11, message: 'cluster "c2" is in no mesh' },
  { kind: 'export of an unknown service', append: 'meshes:\n  - {name: m1, clusters: [c1]}\n  - {name: m2, clusters: [c2], exports: [db.default]}\n', path: 'meshes[1].exports[0]', line: 13, message: 'unknown service "db.default"' },
  { kind: 'gateway in an unknown cluster', append: 'gateways: [{cluster: c9, kind: eastwest}]\n', path: 'gateways[0].cluster', line: 11, message: 'unknown cluster "c9"' },
  { kind: 'gateway zone not in its cluster', append: 'gateways: [{cluster: c1, kind: ingress, zones: [z3]}]\n', path: 'gateways[0].zones[0]', line: 11, message: 'zone "z3" is not a zone of cluster "c1"' },
  { kind: 'unknown gateway kind', append: 'gateways: [{cluster: c1, kind: sidecar}]\n', path: 'gateways[0].kind', line: 11, message: 'expected one of "ingress", "eastwest", "egress"' },
  { kind: 'two gateways with one name', append: 'gateways:\n  - {cluster: c1, kind: ingress}\n  - {cluster: c1, kind: ingress}\n', path: 'gateways[1].name', line: 13, message: 'duplicate gateway "ingress-c1"' },
  { kind: 'users without an ingress gateway', append: 'users: [{name: u, to: web, rate: 1/s, rtt: {r1: 10ms, r2: 20ms}}]\n', path: 'users', line: 11, message: 'users enter the mesh through an ingress gateway' },
  { kind: 'users with an RTT to an unknown region', append: 'gateways: [{cluster: c1, kind: ingress}]\nusers: [{name: u, to: web, rate: 1/s, rtt: {r1: 10ms, r2: 20ms, r9: 1ms}}]\n', path: 'users[0].rtt.r9', line: 12, message: 'unknown region "r9"' },
  { kind: 'users missing the RTT to a region', append: 'gateways: [{cluster: c1, kind: ingress}]\nusers: [{name: u, to: web, rate: 1/s, rtt: {r1: 10ms}}]\n', path: 'users[0].rtt', line: 12, message: 'no round-trip time to region "r2"' },
  { kind: 'users named like a traffic source', append: 'gateways: [{cluster: c1, kind: ingress}]\nusers: [{name: client, to: web, rate: 1/s, rtt: {r1: 10ms, r2: 20ms}}]\n', path: 'users[0].name', line: 12, message: 'duplicate traffic source name "client"' },
  { kind: 'weighted global LB without weights', append: 'gateways: [{cluster: c1, kind: ingress}]\ningress: {globalLoadBalancer: weighted}\n', path: 'ingress.weights', line: 12, message: 'a weighted global load balancer needs weights' },
  { kind: 'weights for a cluster without an ingress gateway', append: 'gateways: [{cluster: c1, kind: ingress}]\ningress: {globalLoadBalancer: weighted, weights: {c1: 1, c2: 1}}\n', path: 'ingress.weights.c2', line: 12, message: 'cluster "c2" has no ingress gateway' },
  { kind: 'call to an unknown service', append: '', path: 'services[0].calls[0].service', line: 7, message: 'unknown service "db"' },
  { kind: 'call probability above 1', append: '', path: 'services[0].calls[0].probability', line: 7, message: 'must be <= 1' },
  { kind: 'unknown pricing provider', append: 'pricing: oracle\n', path: 'pricing', line: 11, message: 'oracle' },
];

function textOf(c: (typeof CASES)[number]): string {
  if (c.kind === 'call to an unknown service') return BASE.replace('{name: web, deployments', '{name: web, calls: [{service: db}], deployments');
  if (c.kind === 'call probability above 1') return BASE.replace('{name: web, deployments', '{name: web, calls: [{service: api, probability: 2}], deployments');
  return BASE + c.append;
}

describe('bad topology fields fail clearly', () => {
  it('the base scenario is valid', () => {
    expect(loadScenarioText(BASE, 'topo.yaml').scenario.meshes).toHaveLength(1);
  });

  it.each(CASES)('$kind → $path (line $line)', (c) => {
    const errors = errorsOf(textOf(c));
    const shown = errors.map(formatDiagnostic).join('\n');
    const hit = errors.find((d) => d.path === c.path && d.line === c.line && d.message.includes(c.message));
    expect(hit, `no error at ${c.path} line ${c.line} matching ${c.message} in:\n${shown}`).toBeDefined();
    expect(errors, shown).toHaveLength(1);
  });
});

// VMs joined to the mesh (clusters[].platform: vm). VM_BASE has 11 lines; appended text starts at line 12.
const VM_BASE = `name: topo
duration: 10s
clusters:
  - {name: c1, region: r1, zones: [z1, z2], network: n1}
  - {name: c2, region: r2, zones: [z3], network: n2}
  - {name: v1, platform: vm, region: r1, zones: [z1], network: n3}
services:
  - {name: web, deployments: [{cluster: c1}, {cluster: v1}]}
  - {name: api, deployments: [{cluster: c2}]}
traffic:
  - {name: client, from: {cluster: v1}, to: web, rate: 10/s}
`;
const VM_LINE = '  - {name: v1, platform: vm, region: r1, zones: [z1], network: n3}';

const VM_CASES: { kind: string; text: string; path: string; line: number; message: string }[] = [
  { kind: 'unknown platform', text: VM_BASE.replace('platform: vm', 'platform: bare-metal'), path: 'clusters[2].platform', line: 6, message: 'expected one of "kubernetes", "vm"' },
  { kind: 'registeredIn on a Kubernetes cluster', text: VM_BASE.replace('{name: c2, region', '{name: c2, registeredIn: c1, region'), path: 'clusters[1].registeredIn', line: 5, message: 'cluster "c2" is a Kubernetes cluster' },
  { kind: 'VMs registered in an unknown cluster', text: VM_BASE.replace(VM_LINE, VM_LINE.replace('platform: vm', 'platform: vm, registeredIn: c9')), path: 'clusters[2].registeredIn', line: 6, message: 'unknown cluster "c9"' },
  {
    kind: 'VMs registered in another group of VMs',
    text: VM_BASE.replace(VM_LINE, `${VM_LINE.replace('platform: vm', 'platform: vm, registeredIn: v2')}\n  - {name: v2, platform: vm, region: r1, zones: [z1], network: n3}`),
    path: 'clusters[2].registeredIn', line: 6, message: '"v2" is a group of VMs too',
  },
  { kind: 'VMs registered in a cluster of another mesh', text: VM_BASE.replace(VM_LINE, VM_LINE.replace('platform: vm', 'platform: vm, registeredIn: c2')) + 'meshes:\n  - {name: m1, clusters: [c1, v1]}\n  - {name: m2, clusters: [c2], exports: [api]}\n', path: 'clusters[2].registeredIn', line: 6, message: '"c2" is in mesh "m2"' },
  { kind: 'a mesh of VMs without a Kubernetes cluster', text: VM_BASE.replace('{cluster: c1}, {cluster: v1}', '{cluster: v1}') + 'meshes:\n  - {name: m1, clusters: [c1, c2]}\n  - {name: m2, clusters: [v1], exports: [web]}\n', path: 'clusters[2].platform', line: 6, message: 'mesh "m2" has none' },
  { kind: 'istiod (primary) on VMs', text: VM_BASE + 'controlPlane: {model: primary-remote, primary: v1}\n', path: 'controlPlane.primary', line: 12, message: '"v1" is a group of VMs' },
  { kind: 'control-plane outage of a group of VMs', text: VM_BASE + 'faults: [{kind: control-plane-outage, cluster: v1, at: 1s}]\n', path: 'faults[0].cluster', line: 12, message: 'no istiod runs there' },
  { kind: 'VM probe failureThreshold 0', text: VM_BASE + 'vm: {probe: {failureThreshold: 0}}\n', path: 'vm.probe.failureThreshold', line: 12, message: 'must be > 0' },
  { kind: 'VM grace period not a duration', text: VM_BASE + 'vm: {gracePeriod: soon}\n', path: 'vm.gracePeriod', line: 12, message: 'soon' },
];

describe('bad VM fields fail clearly', () => {
  it('the VM base scenario is valid: the VMs register in the first Kubernetes cluster', () => {
    const s = loadScenarioText(VM_BASE, 'topo.yaml').scenario;
    expect(s.clusters.map((c) => [c.name, c.platform, c.clusterId])).toEqual([['c1', 'kubernetes', 'c1'], ['c2', 'kubernetes', 'c2'], ['v1', 'vm', 'c1']]);
  });

  it.each(VM_CASES)('$kind → $path (line $line)', (c) => {
    const errors = errorsOf(c.text);
    const shown = errors.map(formatDiagnostic).join('\n');
    const hit = errors.find((d) => d.path === c.path && d.line === c.line && d.message.includes(c.message));
    expect(hit, `no error at ${c.path} line ${c.line} matching ${c.message} in:\n${shown}`).toBeDefined();
    expect(errors, shown).toHaveLength(1);
  });
});
