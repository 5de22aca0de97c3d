/**
 * The retry priority plug-in of the callers' routers (`retry_priority:
 * envoy.retry_priorities.previous_priorities`, from VirtualService `retryRemoteLocalities`), one
 * state per call: the router reports each attempted host, and a retry's host selection asks for the
 * priority load to choose from. Calls without the plug-in never touch this.
 *
 * Source: envoy source/common/router/retry_state_impl.h (onHostAttempted, priorityLoadForRetry),
 * source/common/router/router.h (Filter::determinePriorityLoad: only retries consult the plug-in),
 * lb/previous-priorities.ts for the plug-in itself.
 */
import type { ClusterLoadBalancer } from '../lb/cluster-load-balancer.js';
import { determinePriorityLoad, NOTHING_ATTEMPTED, onHostAttempted, type PreviousPrioritiesState, type PriorityMapping } from '../lb/previous-priorities.js';
import type { HealthyAndDegradedLoad } from '../lb/priority-load.js';

export class RetryPriorities {
  /** By call slot; a slot's state is started afresh by its call's first attempted host. */
  private readonly states: (PreviousPrioritiesState | undefined)[] = [];

  /**
   * The router sent attempt `n` (1 = the first) of `call` to `host`. Envoy's RetryPriority is made per
   * request, so the first attempt starts a new state.
   */
  onHostAttempted(call: number, n: number, host: number): void {
    const state = n === 1 ? NOTHING_ATTEMPTED : (this.states[call] ?? NOTHING_ATTEMPTED);
    this.states[call] = onHostAttempted(state, host);
  }

  /** The priority load for one host selection of a retry of `call` from `lb` (determinePriorityLoad). */
  loadFor(call: number, lb: ClusterLoadBalancer, updateFrequency: number): HealthyAndDegradedLoad {
    // retry_priority.h defaultPriorityMapping: the host's priority. A host no longer in the cluster
    // has none here (Envoy would still read the priority it last had).
    const priorityOf: PriorityMapping = (h) => {
      const p = lb.priorityOf(h);
      return p >= 0 ? p : undefined;
    };
    const r = determinePriorityLoad(this.states[call] ?? NOTHING_ATTEMPTED, lb.priorityLoad, lb.priorityLoad, updateFrequency, priorityOf);
    this.states[call] = r.state;
    return r.load;
  }

  /** A call moved to another slot (a timed-out attempt keeps the old one). */
  move(from: number, to: number): void {
    this.states[to] = this.states[from];
  }
}
