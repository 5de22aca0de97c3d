/**
 * The request's path through one run, as stages wired to the kernel's events:
 *
 *   arrive   a traffic source's call starts at its calling proxy (and the next arrival is drawn)
 *   route    the proxy's route picks a weighted cluster (VirtualService destinations)
 *   attempt  the proxy's view of that cluster picks a host (priority, locality, host policy)
 *   hop      one-way network delay from the proxy's locality to the host's target
 *   station  an endpoint queues and serves the call; a gateway processes it and its own proxy
 *            attempts the next hop from its own view
 *   return   the response retraces the hops, each with its delay back
 *   observe  at each hop's origin, the proxy's outlier detector sees the result
 *   finish   the call ends once, as a success or with one failure cause (metrics)
 *
 * Decisions live elsewhere (xds/ translates Istio, lb/ picks, outlier/ ejects); this file only
 * moves calls between them. Every call ends exactly once; the counts are checked at the end of the
 * run (conservation).
 */
import { RandomStreams } from '../engine/random.js';
import { Simulation, type EventObserver } from '../engine/simulation.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import type { CallSpec, Scenario } from '../model/scenario.js';
import { CAUSE_INDEX, FAILURE_CAUSES } from '../metrics/failure-cause.js';
import { pickWeightedCluster, type ProxyRoute } from '../proxy/proxy.js';
import { PREVIOUS_HOSTS } from './calls.js';
import { ADMIT, CircuitBreaker, OVERFLOW as CB_OVERFLOW } from '../proxy/circuit-breaker.js';
import { backoffMs, retriableFailure, retriableStatus, type AttemptFailure } from '../proxy/retry-policy-decisions.js';
import { RetryPriorities } from '../proxy/retry-priority.js';
import { NO_TIMER } from '../engine/simulation.js';
import { WAITING } from '../engine/stations.js';
import type { Rng } from '../engine/random.js';
import type { ProxyClusterView } from '../proxy/cluster-view.js';
import { costTable, type HopTraffic } from '../cost/index.js';
import type { HopRow } from '../metrics/hop-stats.js';
import { CallPool, MAX_HOPS } from './calls.js';
import { EjectionLog } from './ejection-log.js';
import { QUEUED, STARTED, Stations } from '../engine/stations.js';
import { endpointRows, gatewayRows } from './station-rows.js';
import { FaultState, type LinkEnd } from './fault-state.js';
import { FaultImpactRecorder, describeFault } from './fault-impact.js';
import { ControlPlane } from './control-plane.js';
import type { RunResult } from './result.js';
import { RunMetrics } from './run-metrics.js';
import { nextTickTime } from '../metrics/timeline.js';
import { TimerBudget } from '../metrics/timer-budget.js';
import { buildWorld, type World } from './world.js';

const NO_HEALTHY_UPSTREAM = CAUSE_INDEX.no_healthy_upstream;
const NO_ROUTE = CAUSE_INDEX.no_route;
const OVERFLOW = CAUSE_INDEX.overflow;
const ERROR = CAUSE_INDEX.error;
const CONNECT_FAILURE = CAUSE_INDEX.connect_failure;
const UPSTREAM_RESET = CAUSE_INDEX.upstream_reset;
const NOT_EXPORTED = CAUSE_INDEX.not_exported;
const TIMEOUT = CAUSE_INDEX.timeout;
const CIRCUIT_BREAKER = CAUSE_INDEX.circuit_breaker;
const FAULT_ABORT = CAUSE_INDEX.fault_abort;
const GATEWAY_TIMEOUT = 504;
const OK = 200;
const SERVICE_UNAVAILABLE = 503;

export interface RunOptions {
  seed?: number;
  /** Replaces the scenario's total request count. */
  requests?: number;
  plugin?: LoadBalancingPolicy;
  /** Sees every dispatched event (time, kind, arguments); for traces and tests. */
  observer?: EventObserver;
  /** Called with the world after it is built, before the first event (tests add gateways, push assignments). */
  prepareWorld?: (world: World, sim: Simulation) => void;
}

/** A hop row as the cost model reads it: users outside the mesh are the internet. */
function hopTraffic(h: HopRow): HopTraffic {
  const zone = (locality: string) => locality.split('/')[1] ?? '';
  return {
    from: h.fromCluster === '' ? 'internet' : { cluster: h.fromCluster, zone: zone(h.fromLocality) },
    to: { cluster: h.toCluster, zone: zone(h.toLocality) },
    service: h.service,
    requests: h.requests,
    requestBytes: h.requestBytes,
    responseBytes: h.responseBytes,
    ...(h.toKind === 'endpoint' ? {} : { toGateway: h.toKind as HopTraffic['toGateway'] }),
  };
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  return new Runner(scenario, options).run();
}

class Runner {
  private readonly sim = new Simulation(1 << 12);
  private readonly streams: RandomStreams;
  /** Bounds the periodic ticks by the work done (hostile input: a year of 1 ms ticks for one request). */
  private readonly timerBudget = new TimerBudget();
  private readonly world: World;
  private readonly pool = new CallPool(1 << 10);
  private readonly stations: Stations;
  private readonly metrics: RunMetrics;
  private readonly faults: FaultState;
  /** Failure impact per fault (undefined without faults: the request path skips it). */
  private readonly impact: FaultImpactRecorder | undefined;
  /** Endpoint readiness → istiod → EDS pushes (only acts when a fault changes something). */
  private readonly controlPlane: ControlPlane;
  /** Network and region of each target and proxy, for link faults (built on the first one). */
  private targetEnds: LinkEnd[] = [];
  private proxyEnds: LinkEnd[] = [];
  private readonly linkRng: Rng[] = [];
  private readonly injectRng: Rng[] = [];
  private readonly ejections: EjectionLog;
  private readonly sourceCount: Float64Array;
  private readonly seed: number;
  private readonly maxRequests: number;
  private generated = 0;
  private lastArrivalMs = 0;
  /** Sources with a next arrival scheduled; with calls in flight, decides whether periodic timers go on. */
  private arrivalsPending = 0;
  /** Per call: when its current hop's request left, when it reached its station, and its latency parts. */
  private sentMs = new Float64Array(0);
  private arrivedMs = new Float64Array(0);
  private gatewayMs = new Float64Array(0);
  private queueMs = new Float64Array(0);
  private serviceMs = new Float64Array(0);
  private callsMs = new Float64Array(0);
  private callsStartMs = new Float64Array(0);
  /** Per target, for the hot path: locality, 1 for a gateway. */
  private targetLocality = new Int32Array(0);
  private targetIsGateway = new Uint8Array(0);

