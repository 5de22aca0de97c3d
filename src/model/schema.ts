/**
 * The scenario schema: one zod definition that gives the TypeScript input types, the runtime
 * validation (with field paths) and the JSON Schema editors use (`meshsim schema`).
 *
 * The schema checks shapes and formats; `qualify.ts` then fills every default, converts units
 * (durations to ms, sizes to bytes, rates to 1/s) and checks cross references (a deployment's
 * cluster exists, its zone belongs to the cluster, ...). Field names follow Kubernetes and Istio
 * vocabulary: region/zone/subzone are the values of the `topology.kubernetes.io/region`,
 * `topology.kubernetes.io/zone` and `topology.istio.io/subzone` labels.
 */
import { z } from 'zod';
import { PricingSchema } from '../cost/pricing-schema.js';
import { groupDigits, LIMIT_NOTE, LIMITS, MAX_DURATION_TEXT, MAX_SIZE_TEXT, MIN_RATE_PER_SECOND } from './limits.js';
import { parseDuration, parseRate, parseSize } from './units.js';

export const DURATION_PATTERN = /^\s*(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+\s*$|^\s*\d+(\.\d+)?\s*$/;
export const SIZE_PATTERN = /^\s*\d+(\.\d+)?\s*([kKmMgGtT]i?[bB]|[bB])?\s*$/;
export const RATE_PATTERN = /^\s*\d+(\.\d+)?(e\d+)?\s*(\/\s*(ms|s|sec|m|min|h))?\s*$/;
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const LIST_LIMIT = (n: number) => `a list of at most ${groupDigits(n)} items (${LIMIT_NOTE})`;
const DURATION_LIMIT = `a duration may be at most ${MAX_DURATION_TEXT} (${LIMIT_NOTE})`;
const SIZE_LIMIT = `a size may be at most ${MAX_SIZE_TEXT} (${LIMIT_NOTE})`;
const RATE_LIMIT = `a rate may be at most ${groupDigits(LIMITS.ratePerSecond)}/s and, unless 0, at least 1 per 87600h (${LIMIT_NOTE})`;
// Negative rates are reported by nonnegative(), unparsable ones by the pattern.
const rateInRange = (r: number | undefined) => r === undefined || r <= 0 || (r >= MIN_RATE_PER_SECOND && r <= LIMITS.ratePerSecond);

const Duration = z
  .union([
    z.number().nonnegative().max(LIMITS.durationMs, { error: DURATION_LIMIT }),
    z
      .string()
      .regex(DURATION_PATTERN, { error: 'expected a duration such as 250ms, 1.5s, 1m or 1h30m' })
      .refine((s) => (parseDuration(s) ?? 0) <= LIMITS.durationMs, { error: DURATION_LIMIT }),
  ])
  .meta({ description: 'A duration: 250ms, 1.5s, 1m, 1h30m (Go/Istio style). A bare number is milliseconds.' });
const Size = z
  .union([
    z.number().nonnegative().max(LIMITS.sizeBytes, { error: SIZE_LIMIT }),
    z
      .string()
      .regex(SIZE_PATTERN, { error: 'expected a size such as 512B, 4KiB or 1.5MB' })
      .refine((s) => (parseSize(s) ?? 0) <= LIMITS.sizeBytes, { error: SIZE_LIMIT }),
  ])
  .meta({ description: 'A size in bytes: 512B, 4KiB, 1.5MB. A bare number is bytes.' });
const Rate = z
  .union([
    z.number().nonnegative().refine((r) => rateInRange(r), { error: RATE_LIMIT }),
    z
      .string()
      .regex(RATE_PATTERN, { error: 'expected a rate such as 500/s or 30000/m' })
      .refine((s) => rateInRange(parseRate(s)), { error: RATE_LIMIT }),
  ])
  .meta({ description: 'Requests per unit of time: 500/s, 30000/m. A bare number is per second.' });
/** sigma = ln(p99/median)/2.326 must stay within LIMITS.lognormalSigma (else samples overflow). */
function lognormalSpreadOk(median: string | number | undefined, p99: string | number | undefined): boolean {
  if (median === undefined || p99 === undefined) return true;
  const m = parseDuration(median);
  const p = parseDuration(p99);
  if (m === undefined || p === undefined || !(m > 0) || p < m) return true; // qualify reports these
  return Math.log(p / m) / 2.326 <= LIMITS.lognormalSigma;
}

/** Any name-like text: a DNS name's length at most. */
const Text = z.string().max(LIMITS.nameLength, { error: `at most ${LIMITS.nameLength} characters (${LIMIT_NOTE})` });
const Name = Text.regex(NAME_PATTERN, { error: 'expected a DNS-style name: lower-case letters, digits, "-" and "."' });
const Labels = z.record(Text, Text).meta({ description: 'Kubernetes labels.' });
const Probability = z.number().min(0).max(1);

export const DistributionSchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), value: Duration }),
  z.strictObject({ dist: z.literal('uniform'), min: Duration, max: Duration }),
  z.strictObject({ dist: z.literal('exponential'), mean: Duration }),
  z.strictObject({ dist: z.literal('normal'), mean: Duration, stddev: Duration, min: Duration.optional() }),
  z
    .strictObject({
      dist: z.literal('lognormal'),
      median: Duration.optional(),
      p99: Duration.optional(),
      mu: z
        .number()
        .max(LIMITS.lognormalMu, { error: `mu may be at most ${LIMITS.lognormalMu} (a median of e^${LIMITS.lognormalMu} ms, about 6 years; ${LIMIT_NOTE})` })
        .optional()
        .meta({ description: 'ln of the median, with the value in milliseconds' }),
      sigma: z
        .number()
        .nonnegative()
        .max(LIMITS.lognormalSigma, { error: `sigma may be at most ${LIMITS.lognormalSigma} (${LIMIT_NOTE})` })
        .optional(),
    })
    .refine((d) => lognormalSpreadOk(d.median, d.p99), {
      path: ['p99'],
      error: `p99 may be at most e^${(2.326 * LIMITS.lognormalSigma).toFixed(1)} times the median (sigma ${LIMITS.lognormalSigma}; ${LIMIT_NOTE})`,
    })
    .meta({ description: 'Lognormal, given either median and p99, or mu and sigma (of ln milliseconds).' }),
  z.strictObject({
    dist: z.literal('empirical'),
    values: z.array(Duration).min(1).max(LIMITS.distributionValues, { error: LIST_LIMIT(LIMITS.distributionValues) }),
    weights: z
      .array(z.number().positive().max(LIMITS.empiricalWeight, { error: `a weight may be at most ${groupDigits(LIMITS.empiricalWeight)} (${LIMIT_NOTE})` }))
      .max(LIMITS.distributionValues, { error: LIST_LIMIT(LIMITS.distributionValues) })
      .optional(),
  }),
]);

