/**
 * The caller's router: what Envoy's router filter (and the fault filter before it) does with a
 * call between choosing a cluster and the call's end. Policy, per VirtualService route and
 * DestinationRule (translated in xds/): fault injection (delay, then abort), the route timeout
 * (covering every retry), circuit breakers (connection pool: pending requests wait for a free
 * connection or overflow), retries (retryOn, attempts, per-try timeout, jittered exponential
 * back-off, the previous_hosts and previous_priorities plug-ins, the max_retries budget) and the
 * abandoned attempts of timeouts. Mechanism stays in the request path (runner.ts): the router asks
 * its RouterHost to send an attempt's first hop, to end a call, to count an abandoned attempt's
 * bytes and to drop an orphan from a station's queue.
 *
 * Sources: envoy source/common/router/router.cc, retry_state_impl.cc, upstream_request.cc;
 * source/extensions/filters/http/fault/fault_filter.cc; Istio pilot/pkg/networking/core/route/retry/retry.go.
 */
import type { RandomStreams, Rng } from '../engine/random.js';
import { NO_TIMER, type Simulation } from '../engine/simulation.js';
import { CAUSE_INDEX } from '../metrics/failure-cause.js';
import type { ProxyRoute } from '../proxy/proxy.js';
import { ADMIT, CircuitBreaker, OVERFLOW as CB_OVERFLOW } from '../proxy/circuit-breaker.js';
import type { ProxyClusterView } from '../proxy/cluster-view.js';
import { backoffMs, retriableFailure, retriableStatus, type AttemptFailure } from '../proxy/retry-policy-decisions.js';
import { RetryPriorities } from '../proxy/retry-priority.js';
import {
  CALL_INTS, CallPool, FROM_CHILD, GEN, HOP0, HOP_HOST, HOP_VIEW, HOPS, ORPHAN, OUTSTANDING, PREV_COUNT, PREVIOUS_HOSTS, RETRYING, ROUTE, STATUS,
  TIMER_RETRY, TIMER_ROUTE, TIMER_TRY, TIMERS, TRIES, VIEW,
} from './calls.js';
import type { FaultImpactRecorder } from './fault-impact.js';
import type { RunMetrics } from './run-metrics.js';
import type { World } from './world.js';

// Module-local on purpose: V8 folds a module's own constants into optimized code, not imported
// bindings (imported: +0.55 % instructions in a 400,000-request canonical run, in two callgrind counts).
const ERROR = CAUSE_INDEX.error;
const CONNECT_FAILURE = CAUSE_INDEX.connect_failure;
const UPSTREAM_RESET = CAUSE_INDEX.upstream_reset;
const TIMEOUT = CAUSE_INDEX.timeout;
const CIRCUIT_BREAKER = CAUSE_INDEX.circuit_breaker;
const FAULT_ABORT = CAUSE_INDEX.fault_abort;
const GATEWAY_TIMEOUT = 504;
const SERVICE_UNAVAILABLE = 503;

/** What the router needs of the request path it sits in. */
export interface RouterHost {
  /** Sends the first hop of `call`'s attempt: `view`'s proxy, at locality `from`, picks a host. */
  attempt(call: number, view: ProxyClusterView, from: number): void;
  /** Ends `call` with failure `cause` (its status already set). */
  finishFailure(call: number, cause: number): void;
  /** A failed attempt of `call` is retried: its hops' bytes are counted (`own`: the attempt's own cause). */
  countAbandoned(call: number, own: number): void;
  /** An orphaned call still waiting in its station's queue leaves it (and its slot is released). */
  dropWaiting(call: number): void;
}

/** What the router did over a run (RunResult.resilience). */
export interface RouterStats {
  /** Attempts sent after a first one (retry amplification). */
  retries: number;
  /** Attempts abandoned by a route or per-try timeout. */
  timeouts: number;
  circuitBreakerOverflows: number;
}

export class Router {
  /** Routes used in this run, by id (numbered on first use). */
  private readonly routes: ProxyRoute[] = [];
  /** Per call slot: its timers' handles (NO_TIMER: none) and its route's deadline. */
  private routeTimer = new Float64Array(0);
  private routeDeadline = new Float64Array(0);
  private tryTimer = new Float64Array(0);
  private retryTimer = new Float64Array(0);
  /** Per call: the priorities its attempts used (retryRemoteLocalities → previous_priorities). */
  private readonly retryPriorities = new RetryPriorities();
  /** Per view (a proxy's cluster): its circuit breakers, made on first use. */
  private readonly breakers: (CircuitBreaker | undefined)[] = [];
  /** Per proxy: its retry back-off and fault-injection streams, made on first use. */
  private readonly retryRng: (Rng | undefined)[] = [];
  private readonly faultRng: (Rng | undefined)[] = [];
  private retries = 0;
  private timeouts = 0;
  private readonly EV_ROUTE_TIMEOUT: number;
  private readonly EV_TRY_TIMEOUT: number;
  private readonly EV_RETRY: number;
  private readonly EV_FAULT_DELAY: number;