  /** Per call: the route and the view of its cluster the caller's router uses (hop 0), retries included. */
  private callRoute: (ProxyRoute | undefined)[] = [];
  private callView = new Int32Array(0);
  /** Per call: timers (route timeout, per-try timeout, retry back-off) as handles, NO_TIMER when unset. */
  private routeTimer = new Float64Array(0);
  private routeDeadline = new Float64Array(0);
  private tryTimer = new Float64Array(0);
  private retryTimer = new Float64Array(0);
  /** The retry priority plug-in's state of each call whose route has one (retryRemoteLocalities). */
  private readonly retryPriorities = new RetryPriorities();
  /** Circuit breakers by view id (made on first use). */
  private readonly breakers: (CircuitBreaker | undefined)[] = [];
  /** Retry back-off and fault-injection streams by proxy id (made on first use). */
  private readonly retryRng: (Rng | undefined)[] = [];
  private readonly faultRng: (Rng | undefined)[] = [];
  /** Attempts sent after a first one (retry amplification), and attempts abandoned by timeouts. */
  private retries = 0;
  private timeouts = 0;
  /** Route-index caller key of each source. */
  private sourceCaller = new Int32Array(0);
  /** Route-index caller keys of sidecars, by proxy id then CallSpec index (-1: not interned yet). */
  private readonly sidecarCallers: Int32Array[] = [];
  /** Every service's outgoing calls, flat; `firstCallSpec[service]` is where its own start. */
  private readonly callSpecs: CallSpec[] = [];
  private readonly firstCallSpec: number[] = [];

  private readonly EV_ARRIVAL: number;
  private readonly EV_AT_TARGET: number;
  private readonly EV_SERVICE_DONE: number;
  private readonly EV_RESPONSE: number;
  private readonly EV_TIMELINE: number;
  private readonly EV_OUTLIER_TICK: number;
  private readonly EV_FAULT: number;
  private readonly EV_GATEWAY_DONE: number;
  private readonly EV_ROUTE_TIMEOUT: number;
  private readonly EV_TRY_TIMEOUT: number;
  private readonly EV_RETRY: number;
  private readonly EV_FAULT_DELAY: number;

  constructor(private readonly scenario: Scenario, options: RunOptions) {
    this.seed = options.seed ?? scenario.seed;
    this.maxRequests = options.requests ?? scenario.maxRequests;
    const streams = new RandomStreams(this.seed);
    this.streams = streams;
    this.world = buildWorld(scenario, streams, options.plugin);
    const w = this.world;
    this.metrics = new RunMetrics(w, scenario.warmupMs, this.pool, this.sim);
    this.sourceCount = new Float64Array(w.sources.length);
    this.ejections = new EjectionLog(w);
    this.faults = new FaultState(scenario.faults, w.faultEndpoints, w.targets.length, w.endpoints.length, w.faultSources, w.sources.length);
    if (scenario.faults.length > 0) {
      const svcFqdn = (i: number) => `${scenario.services[i].name}.${scenario.services[i].namespace}`;
      this.impact = new FaultImpactRecorder(scenario.faults, {
        warmupMs: scenario.warmupMs,
        descriptions: scenario.faults.map((f) => describeFault(f, svcFqdn)),
        targetCounts: w.faultEndpoints.map((t) => t.length),
        targets: (i) => w.faultEndpoints[i],
        localityName: (l) => w.localities.name(l),
        sources: w.sources.map((src) => ({ name: src.spec.name, cluster: src.spec.cluster })),
        recoveryErrorRate: scenario.recoveryErrorRate,
      });
    }

    this.EV_ARRIVAL = this.sim.register('arrival', this.onArrival);
    this.EV_AT_TARGET = this.sim.register('at-target', this.onAtTarget);
    this.EV_SERVICE_DONE = this.sim.register('service-done', this.onServiceDone);
    this.EV_RESPONSE = this.sim.register('response', this.onResponse);
    this.EV_TIMELINE = this.sim.register('timeline', this.onTimeline);
    this.EV_OUTLIER_TICK = this.sim.register('outlier-interval', this.onOutlierTick);
    this.EV_FAULT = this.sim.register('fault', this.onFault);
    this.EV_GATEWAY_DONE = this.sim.register('gateway-done', this.onGatewayDone);
    this.EV_ROUTE_TIMEOUT = this.sim.register('route-timeout', this.onRouteTimeout);
    this.EV_TRY_TIMEOUT = this.sim.register('per-try-timeout', this.onTryTimeout);
    this.EV_RETRY = this.sim.register('retry', this.onRetry);
    this.EV_FAULT_DELAY = this.sim.register('fault-delay', this.onFaultDelay);
    this.controlPlane = new ControlPlane(w, scenario, this.sim, streams, this.faults);
    this.controlPlane.onUpdate = (now, _proxy, changed) => {
      if (changed.length > 0) this.impact?.onDetect(now, changed, 'eds-update');
    };
    this.sim.observer = options.observer;
    options.prepareWorld?.(w, this.sim);
    this.stations = new Stations(w.targets.length, 1 << 10);
    for (const t of w.targets) {
      if (t.gateway) this.stations.add(t.gateway.concurrency, t.gateway.queueLimit);
      else this.stations.add(w.endpoints[t.id].concurrency, w.endpoints[t.id].queueLimit);
    }
    this.indexTargets();
    this.metrics.routeIndex.refresh();
    const svcName = (i: number) => (i < 0 ? '' : `${scenario.services[i].name}.${scenario.services[i].namespace}`);
    this.sourceCaller = Int32Array.from(w.sources, (src) => this.metrics.routeIndex.caller(src.spec.name, true, src.spec.cluster, src.locality, svcName(src.spec.service)));
    scenario.faults.forEach((f, i) => {
      this.sim.scheduleAt(f.atMs, this.EV_FAULT, i, 1);
      if (Number.isFinite(f.endMs)) this.sim.scheduleAt(f.endMs, this.EV_FAULT, i, 0);
    });
    for (const v of w.views) this.watch(v);
    w.onNewView = (v) => this.watch(v);
    // Every service's outgoing calls in one flat list: a child call names its spec by index.
    for (const svc of scenario.services) {
      this.firstCallSpec.push(this.callSpecs.length);
      this.callSpecs.push(...svc.calls);
    }
  }

  private indexTargets(): void {
    const w = this.world;
    const n = w.targets.length;
    this.targetLocality = Int32Array.from(w.targets, (t) => t.locality);
    this.targetIsGateway = new Uint8Array(n);
    for (const t of w.targets) if (t.gateway) this.targetIsGateway[t.id] = 1;
  }

  /** Starts a view's outlier-detection interval timer and routes its decisions to the view and the log. */
  private watch(view: ProxyClusterView): void {
    if (!view.detector) return;
    view.detector.onEvent = (e) => {
      const applied = view.applyOutlierEvent(e);
      this.ejections.record(view, e, applied);
      if (applied && e.action === 'eject' && this.impact) this.impact.onDetect(this.sim.now, [view.hostTarget[e.host]], 'ejection');
    };
    this.sim.schedule(view.outlierIntervalMs, this.EV_OUTLIER_TICK, view.id, 0);
  }