/** A time value: a fixed duration, a distribution, or a base with uniform jitter. */
export const DelaySchema = z.union([
  Duration,
  DistributionSchema,
  z.strictObject({ base: Duration, jitter: Duration.meta({ description: 'uniform extra delay in [0, jitter)' }) }),
]);

const CrossRegion = z.union([
  DelaySchema,
  z
    .record(z.string(), DelaySchema)
    .meta({ description: 'A `default` delay and per region pair delays keyed "regionA<>regionB" (symmetric).' }),
]);

export const LatencySchema = z
  .strictObject({
    sameZone: DelaySchema.default(0).meta({ description: 'One-way delay between workloads in the same zone.' }),
    crossZone: DelaySchema.default(0).meta({ description: 'One-way delay between zones of one region.' }),
    crossRegion: CrossRegion.default(0),
  })
  .meta({ description: 'One-way network delays by locality relation.' });

export const ClusterSchema = z.strictObject({
  name: Name,
  network: Text.optional().meta({ description: 'topology.istio.io/network; default: the only network, or "network-default".' }),
  region: Text.min(1).meta({ description: 'topology.kubernetes.io/region of the cluster nodes.' }),
  zones: z.array(Text.min(1)).min(1).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).meta({ description: 'topology.kubernetes.io/zone values of the cluster nodes.' }),
  labels: Labels.optional(),
  platform: z
    .enum(['kubernetes', 'vm'])
    .default('kubernetes')
    .meta({ description: 'kubernetes: a Kubernetes cluster (API server, istiod per the control-plane model). vm: a group of virtual machines joined to the mesh (WorkloadEntries): istio-proxy on each VM, configured by an istiod of a Kubernetes cluster of the same mesh; no API server, no istiod.' }),
  registeredIn: Text.optional().meta({ description: 'vm: the Kubernetes cluster whose API server holds these VMs\' WorkloadEntries and whose istiod configures their proxies (the VMs\' ISTIO_META_CLUSTER_ID); default: the primary (primary-remote), else the mesh\'s first Kubernetes cluster.' }),
});

