/**
 * Envoy's route `retry_policy` as Istio writes it from a VirtualService `retries` (or its default
 * when the route has none), kept on every route for the caller's router (src/sim/runner.ts).
 *
 * Source: istio pilot/pkg/networking/core/route/retry/retry.go (DefaultPolicy, ConvertPolicy,
 * parseRetryOn, buildPreviousPrioritiesConfig); envoy docs router_filter.rst (back-off defaults).
 */
import type { ResolvedRetries } from '../istio/virtual-service.js';
import type { IstioBehaviour } from './istio-behaviour.js';

export interface EnvoyRetryPolicy {
  /** `num_retries`: attempts after the first. */
  numRetries: number;
  /** `retry_on` conditions (Envoy names), e.g. connect-failure, retriable-status-codes. */
  retryOn: string[];
  retriableStatusCodes: number[];
  /** `per_try_timeout`, ms; undefined ⇒ none (the route timeout bounds every attempt). */
  perTryTimeoutMs: number | undefined;
  /** `retry_host_predicate: envoy.retry_host_predicates.previous_hosts`. */
  previousHostsPredicate: boolean;
  /** `host_selection_retry_max_attempts`. */
  hostSelectionRetryMaxAttempts: number;
  /** `retry_priority: envoy.retry_priorities.previous_priorities`; undefined ⇒ no retry priority plug-in. */
  previousPriorities: { updateFrequency: number } | undefined;
  /** `retry_back_off.base_interval`, ms (Envoy default 25 ms; max 10 × base). */
  backoffBaseMs: number;
}

/** router_filter.rst: default back-off base interval 25 ms. */
export const ENVOY_DEFAULT_BACKOFF_BASE_MS = 25;

/** retry.go buildPreviousPrioritiesConfig: `update_frequency` of the previous_priorities plug-in Istio writes. */
export const ISTIO_PREVIOUS_PRIORITIES_UPDATE_FREQUENCY = 2;

/** retry.go defaultPolicy (+ DefaultPolicy's previous_hosts predicate). */
export function defaultRetryPolicy(istio: IstioBehaviour): EnvoyRetryPolicy {
  return {
    numRetries: 2,
    retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
    // retry.go defaultPolicy: 503 unless features.Exclude503FromDefaultRetries (default since 1.24).
    retriableStatusCodes: istio.defaultRetryOn503 ? [503] : [],
    perTryTimeoutMs: undefined,
    previousHostsPredicate: true,
    hostSelectionRetryMaxAttempts: 5,
    previousPriorities: undefined,
    backoffBaseMs: ENVOY_DEFAULT_BACKOFF_BASE_MS,
  };
}

/** Go's http.StatusText is non-empty for these codes (net/http status.go). */
const HTTP_STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423,
  424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** retry.go ConvertPolicy: no `retries` ⇒ the default; `attempts <= 0` ⇒ no retry policy at all. */
export function envoyRetryPolicy(retries: ResolvedRetries | undefined, istio: IstioBehaviour): EnvoyRetryPolicy | undefined {
  const out = defaultRetryPolicy(istio);
  if (retries === undefined) return out;
  if (retries.attempts <= 0) return undefined;
  out.numRetries = retries.attempts;
  if (retries.retryOn !== undefined && retries.retryOn.length > 0) {
    // retry.go parseRetryOn: integers that are HTTP status codes become retriable_status_codes.
    const conditions: string[] = [];
    const codes: number[] = [];
    for (const raw of retries.retryOn) {
      const part = raw.trim();
      if (part === '') continue;
      const n = /^[+-]?\d+$/.test(part) ? Number(part) : NaN;
      if (HTTP_STATUS_CODES.has(n)) codes.push(n);
      else conditions.push(part);
    }
    // ConvertPolicy: codes without the retriable-status-codes condition get it appended.
    if (codes.length > 0 && !conditions.some((c) => c.includes('retriable-status-codes'))) conditions.push('retriable-status-codes');
    out.retryOn = conditions;
    out.retriableStatusCodes = codes;
  }
  if (retries.perTryTimeoutMs !== undefined) out.perTryTimeoutMs = retries.perTryTimeoutMs;
  if (retries.retryIgnorePreviousHosts !== undefined) out.previousHostsPredicate = retries.retryIgnorePreviousHosts;
  // retry.go ConvertPolicy: retryRemoteLocalities ⇒ RetryPriority previous_priorities with
  // buildPreviousPrioritiesConfig's UpdateFrequency 2.
  if (retries.retryRemoteLocalities === true) out.previousPriorities = { updateFrequency: ISTIO_PREVIOUS_PRIORITIES_UPDATE_FREQUENCY };
  if (retries.backoffMs !== undefined) out.backoffBaseMs = retries.backoffMs;
  return out;
}
