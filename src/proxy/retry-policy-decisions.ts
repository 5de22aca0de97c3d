/**
 * Envoy's router retry decisions as pure functions: whether an outcome may be retried under a
 * route's retry policy, and the jittered exponential back-off before the next attempt.
 *
 * Sources: envoy source/common/router/retry_state_impl.cc (wouldRetryFromHeaders,
 * wouldRetryFromReset, shouldHedgeRetryPerTryTimeout's note on non-hedged per-try timeouts),
 * source/common/common/backoff_strategy.cc (JitteredExponentialBackOffStrategy::nextBackOffMs),
 * docs router_filter.rst (x-envoy-retry-on values).
 */
import type { Rng } from '../engine/random.js';
import type { EnvoyRetryPolicy } from '../xds/retry-policy.js';

/** Why an attempt ended without a usable response, as Envoy's router sees it. */
export type AttemptFailure =
  /** The connection could not be made (refused, or connect timeout): StreamResetReason::ConnectionFailure. */
  | 'connect-failure'
  /** The upstream reset the stream after it was sent (the endpoint went down while serving). */
  | 'reset'
  /** The client's own circuit breaker (StreamResetReason::Overflow): never retried. */
  | 'overflow'
  /** The per-try timeout fired. */
  | 'per-try-timeout';

const has = (p: EnvoyRetryPolicy, c: string) => p.retryOn.includes(c);

/** retry_state_impl.cc wouldRetryFromHeaders: a response with `status`. */
export function retriableStatus(p: EnvoyRetryPolicy, status: number): boolean {
  if (has(p, '5xx') && status >= 500 && status < 600) return true;
  // CodeUtility::isGatewayError: 502, 503, 504
  if (has(p, 'gateway-error') && status >= 502 && status <= 504) return true;
  if (has(p, 'retriable-4xx') && status === 409) return true;
  if (has(p, 'retriable-status-codes') && p.retriableStatusCodes.includes(status)) return true;
  return false;
}

/** retry_state_impl.cc wouldRetryFromReset, and the router's per-try timeout rule. */
export function retriableFailure(p: EnvoyRetryPolicy, failure: AttemptFailure): boolean {
  // wouldRetryFromReset: never retry an overflow.
  if (failure === 'overflow') return false;
  // An upstream reset counts as a 5xx (it results in one); `reset` names it alone (newer Envoy).
  if (has(p, '5xx') || has(p, 'gateway-error')) return true;
  // router_filter.rst `reset`: no response at all (disconnect, reset, read timeout).
  if (has(p, 'reset')) return true;
  // shouldHedgeRetryPerTryTimeout note: a non-hedged per-try timeout is retried only on 5xx / gateway-error.
  if (failure === 'per-try-timeout') return false;
  if (failure === 'connect-failure' && (has(p, 'connect-failure') || has(p, 'reset-before-request'))) return true;
  return false;
}

/**
 * backoff_strategy.cc JitteredExponentialBackOffStrategy::nextBackOffMs for retry number `n`
 * (1-based): uniform in [0, interval) where the interval is base, 2·base, 4·base, … and becomes
 * the max interval once doubling would pass it (max defaults to 10 × base, router_filter.rst).
 */
export function backoffMs(n: number, baseMs: number, maxMs: number, rng: Rng): number {
  let interval = baseMs;
  for (let i = 1; i < n; i++) interval = interval < maxMs / 2 ? interval * 2 : maxMs;
  const whole = Math.max(1, Math.floor(interval));
  return rng.nextUint32() % whole;
}