export const ControlPlaneSchema = z
  .strictObject({
    model: z
      .enum(['multi-primary', 'primary-remote', 'external'])
      .default('multi-primary')
      .meta({ description: 'multi-primary: an istiod in every cluster configures that cluster\'s proxies; primary-remote: the istiod of `primary` configures every cluster of the mesh; external: one istiod outside the clusters configures them all. Every istiod watches every cluster of its mesh.' }),
    primary: Text.optional().meta({ description: 'primary-remote: the cluster running istiod (default: the mesh\'s first cluster).' }),
    debounce: Duration.default('100ms').meta({ description: 'PILOT_DEBOUNCE_AFTER: istiod pushes once no endpoint change came for this long.' }),
    debounceMax: Duration.default('10s').meta({ description: 'PILOT_DEBOUNCE_MAX: ... or once the first change waited this long.' }),
    pushDelay: DelaySchema.default('50ms').meta({ description: 'From istiod\'s push to the proxy applying the update (xDS send, proxy processing).' }),
  })
  .meta({ description: 'The Istio control plane: how endpoint changes reach the proxies.' });

export const KubernetesSchema = z
  .strictObject({
    containerExitDetection: Duration.default('1s').meta({ description: 'A crashed container (endpoint-crash, mode refuse): kubelet marks the pod NotReady after this.' }),
    readinessProbe: z
      .strictObject({
        period: Duration.default('10s').meta({ description: 'periodSeconds (Kubernetes default 10s).' }),
        timeout: Duration.default('1s').meta({ description: 'timeoutSeconds (default 1s): a hung endpoint fails each probe after this.' }),
        failureThreshold: z.number().int().positive().max(1000).default(3),
        successThreshold: z.number().int().positive().max(1000).default(1),
      })
      .default({ period: '10s', timeout: '1s', failureThreshold: 3, successThreshold: 1 })
      .meta({ description: 'The readiness probe of every pod: a hung endpoint (endpoint-crash, mode blackhole) turns NotReady after failureThreshold failed probes; a recovered one Ready after successThreshold good ones.' }),
    nodeMonitorGracePeriod: Duration.default('50s').meta({ description: 'kube-controller-manager --node-monitor-grace-period (50s since Kubernetes 1.32, 40s before): the pods of lost nodes (zone outage) turn NotReady after this.' }),
  })
  .meta({ description: 'Kubernetes timings that decide when an endpoint leaves (and rejoins) EDS.' });

