/**
 * Every check the analyzer makes, by code: its level, what a finding means and how to fix it (the
 * README's table is this list; a test holds them equal).
 *
 * Where Istio's own analyzer (`istioctl analyze`) makes the same check, the code, level and wording
 * are Istio's: istio/istio pkg/config/analysis/msg/messages.yaml @ 10b1731f9dfd163b92c889a0e2b2d5778069d13a
 * (ReferencedResourceNotFound IST0101, ConflictingMeshGatewayVirtualServiceHosts IST0109,
 * VirtualServiceUnreachableRule IST0130, VirtualServiceIneffectiveMatch IST0131,
 * DestinationRuleSubsetNotSelectPods IST0173, UnknownDestinationRuleHost IST0174). The checks that
 * only a simulator can make (the scenario's replicas, rates, faults, networks) have meshsim's own
 * codes, `MS01xx`.
 */
import type { Severity } from '../model/diagnostics.js';

export interface Check {
  code: string;
  /** Istio's message name, or meshsim's. */
  name: string;
  level: Severity;
  /** What a finding means (README table). */
  meaning: string;
  /** How to fix it: printed as the finding's `fix:` line. */
  fix: string;
  /** Where the check is made: at load (with Istio's validation) or by the analyzer. */
  stage: 'load' | 'analyzer';
}

