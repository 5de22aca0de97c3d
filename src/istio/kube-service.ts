/**
 * A Kubernetes `v1/Service` read as the API server and Istio read it. meshsim already knows each
 * service of the scenario (its deployments are the pods); a Service object adds what Istio takes
 * from it: `spec.trafficDistribution` (PreferClose, PreferSameZone, PreferSameNode), or Istio's
 * `networking.istio.io/traffic-distribution` annotation when the field is unset, which Istio turns
 * into locality priorities (xds/effective-lb-setting.ts). Selector and ports are checked against
 * the scenario (istio/mesh.ts); the other ServiceSpec fields are warnings (not simulated).
 *
 * Sources: k8s.io/api core/v1 types.go ServiceSpec, ServicePort; pkg/apis/core/validation
 * (ValidateService: trafficDistribution values); istio pilot/pkg/serviceregistry/kube/conversion.go
 * (TrafficDistribution from the field, else the annotation); istio/api annotation
 * networking.istio.io/traffic-distribution (istio/api#3328).
 */
import { z } from 'zod';
import type { ResourceMeta } from './envelope.js';
import { resolveConfigHost } from './hosts.js';
import { validateLabels } from './names.js';
import { reportZodIssues, type Reporter } from './report.js';
import { StringMap } from './schema-common.js';

export const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'] as const;
export type TrafficDistribution = (typeof TRAFFIC_DISTRIBUTIONS)[number];

/** Istio's annotation on a Service (or ServiceEntry, Namespace) that sets the distribution when the field is unset. */
export const TRAFFIC_DISTRIBUTION_ANNOTATION = 'networking.istio.io/traffic-distribution';

const ServicePort = z.strictObject({
  name: z.string().optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  appProtocol: z.string().optional(),
  port: z.int().min(1).max(65535),
  targetPort: z.union([z.int().min(1).max(65535), z.string().min(1)]).optional(),
  nodePort: z.int().min(0).max(65535).optional(),
});

/** core/v1 ServiceSpec: every field it defines; only selector, ports and trafficDistribution are read. */
const ServiceSpecSchema = z.strictObject({
  selector: StringMap.optional(),
  ports: z.array(ServicePort).optional(),
  // ValidateService: the supported values (PreferSameZone/PreferSameNode from Kubernetes 1.33, KEP-3015)
  trafficDistribution: z.enum(TRAFFIC_DISTRIBUTIONS).optional(),
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()).optional(),
  externalIPs: z.array(z.string()).optional(),
  sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
  sessionAffinityConfig: z.unknown().optional(),
  loadBalancerIP: z.string().optional(),
  loadBalancerSourceRanges: z.array(z.string()).optional(),
  loadBalancerClass: z.string().optional(),
  externalName: z.string().optional(),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  healthCheckNodePort: z.int().optional(),
  publishNotReadyAddresses: z.boolean().optional(),
  ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).optional(),
  ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
  allocateLoadBalancerNodePorts: z.boolean().optional(),
});

/** ServiceSpec fields meshsim reads but does not simulate, and what it does instead. */
const UNSIMULATED: readonly [field: string, effect: string][] = [
  ['type', 'node ports and cloud load balancers are not modelled; in-mesh callers reach the service through their sidecars'],
  ['sessionAffinity', 'client IP affinity is not modelled (sidecars pick hosts by their own policy)'],
  ['sessionAffinityConfig', 'client IP affinity is not modelled'],
  ['externalTrafficPolicy', 'traffic from outside the cluster enters through ingress gateways'],
  ['internalTrafficPolicy', 'sidecars ignore it: Istio routes with its own locality settings'],
  ['publishNotReadyAddresses', 'pod readiness is not modelled: every replica is ready'],
];

export interface LoadedKubeService extends ResourceMeta {
  kind: 'Service';
  /** `name.namespace.svc.<domain>`. */
  fqdn: string;
  /** `spec.selector` (undefined: a Service without selector, whose endpoints are managed by hand). */
  selector: Record<string, string> | undefined;
  ports: { name?: string; port: number }[];
  /** The distribution Istio reads: the field, else Istio's annotation (a value it knows). */
  trafficDistribution: TrafficDistribution | undefined;
  /** Where it came from, for messages. */
  trafficDistributionFrom: 'spec' | 'annotation' | undefined;
}

/** Reads one Service; undefined when its spec does not pass the API server's schema. */
export function loadKubeService(meta: ResourceMeta, rawSpec: Record<string, unknown>, annotations: Record<string, string>, report: Reporter, domain: string): LoadedKubeService | undefined {
  const parsed = ServiceSpecSchema.safeParse(rawSpec, { reportInput: true });
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, ['spec'], ServiceSpecSchema, report);
    return undefined;
  }
  const spec = parsed.data;
  // ValidateService: the name is a DNS-1035 label (it becomes a DNS name)
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(meta.name) || meta.name.length > 63) {
    report.error(['metadata', 'name'], `"${meta.name}" is not a valid Service name (a DNS-1035 label: lower-case letters, digits and "-", starting with a letter)`);
  }
  // ValidateService: selector labels are valid label keys and values
  for (const m of validateLabels(spec.selector ?? {})) report.error(['spec', 'selector'], m);
  // ValidateService: port names unique, and required when there are several ports
  const ports = spec.ports ?? [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p.name) report.error(['spec', 'ports', i, 'name'], 'required field is missing: every port of a multi-port Service needs a name');
    if (p.name) {
      if (names.has(p.name)) report.error(['spec', 'ports', i, 'name'], `duplicate port name "${p.name}"`);
      names.add(p.name);
    }
  });
  if (spec.type === 'ExternalName') report.warning(['spec', 'type'], 'an ExternalName Service has no endpoints; meshsim still uses the scenario\'s deployments of this service');
  for (const [field, effect] of UNSIMULATED) if (spec[field as keyof typeof spec] !== undefined) report.warning(['spec', field], `not simulated: ${effect}`);
  let trafficDistribution: TrafficDistribution | undefined = spec.trafficDistribution;
  let from: LoadedKubeService['trafficDistributionFrom'] = trafficDistribution !== undefined ? 'spec' : undefined;
  const annotated = annotations[TRAFFIC_DISTRIBUTION_ANNOTATION];
  if (annotated !== undefined) {
    const path = ['metadata', 'annotations', TRAFFIC_DISTRIBUTION_ANNOTATION];
    if (!(TRAFFIC_DISTRIBUTIONS as readonly string[]).includes(annotated)) {
      // conversion.go: a value Istio does not know reads as TrafficDistributionAny (no preference)
      report.warning(path, `"${annotated}" is not a traffic distribution Istio knows (${TRAFFIC_DISTRIBUTIONS.join(', ')}); it means no preference`);
    } else if (trafficDistribution !== undefined) {
      // conversion.go: the spec field wins over the annotation
      if (annotated !== trafficDistribution) report.warning(path, `ignored: spec.trafficDistribution (${trafficDistribution}) takes precedence over the annotation`);
    } else {
      trafficDistribution = annotated as TrafficDistribution;
      from = 'annotation';
    }
  }
  return {
    ...meta,
    kind: 'Service',
    fqdn: resolveConfigHost(meta.name, meta.namespace, domain),
    selector: spec.selector,
    ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port })),
    trafficDistribution,
    trafficDistributionFrom: from,
  };
}
