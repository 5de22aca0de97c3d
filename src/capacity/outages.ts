/**
 * The failure domains a plan must survive (`--survive zone|cluster|none`) and how a lost domain
 * is modelled: its deployments get 0 replicas for the whole run.
 *
 * Why removal and not a `zone-outage` fault: a fault keeps the dead endpoints in EDS (meshsim does
 * not model the control plane removing them), so callers keep sending to them until outlier
 * detection ejects them, and without outlierDetection or beyond maxEjectionPercent they never
 * stop: those requests fail fast instead of loading the survivors, which would make a zone loss
 * look cheaper than it is. Capacity is about the steady state after Kubernetes and istiod have
 * dropped the lost endpoints, when the survivors carry all the load: removal models exactly that.
 * (The transient, how requests fail until the loss is detected, is what faults are for.)
 * Traffic sources placed in the lost domain keep sending: their users are assumed to be
 * re-routed, not lost, so the survivors carry the whole peak load (conservative).
 */
import type { Scenario } from '../model/scenario.js';

export type Survive = 'zone' | 'cluster' | 'none';

export interface DeploymentRef {
  service: number;
  deployment: number;
  /** `helloworld.sample`. */
  serviceName: string;
  cluster: string;
  zone: string;
  subzone: string;
  replicas: number;
}

export interface OutageCase {
  /** `none`, `zone us-west1-a`, `cluster cluster2`. */
  name: string;
  /** Indices into the deployment list of the deployments lost in this case. */
  down: number[];
}

export function deploymentsOf(s: Scenario): DeploymentRef[] {
  return s.services.flatMap((svc, i) =>
    svc.deployments.map((d, j) => ({ service: i, deployment: j, serviceName: `${svc.name}.${svc.namespace}`, cluster: d.cluster, zone: d.zone, subzone: d.subzone, replicas: d.replicas })),
  );
}

/**
 * The cases: no outage, then each failure domain that hosts a deployment (in order of first
 * appearance). A zone is a zone name: clusters sharing a cloud zone lose it together.
 */
export function outageCases(deps: readonly DeploymentRef[], survive: Survive): OutageCase[] {
  const cases: OutageCase[] = [{ name: 'none', down: [] }];
  if (survive === 'none') return cases;
  const domains = new Map<string, number[]>();
  deps.forEach((d, i) => {
    const key = survive === 'zone' ? d.zone : d.cluster;
    domains.set(key, [...(domains.get(key) ?? []), i]);
  });
  for (const [key, down] of domains) cases.push({ name: `${survive} ${key}`, down });
  return cases;
}

/**
 * Services that receive traffic but lose every deployment in some case: no replica count can
 * save them. Returns one message per such service and case.
 */
export function impossibleCases(s: Scenario, deps: readonly DeploymentRef[], cases: readonly OutageCase[]): string[] {
  const called = new Set(s.traffic.map((t) => t.service));
  const out: string[] = [];
  for (const c of cases) {
    for (const svc of called) {
      const mine = deps.map((d, i) => ({ d, i })).filter((x) => x.d.service === svc);
      if (mine.length > 0 && mine.every((x) => c.down.includes(x.i))) {
        out.push(`service ${mine[0].d.serviceName} has every deployment in ${c.name}: no replica count survives its loss (add a deployment elsewhere, or choose another --survive)`);
      }
    }
  }
  return out;
}