const CHECKS_LIST: readonly Check[] = [
  {
    code: 'IST0101',
    name: 'ReferencedResourceNotFound',
    level: 'error',
    meaning: 'A VirtualService routes to a host that is no service of the scenario (nor a ServiceEntry host), or to a subset no DestinationRule defines: Envoy has no such cluster and answers 503. Found at load for the routes callers take, by the analyzer for the others.',
    fix: 'correct the destination host (a short name resolves in the VirtualService\'s namespace) or subset, or add the service or the DestinationRule subset',
    stage: 'load',
  },
  {
    code: 'IST0109',
    name: 'ConflictingMeshGatewayVirtualServiceHosts',
    level: 'error',
    meaning: 'Several VirtualServices bound to the mesh define the same host; Istio\'s behaviour is undefined (meshsim uses the first in input order).',
    fix: 'merge the conflicting VirtualServices into a single resource',
    stage: 'analyzer',
  },
  {
    code: 'IST0130',
    name: 'VirtualServiceUnreachableRule',
    level: 'warning',
    meaning: 'A VirtualService rule is never used: an earlier rule without match conditions (a catch-all) or earlier rules with the same matches take all its traffic.',
    fix: 'put the catch-all rule last, or remove or change the shadowed rule',
    stage: 'load',
  },
  {
    code: 'IST0131',
    name: 'VirtualServiceIneffectiveMatch',
    level: 'warning',
    meaning: 'A match of a VirtualService rule duplicates a match of an earlier rule (Istio\'s webhook warns; istioctl analyze reports it as info).',
    fix: 'remove the duplicate match',
    stage: 'load',
  },
  {
    code: 'IST0173',
    name: 'DestinationRuleSubsetNotSelectPods',
    level: 'error',
    meaning: 'A DestinationRule subset selects no pod (no deployment with replicas carries its labels): calls routed to it fail with 503 UH (no_healthy_upstream).',
    fix: 'make the subset labels match a deployment\'s labels (`app: <service>` plus its `labels`), or give that deployment replicas',
    stage: 'analyzer',
  },
  {
    code: 'IST0174',
    name: 'UnknownDestinationRuleHost',
    level: 'warning',
    meaning: 'The host of a DestinationRule matches no service (nor ServiceEntry): the rule applies to nothing and its traffic policy — outlier detection, locality settings — is silently unused.',
    fix: 'correct spec.host: a short name resolves in the rule\'s namespace; the full form is <name>.<namespace>.svc.cluster.local',
    stage: 'analyzer',
  },
  {
    code: 'MS0101',
    name: 'ServiceWithoutReplicas',
    level: 'error',
    meaning: 'Traffic reaches a service none of whose deployments has replicas: every request to it fails (no_healthy_upstream).',
    fix: 'give a deployment of the service replicas, or send the traffic elsewhere',
    stage: 'analyzer',
  },
  {
    code: 'MS0102',
    name: 'FaultMatchesNoEndpoint',
    level: 'warning',
    meaning: 'A fault\'s cluster, zone and service select no endpoint with replicas: the fault changes nothing.',
    fix: 'correct the fault\'s zone, cluster or service, or deploy replicas where it strikes',
    stage: 'analyzer',
  },
  {
    code: 'MS0103',
    name: 'FaultOutsideRun',
    level: 'warning',
    meaning: 'A fault starts after the traffic sources stop sending, or ends before warm-up is over: no measured request meets it.',
    fix: 'move the fault\'s `at` inside the sending window (after `warmup`), or lengthen `duration`',
    stage: 'analyzer',
  },
  {
    code: 'MS0104',
    name: 'NetworkWithoutGateway',
    level: 'warning',
    meaning: 'Callers in one network reach pods in another network that has no east-west gateway: Istio (and meshsim) send those endpoints as they are, so the networks behave as one flat network, which pods on really separate networks cannot do.',
    fix: 'add an east-west gateway in that network (`gateways: [{cluster: <cluster>, kind: eastwest}]`), or put the clusters on one network if their pods do reach each other',
    stage: 'analyzer',
  },
  {
    code: 'MS0105',
    name: 'RequestsCappedByDuration',
    level: 'warning',
    meaning: '`requests` (or --requests, or a source\'s `requests`) asks for more requests than the sources send before `duration` ends (rate × sending time): the run stops at the duration with fewer requests.',
    fix: 'lengthen `duration` (or the source\'s), raise the rates, or ask for fewer requests',
    stage: 'analyzer',
  },
  {
    code: 'MS0106',
    name: 'LocalityFailoverWithoutOutlierDetection',
    level: 'warning',
    meaning: 'A localityLbSetting `failover` or `failoverPriority` has no effect: Istio applies locality failover only when the DestinationRule has outlierDetection, so every endpoint is at one priority and traffic spreads across localities.',
    fix: 'add outlierDetection to the DestinationRule (its own: MeshConfig defaultTrafficPolicy does not turn failover on)',
    stage: 'analyzer',
  },
  {
    code: 'MS0107',
    name: 'LocalityFailoverOff',
    level: 'info',
    meaning: 'The locality setting (by default `{enabled: true}`) prefers near endpoints and fails over only when the DestinationRule has outlierDetection; without it every endpoint is at one priority and traffic spreads across regions and zones (the ≈50/50 of Istio\'s multi-cluster tutorial).',
    fix: 'for local traffic with failover, add a DestinationRule with outlierDetection for the service; for fixed shares, use `distribute`',
    stage: 'analyzer',
  },
  {
    code: 'MS0108',
    name: 'OverCapacity',
    level: 'warning',
    meaning: 'At the scenario\'s rates the load offered to a service (or subset) reaches its capacity: ρ = arrival rate × mean service time / (replicas × concurrency) ≥ 1, so its queues grow for as long as the load lasts.',
    fix: 'add replicas or concurrency (`meshsim capacity` finds the fewest), or lower the rates',
    stage: 'analyzer',
  },
  {
    code: 'MS0109',
    name: 'ShadowedDestinationRule',
    level: 'warning',
    meaning: 'A DestinationRule whose host matches a called service never applies to it: another rule wins (a more specific host, or a namespace earlier on the caller\'s lookup path), and Istio does not merge rules across hosts or namespaces, so settings only the shadowed rule has are lost.',
    fix: 'move those settings into the rule that applies, or delete the shadowed rule',
    stage: 'analyzer',
  },
  {
    code: 'MS0110',
    name: 'MergedDestinationRule',
    level: 'warning',
    meaning: 'Several DestinationRules in one namespace have the same host: Istio merges them, keeping the first top-level trafficPolicy and the first definition of each subset; the later one\'s are dropped.',
    fix: 'keep one DestinationRule per host and namespace',
    stage: 'load',
  },
  {
    code: 'MS0111',
    name: 'VirtualServiceHostNotFound',
    level: 'warning',
    meaning: 'A host of a VirtualService bound to the mesh matches no service (nor ServiceEntry): its routes apply to no call.',
    fix: 'correct spec.hosts (a short name resolves in the VirtualService\'s namespace)',
    stage: 'analyzer',
  },
];

export const CHECKS: ReadonlyMap<string, Check> = new Map(CHECKS_LIST.map((c) => [c.code, c]));

export function check(code: string): Check {
  const c = CHECKS.get(code);
  if (c === undefined) throw new Error(`internal: unknown analyzer code ${code}`);
  return c;
}

export const ALL_CHECKS: readonly Check[] = CHECKS_LIST;