  run(): RunResult {
    const w = this.world;
    for (const src of w.sources) {
      const first = src.spec.arrival === 'poisson' ? src.spec.startMs + src.interarrival.sample(src.arrivalRng) : src.spec.startMs;
      if (first < src.spec.endMs && src.spec.maxRequests > 0) {
        this.sim.scheduleAt(first, this.EV_ARRIVAL, src.index, 0);
        this.arrivalsPending++;
      }
    }
    this.sim.schedule(this.scenario.timelineIntervalMs, this.EV_TIMELINE, 0, 0);
    this.sim.run();
    const m = this.metrics;
    const end = Math.max(m.lastEndMs, this.lastArrivalMs);
    m.advanceInFlight(end);
    const rows = m.timeline.rows;
    const last = rows[rows.length - 1];
    if (last === undefined || last.endMs < end) m.timeline.close(end, m.inFlight, this.ejections.ejectedNow);
    if (this.generated !== m.succeeded + m.failed || m.inFlight !== 0 || this.pool.inUse !== 0) {
      throw new Error(`conservation violated: generated ${this.generated}, succeeded ${m.succeeded}, failed ${m.failed}, in flight ${m.inFlight}`);
    }
    return this.result();
  }

  // ── arrive ─────────────────────────────────────────────────────────────────────────────────────
  private readonly onArrival = (sourceIndex: number): void => {
    const sim = this.sim;
    const now = sim.now;
    const src = this.world.sources[sourceIndex];
    this.arrivalsPending--;
    // The scenario's total was reached by other sources: this arrival does not happen.
    if (this.generated >= this.maxRequests) return;
    if (this.faults.sourceDown[sourceIndex] > 0) {
      // The source's own pods are down (an outage of their zone, cluster or region): it sends
      // nothing until the outage ends, then arrivals resume (for good if it never ends).
      const up = this.faults.sourceUpAtMs(sourceIndex);
      this.impact?.onSourceDown(now, Math.min(up, src.spec.endMs), src.spec.ratePerSecond);
      const next = up + src.interarrival.sample(src.arrivalRng);
      if (next < src.spec.endMs) {
        sim.scheduleAt(next, this.EV_ARRIVAL, sourceIndex, 0);
        this.arrivalsPending++;
      }
      return;
    }
    // Schedule the next arrival of this source first, so the source's draws do not depend on routing.
    const count = ++this.sourceCount[sourceIndex];
    this.generated++;
    this.lastArrivalMs = now;
    if (count < src.spec.maxRequests && this.generated < this.maxRequests) {
      const next = now + src.interarrival.sample(src.arrivalRng);
      if (next < src.spec.endMs) {
        sim.scheduleAt(next, this.EV_ARRIVAL, sourceIndex, 0);
        this.arrivalsPending++;
      }
    }
    this.metrics.onStart(now);
    const call = this.newCall(sourceIndex, now);
    this.pool.origin[call] = this.sourceCaller[sourceIndex];
    // Calling pod: the source's replicas take requests in turn.
    const route = src.routes[count % src.routes.length];
    // ── route ──
    if (route.views.length === 0) {
      this.finishFailure(call, route.notExported ? NOT_EXPORTED : NO_ROUTE);
      return;
    }
    const view = route.views[pickWeightedCluster(route, src.routeRng)];
    this.startRequest(call, route, view);
  };

  private newCall(sourceIndex: number, now: number): number {
    const pool = this.pool;
    const call = pool.alloc();
    if (call >= this.sentMs.length) this.growCallTimes(pool.size);
    pool.source[call] = sourceIndex;
    pool.startMs[call] = now;
    this.gatewayMs[call] = 0;
    this.queueMs[call] = 0;
    this.serviceMs[call] = 0;
    this.callsMs[call] = 0;
    this.routeTimer[call] = NO_TIMER;
    this.tryTimer[call] = NO_TIMER;
    this.retryTimer[call] = NO_TIMER;
    this.callRoute[call] = undefined;
    return call;
  }

  /** Hop-row indexes of a view's slots (-1: not interned yet), grown as the view gains slots. */
  private readonly hopRows: Int32Array[] = [];

  private growRows(rows: Int32Array | undefined, n: number): Int32Array {
    const out = new Int32Array(n).fill(-1);
    if (rows) out.set(rows);
    return out;
  }