export const VmSchema = z
  .strictObject({
    probe: z
      .strictObject({
        period: Duration.default('10s').meta({ description: 'periodSeconds (istio-agent default 10s).' }),
        timeout: Duration.default('1s').meta({ description: 'timeoutSeconds (default 1s): a hung application fails each probe after this.' }),
        failureThreshold: z.number().int().positive().max(1000).default(1).meta({ description: 'Failed probes before the agent reports the VM unhealthy (istio-agent default 1, not Kubernetes\' 3).' }),
        successThreshold: z.number().int().positive().max(1000).default(1),
      })
      .default({ period: '10s', timeout: '1s', failureThreshold: 1, successThreshold: 1 })
      .meta({ description: 'The WorkloadGroup readiness probe istio-agent runs on each VM (PILOT_ENABLE_WORKLOAD_ENTRY_HEALTHCHECKS): the application failing (endpoint-crash) turns the WorkloadEntry unhealthy after failureThreshold failed probes; a recovered one healthy after successThreshold good ones.' }),
    keepalive: z
      .strictObject({
        interval: Duration.default('30s').meta({ description: 'istiod --keepaliveInterval: an idle xDS connection is pinged after this.' }),
        timeout: Duration.default('10s').meta({ description: 'istiod --keepaliveTimeout: an unanswered ping closes the connection after this.' }),
      })
      .default({ interval: '30s', timeout: '10s' })
      .meta({ description: 'How istiod notices a VM that vanished (outage, mode blackhole): its xDS stream is closed by keepalive; a refused VM\'s stream closes at once.' }),
    gracePeriod: Duration.default('10s').meta({ description: 'PILOT_WORKLOAD_ENTRY_GRACE_PERIOD: a VM disconnected this long loses its WorkloadEntry (auto-registered) or its health (health-checked): it leaves EDS.' }),
  })
  .meta({ description: 'Timings that decide when a VM endpoint leaves (and rejoins) EDS: WorkloadEntry health checks and disconnects.' });

export const MeshSchema = z
  .strictObject({
    name: Name,
    clusters: z.array(z.string()).min(1).meta({ description: 'The clusters of this mesh (each cluster belongs to exactly one mesh).' }),
    trustDomain: z.string().optional().meta({ description: 'SPIFFE trust domain; default: the mesh name.' }),
    exports: z
      .array(z.string())
      .default([])
      .meta({ description: 'Services other meshes may call (name.namespace), reached through this mesh\'s ingress gateways (mesh federation).' }),
    controlPlane: ControlPlaneSchema.optional().meta({ description: 'This mesh\'s control plane; default: the scenario\'s `controlPlane`.' }),
  })
  .meta({ description: 'A mesh: clusters under one control plane and trust domain. Several meshes make a federation: endpoints are never merged across meshes.' });

export const GatewaySchema = z
  .strictObject({
    name: Name.optional().meta({ description: 'Default: <kind>-<cluster>.' }),
    cluster: z.string(),
    kind: z.enum(['ingress', 'eastwest', 'egress']),
    zones: z.array(z.string()).optional().meta({ description: 'Zones the replicas spread over, in turn; default: every zone of the cluster.' }),
    replicas: z.number().int().positive().default(2),
    processing: DelaySchema.default('0.2ms').meta({ description: 'Time a replica spends on each request it forwards.' }),
    concurrency: z.number().int().positive().default(2).meta({ description: 'Requests one replica processes at once: its Envoy worker threads (istio-proxy --concurrency follows the pod CPU limit; the gateway chart sets 2 CPUs). Default 2.' }),
    queueLimit: z.number().int().nonnegative().optional().meta({ description: 'Requests that may wait per replica; more are rejected (503 overflow). Default: unlimited.' }),
  })
  .meta({ description: 'Istio gateways of a cluster: ingress (users and other meshes in), east-west (other networks of the mesh in, SNI pass-through), egress (calls to other meshes out).' });

export const UsersSchema = z
  .strictObject({
    name: Name,
    to: z.string().min(1).meta({ description: 'Service the users call, through an ingress gateway.' }),
    port: z.number().int().min(1).max(65535).optional(),
    rate: Rate,
    arrival: z.enum(['poisson', 'constant']).default('poisson'),
    start: Duration.default(0),
    duration: Duration.optional(),
    requests: z.number().int().positive().optional(),
    requestSize: Size.default(512),
    rtt: z
      .record(z.string(), DelaySchema)
      .meta({ description: 'Round-trip time from these users to each region (keyed by region); one way is half of it.' }),
  })
  .meta({ description: 'A user population outside the mesh: enters through an ingress gateway chosen by the global load balancer.' });

