/**
 * Envoy's `envoy.retry_priorities.previous_priorities` retry priority plug-in, which Istio sets on a
 * route whose VirtualService says `retries.retryRemoteLocalities: true`: on a retry, priorities the
 * request has already tried are left out, so the retry goes to the next locality instead of the
 * one that just failed.
 *
 * One state per request (Envoy builds a new plug-in per request, RetryPolicyImpl::retryPriority).
 * The router tells it every host attempted (onHostAttempted); before each retry's host selection
 * the load balancer asks it for the priority load (determinePriorityLoad). With `update_frequency`
 * N it changes the load only once N hosts were attempted, and recomputes it after every N more:
 * it excludes the priorities of every host attempted so far and spreads the 100 % over the other
 * priorities by their health and degraded availability (the load balancer's own health figures:
 * overprovisioning factor, capped at 100). When nothing is left it forgets what was attempted and
 * starts over with every priority; when even that leaves nothing (no healthy or degraded host
 * anywhere) the load balancer's own load is used. Pure functions: the state goes in, the next
 * state comes out.
 *
 * Source: envoy source/extensions/retry/priority/previous_priorities/previous_priorities.cc
 * (PreviousPrioritiesRetryPriority::determinePriorityLoad, adjustForAttemptedPriorities,
 * adjustedAvailability); tests test/extensions/retry/priority/previous_priorities/config_test.cc.
 */
import type { HealthyAndDegradedLoad } from './priority-load.js';

/** Health and degraded availability (0..100 each) per priority, as the load balancer computes them. */
export interface PriorityAvailability {
  readonly health: readonly number[];
  readonly degradedAvailability: readonly number[];
}

/** What the plug-in remembers for one request. */
export interface PreviousPrioritiesState {
  /** Hosts attempted since the last reset (attempted_hosts_), mapped to priorities at each update. */
  readonly attempted: readonly number[];
  /** excluded_priorities_: priorities tried before; only a reset clears them. */
  readonly excluded: readonly boolean[];
  /** per_priority_load_: the load of the last update, returned between updates. */
  readonly load: HealthyAndDegradedLoad | undefined;
}

/** A request's state before its first attempt. */
export const NOTHING_ATTEMPTED: PreviousPrioritiesState = { attempted: [], excluded: [], load: undefined };

/** onHostAttempted: the router sent an attempt to `host`. */
export function onHostAttempted(state: PreviousPrioritiesState, host: number): PreviousPrioritiesState {
  return { ...state, attempted: [...state.attempted, host] };
}

/** The priority of a host now, or undefined for a host it cannot place (Envoy PriorityMappingFunc). */
export type PriorityMapping = (host: number) => number | undefined;

/** Hosts named by their priority (the tests' mapping, and Envoy's defaultPriorityMapping for such hosts). */
export const HOST_IS_PRIORITY: PriorityMapping = (host) => host;

/** Envoy's unsigned integer division (operands are small non-negative integers). */
const idiv = (a: number, b: number) => Math.floor(a / b);

/**
 * adjustedAvailability: availability with excluded priorities at 0, and their total capped at 100.
 */
function adjustedAvailability(a: PriorityAvailability, excluded: readonly boolean[]): { health: number[]; degraded: number[]; total: number } {
  const n = a.health.length;
  const health = new Array<number>(n).fill(0);
  const degraded = new Array<number>(n).fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (excluded[i] === true) continue;
    health[i] = a.health[i];
    degraded[i] = a.degradedAvailability[i] ?? 0;
    total += health[i] + degraded[i];
  }
  // previous_priorities.cc adjustedAvailability: std::min(total_availability, 100u).
  return { health, degraded, total: Math.min(total, 100) };
}

/**
 * The priority load for the next host selection of a retry, and the plug-in's next state.
 *
 * Worked example (config_test.cc DefaultFrequencyUnhealthyPriorities): P0 3 of 10 healthy, P1 2 of
 * 10, P2 10 of 10 ⇒ health 42, 28, 100 (140 % × healthy share, capped); after a host in P0 was
 * attempted, P0 is excluded: availability 28 + 100 capped at 100 ⇒ P1 28·100/100 = 28, P2
 * min(72, 100) = 72 ⇒ [0, 28, 72].
 *
 * @param state what the request attempted so far (onHostAttempted)
 * @param availability the load balancer's health and degraded availability per priority now
 * @param original the load balancer's own priority load (returned unchanged when nothing changes)
 * @param updateFrequency `update_frequency` (≥ 1; Istio writes 2)
 * @param priorityOf maps an attempted host to its priority at this moment (priority_mapping_func)
 */
export function determinePriorityLoad(
  state: PreviousPrioritiesState,
  availability: PriorityAvailability,
  original: HealthyAndDegradedLoad,
  updateFrequency: number,
  priorityOf: PriorityMapping,
): { load: HealthyAndDegradedLoad; state: PreviousPrioritiesState } {
  const attemptedCount = state.attempted.length;
  // previous_priorities.cc determinePriorityLoad: fewer than update_frequency attempts ⇒ the original load.
  if (attemptedCount < updateFrequency) return { load: original, state };
  // ... between updates ⇒ the load of the last update.
  if (attemptedCount % updateFrequency !== 0) return { load: state.load ?? original, state };

  // An update: exclude the priority of every host attempted so far (excluded_priorities_ only grows
  // to the number of priorities, never shrinks).
  const n = availability.health.length;
  const excluded = state.excluded.slice();
  while (excluded.length < n) excluded.push(false);
  for (const host of state.attempted) {
    const p = priorityOf(host);
    if (p !== undefined && p >= 0 && p < n) excluded[p] = true;
  }

  // adjustForAttemptedPriorities
  let attempted = state.attempted;
  let adjusted = adjustedAvailability(availability, excluded);
  if (adjusted.total === 0) {
    // No priority left: forget the attempts and use every priority again. (Envoy's reset loop,
    // `for (auto excluded_priority : excluded_priorities_) excluded_priority = false;`, writes
    // through std::vector<bool>'s proxy references, so it does clear them.)
    excluded.fill(false);
    attempted = [];
    adjusted = adjustedAvailability(availability, excluded);
  }
  // Still nothing: every priority is unavailable; keep the load balancer's own load (and its panic handling).
  if (adjusted.total === 0) return { load: original, state: { attempted, excluded, load: state.load } };

  // The same spreading as the load balancer's distributeLoad, except that the rounding remainder is
  // handed out by running the loops again (so it goes to the first available priorities).
  const healthy = new Array<number>(n).fill(0);
  const degraded = new Array<number>(n).fill(0);
  let totalLoad = 100;
  while (totalLoad !== 0) {
    for (let i = 0; i < n; i++) {
      const delta = Math.min(totalLoad, idiv(adjusted.health[i] * 100, adjusted.total));
      healthy[i] += delta;
      totalLoad -= delta;
    }
    for (let i = 0; i < n; i++) {
      const delta = Math.min(totalLoad, idiv(adjusted.degraded[i] * 100, adjusted.total));
      degraded[i] += delta;
      totalLoad -= delta;
    }
  }
  const load = { healthy, degraded };
  return { load, state: { attempted, excluded, load } };
}