  private growCallTimes(n: number): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.sentMs = grow(this.sentMs);
    this.arrivedMs = grow(this.arrivedMs);
    this.gatewayMs = grow(this.gatewayMs);
    this.queueMs = grow(this.queueMs);
    this.serviceMs = grow(this.serviceMs);
    this.callsMs = grow(this.callsMs);
    this.callsStartMs = grow(this.callsStartMs);
    this.routeTimer = grow(this.routeTimer);
    this.routeDeadline = grow(this.routeDeadline);
    this.tryTimer = grow(this.tryTimer);
    this.retryTimer = grow(this.retryTimer);
    const views = new Int32Array(n);
    views.set(this.callView);
    this.callView = views;
  }


  // ── route: the caller's router (fault injection, timeouts, circuit breakers, retries) ─────────
  /**
   * The caller's sidecar has chosen `view` from `route` for `call`: the fault filter (VirtualService
   * `fault`) runs first, then the router arms the route timeout and sends the first attempt.
   * Source: envoy source/extensions/filters/http/fault/fault_filter.cc (delay, then abort),
   * source/common/router/router.cc (route timeout covers every retry).
   */
  private startRequest(call: number, route: ProxyRoute, view: ProxyClusterView): void {
    this.callRoute[call] = route;
    this.callView[call] = view.id;
    const fault = route.route.fault;
    if (fault !== undefined) {
      const rng = this.faultRngOf(view.proxy);
      // fault_filter.cc: the delay is applied first; Istio writes percentages per million (translatePercentToFractionalPercent).
      if (fault.delay !== undefined && rng.nextUint32() % 1_000_000 < fault.delay.percent * 10_000) {
        this.sim.schedule(fault.delay.fixedDelayMs, this.EV_FAULT_DELAY, call, this.pool.gen[call]);
        return;
      }
    }
    this.afterFaultDelay(call);
  }

  private readonly onFaultDelay = (call: number): void => {
    this.afterFaultDelay(call);
  };

  private afterFaultDelay(call: number): void {
    const route = this.callRoute[call]!;
    const fault = route.route.fault;
    if (fault?.abort !== undefined) {
      const view = this.world.views[this.callView[call]];
      if (this.faultRngOf(view.proxy).nextUint32() % 1_000_000 < fault.abort.percent * 10_000) {
        // fault_filter.cc abortWithStatus: the request never reaches the router (never retried).
        this.pool.status[call] = fault.abort.httpStatus;
        this.finishFailure(call, FAULT_ABORT);
        return;
      }
    }
    const timeout = route.route.timeoutMs;
    if (timeout !== undefined && timeout > 0) {
      this.routeDeadline[call] = this.sim.now + timeout;
      this.routeTimer[call] = this.sim.scheduleTimer(timeout, this.EV_ROUTE_TIMEOUT, call, 0);
    }
    this.pool.tries[call] = 0;
    this.sendAttempt(call);
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
  private sendAttempt(call: number): void {
    const view = this.world.views[this.callView[call]];
    const cb = this.breakerOf(view);
    const r = cb.admit(call);
    if (r === CB_OVERFLOW) {
      // Envoy 503 UO: the client's own circuit breaker; never retried (wouldRetryFromReset).
      this.pool.status[call] = SERVICE_UNAVAILABLE;
      this.finishFailure(call, CIRCUIT_BREAKER);
      return;
    }
    if (r === ADMIT) this.sendAdmitted(call, view);
    // else pending: sendAdmitted runs when a request of this view ends and frees a connection.
  }

  private sendAdmitted(call: number, view: ProxyClusterView): void {
    const pool = this.pool;
    pool.hops[call] = 0;
    pool.tries[call]++;
    pool.outstanding[call] = 1;
    const policy = this.callRoute[call]!.route.retryPolicy;
    const perTry = policy?.perTryTimeoutMs;
    if (perTry !== undefined && perTry > 0) this.tryTimer[call] = this.sim.scheduleTimer(perTry, this.EV_TRY_TIMEOUT, call, 0);
    const proxy = this.world.proxies[view.proxy];
    this.attempt(call, view, proxy.locality);
  }

  /** The attempt of `call` is over at the router: its connection slot goes to the next pending request. */
  private endAttempt(call: number, view: ProxyClusterView): void {
    this.pool.outstanding[call] = 0;
    if (this.tryTimer[call] !== NO_TIMER) {
      this.sim.cancel(this.tryTimer[call]);
      this.tryTimer[call] = NO_TIMER;
    }
    const next = this.breakerOf(view).release();
    if (next >= 0) this.sendAdmitted(next, this.world.views[this.callView[next]]);
  }

  /**
   * The router's decision after a failed attempt (retry_state_impl.cc shouldRetry): retry if the
   * policy allows this failure, retries remain, and the cluster's retry budget (max_retries) has
   * room; the retry waits a jittered exponential back-off. Returns true if a retry was scheduled.
   */
  private maybeRetry(call: number, failure: AttemptFailure | undefined, status: number): boolean {
    const pool = this.pool;
    const view = this.world.views[this.callView[call]];
    const cb = this.breakerOf(view);
    if (pool.retrying[call] === 1) {
      cb.endRetry(); // retry_state_impl.cc resetRetry: the last retry is over
      pool.retrying[call] = 0;
    }
    const policy = this.callRoute[call]!.route.retryPolicy;
    if (policy === undefined) return false;
    const would = failure !== undefined ? retriableFailure(policy, failure) : retriableStatus(policy, status);
    if (!would || pool.tries[call] > policy.numRetries) return false;
    if (!cb.startRetry()) return false; // upstream_rq_retry_overflow
    pool.retrying[call] = 1;
    // The previous_hosts predicate remembers every host attempted (retry_host_predicates previous_hosts).
    this.rememberHost(call, pool.hopHost[call * MAX_HOPS]);
    // So does the retry priority plug-in (retry_state_impl.h onHostAttempted).
    if (policy.previousPriorities !== undefined) this.retryPriorities.onHostAttempted(call, pool.prevCount[call], pool.hopHost[call * MAX_HOPS]);
    this.retries++;
    this.metrics.timeline.onRetry();
    this.impact?.onRetry(this.sim.now);
    const delay = backoffMs(pool.tries[call], policy.backoffBaseMs, policy.backoffBaseMs * 10, this.retryRngOf(view.proxy));
    this.retryTimer[call] = this.sim.scheduleTimer(delay, this.EV_RETRY, call, 0);
    return true;
  }

  /**
   * A failed attempt that is retried: its hops carried the request (unless the connection failed)
   * and, for an error answer, the response; then the call starts its next attempt from its caller.
   */
  private countAbandoned(call: number, own: number): void {
    const pool = this.pool;
    if (pool.startMs[call] >= this.metrics.warmupMs) {
      const responseBytes = own === ERROR ? this.responseBytes(call, pool.lastTarget(call)) : 0;
      this.countHops(call, this.requestBytes(call), responseBytes, own === CONNECT_FAILURE);
    }
    pool.hops[call] = 0;
  }

  private readonly onRetry = (call: number): void => {
    this.retryTimer[call] = NO_TIMER;
    this.sendAttempt(call);
  };

  /** Hosts a call's attempts used, for the previous_hosts retry predicate (the last PREVIOUS_HOSTS kept). */
  private rememberHost(call: number, host: number): void {
    const pool = this.pool;
    const n = pool.prevCount[call];
    pool.prevHosts[call * PREVIOUS_HOSTS + (n % PREVIOUS_HOSTS)] = host;
    pool.prevCount[call] = n + 1;
  }

  private triedHost(call: number, host: number): boolean {
    const pool = this.pool;
    const n = Math.min(pool.prevCount[call], PREVIOUS_HOSTS);
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
    const n = pool.hops[call];
    for (let k = 0; k < n; k++) {
      const h = call * MAX_HOPS + k;
      const v = w.views[pool.hopView[h]];
      v.lb.active[pool.hopHost[h]]--;
      if (k === 0) v.detector?.reportLocalOrigin(pool.hopHost[h], 'timeout', now);
    }
    const view = w.views[this.callView[call]];
    const moved = this.moveCall(call);
    pool.orphan[call] = 1;
    // An orphan waiting in a station's queue is dropped there (the client reset the stream).
    const t = pool.lastTarget(call);
    if (t >= 0 && this.stations.stateOf(call) === WAITING && this.stations.stationOf(call) === t) {
      const next = this.stations.remove(t, call, now);
      if (next >= 0) this.startService(next, t);
      pool.release(call);
    }
    this.endAttempt(moved, view);
    return moved;
  }

  /** Copies a call's own state into a new slot (its attempt in flight keeps the old one). */
  private moveCall(call: number): number {
    const pool = this.pool;
    const to = pool.alloc();
    if (to >= this.sentMs.length) this.growCallTimes(pool.size);
    pool.copyCall(call, to);
    this.callRoute[to] = this.callRoute[call];
    this.callView[to] = this.callView[call];
    if (this.callRoute[call]?.route.retryPolicy?.previousPriorities !== undefined) this.retryPriorities.move(call, to);
    this.gatewayMs[to] = this.gatewayMs[call];
    this.queueMs[to] = this.queueMs[call];
    this.serviceMs[to] = this.serviceMs[call];
    this.callsMs[to] = this.callsMs[call];
    this.sentMs[to] = this.sentMs[call];
    this.tryTimer[to] = NO_TIMER;
    this.retryTimer[to] = NO_TIMER;
    this.routeTimer[to] = NO_TIMER;
    const rt = this.routeTimer[call];
    if (rt !== NO_TIMER && this.sim.isPending(rt)) {
      this.sim.cancel(rt);
      this.routeDeadline[to] = this.routeDeadline[call];
      this.routeTimer[to] = this.sim.scheduleTimerAt(this.routeDeadline[call], this.EV_ROUTE_TIMEOUT, to, 0);
    }
    this.routeTimer[call] = NO_TIMER;
    this.tryTimer[call] = NO_TIMER;
    return to;
  }

  private readonly onTryTimeout = (call: number): void => {
    this.tryTimer[call] = NO_TIMER;
    const moved = this.abandonAttempt(call);
    if (this.maybeRetry(moved, 'per-try-timeout', GATEWAY_TIMEOUT)) {
      this.countAbandoned(moved, TIMEOUT);
    } else {
      this.pool.status[moved] = GATEWAY_TIMEOUT;
      this.finishFailure(moved, TIMEOUT);
    }
  };

  private readonly onRouteTimeout = (call: number): void => {
    const pool = this.pool;
    this.routeTimer[call] = NO_TIMER;
    let c = call;
    if (pool.outstanding[call] === 1) c = this.abandonAttempt(call);
    else if (this.retryTimer[call] !== NO_TIMER) {
      this.sim.cancel(this.retryTimer[call]);
      this.retryTimer[call] = NO_TIMER;
    } else {
      this.breakerOf(this.world.views[this.callView[call]]).withdraw(call);
    }
    if (pool.retrying[c] === 1) {
      this.breakerOf(this.world.views[this.callView[c]]).endRetry();
      pool.retrying[c] = 0;
    }
    // router.cc onResponseTimeout: 504 UT.
    pool.status[c] = GATEWAY_TIMEOUT;
    this.finishFailure(c, TIMEOUT);
  };

  // ── attempt + hop ──────────────────────────────────────────────────────────────────────────────
  /** The proxy owning `view`, at locality `from`, picks a host and sends the call one hop on. */
  private attempt(call: number, view: ProxyClusterView, from: number): void {
    const pool0 = this.pool;
    const host = pool0.hops[call] === 0 && pool0.prevCount[call] > 0 ? this.chooseRetryHost(call, view) : view.lb.chooseHost();
    if (host < 0) {
      // At the caller: the call never left (Envoy 503 UH, not retried). At a gateway: the gateway
      // answers 503 back the way it came.
      if (this.pool.hops[call] === 0) {
        this.pool.status[call] = SERVICE_UNAVAILABLE;
        this.finishFailure(call, NO_HEALTHY_UPSTREAM);
      }
      else this.respondFrom(call, NO_HEALTHY_UPSTREAM, SERVICE_UNAVAILABLE);
      return;
    }
    view.lb.active[host]++;
    const pool = this.pool;
    const target = view.hostTarget[host];
    const k = pool.hops[call]++;
    const h = call * MAX_HOPS + k;
    pool.hopView[h] = view.id;
    pool.hopHost[h] = host;
    pool.hopTarget[h] = target;
    pool.hopFrom[h] = from;
    let rows = this.hopRows[view.id];
    if (rows === undefined || rows.length <= host) rows = this.hopRows[view.id] = this.growRows(rows, view.slots.size);
    let row = rows[host];
    if (row < 0) row = rows[host] = this.metrics.hopRow(view.proxy, view.cluster.service, target);
    pool.hopRow[h] = row;
    const w = this.world;
    let delay = w.delay[from * w.localities.size + this.targetLocality[target]].sample(w.proxyNetRng[view.proxy]);
    this.sentMs[call] = this.sim.now;
    if (this.faults.linkFaultsActive > 0) {
      const link = this.faults.link(this.proxyEnd(view.proxy), this.targetEnd(target), this.linkRngOf(view.proxy));
      if (link.cut) {
        // Partitioned, or the connection lost on a degraded link: nothing answers the SYN, so the
        // connection fails after the cluster's connect timeout (Envoy 503 UF).
        pool.status[call] = SERVICE_UNAVAILABLE;
        pool.cause[call] = CONNECT_FAILURE;
        pool.returning[call] = k;
        this.sim.schedule(view.cluster.connectTimeoutMs, this.EV_RESPONSE, call, 0);
        return;
      }
      delay += link.delayMs;
    }
    this.sim.schedule(delay, this.EV_AT_TARGET, call, 0);
  }

  /**
   * A retry's host at the caller (load_balancer_impl.cc chooseHost): every pick takes its priority
   * load from the retry priority plug-in, if the route has one (hostSourceToUse →
   * determinePriorityLoad); with a host predicate (previous_hosts) a host tried before is re-picked
   * up to host_selection_retry_max_attempts times, then the last pick is kept.
   */
  private chooseRetryHost(call: number, view: ProxyClusterView): number {
    const policy = this.callRoute[call]?.route.retryPolicy;
    const priority = policy?.previousPriorities;
    const pick = () => (priority === undefined ? view.lb.chooseHost() : view.lb.chooseHost(this.retryPriorities.loadFor(call, view.lb, priority.updateFrequency)));
    let host = pick();
    if (host >= 0 && policy?.previousHostsPredicate) {
      for (let i = 0; i < policy.hostSelectionRetryMaxAttempts && this.triedHost(call, host); i++) host = pick();
    }
    return host;
  }

  /** Network and region of target `t`, for link faults. */
  private targetEnd(t: number): LinkEnd {
    if (this.targetEnds.length !== this.world.targets.length) {
      const w = this.world;
      this.targetEnds = w.targets.map((x) => ({ network: x.gateway ? x.gateway.network : w.endpoints[x.id].network, region: w.localities.places[x.locality].region }));
    }
    return this.targetEnds[t];
  }

  private proxyEnd(p: number): LinkEnd {
    if (this.proxyEnds.length !== this.world.proxies.length) {
      const w = this.world;
      this.proxyEnds = w.proxies.map((x) => ({ network: x.node.network, region: w.localities.places[x.locality].region }));
    }
    return this.proxyEnds[p];
  }

  private linkRngOf(proxy: number): Rng {
    return (this.linkRng[proxy] ??= this.streams.stream(`link/${this.world.proxies[proxy].name}`));
  }

  // ── station ────────────────────────────────────────────────────────────────────────────────────
  private readonly onAtTarget = (call: number): void => {
    const pool = this.pool;
    if (pool.orphan[call] === 1) {
      pool.release(call); // an abandoned attempt: the client reset the stream before it arrived
      return;
    }
    const t = pool.hopTarget[call * MAX_HOPS + pool.hops[call] - 1];
    const st = this.stations;
    const now = this.sim.now;
    if (t < this.faults.down.length && this.faults.down[t] > 0) {
      // Connection not accepted: refused (RST after the way back) or blackholed (connectTimeout).
      pool.status[call] = SERVICE_UNAVAILABLE;
      pool.cause[call] = CONNECT_FAILURE;
      if (this.faults.modeOf(t) === 'blackhole') {
        // The cluster's connect_timeout (DestinationRule tcp.connectTimeout, else the mesh's connectTimeout).
        pool.returning[call] = pool.hops[call] - 1;
        const cluster = this.world.views[pool.hopView[call * MAX_HOPS + pool.hops[call] - 1]].cluster;
        this.sim.scheduleAt(Math.max(now, this.sentMs[call] + cluster.connectTimeoutMs), this.EV_RESPONSE, call, 0);
      } else {
        this.respond(call);
      }
      return;
    }
    this.arrivedMs[call] = now;
    const r = st.arrive(t, call, now);
    if (r === STARTED) {
      this.startService(call, t);
    } else if (r !== QUEUED) {
      pool.status[call] = SERVICE_UNAVAILABLE;
      pool.cause[call] = OVERFLOW;
      this.respond(call);
    }
  };

  private startService(call: number, t: number): void {
    const pool = this.pool;
    const now = this.sim.now;
    if (this.targetIsGateway[t] === 1) {
      const gw = this.world.targets[t].gateway!;
      const d = gw.processing.sample(this.world.proxyNetRng[gw.proxy]);
      this.gatewayMs[call] += now - this.arrivedMs[call] + d;
      this.sim.schedule(d, this.EV_GATEWAY_DONE, call, pool.gen[call]);
      return;
    }
    const ep = this.world.endpoints[t];
    const rng = this.world.serviceRng[ep.service];
    let d = ep.serviceTime.sample(rng);
    const failed = ep.errorRate > 0 && rng.next() < ep.errorRate;
    pool.status[call] = failed ? ep.errorStatus : OK;
    pool.cause[call] = failed ? ERROR : -1;
    if (this.faults.endpointFaultsActive > 0) {
      // Slow endpoints and error injection (the fault timeline), drawn on their own stream.
      const f = this.faults;
      d *= f.slowFactor[t];
      const p = f.errorRate[t];
      if (!failed && p === p && (this.injectRng[ep.service] ??= this.streams.stream(`inject/${ep.service}`)).next() < p) {
        pool.status[call] = f.errorStatus[t];
        pool.cause[call] = ERROR;
      }
    }
    this.queueMs[call] += now - this.arrivedMs[call];
    this.serviceMs[call] += d;
    this.sim.schedule(d, this.EV_SERVICE_DONE, call, pool.gen[call]);
  }

  /** `call` is done at station `t`: the next queued call starts on its server, or the server idles. */
  private releaseServer(call: number, t: number): void {
    const next = this.stations.finish(t, call, this.sim.now);
    if (next >= 0) this.startService(next, t);
  }

  private readonly onServiceDone = (call: number, gen: number): void => {
    const pool = this.pool;
    if (pool.gen[call] !== gen) return; // reset while in service (its endpoint went down)
    const t = pool.lastTarget(call);
    this.releaseServer(call, t);
    if (pool.orphan[call] === 1) {
      pool.release(call); // served for nobody: the caller gave up
      return;
    }
    const svc = this.scenario.services[this.world.endpoints[t].service];
    if (svc.calls.length > 0 && pool.cause[call] < 0) this.startCalls(call, t, svc.callMode === 'parallel');
    else this.respond(call);
  };

  // ── calls a service makes while serving (the call graph) ───────────────────────────────────────
  /** The endpoint `t` serving `call` makes its outgoing calls; the call answers once they are done. */
  private startCalls(call: number, t: number, parallel: boolean): void {
    const pool = this.pool;
    pool.pending[call] = 0;
    pool.nextCall[call] = 0;
    pool.childCause[call] = -1;
    this.callsStartMs[call] = this.sim.now;
    if (parallel) {
      const service = this.world.endpoints[t].service;
      const first = this.firstCallSpec[service];
      const n = this.scenario.services[service].calls.length;
      for (let i = 0; i < n; i++) if (this.takesCall(service, first + i)) this.spawn(call, t, first + i);
      if (pool.pending[call] === 0) this.callsDone(call);
    } else {
      this.nextSequentialCall(call, t);
    }
  }

  /** Whether this request makes call `spec` (its probability, drawn on the caller service's stream). */
  private takesCall(service: number, spec: number): boolean {
    const p = this.callSpecs[spec].probability;
    return p >= 1 || (p > 0 && this.world.callRng[service].next() < p);
  }

  /** Sequential calls: makes the next call this request takes, or answers when none is left. */
  private nextSequentialCall(call: number, t: number): void {
    const pool = this.pool;
    const service = this.world.endpoints[t].service;
    const first = this.firstCallSpec[service];
    const n = this.scenario.services[service].calls.length;
    for (let i = pool.nextCall[call]; i < n; i++) {
      if (!this.takesCall(service, first + i)) continue;
      pool.nextCall[call] = i + 1;
      this.spawn(call, t, first + i);
      return;
    }
    this.callsDone(call);
  }

  /** A child call from endpoint `t`'s sidecar, for the request `parent` is serving. */
  private spawn(parent: number, t: number, spec: number): void {
    const pool = this.pool;
    const now = this.sim.now;
    const child = this.newCall(pool.source[parent], now);
    pool.parent[child] = parent;
    pool.spec[child] = spec;
    pool.pending[parent]++;
    const w = this.world;
    const proxy = w.sidecarOf(t);
    const c = this.callSpecs[spec];
    pool.origin[child] = this.sidecarCaller(proxy.id, spec, t);
    const route = w.routeOf(proxy, c.service, c.port);
    if (route.views.length === 0) {
      this.finishFailure(child, route.notExported ? NOT_EXPORTED : NO_ROUTE);
      return;
    }
    this.startRequest(child, route, route.views[pickWeightedCluster(route, w.proxyRouteRng[proxy.id])]);
  }

  /** The route-index caller key of a sidecar's call `spec` (the replica `t`'s service calling a service). */
  private sidecarCaller(proxyId: number, spec: number, t: number): number {
    let keys = this.sidecarCallers[proxyId];
    if (keys === undefined) keys = this.sidecarCallers[proxyId] = new Int32Array(this.callSpecs.length).fill(-1);
    if (keys[spec] < 0) {
      const s = this.scenario.services;
      const ep = this.world.endpoints[t];
      const callee = s[this.callSpecs[spec].service];
      keys[spec] = this.metrics.routeIndex.caller(`${s[ep.service].name}.${s[ep.service].namespace}`, false, ep.cluster, ep.locality, `${callee.name}.${callee.namespace}`);
    }
    return keys[spec];
  }

  /** A child call ended: the parent goes on (sequential), or answers once every child is back. */
  private childDone(child: number, cause: number): void {
    const pool = this.pool;
    const parent = pool.parent[child];
    if (cause >= 0 && this.callSpecs[pool.spec[child]].required && pool.childCause[parent] < 0) pool.childCause[parent] = cause;
    pool.pending[parent]--;
    const t = pool.lastTarget(parent);
    const parallel = this.scenario.services[this.world.endpoints[t].service].callMode === 'parallel';
    if (parallel) {
      if (pool.pending[parent] === 0) this.callsDone(parent);
    } else if (pool.childCause[parent] >= 0) {
      this.callsDone(parent); // a failed required call: the rest are not made
    } else {
      this.nextSequentialCall(parent, t);
    }
  }

  /** All of a request's outgoing calls are back: it answers (500 with the callee's cause if a required one failed). */
  private callsDone(call: number): void {
    const pool = this.pool;
    if (pool.orphan[call] === 1) {
      pool.release(call);
      return;
    }
    this.callsMs[call] += this.sim.now - this.callsStartMs[call];
    const cause = pool.childCause[call];
    if (cause >= 0) {
      pool.status[call] = 500;
      pool.cause[call] = cause;
      pool.fromChild[call] = 1;
    }
    this.respond(call);
  }

  private readonly onGatewayDone = (call: number, gen: number): void => {
    const pool = this.pool;
    if (pool.gen[call] !== gen) return;
    const t = pool.lastTarget(call);
    this.releaseServer(call, t);
    if (pool.orphan[call] === 1) {
      pool.release(call);
      return;
    }
    const w = this.world;
    const gw = w.targets[t].gateway!;
    const proxy = w.proxies[gw.proxy];
    let view: ProxyClusterView | undefined;
    if (gw.kind === 'ingress') {
      // An ingress gateway routes by the called service, from its own routes and views.
      const route = w.routeOf(proxy, this.serviceOf(call), this.portOf(call));
      if (route.views.length === 0) {
        this.respondFrom(call, route.notExported ? NOT_EXPORTED : NO_ROUTE, route.notExported ? SERVICE_UNAVAILABLE : 404);
        return;
      }
      view = route.views[pickWeightedCluster(route, w.proxyRouteRng[proxy.id])];
    } else {
      // East-west (SNI pass-through, AUTO_PASSTHROUGH) and egress gateways forward the cluster the
      // previous hop named, from their own view of it.
      const cluster = w.views[pool.hopView[call * MAX_HOPS + pool.hops[call] - 1]].cluster;
      view = w.viewOf(proxy, cluster);
    }
    this.attempt(call, view, w.targets[t].locality);
  };

  /** The service a call was made to (before any VirtualService rewrote it). */
  private serviceOf(call: number): number {
    const spec = this.pool.spec[call];
    return spec < 0 ? this.world.sources[this.pool.source[call]].spec.service : this.callSpecs[spec].service;
  }

  private portOf(call: number): number | undefined {
    const spec = this.pool.spec[call];
    return spec < 0 ? this.world.sources[this.pool.source[call]].spec.port : this.callSpecs[spec].port;
  }

  private readonly onFault = (fault: number, starting: number): void => {
    for (const e of this.faults.setActive(fault, starting === 1)) this.resetStation(e);
    this.controlPlane.onFault(this.scenario.faults[fault], this.world.faultEndpoints[fault], starting === 1);
  };

  /**
   * An endpoint goes down: the calls waiting or in service there are reset. With `refuse` the
   * reset reaches the proxy after the way back (503 UC); with `blackhole` nothing comes back and,
   * the call fails after connectTimeout (or earlier, at its route or per-try timeout).
   */
  private resetStation(t: number): void {
    const pool = this.pool;
    const blackhole = this.faults.modeOf(t) === 'blackhole';
    // Waiting calls first (FIFO), then those in service in the order they started.
    this.stations.reset(t, this.sim.now, (r, inService) => {
      if (inService) pool.gen[r]++; // its service-done event is now stale
      this.resetCall(r, blackhole);
    });
  }

  private resetCall(call: number, blackhole: boolean): void {
    if (this.pool.orphan[call] === 1) {
      this.pool.release(call);
      return;
    }
    this.pool.status[call] = SERVICE_UNAVAILABLE;
    this.pool.cause[call] = UPSTREAM_RESET;
    if (blackhole) {
      this.pool.returning[call] = this.pool.hops[call] - 1;
      this.sim.schedule(this.scenario.connectTimeoutMs, this.EV_RESPONSE, call, 0);
    } else {
      this.respond(call);
    }
  }

  // ── return ─────────────────────────────────────────────────────────────────────────────────────
  /** The call's last target answers with the status and cause already set: start the way back. */
  private respond(call: number): void {
    this.pool.returning[call] = this.pool.hops[call] - 1;
    this.sendBack(call);
  }

  /** A gateway answers itself (e.g. no healthy upstream behind it): the way back starts at its hop. */
  private respondFrom(call: number, cause: number, status: number): void {
    this.pool.status[call] = status;
    this.pool.cause[call] = cause;
    this.respond(call);
  }

  /** The response crosses the hop it is on, back to that hop's origin. */
  private sendBack(call: number): void {
    const pool = this.pool;
    const w = this.world;
    const h = call * MAX_HOPS + pool.returning[call];
    const view = w.views[pool.hopView[h]];
    let delay = w.delay[this.targetLocality[pool.hopTarget[h]] * w.localities.size + pool.hopFrom[h]].sample(w.proxyNetRng[view.proxy]);
    // A degraded link delays the answer too (a partition that starts meanwhile does not cut it).
    if (this.faults.linkFaultsActive > 0) delay += this.faults.linkDelay(this.targetEnd(pool.hopTarget[h]), this.proxyEnd(view.proxy), this.linkRngOf(view.proxy));
    this.sim.schedule(delay, this.EV_RESPONSE, call, 0);
  }

  // ── observe ────────────────────────────────────────────────────────────────────────────────────
  private readonly onResponse = (call: number): void => {
    const pool = this.pool;
    if (pool.orphan[call] === 1) {
      pool.release(call); // the answer of an abandoned attempt: nobody reads it
      return;
    }
    const k = pool.returning[call];
    const h = call * MAX_HOPS + k;
    const view = this.world.views[pool.hopView[h]];
    const host = pool.hopHost[h];
    view.lb.active[host]--;
    const status = pool.status[call];
    const cause = pool.cause[call];
    const det = view.detector;
    if (det) {
      const now = this.sim.now;
      if ((cause === CONNECT_FAILURE || cause === UPSTREAM_RESET) && pool.fromChild[call] === 0) {
        // outlier_detection_impl.cc: a connect failure is a local-origin event (503 when not split);
        // the router reports an upstream reset as LocalOriginConnectFailed too (upstream_request.cc onResetStream).
        det.reportLocalOrigin(host, 'connect-failure', now);
      } else {
        // router upstream_request.cc onPoolReady: every accepted connection reports LocalOriginConnectSuccess
        // (resets the local-origin counter in split mode), then the response code is reported.
        det.reportLocalOrigin(host, 'success', now);
        det.reportStatus(host, status, now);
      }
    }
    if (k > 0) {
      // The gateway at the previous hop's target relays the response on.
      pool.returning[call] = k - 1;
      this.sendBack(call);
      return;
    }
    if (pool.outstanding[call] === 1) {
      this.endAttempt(call, this.world.views[this.callView[call]]);
      if (cause >= 0) {
        // The router's retry decision on this attempt's outcome (retry_state_impl.cc).
        const failure: AttemptFailure | undefined =
          pool.fromChild[call] === 1 ? undefined : cause === CONNECT_FAILURE ? 'connect-failure' : cause === UPSTREAM_RESET ? 'reset' : undefined;
        if (this.maybeRetry(call, failure, status)) {
          this.countAbandoned(call, pool.fromChild[call] === 1 ? ERROR : cause);
          return;
        }
      } else if (pool.retrying[call] === 1) {
        this.breakerOf(this.world.views[this.callView[call]]).endRetry();
        pool.retrying[call] = 0;
      }
    }
    if (cause < 0) this.finishSuccess(call);
    else this.finishFailure(call, cause);
  };

  // ── finish ─────────────────────────────────────────────────────────────────────────────────────
  /** Request bytes of a call: its source's request size, or its CallSpec's. */
  private requestBytes(call: number): number {
    const spec = this.pool.spec[call];
    return spec < 0 ? this.world.sources[this.pool.source[call]].spec.requestSize : this.callSpecs[spec].requestSize;
  }

  /** Response bytes of a call answered by `target`: the CallSpec's size if it names one, else the target's. */
  private responseBytes(call: number, target: number): number {
    const spec = this.pool.spec[call];
    const given = spec < 0 ? undefined : this.callSpecs[spec].responseSize;
    return given ?? this.world.responseSize[target];
  }

  /**
   * The call's router is done with it: its timers are withdrawn, its retry leaves the retry budget
   * and an attempt still counted by the circuit breaker gives its connection back.
   */
  private closeRouter(call: number): void {
    const pool = this.pool;
    for (const timers of [this.routeTimer, this.tryTimer, this.retryTimer]) {
      if (timers[call] !== NO_TIMER) {
        this.sim.cancel(timers[call]);
        timers[call] = NO_TIMER;
      }
    }
    if (this.callRoute[call] === undefined) return;
    const view = this.world.views[this.callView[call]];
    if (pool.retrying[call] === 1) {
      this.breakerOf(view).endRetry();
      pool.retrying[call] = 0;
    }
    if (pool.outstanding[call] === 1) this.endAttempt(call, view);
    this.callRoute[call] = undefined;
  }

  private finishSuccess(call: number): void {
    const pool = this.pool;
    this.closeRouter(call);
    const target = pool.lastTarget(call);
    const requestBytes = this.requestBytes(call);
    const responseBytes = this.responseBytes(call, target);
    const start = pool.startMs[call];
    const now = this.sim.now;
    const m = this.metrics;
    const root = pool.parent[call] < 0;
    if (start >= m.warmupMs) {
      this.countHops(call, requestBytes, responseBytes, false);
      if (root) m.onBreakdown(now - start, this.gatewayMs[call], this.queueMs[call], this.serviceMs[call], this.callsMs[call]);
      m.onCallSuccess(m.routeIndex.of(pool.origin[call], target), now - start, requestBytes, responseBytes, this.gatewayMs[call], this.queueMs[call], this.serviceMs[call], this.callsMs[call]);
    }
    if (root) {
      m.onSuccess(now, start, call);
      this.impact?.onRequest(start, now, pool.source[call], -1, target >= 0 ? this.targetLocality[target] : -1);
    } else this.childDone(call, -1);
    pool.release(call);
  }

  private finishFailure(call: number, cause: number): void {
    const pool = this.pool;
    this.closeRouter(call);
    const target = pool.lastTarget(call);
    const start = pool.startMs[call];
    const m = this.metrics;
    const root = pool.parent[call] < 0;
    // The call's own outcome decides its bytes: a failure a child caused was answered (500) by the call's endpoint.
    const own = pool.fromChild[call] === 1 ? ERROR : cause;
    if (start >= m.warmupMs) {
      const requestBytes = this.requestBytes(call);
      const responseBytes = own === ERROR ? this.responseBytes(call, target) : 0;
      this.countHops(call, requestBytes, responseBytes, own === CONNECT_FAILURE);
      // Bytes cross the network only if a connection was made (not for no_route, no host, connect failure).
      const sent = target < 0 || own === CONNECT_FAILURE ? 0 : requestBytes;
      m.onCallFailure(m.routeIndex.of(pool.origin[call], target), cause, sent, responseBytes);
    }
    if (root) {
      m.onFailure(this.sim.now, start, cause, call);
      this.impact?.onRequest(start, this.sim.now, pool.source[call], cause, -1);
    } else {
      this.childDone(call, cause);
    }
    pool.release(call);
  }

  /** Bytes on every hop crossed: a hop whose connection failed carries none. */
  private countHops(call: number, requestBytes: number, responseBytes: number, lastRefused: boolean): void {
    const pool = this.pool;
    const n = pool.hops[call];
    for (let k = 0; k < n; k++) {
      const h = call * MAX_HOPS + k;
      const refused = lastRefused && k === n - 1;
      this.metrics.hops.record(pool.hopRow[h], refused ? 0 : requestBytes, responseBytes);
      this.impact?.onHop(pool.startMs[call], pool.hopRow[h], refused ? 0 : requestBytes, responseBytes);
    }
  }

  // ── periodic timers ────────────────────────────────────────────────────────────────────────────
  private readonly onTimeline = (): void => {
    // The run is over (nothing pending, nothing in flight): run() closes the last row at its end.
    if (!this.active()) return;
    this.timerBudget.tick(this.sim.now, this.generated);
    this.metrics.timeline.close(this.sim.now, this.metrics.inFlight, this.ejections.ejectedNow);
    // Skips intervals in which no event at all happens (one quiet row), so ticks follow the work.
    this.sim.scheduleAt(nextTickTime(this.sim.now, this.scenario.timelineIntervalMs, this.sim.nextTime), this.EV_TIMELINE, 0, 0);
  };

  /** Periodic timers (timeline, outlier intervals) run while traffic can still arrive or is in flight. */
  private active(): boolean {
    return this.arrivalsPending > 0 || this.metrics.inFlight > 0;
  }

  private readonly onOutlierTick = (viewId: number): void => {
    if (!this.active()) return; // no ticks after the run's last request
    this.timerBudget.tick(this.sim.now, this.generated);
    const view = this.world.views[viewId];
    view.detector!.onIntervalTick(this.sim.now);
    this.sim.schedule(view.outlierIntervalMs, this.EV_OUTLIER_TICK, viewId, 0);
  };

  private result(): RunResult {
    const w = this.world;
    const m = this.metrics;
    const end = Math.max(m.lastEndMs, this.lastArrivalMs);
    const measured = Math.max(0, end - m.warmupMs);
    return {
      seed: this.seed,
      simulatedMs: end,
      measuredMs: measured,
      lastArrivalMs: this.lastArrivalMs,
      events: this.sim.dispatched,
      generated: this.generated,
      succeeded: m.succeeded,
      failed: m.failed,
      failures: Object.fromEntries(FAILURE_CAUSES.map((c, i) => [c, m.failures[i]])),
      latency: m.populations.total().summary(),
      populations: m.populations,
      meanInFlight: end > 0 ? m.inFlightArea / end : 0,
      latencySumAllMs: m.latencySumAllMs,
      routes: m.routes.rows(),
      serviceCalls: m.routes.serviceCalls(),
      hops: m.hops.rows(),
      cost: this.scenario.pricing === undefined ? undefined : costTable(this.scenario.pricing, m.hops.rows().map(hopTraffic), measured / 1000),
      latencyBreakdown: { ...m.breakdown },
      timeline: m.timeline.rows,
      endpoints: endpointRows(this.stations, w, end),
      gateways: gatewayRows(this.stations, w, end),
      resilience: {
        retries: this.retries,
        timeouts: this.timeouts,
        circuitBreakerOverflows: this.breakers.reduce((a, b) => a + (b ? b.overflows.requests + b.overflows.pending : 0), 0),
      },
      ejections: this.ejections.records,
      ejectionOverflows: this.ejections.overflows,
      faults: this.impact === undefined ? [] : this.impact.impact(end, this.lastArrivalMs, m.timeline.rows, (row) => m.hops.keyOf(row), this.scenario.pricing, hopTraffic),
      lbStats: w.views.map((v) => ({ proxy: w.proxies[v.proxy].name, cluster: v.cluster.name, policy: v.lb.policy.name, ...v.lb.stats })),
    };
  }
}
