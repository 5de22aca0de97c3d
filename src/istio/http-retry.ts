/**
 * Istio's `HTTPRetry` (networking.v1alpha3), as a VirtualService route's `retries` and as
 * MeshConfig `defaultHttpRetryPolicy`: the webhook's checks (validation.go validateHTTPRetry) and
 * the simulated model (durations in ms, `retryOn` split at commas). The Envoy translation is
 * xds/retry-policy.ts (retry.go ConvertPolicy).
 */
import { z } from 'zod';
import type { FieldPath } from '../model/diagnostics.js';
import { durationMs } from './duration.js';
import type { Reporter } from './report.js';
import { BoolValue, Duration, Int32 } from './schema-common.js';
import { durationField } from './traffic-policy-validate.js';

/** CRD schema of networking.v1alpha3.HTTPRetry. */
export const HTTPRetrySchema = z.strictObject({
  attempts: Int32.optional(),
  perTryTimeout: Duration.optional(),
  retryOn: z.string().optional(),
  retryRemoteLocalities: BoolValue.optional(),
  retryIgnorePreviousHosts: BoolValue.optional(),
  backoff: Duration.optional(),
});

export type HTTPRetrySpec = z.output<typeof HTTPRetrySchema>;

/** A route's retries; `attempts: 0` disables retries (retry.go ConvertPolicy returns no policy). */
export interface ResolvedRetries {
  /** 0 disables retries (retry.go ConvertPolicy returns no policy). */
  attempts: number;
  perTryTimeoutMs?: number;
  /** `retryOn` split at commas (Envoy retry_on names and HTTP status codes). */
  retryOn?: string[];
  retryRemoteLocalities?: boolean;
  backoffMs?: number;
  retryIgnorePreviousHosts?: boolean;
}

// validation.go supportedRetryOnPolicies (x-envoy-retry-on and x-envoy-retry-grpc-on values)
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'reset-before-request',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
// Go net/http StatusText: the status codes validateHTTPRetry accepts as retryOn entries
export const HTTP_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  ...Array.from({ length: 19 }, (_, i) => 400 + i), 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** validation.go validateHTTPRetry; `path` is the HTTPRetry object's. */
export function validateHttpRetry(rt: HTTPRetrySpec, path: FieldPath, report: Reporter): void {
  const attempts = rt.attempts ?? 0;
  // validateHTTPRetry: attempts >= 0; attempts 0 with other retry settings is contradictory
  if (attempts < 0) report.error([...path, 'attempts'], 'attempts cannot be negative');
  if (attempts === 0 && (rt.perTryTimeout !== undefined || rt.retryOn !== undefined || rt.retryRemoteLocalities != null)) {
    report.error([...path, 'attempts'], 'http retry policy configured when attempts are set to 0 (disabled)');
  }
  durationField(rt.perTryTimeout, [...path, 'perTryTimeout'], report);
  durationField(rt.backoff, [...path, 'backoff'], report);
  // validateHTTPRetry: each retryOn entry is a known policy or an HTTP status code
  const tokens = rt.retryOn === undefined || rt.retryOn === '' ? [] : rt.retryOn.split(',');
  for (const p of tokens) {
    if (!RETRY_ON.has(p) && !(/^\d+$/.test(p) && HTTP_STATUS.has(Number(p)))) report.error([...path, 'retryOn'], `"${p}" is not a valid retryOn policy`);
  }
}

/** The simulated model of a (validated) HTTPRetry. */
export function resolveRetries(rt: HTTPRetrySpec): ResolvedRetries {
  const retries: ResolvedRetries = { attempts: rt.attempts ?? 0 };
  const perTry = durationMs(rt.perTryTimeout);
  if (perTry !== undefined) retries.perTryTimeoutMs = perTry;
  if (rt.retryOn !== undefined && rt.retryOn !== '') retries.retryOn = rt.retryOn.split(',');
  if (rt.retryRemoteLocalities != null) retries.retryRemoteLocalities = rt.retryRemoteLocalities;
  if (rt.retryIgnorePreviousHosts != null) retries.retryIgnorePreviousHosts = rt.retryIgnorePreviousHosts;
  const backoff = durationMs(rt.backoff);
  if (backoff !== undefined) retries.backoffMs = backoff;
  return retries;
}