export const IngressSchema = z
  .strictObject({
    globalLoadBalancer: z
      .enum(['nearest', 'weighted'])
      .default('nearest')
      .meta({ description: 'nearest: each user population goes to the ingress gateways of the region with the lowest RTT, failing over by RTT; weighted: by `weights`.' }),
    weights: z.record(z.string(), z.number().int().positive()).optional().meta({ description: 'weighted: share per cluster (keyed by cluster name).' }),
  })
  .meta({ description: 'How users reach the ingress gateways (declared in `gateways`: one in a primary cluster, or one per cluster).' });

const EndpointBehaviour = {
  concurrency: z.number().int().positive().optional().meta({ description: 'Requests one replica serves at once (its servers).' }),
  queueLimit: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .meta({ description: 'Requests that may wait per replica; more are rejected (503, cause "overflow"). Default: unlimited.' }),
  serviceTime: DelaySchema.optional(),
  errorRate: Probability.optional().meta({ description: 'Probability that a served request fails with errorStatus.' }),
  errorStatus: z.number().int().min(500).max(599).optional(),
};

export const DeploymentSchema = z.strictObject({
  cluster: Text,
  zone: Text.optional().meta({ description: 'Zone of the replicas; default: the cluster\'s first zone.' }),
  subzone: Text.optional().meta({ description: 'topology.istio.io/subzone.' }),
  replicas: z.number().int().nonnegative().max(LIMITS.endpoints, { error: `at most ${LIMITS.endpoints} endpoints in all (${LIMIT_NOTE})` }).default(1),
  labels: Labels.optional(),
  ...EndpointBehaviour,
});

export const CallSchema = z
  .strictObject({
    service: z.string().min(1).meta({ description: 'Called service: name (in the caller\'s namespace), name.namespace or FQDN.' }),
    port: z.number().int().min(1).max(65535).optional(),
    probability: Probability.default(1).meta({ description: 'Share of the caller\'s requests that make this call.' }),
    requestSize: Size.default(512),
    responseSize: Size.optional().meta({ description: 'Default: the called service\'s responseSize.' }),
    required: z
      .boolean()
      .default(true)
      .meta({ description: 'A failed required call fails the caller\'s request (status 500, with the callee\'s failure cause); an optional one does not.' }),
  })
  .meta({ description: 'An outgoing call a service makes while serving a request (its sidecar balances it from the replica\'s locality).' });

export const ServiceSchema = z.strictObject({
  name: Name,
  namespace: Name.default('default'),
  ports: z.array(z.number().int().min(1).max(65535)).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).optional(),
  ...EndpointBehaviour,
  responseSize: Size.optional(),
  deployments: z.array(DeploymentSchema).min(1).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }),
  calls: z.array(CallSchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).default([]),
  callMode: z
    .enum(['sequential', 'parallel'])
    .default('sequential')
    .meta({ description: 'sequential: one call after another (a failed required call stops the rest); parallel: all at once. Calls start when the service time is over; the replica\'s server is free meanwhile.' }),
});

export const PlacementSchema = z.strictObject({
  cluster: Text,
  zone: Text.optional(),
  subzone: Text.optional(),
});

