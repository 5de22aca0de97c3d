/**
 * DestinationRule spec as Istio's CRD defines it (networking/v1alpha3/destination_rule.proto,
 * crd-all.gen.yaml `destinationrules.networking.istio.io`, identical for v1, v1beta1, v1alpha3).
 * Field names are the CRD's camelCase, verbatim. Shapes and `oneOf` groups only; the webhook's
 * rules (ValidateDestinationRule) are in dr-validate.ts.
 */
import { z } from 'zod';
import {
  atMostOne,
  BoolValue,
  DoubleValue,
  Duration,
  Int32,
  MatchLabelsSelector,
  PortSelector,
  StringMap,
  UInt32,
  UInt32Value,
} from './schema-common.js';
import { ZoneAwareLbSettingSchema } from './zone-aware-setting.js';

export const SIMPLE_LB = ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'] as const;

const ConsistentHash = z
  .strictObject({
    httpHeaderName: z.string().optional(),
    httpCookie: z.strictObject({ name: z.string(), path: z.string().optional(), ttl: Duration.optional() }).optional(),
    useSourceIp: z.boolean().optional(),
    httpQueryParameterName: z.string().optional(),
    ringHash: z.strictObject({ minimumRingSize: z.int().min(0).optional() }).optional(),
    maglev: z.strictObject({ tableSize: z.int().min(0).optional() }).optional(),
    minimumRingSize: z.int().min(0).optional(),
  })
  .superRefine(atMostOne(['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName']))
  .superRefine(atMostOne(['ringHash', 'maglev']));

export const LocalityLbSettingSchema = z.strictObject({
  distribute: z.array(z.strictObject({ from: z.string().optional(), to: z.record(z.string(), UInt32).optional() })).optional(),
  enabled: BoolValue.optional(),
  failover: z.array(z.strictObject({ from: z.string().optional(), to: z.string().optional() })).optional(),
  failoverPriority: z.array(z.string()).optional(),
});

const LoadBalancer = z
  .strictObject({
    simple: z.enum(SIMPLE_LB).optional(),
    consistentHash: ConsistentHash.optional(),
    localityLbSetting: LocalityLbSettingSchema.optional(),
    warmupDurationSecs: Duration.optional(),
    warmup: z
      .strictObject({
        duration: Duration,
        minimumPercent: DoubleValue.optional(),
        aggression: DoubleValue.optional(),
      })
      .optional(),
    // Istio 1.31 (reference §1.11.7; destination_rule.proto ZoneAwareLoadBalancerSetting).
    zoneAwareLbSetting: ZoneAwareLbSettingSchema.optional(),
  })
  .superRefine(atMostOne(['simple', 'consistentHash']));

const ConnectionPool = z.strictObject({
  tcp: z
    .strictObject({
      maxConnections: Int32.optional(),
      connectTimeout: Duration.optional(),
      tcpKeepalive: z
        .strictObject({ probes: UInt32.optional(), time: Duration.optional(), interval: Duration.optional() })
        .optional(),
      maxConnectionDuration: Duration.optional(),
      idleTimeout: Duration.optional(),
    })
    .optional(),
  http: z
    .strictObject({
      http1MaxPendingRequests: Int32.optional(),
      http2MaxRequests: Int32.optional(),
      maxRequestsPerConnection: Int32.optional(),
      maxRetries: Int32.optional(),
      idleTimeout: Duration.optional(),
      h2UpgradePolicy: z.enum(['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE']).optional(),
      useClientProtocol: z.boolean().optional(),
      maxConcurrentStreams: Int32.optional(),
    })
    .optional(),
});

const OutlierDetection = z.strictObject({
  consecutiveErrors: Int32.optional(),
  splitExternalLocalOriginErrors: z.boolean().optional(),
  consecutiveLocalOriginFailures: UInt32Value.optional(),
  consecutiveGatewayErrors: UInt32Value.optional(),
  consecutive5xxErrors: UInt32Value.optional(),
  interval: Duration.optional(),
  baseEjectionTime: Duration.optional(),
  maxEjectionPercent: Int32.optional(),
  minHealthPercent: Int32.optional(),
});

const ClientTls = z.strictObject({
  mode: z.enum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']).optional(),
  clientCertificate: z.string().optional(),
  privateKey: z.string().optional(),
  caCertificates: z.string().optional(),
  credentialName: z.string().optional(),
  subjectAltNames: z.array(z.string()).optional(),
  sni: z.string().optional(),
  insecureSkipVerify: BoolValue.optional(),
  caCrl: z.string().optional(),
});

const PortTrafficPolicy = z.strictObject({
  port: PortSelector.optional(),
  loadBalancer: LoadBalancer.optional(),
  connectionPool: ConnectionPool.optional(),
  outlierDetection: OutlierDetection.optional(),
  tls: ClientTls.optional(),
});

export const TrafficPolicySchema = z.strictObject({
  loadBalancer: LoadBalancer.optional(),
  connectionPool: ConnectionPool.optional(),
  outlierDetection: OutlierDetection.optional(),
  tls: ClientTls.optional(),
  portLevelSettings: z.array(PortTrafficPolicy).max(4096).optional(),
  tunnel: z
    .strictObject({ protocol: z.string().optional(), targetHost: z.string(), targetPort: UInt32 })
    .optional(),
  proxyProtocol: z.strictObject({ version: z.enum(['V1', 'V2']).optional() }).optional(),
  retryBudget: z
    .strictObject({ percent: DoubleValue.optional(), minRetryConcurrency: UInt32.optional() })
    .optional(),
});

export const DestinationRuleSpecSchema = z.strictObject({
  host: z.string(),
  trafficPolicy: TrafficPolicySchema.optional(),
  subsets: z
    .array(z.strictObject({ name: z.string(), labels: StringMap.optional(), trafficPolicy: TrafficPolicySchema.optional() }))
    .optional(),
  exportTo: z.array(z.string()).optional(),
  workloadSelector: MatchLabelsSelector.optional(),
});

export type DestinationRuleSpec = z.output<typeof DestinationRuleSpecSchema>;
export type TrafficPolicySpec = z.output<typeof TrafficPolicySchema>;
export type PortTrafficPolicySpec = z.output<typeof PortTrafficPolicy>;
export type LoadBalancerSpec = z.output<typeof LoadBalancer>;
export type ConnectionPoolSpec = z.output<typeof ConnectionPool>;
export type OutlierDetectionSpec = z.output<typeof OutlierDetection>;
export type ClientTlsSpec = z.output<typeof ClientTls>;
export type SubsetSpec = NonNullable<DestinationRuleSpec['subsets']>[number];