  constructor(
    private readonly sim: Simulation,
    private readonly pool: CallPool,
    private readonly world: World,
    private readonly streams: RandomStreams,
    private readonly metrics: RunMetrics,
    private readonly impact: FaultImpactRecorder | undefined,
    private readonly host: RouterHost,
  ) {
    this.EV_ROUTE_TIMEOUT = sim.register('route-timeout', this.onRouteTimeout);
    this.EV_TRY_TIMEOUT = sim.register('per-try-timeout', this.onTryTimeout);
    this.EV_RETRY = sim.register('retry', this.onRetry);
    this.EV_FAULT_DELAY = sim.register('fault-delay', this.onFaultDelay);
  }

  stats(): RouterStats {
    return {
      retries: this.retries,
      timeouts: this.timeouts,
      circuitBreakerOverflows: this.breakers.reduce((a, b) => a + (b ? b.overflows.requests + b.overflows.pending : 0), 0),
    };
  }

  /** The id of `route` in this run (numbered on first use). */
  private routeId(route: ProxyRoute): number {
    if (route.id < 0) {
      route.id = this.routes.length;
      this.routes.push(route);
    }
    return route.id;
  }

  /**
   * The caller's sidecar has chosen `view` from `route` for `call`: the fault filter (VirtualService
   * `fault`) runs first, then the router arms the route timeout and sends the first attempt.
   * Source: envoy source/extensions/filters/http/fault/fault_filter.cc (delay, then abort),
   * source/common/router/router.cc (route timeout covers every retry).
   */
  start(call: number, route: ProxyRoute, view: ProxyClusterView): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    ints[b + ROUTE] = route.id >= 0 ? route.id : this.routeId(route);
    ints[b + VIEW] = view.id;
    const r = route.route;
    if (r.fault !== undefined || r.timeoutMs !== undefined) {
      this.startFiltered(call, route, view);
      return;
    }
    ints[b + TRIES] = 0;
    this.sendAttempt(call, view);
  }

  /** start() on a route with a fault filter or a route timeout (kept out of the plain path). */
  private startFiltered(call: number, route: ProxyRoute, view: ProxyClusterView): void {
    const fault = route.route.fault;
    if (fault !== undefined) {
      const rng = this.faultRngOf(view.proxy);
      // fault_filter.cc: the delay is applied first; Istio writes percentages per million (translatePercentToFractionalPercent).
      if (fault.delay !== undefined && rng.nextUint32() % 1_000_000 < fault.delay.percent * 10_000) {
        this.sim.schedule(fault.delay.fixedDelayMs, this.EV_FAULT_DELAY, call, this.pool.ints[call * CALL_INTS + GEN]);
        return;
      }
    }
    this.afterFaultDelay(call, route, view);
  }

  private readonly onFaultDelay = (call: number): void => {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    this.afterFaultDelay(call, this.routes[ints[b + ROUTE]], this.world.views[ints[b + VIEW]]);
  };

  private afterFaultDelay(call: number, route: ProxyRoute, view: ProxyClusterView): void {
    const fault = route.route.fault;
    if (fault?.abort !== undefined) {
      if (this.faultRngOf(view.proxy).nextUint32() % 1_000_000 < fault.abort.percent * 10_000) {
        // fault_filter.cc abortWithStatus: the request never reaches the router (never retried).
        this.pool.ints[call * CALL_INTS + STATUS] = fault.abort.httpStatus;
        this.host.finishFailure(call, FAULT_ABORT);
        return;
      }
    }
    const timeout = route.route.timeoutMs;
    if (timeout !== undefined && timeout > 0) {
      this.routeDeadline[call] = this.sim.now + timeout;
      this.routeTimer[call] = this.sim.scheduleTimer(timeout, this.EV_ROUTE_TIMEOUT, call, 0);
      this.pool.ints[call * CALL_INTS + TIMERS] |= TIMER_ROUTE;
    }
    this.pool.ints[call * CALL_INTS + TRIES] = 0;
    this.sendAttempt(call, view);
  }

  private breakerOf(view: ProxyClusterView): CircuitBreaker {
    let b = this.breakers[view.id];
    if (b === undefined) b = this.breakers[view.id] = new CircuitBreaker(view.cluster.circuitBreakers);
    return b;
  }

  private retryRngOf(proxy: number): Rng {
    return (this.retryRng[proxy] ??= this.streams.stream(`retry/${this.world.proxies[proxy].name}`));
  }

  private faultRngOf(proxy: number): Rng {
    return (this.faultRng[proxy] ??= this.streams.stream(`fault/${this.world.proxies[proxy].name}`));
  }

  /** One attempt of the router: the circuit breaker admits it (or it waits, or overflows), then hop 0. */
  private sendAttempt(call: number, view: ProxyClusterView): void {
    const cb = this.breakerOf(view);
    if (cb.admitsAll) {
      this.sendAdmitted(call, view);
      return;
    }
    const r = cb.admit(call);
    if (r === CB_OVERFLOW) {
      // Envoy 503 UO: the client's own circuit breaker; never retried (wouldRetryFromReset).
      this.pool.ints[call * CALL_INTS + STATUS] = SERVICE_UNAVAILABLE;
      this.host.finishFailure(call, CIRCUIT_BREAKER);
      return;
    }
    if (r === ADMIT) this.sendAdmitted(call, view);
    // else pending: sendAdmitted runs when a request of this view ends and frees a connection.
  }

  private sendAdmitted(call: number, view: ProxyClusterView): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    ints[b + HOPS] = 0;
    ints[b + TRIES]++;
    ints[b + OUTSTANDING] = 1;
    const policy = this.routes[ints[b + ROUTE]].route.retryPolicy;
    if (policy !== undefined && policy.perTryTimeoutMs !== undefined) this.armTryTimer(call, policy.perTryTimeoutMs);
    this.host.attempt(call, view, this.world.proxies[view.proxy].locality);
  }

  private armTryTimer(call: number, perTryMs: number): void {
    if (!(perTryMs > 0)) return;
    this.tryTimer[call] = this.sim.scheduleTimer(perTryMs, this.EV_TRY_TIMEOUT, call, 0);
    this.pool.ints[call * CALL_INTS + TIMERS] |= TIMER_TRY;
  }

  /** The attempt of `call` is over at the router: its connection slot goes to the next pending request. */
  endAttempt(call: number, view: ProxyClusterView): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    ints[b + OUTSTANDING] = 0;
    if ((ints[b + TIMERS] & TIMER_TRY) !== 0) this.cancelTryTimer(call);
    const cb = this.breakerOf(view);
    if (!cb.admitsAll) this.releaseConnection(cb);
  }

  private cancelTryTimer(call: number): void {
    if (this.tryTimer[call] === NO_TIMER) return;
    this.sim.cancel(this.tryTimer[call]);
    this.tryTimer[call] = NO_TIMER;
  }

  /** A limited circuit breaker's connection is free again: the next pending request takes it. */
  private releaseConnection(cb: CircuitBreaker): void {
    const next = cb.release();
    if (next >= 0) this.sendAdmitted(next, this.world.views[this.pool.ints[next * CALL_INTS + VIEW]]);
  }

  /**
   * The router's decision after a failed attempt (retry_state_impl.cc shouldRetry): retry if the
   * policy allows this failure, retries remain, and the cluster's retry budget (max_retries) has
   * room; the retry waits a jittered exponential back-off. Returns true if a retry was scheduled.
   */
  private maybeRetry(call: number, failure: AttemptFailure | undefined, status: number): boolean {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    const view = this.world.views[ints[b + VIEW]];
    const cb = this.breakerOf(view);
    if (ints[b + RETRYING] === 1) {
      cb.endRetry(); // retry_state_impl.cc resetRetry: the last retry is over
      ints[b + RETRYING] = 0;
    }
    const policy = this.routes[ints[b + ROUTE]].route.retryPolicy;
    if (policy === undefined) return false;
    const would = failure !== undefined ? retriableFailure(policy, failure) : retriableStatus(policy, status);
    if (!would || ints[b + TRIES] > policy.numRetries) return false;
    if (!cb.startRetry()) return false; // upstream_rq_retry_overflow
    ints[b + RETRYING] = 1;
    // The previous_hosts predicate remembers every host attempted (retry_host_predicates previous_hosts).
    this.rememberHost(call, ints[b + HOP0 + HOP_HOST]);
    // So does the retry priority plug-in (retry_state_impl.h onHostAttempted).
    if (policy.previousPriorities !== undefined) this.retryPriorities.onHostAttempted(call, ints[b + PREV_COUNT], ints[b + HOP0 + HOP_HOST]);
    this.retries++;
    this.metrics.timeline.onRetry();
    this.impact?.onRetry(this.sim.now);
    const delay = backoffMs(ints[b + TRIES], policy.backoffBaseMs, policy.backoffBaseMs * 10, this.retryRngOf(view.proxy));
    this.retryTimer[call] = this.sim.scheduleTimer(delay, this.EV_RETRY, call, 0);
    ints[b + TIMERS] |= TIMER_RETRY;
    return true;
  }

  private readonly onRetry = (call: number): void => {
    this.retryTimer[call] = NO_TIMER;
    this.sendAttempt(call, this.world.views[this.pool.ints[call * CALL_INTS + VIEW]]);
  };

  /** Hosts a call's attempts used, for the previous_hosts retry predicate (the last PREVIOUS_HOSTS kept). */
  private rememberHost(call: number, host: number): void {
    const pool = this.pool;
    const n = pool.ints[call * CALL_INTS + PREV_COUNT];
    pool.prevHosts[call * PREVIOUS_HOSTS + (n % PREVIOUS_HOSTS)] = host;
    pool.ints[call * CALL_INTS + PREV_COUNT] = n + 1;
  }

  private triedHost(call: number, host: number): boolean {
    const pool = this.pool;
    const n = Math.min(pool.ints[call * CALL_INTS + PREV_COUNT], PREVIOUS_HOSTS);
    for (let i = 0; i < n; i++) if (pool.prevHosts[call * PREVIOUS_HOSTS + i] === host) return true;
    return false;
  }

  /**
   * A timeout ends the attempt in flight: Envoy resets the upstream stream, the host's outlier
   * monitor sees a local-origin timeout (router.cc onPerTryTimeout / onResponseTimeout), and the
   * attempt's work goes on without anyone waiting for it (an orphan). The call moves to a new slot.
   */
  private abandonAttempt(call: number): number {
    const pool = this.pool;
    const w = this.world;
    const now = this.sim.now;
    this.timeouts++;
    const b = call * CALL_INTS;
    const n = pool.ints[b + HOPS];
    for (let k = 0; k < n; k++) {
      const h = pool.hopAt(call, k);
      const v = w.views[pool.ints[h + HOP_VIEW]];
      v.lb.active[pool.ints[h + HOP_HOST]]--;
      if (k === 0) v.detector?.reportLocalOrigin(pool.ints[h + HOP_HOST], 'timeout', now);
    }
    const view = w.views[pool.ints[b + VIEW]];
    const moved = this.moveCall(call);
    pool.ints[call * CALL_INTS + ORPHAN] = 1;
    // An orphan waiting in a station's queue is dropped there (the client reset the stream).
    this.host.dropWaiting(call);
    this.endAttempt(moved, view);
    return moved;
  }

  /** Copies a call's own state into a new slot (its attempt in flight keeps the old one). */
  private moveCall(call: number): number {
    const pool = this.pool;
    const to = pool.alloc();
    this.growTimers(to, pool.size);
    pool.copyCall(call, to);
    if (this.routes[pool.ints[call * CALL_INTS + ROUTE]].route.retryPolicy?.previousPriorities !== undefined) this.retryPriorities.move(call, to);
    this.tryTimer[to] = NO_TIMER;
    this.retryTimer[to] = NO_TIMER;
    this.routeTimer[to] = NO_TIMER;
    const ints = pool.ints;
    if ((ints[call * CALL_INTS + TIMERS] & TIMER_ROUTE) !== 0) {
      const rt = this.routeTimer[call];
      if (rt !== NO_TIMER && this.sim.isPending(rt)) {
        this.sim.cancel(rt);
        this.routeDeadline[to] = this.routeDeadline[call];
        this.routeTimer[to] = this.sim.scheduleTimerAt(this.routeDeadline[call], this.EV_ROUTE_TIMEOUT, to, 0);
        ints[to * CALL_INTS + TIMERS] |= TIMER_ROUTE;
      }
    }
    this.routeTimer[call] = NO_TIMER;
    this.tryTimer[call] = NO_TIMER;
    return to;
  }

  private readonly onTryTimeout = (call: number): void => {
    this.tryTimer[call] = NO_TIMER;
    const moved = this.abandonAttempt(call);
    if (this.maybeRetry(moved, 'per-try-timeout', GATEWAY_TIMEOUT)) {
      this.host.countAbandoned(moved, TIMEOUT);
    } else {
      this.pool.ints[moved * CALL_INTS + STATUS] = GATEWAY_TIMEOUT;
      this.host.finishFailure(moved, TIMEOUT);
    }
  };

  private readonly onRouteTimeout = (call: number): void => {
    const pool = this.pool;
    this.routeTimer[call] = NO_TIMER;
    let c = call;
    const b = call * CALL_INTS;
    if (pool.ints[b + OUTSTANDING] === 1) c = this.abandonAttempt(call);
    else if ((pool.ints[b + TIMERS] & TIMER_RETRY) !== 0 && this.retryTimer[call] !== NO_TIMER) {
      this.sim.cancel(this.retryTimer[call]);
      this.retryTimer[call] = NO_TIMER;
    } else {
      this.breakerOf(this.world.views[pool.ints[b + VIEW]]).withdraw(call);
    }
    const ints = pool.ints;
    const bc = c * CALL_INTS;
    if (ints[bc + RETRYING] === 1) {
      this.breakerOf(this.world.views[ints[bc + VIEW]]).endRetry();
      ints[bc + RETRYING] = 0;
    }
    // router.cc onResponseTimeout: 504 UT.
    ints[bc + STATUS] = GATEWAY_TIMEOUT;
    this.host.finishFailure(c, TIMEOUT);
  };

  /**
   * A retry's host at the caller (load_balancer_impl.cc chooseHost): every pick takes its priority
   * load from the retry priority plug-in, if the route has one (hostSourceToUse →
   * determinePriorityLoad); with a host predicate (previous_hosts) a host tried before is re-picked
   * up to host_selection_retry_max_attempts times, then the last pick is kept.
   */
  chooseRetryHost(call: number, view: ProxyClusterView): number {
    const policy = this.routes[this.pool.ints[call * CALL_INTS + ROUTE]].route.retryPolicy;
    const priority = policy?.previousPriorities;
    const pick = () => (priority === undefined ? view.lb.chooseHost() : view.lb.chooseHost(this.retryPriorities.loadFor(call, view.lb, priority.updateFrequency)));
    let host = pick();
    if (host >= 0 && policy?.previousHostsPredicate) {
      for (let i = 0; i < policy.hostSelectionRetryMaxAttempts && this.triedHost(call, host); i++) host = pick();
    }
    return host;
  }

  /**
   * The router's retry decision on a failed attempt's outcome (retry_state_impl.cc): true if a
   * retry was scheduled (the abandoned attempt's hops are counted).
   */
  retriedAfter(call: number, cause: number): boolean {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    const fromChild = ints[b + FROM_CHILD] === 1;
    const failure: AttemptFailure | undefined = fromChild ? undefined : cause === CONNECT_FAILURE ? 'connect-failure' : cause === UPSTREAM_RESET ? 'reset' : undefined;
    if (!this.maybeRetry(call, failure, ints[b + STATUS])) return false;
    this.host.countAbandoned(call, fromChild ? ERROR : cause);
    return true;
  }

  /** The call's retry leaves its cluster's retry budget (retry_state_impl.cc resetRetry). */
  endRetry(call: number): void {
    const ints = this.pool.ints;
    this.breakerOf(this.world.views[ints[call * CALL_INTS + VIEW]]).endRetry();
    ints[call * CALL_INTS + RETRYING] = 0;
  }

  /**
   * The call's router is done with it: its timers are withdrawn, its retry leaves the retry budget
   * and an attempt still counted by the circuit breaker gives its connection back.
   */
  close(call: number): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    if (ints[b + TIMERS] !== 0) this.cancelTimers(call);
    if (ints[b + ROUTE] < 0) return;
    if (ints[b + RETRYING] === 1) this.endRetry(call);
    if (ints[b + OUTSTANDING] === 1) this.endAttempt(call, this.world.views[ints[b + VIEW]]);
    ints[b + ROUTE] = -1;
  }

  /** Withdraws the call's route, per-try and retry timers. */
  private cancelTimers(call: number): void {
    if (this.routeTimer[call] !== NO_TIMER) {
      this.sim.cancel(this.routeTimer[call]);
      this.routeTimer[call] = NO_TIMER;
    }
    this.cancelTryTimer(call);
    if (this.retryTimer[call] !== NO_TIMER) {
      this.sim.cancel(this.retryTimer[call]);
      this.retryTimer[call] = NO_TIMER;
    }
    this.pool.ints[call * CALL_INTS + TIMERS] = 0;
  }

  /** Makes room for call slot `call` in the per-call timer arrays (the pool has `size` slots). */
  growTimers(call: number, size: number): void {
    if (call >= this.routeTimer.length) this.growTo(size);
  }

  private growTo(n: number): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(n).fill(NO_TIMER);
      b.set(a);
      return b;
    };
    this.routeTimer = grow(this.routeTimer);
    this.routeDeadline = grow(this.routeDeadline);
    this.tryTimer = grow(this.tryTimer);
    this.retryTimer = grow(this.retryTimer);
  }
}