export const TrafficSchema = z.strictObject({
  name: Name,
  from: PlacementSchema,
  namespace: Name.optional().meta({ description: 'Namespace of the calling workload (for DestinationRule lookup); default "default".' }),
  labels: Labels.optional().meta({ description: 'Labels of the calling workload (failoverPriority compares them).' }),
  replicas: z
    .number()
    .int()
    .positive()
    .max(LIMITS.callingPods, { error: `at most ${LIMITS.callingPods} calling pods in all (${LIMIT_NOTE})` })
    .default(1)
    .meta({ description: 'Calling pods, each with its own sidecar proxy, LB state and outlier detector.' }),
  to: Text.min(1).meta({ description: 'Called service: name, name.namespace or FQDN.' }),
  port: z.number().int().min(1).max(65535).optional(),
  rate: Rate,
  arrival: z.enum(['poisson', 'constant']).default('poisson'),
  start: Duration.default(0),
  duration: Duration.optional().meta({ description: 'How long this source sends; default: the scenario duration.' }),
  requests: z.number().int().positive().optional().meta({ description: 'Stop after this many requests.' }),
  requestSize: Size.default(512),
});

export const FAULT_KINDS = [
  'endpoint-crash', 'zone-outage', 'cluster-outage', 'region-outage', 'gateway-outage',
  'network-partition', 'link-degradation', 'error-injection', 'slow-endpoints', 'control-plane-outage',
] as const;

export const FaultSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    at: Duration.meta({ description: 'When the fault starts.' }),
    for: Duration.optional().meta({ description: 'How long it lasts; default: to the end of the run.' }),
    cluster: Text.optional(),
    zone: Text.optional(),
    region: Text.optional(),
    service: Text.optional().meta({ description: 'Only endpoints of this service (name, name.namespace or FQDN).' }),
    count: z.number().int().positive().optional().meta({ description: 'endpoint-crash / slow-endpoints / error-injection: how many matching endpoints (the first ones); default: 1 for endpoint-crash, all otherwise.' }),
    gateway: z.enum(['ingress', 'eastwest', 'egress']).optional().meta({ description: 'gateway-outage: which kind of gateway (in `cluster`, or everywhere).' }),
    between: z
      .tuple([Text, Text])
      .optional()
      .meta({ description: 'network-partition / link-degradation: the two sides, each a network or a region name.' }),
    addLatency: DelaySchema.optional().meta({ description: 'link-degradation: extra one-way delay on every hop between the sides.' }),
    loss: Probability.optional().meta({ description: 'link-degradation: share of connections between the sides that get no answer (they fail after connectTimeout).' }),
    errorRate: Probability.optional().meta({ description: 'error-injection: probability a served request fails with errorStatus.' }),
    errorStatus: z.number().int().min(500).max(599).optional().meta({ description: 'error-injection: the status (default 503).' }),
    serviceTimeFactor: z.number().positive().max(1e6).optional().meta({ description: 'slow-endpoints: service times are multiplied by this.' }),
    mesh: Text.optional().meta({ description: 'control-plane-outage: the mesh whose control plane fails (with `cluster`: the istiod of that cluster).' }),
    mode: z
      .enum(['refuse', 'blackhole'])
      .default('refuse')
      .meta({ description: 'Outages: refuse — connections are refused (fail after one round trip); blackhole — nothing answers (fail after connectTimeout); a partition always blackholes.' }),
  })
  .meta({ description: 'A timed fault. Outages take endpoints (or gateways) down; partitions and degraded links act on hops between networks or regions; error injection and slow endpoints change how endpoints serve; a control-plane outage freezes the EDS views of the proxies it serves.' });

export const PolicySchema = z.union([
  z.string().max(LIMITS.pathLength, { error: `at most ${LIMITS.pathLength} characters (${LIMIT_NOTE})` }).meta({ description: 'Path of a YAML file of Istio resources, relative to the scenario file.' }),
  z.record(z.string(), z.unknown()).meta({ description: 'An inline Istio resource (DestinationRule, VirtualService, ServiceEntry).' }),
]);

