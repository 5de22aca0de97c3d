/**
 * Endpoints: every replica of every service, in one table — a pod, or a VM of a `platform: vm`
 * cluster (a WorkloadEntry, which a Kubernetes Service selects like a pod:
 * PILOT_ENABLE_K8S_SELECT_WORKLOAD_ENTRIES). An endpoint is a FIFO queue in front of `concurrency`
 * servers; the simulator keeps its dynamic state in typed arrays indexed by endpoint id.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Scenario } from '../model/scenario.js';
import { podLabels } from '../xds/workload-node.js';
import { HOSTNAME_LABEL, LocalityTable } from '../topology/locality.js';

export interface Endpoint {
  id: number;
  /** Pod-like name: `<service>-<cluster>-<zone>-<n>`. */
  name: string;
  service: number;
  deployment: number;
  cluster: string;
  network: string;
  locality: number;
  /** Workload labels plus the topology labels Istio attaches to endpoints. */
  labels: Record<string, string>;
  concurrency: number;
  queueLimit: number;
  serviceTime: Sampler;
  errorRate: number;
  errorStatus: number;
}

export function buildEndpoints(s: Scenario, localities: LocalityTable): Endpoint[] {
  const out: Endpoint[] = [];
  s.services.forEach((svc, si) => {
    svc.deployments.forEach((d, di) => {
      const sampler = makeSampler(d.serviceTime);
      const locality = localities.intern(d);
      // A VM's WorkloadEntry endpoint carries the ID of the cluster it is registered in (label.AugmentLabels, model/pod-labels.ts).
      const labels = podLabels(s, svc, d);
      for (let r = 0; r < d.replicas; r++) {
        const name = `${svc.name}-${d.cluster}-${d.zone}${d.subzone ? '-' + d.subzone : ''}-${di}-${r}`;
        out.push({
          id: out.length,
          name,
          service: si,
          deployment: di,
          cluster: d.cluster,
          network: d.network,
          locality,
          labels: { ...labels, [HOSTNAME_LABEL]: name },
          concurrency: d.concurrency,
          queueLimit: d.queueLimit,
          serviceTime: sampler,
          errorRate: d.errorRate,
          errorStatus: d.errorStatus,
        });
      }
    });
  });
  return out;
}
