/**
 * The labels and the xDS node of a workload as Istio sees them: the workload's own labels plus the
 * topology labels Istio attaches to its endpoints and proxies (label.AugmentLabels in
 * pkg/kube/labels; the node's locality and network from its pod). One definition, used by the
 * simulation (endpoints, calling proxies) and by the analyzer, so a subset or a workloadSelector
 * matches the same workloads in both. A VM's cluster label is the ID of the Kubernetes cluster its
 * WorkloadEntry is registered in.
 */
import { CLUSTER_LABEL, NETWORK_LABEL, REGION_LABEL, SUBZONE_LABEL, ZONE_LABEL } from '../topology/locality.js';
import { clusterIdOf, type DeploymentSpec, type Scenario, type ServiceSpec, type TrafficSpec } from '../model/scenario.js';
import type { ProxyNode } from './translator.js';

type Placed = Pick<DeploymentSpec, 'region' | 'zone' | 'subzone' | 'network' | 'cluster'>;

function topologyLabels(s: Pick<Scenario, 'clusters'>, p: Placed): Record<string, string> {
  return {
    [REGION_LABEL]: p.region,
    [ZONE_LABEL]: p.zone,
    ...(p.subzone ? { [SUBZONE_LABEL]: p.subzone } : {}),
    [NETWORK_LABEL]: p.network,
    [CLUSTER_LABEL]: clusterIdOf(s, p.cluster),
  };
}

/** A deployment's pods (or VMs): `app`, the deployment's labels, the topology labels. */
export function podLabels(s: Pick<Scenario, 'clusters'>, svc: ServiceSpec, d: DeploymentSpec): Record<string, string> {
  return { app: svc.name, ...d.labels, ...topologyLabels(s, d) };
}

function nodeOf(namespace: string, workloadLabels: Record<string, string>, labels: Record<string, string>, p: Placed): ProxyNode {
  return { namespace, workloadLabels, labels, locality: { region: p.region, zone: p.zone, subzone: p.subzone }, network: p.network, cluster: p.cluster };
}

/** The node of a traffic source's calling pods (or VMs); `node.cluster` is where they run. */
export function sourceNode(s: Pick<Scenario, 'clusters'>, t: TrafficSpec): ProxyNode {
  return nodeOf(t.namespace, t.labels, { ...t.labels, ...topologyLabels(s, t) }, t);
}

/** The node of a deployment's sidecars, as callers of other services. */
export function podNode(s: Pick<Scenario, 'clusters'>, svc: ServiceSpec, d: DeploymentSpec): ProxyNode {
  return nodeOf(svc.namespace, { app: svc.name, ...d.labels }, podLabels(s, svc, d), d);
}
