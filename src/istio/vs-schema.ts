/**
 * VirtualService spec as Istio's CRD defines it (networking/v1alpha3/virtual_service.proto,
 * crd-all.gen.yaml `virtualservices.networking.istio.io`). Field names verbatim, including the
 * deprecated `mirror_percent` spelling the CRD still accepts. Webhook rules are in vs-validate.ts.
 */
import { z } from 'zod';
import { HTTPRetrySchema } from './http-retry.js';
import { atMostOne, BoolValue, Destination, Duration, Int32, Percent, StringMap, StringMatch, UInt32, UInt32Value } from './schema-common.js';

const Headers = z.strictObject({
  request: z.strictObject({ set: StringMap.optional(), add: StringMap.optional(), remove: z.array(z.string()).optional() }).optional(),
  response: z.strictObject({ set: StringMap.optional(), add: StringMap.optional(), remove: z.array(z.string()).optional() }).optional(),
});

export const HTTPMatchRequestSchema = z.strictObject({
  name: z.string().optional(),
  uri: StringMatch.optional(),
  scheme: StringMatch.optional(),
  method: StringMatch.optional(),
  authority: StringMatch.optional(),
  headers: z.record(z.string(), StringMatch).optional(),
  port: UInt32.optional(),
  sourceLabels: StringMap.optional(),
  gateways: z.array(z.string()).optional(),
  queryParams: z.record(z.string(), StringMatch).optional(),
  ignoreUriCase: z.boolean().optional(),
  withoutHeaders: z.record(z.string(), StringMatch).optional(),
  sourceNamespace: z.string().optional(),
  statPrefix: z.string().optional(),
});

const HTTPRouteDestination = z.strictObject({
  destination: Destination,
  weight: Int32.optional(),
  headers: Headers.optional(),
});

const Fault = z.strictObject({
  delay: z
    .strictObject({
      percent: Int32.optional(),
      fixedDelay: Duration.optional(),
      exponentialDelay: Duration.optional(),
      percentage: Percent.optional(),
    })
    .superRefine(atMostOne(['fixedDelay', 'exponentialDelay']))
    .optional(),
  abort: z
    .strictObject({
      httpStatus: Int32.optional(),
      grpcStatus: z.string().optional(),
      http2Error: z.string().optional(),
      percentage: Percent.optional(),
    })
    .superRefine(atMostOne(['httpStatus', 'grpcStatus', 'http2Error']))
    .optional(),
});

const Retries = HTTPRetrySchema;

export const HTTPRouteSchema = z.strictObject({
  name: z.string().optional(),
  match: z.array(HTTPMatchRequestSchema).optional(),
  route: z.array(HTTPRouteDestination).optional(),
  redirect: z
    .strictObject({
      uri: z.string().optional(),
      authority: z.string().optional(),
      port: UInt32.optional(),
      derivePort: z.enum(['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT']).optional(),
      scheme: z.string().optional(),
      redirectCode: UInt32.optional(),
    })
    .superRefine(atMostOne(['port', 'derivePort']))
    .optional(),
  directResponse: z
    .strictObject({
      status: UInt32,
      body: z
        .strictObject({ string: z.string().optional(), bytes: z.string().optional() })
        .superRefine(atMostOne(['string', 'bytes']))
        .optional(),
    })
    .optional(),
  delegate: z.strictObject({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
  rewrite: z
    .strictObject({
      uri: z.string().optional(),
      authority: z.string().optional(),
      uriRegexRewrite: z.strictObject({ match: z.string().optional(), rewrite: z.string().optional() }).optional(),
    })
    .optional(),
  timeout: Duration.optional(),
  retries: Retries.optional(),
  fault: Fault.optional(),
  mirror: Destination.optional(),
  mirrors: z.array(z.strictObject({ destination: Destination, percentage: Percent.optional() })).optional(),
  mirror_percent: UInt32Value.optional(),
  mirrorPercent: UInt32Value.optional(),
  mirrorPercentage: Percent.optional(),
  corsPolicy: z
    .strictObject({
      allowOrigin: z.array(z.string()).optional(),
      allowOrigins: z.array(StringMatch).optional(),
      allowMethods: z.array(z.string()).optional(),
      allowHeaders: z.array(z.string()).optional(),
      exposeHeaders: z.array(z.string()).optional(),
      maxAge: Duration.optional(),
      allowCredentials: BoolValue.optional(),
      unmatchedPreflights: z.enum(['UNSPECIFIED', 'FORWARD', 'IGNORE']).optional(),
    })
    .optional(),
  headers: Headers.optional(),
});

const RouteDestination = z.strictObject({ destination: Destination, weight: Int32.optional() });

const L4Match = z.strictObject({
  destinationSubnets: z.array(z.string()).optional(),
  port: UInt32.optional(),
  sourceLabels: StringMap.optional(),
  gateways: z.array(z.string()).optional(),
  sourceNamespace: z.string().optional(),
  sourceSubnet: z.string().optional(),
});

const TLSMatch = z.strictObject({
  sniHosts: z.array(z.string()),
  destinationSubnets: z.array(z.string()).optional(),
  port: UInt32.optional(),
  sourceLabels: StringMap.optional(),
  gateways: z.array(z.string()).optional(),
  sourceNamespace: z.string().optional(),
});

export const VirtualServiceSpecSchema = z.strictObject({
  hosts: z.array(z.string()).optional(),
  gateways: z.array(z.string()).optional(),
  http: z.array(HTTPRouteSchema).optional(),
  tls: z.array(z.strictObject({ match: z.array(TLSMatch), route: z.array(RouteDestination).optional() })).optional(),
  tcp: z.array(z.strictObject({ match: z.array(L4Match).optional(), route: z.array(RouteDestination).optional() })).optional(),
  exportTo: z.array(z.string()).optional(),
});

export type VirtualServiceSpec = z.output<typeof VirtualServiceSpecSchema>;
export type HTTPRouteSpec = z.output<typeof HTTPRouteSchema>;
export type HTTPMatchRequestSpec = z.output<typeof HTTPMatchRequestSchema>;
export type DestinationSpec = z.output<typeof Destination>;