export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().max(LIMITS.pathLength, { error: `at most ${LIMITS.pathLength} characters (${LIMIT_NOTE})` }).optional(),
    name: Name.meta({ description: 'Names the results directory results/<name>/.' }),
    description: z.string().max(LIMITS.textLength, { error: `at most ${LIMITS.textLength} characters (${LIMIT_NOTE})` }).optional(),
    seed: z.number().int().nonnegative().default(1),
    duration: Duration.optional().meta({ description: 'Simulated time during which sources send.' }),
    requests: z.number().int().positive().optional().meta({ description: 'Total requests to send (all sources); the run stops sending after that.' }),
    warmup: Duration.default(0).meta({ description: 'Requests started before this time are not counted in latency statistics.' }),
    istio: z
      .string()
      .regex(/^\d+\.\d+$/, { error: 'expected an Istio minor version such as "1.24"' })
      .optional()
      .meta({ description: 'Istio behaviour version modelled; default: the newest meshsim knows.' }),
    networks: z.array(Text.min(1)).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).optional(),
    clusters: z.array(ClusterSchema).min(1).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }),
    latency: LatencySchema.default({ sameZone: 0, crossZone: 0, crossRegion: 0 }),
    meshes: z.array(MeshSchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).optional().meta({ description: 'Default: one mesh holding every cluster.' }),
    gateways: z.array(GatewaySchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).default([]),
    services: z.array(ServiceSchema).min(1).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }),
    traffic: z.array(TrafficSchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).default([]),
    users: z.array(UsersSchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).default([]),
    ingress: IngressSchema.default({ globalLoadBalancer: 'nearest' }),
    policies: z.array(PolicySchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).default([]),
    faults: z.array(FaultSchema).max(LIMITS.listItems, { error: LIST_LIMIT(LIMITS.listItems) }).default([]),
    controlPlane: ControlPlaneSchema.default({ model: 'multi-primary', debounce: '100ms', debounceMax: '10s', pushDelay: '50ms' }).meta({ description: 'The control plane of every mesh that does not set its own.' }),
    kubernetes: KubernetesSchema.default({ containerExitDetection: '1s', readinessProbe: { period: '10s', timeout: '1s', failureThreshold: 3, successThreshold: 1 }, nodeMonitorGracePeriod: '50s' }),
    vm: VmSchema.default({ probe: { period: '10s', timeout: '1s', failureThreshold: 1, successThreshold: 1 }, keepalive: { interval: '30s', timeout: '10s' }, gracePeriod: '10s' }),
    faultImpact: z
      .strictObject({
        recoveryErrorRate: Probability.default(0.01).meta({ description: 'A fault counts as recovered once the timeline error rate stays at or under this (default 0.01 = 1%).' }),
      })
      .default({ recoveryErrorRate: 0.01 }),
    connectTimeout: Duration.default('10s').meta({ description: 'Mesh connectTimeout (Istio default 10s): how long a connection to a blackholed endpoint takes to fail.' }),
    loadBalancing: z
      .strictObject({ plugin: z.string().max(LIMITS.pathLength, { error: `at most ${LIMITS.pathLength} characters (${LIMIT_NOTE})` }).optional().meta({ description: 'Path of a JavaScript module exporting a LoadBalancingPolicy; replaces the picker of every cluster.' }) })
      .optional(),
    timeline: z
      .strictObject({
        interval: Duration.refine((v) => (parseDuration(v) ?? 1) >= LIMITS.timelineIntervalMs, {
          error: `a timeline row is at least 1ms long (${LIMIT_NOTE})`,
        }).default('1s'),
      })
      .default({ interval: '1s' }),
    pricing: PricingSchema.optional().meta({ description: 'Egress prices: aws, gcp, azure, or {provider, overrides, tables, clusters, devices} (see data/prices/README.md).' }),
    checks: z
      .array(z.string())
      .optional()
      .meta({ description: 'Thresholds `meshsim check` gates on, e.g. "p99 < 120ms", "errorRate < 0.1%", "share(us-west1/*) > 85%", "p99(service=reviews) < 80ms" (docs/check.md). Not used by `meshsim run`.' }),
  })
  .meta({ title: 'meshsim scenario' });

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioParsed = z.output<typeof ScenarioSchema>;
export type DelayInput = z.output<typeof DelaySchema>;

/** The JSON Schema of scenario files, for editors (`# yaml-language-server: $schema=...`). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
