/**
 * The request's path through one run, as event handlers on the kernel:
 *
 *   arrival (traffic source) → route (weighted destinations) → calling proxy's load balancer picks
 *   a host → one-way network delay → endpoint: start service if a server is free, else wait in
 *   its FIFO queue, else overflow (503) → service time → response status → network delay back →
 *   proxy: outlier detection sees the status, the request ends (success or failure by cause).
 *
 * Every request ends exactly once; the counts are checked at the end of the run (conservation).
 */
import { RandomStreams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import type { Scenario } from '../model/scenario.js';
import { CAUSE_INDEX, FAILURE_CAUSES } from '../metrics/failure-cause.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import { RouteStats } from '../metrics/routes.js';
import { nextTickTime, Timeline } from '../metrics/timeline.js';
import { TimerBudget } from '../metrics/timer-budget.js';
import { EndpointState } from './endpoint-state.js';
import type { MeshConfig } from './mesh-config.js';
import { RequestPool } from './requests.js';
import type { RunResult } from './result.js';
import { buildWorld, type World } from './world.js';
import { FaultState } from './fault-state.js';
import { RouteIndex } from './route-index.js';
import { EjectionLog } from './ejection-log.js';

const NO_HEALTHY_UPSTREAM = CAUSE_INDEX.no_healthy_upstream;
const NO_ROUTE = CAUSE_INDEX.no_route;
const OVERFLOW = CAUSE_INDEX.overflow;
const ERROR = CAUSE_INDEX.error;
const CONNECT_FAILURE = CAUSE_INDEX.connect_failure;
const UPSTREAM_RESET = CAUSE_INDEX.upstream_reset;
const OK = 200;
const OVERFLOW_STATUS = 503;

export interface RunOptions {
  seed?: number;
  /** Replaces the scenario's total request count. */
  requests?: number;
  plugin?: LoadBalancingPolicy;
}

export function runScenario(scenario: Scenario, mesh: MeshConfig, options: RunOptions = {}): RunResult {
  return new Runner(scenario, mesh, options).run();
}

class Runner {
  private readonly sim = new Simulation(1 << 12);
  private readonly world: World;
  private readonly pool = new RequestPool(1 << 10);
  private readonly eps: EndpointState;
  private readonly routes = new RouteStats();
  private readonly routeIndex: RouteIndex;
  private readonly faults: FaultState;
  private readonly latency = new LatencyHistogram();
  private readonly timeline: Timeline;
  private readonly failures = FAILURE_CAUSES.map(() => 0);
  private readonly ejections: EjectionLog;
  /** Bounds interval-timer ticks by the work done (README "Input limits"). */
  private readonly timerBudget = new TimerBudget();
  private readonly sourceCount: Float64Array;
  private readonly seed: number;
  private readonly maxRequests: number;
  private generated = 0;
  private succeeded = 0;
  private failed = 0;
  private inFlight = 0;
  private inFlightArea = 0;
  /** Σ latency of every finished request (successes and failures, warm-up included), for Little's law. */
  private latencySumAllMs = 0;
  private lastInFlightChange = 0;
  private lastArrivalMs = 0;
  /** Sources with a next arrival scheduled; with inFlight, decides whether periodic timers go on. */
  private arrivalsPending = 0;
  /** Time the last request ended: the end of the run's activity (periodic timers may tick past it). */
  private lastEndMs = 0;
  private readonly warmupMs: number;

  private readonly EV_ARRIVAL: number;
  private readonly EV_AT_ENDPOINT: number;
  private readonly EV_SERVICE_DONE: number;
  private readonly EV_RESPONSE: number;
  private readonly EV_TIMELINE: number;
  private readonly EV_OUTLIER_TICK: number;
  private readonly EV_FAULT: number;

  constructor(private readonly scenario: Scenario, mesh: MeshConfig, options: RunOptions) {
    this.seed = options.seed ?? scenario.seed;
    this.maxRequests = options.requests ?? scenario.maxRequests;
    const streams = new RandomStreams(this.seed);
    this.world = buildWorld(scenario, mesh, streams, options.plugin);
    const w = this.world;
    this.eps = new EndpointState(w.endpoints.length);
    this.timeline = new Timeline(scenario.timelineIntervalMs);
    this.warmupMs = scenario.warmupMs;
    this.sourceCount = new Float64Array(w.sources.length);

    this.routeIndex = new RouteIndex(w, this.routes);
    this.ejections = new EjectionLog(w);
    this.faults = new FaultState(scenario.faults, w.faultEndpoints, w.endpoints.length);

    this.EV_ARRIVAL = this.sim.register('arrival', this.onArrival);
    this.EV_AT_ENDPOINT = this.sim.register('at-endpoint', this.onAtEndpoint);
    this.EV_SERVICE_DONE = this.sim.register('service-done', this.onServiceDone);
    this.EV_RESPONSE = this.sim.register('response', this.onResponse);
    this.EV_TIMELINE = this.sim.register('timeline', this.onTimeline);
    this.EV_OUTLIER_TICK = this.sim.register('outlier-interval', this.onOutlierTick);
    this.EV_FAULT = this.sim.register('fault', this.onFault);
    scenario.faults.forEach((f, i) => {
      this.sim.scheduleAt(f.atMs, this.EV_FAULT, i, 1);
      if (Number.isFinite(f.endMs)) this.sim.scheduleAt(f.endMs, this.EV_FAULT, i, 0);
    });

    for (const v of w.views) {
      if (v.detector) {
        const view = v;
        view.detector!.onEvent = (e) => this.ejections.apply(view, e);
        this.sim.schedule(view.outlierIntervalMs, this.EV_OUTLIER_TICK, v.id, 0);
      }
    }
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
    const end = Math.max(this.lastEndMs, this.lastArrivalMs);
    this.advanceInFlight(end);
    const last = this.timeline.rows[this.timeline.rows.length - 1];
    if (last === undefined || last.endMs < end) this.timeline.close(end, this.inFlight, this.ejections.ejectedNow);
    if (this.generated !== this.succeeded + this.failed || this.inFlight !== 0 || this.pool.inUse !== 0) {
      throw new Error(`conservation violated: generated ${this.generated}, succeeded ${this.succeeded}, failed ${this.failed}, in flight ${this.inFlight}`);
    }
    return this.result();
  }

  private advanceInFlight(now: number): void {
    this.inFlightArea += this.inFlight * (now - this.lastInFlightChange);
    this.lastInFlightChange = now;
  }

  private readonly onArrival = (sourceIndex: number): void => {
    const sim = this.sim;
    const now = sim.now;
    const src = this.world.sources[sourceIndex];
    this.arrivalsPending--;
    // The scenario's total was reached by other sources: this arrival does not happen.
    if (this.generated >= this.maxRequests) return;
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

    this.advanceInFlight(now);
    this.inFlight++;
    if (now >= this.warmupMs) this.timeline.onStart();
    this.faults.onRequestStart(now);
    const pool = this.pool;
    const req = pool.alloc();
    pool.source[req] = sourceIndex;
    pool.startMs[req] = now;
    // Calling pod: the source's replicas take requests in turn.
    const proxy = this.world.proxies[src.proxies[count % src.proxies.length]];
    if (src.destinations.length === 0) {
      pool.endpoint[req] = -1;
      pool.host[req] = -1;
      pool.view[req] = -1;
      this.finishFailure(req, NO_ROUTE, 0);
      return;
    }
    // Route: weighted destinations (VirtualService); Envoy draws random % total weight.
    let d = 0;
    if (src.destinations.length > 1) {
      const r = src.routeRng.nextUint32() % src.totalWeight;
      while (r >= src.cumulativeWeights[d]) d++;
    }
    const view = proxy.views[d];
    pool.view[req] = view.id;
    const host = view.lb.chooseHost();
    if (host < 0) {
      pool.endpoint[req] = -1;
      pool.host[req] = -1;
      this.finishFailure(req, NO_HEALTHY_UPSTREAM, 0);
      return;
    }
    view.lb.active[host]++;
    const ep = view.hostEndpoint[host];
    pool.host[req] = host;
    pool.endpoint[req] = ep;
    const n = this.world.localities.size;
    const delay = this.world.delay[src.locality * n + this.world.endpoints[ep].locality].sample(src.netRng);
    sim.schedule(delay, this.EV_AT_ENDPOINT, req, 0);
  };

  private readonly onFault = (fault: number, starting: number): void => {
    for (const e of this.faults.setActive(fault, starting === 1)) this.resetEndpoint(e);
  };

  /**
   * An endpoint goes down: the requests waiting or in service there are reset. With `refuse` the
   * reset reaches the proxy after the way back (503 UC); with `blackhole` nothing comes back and,
   * as route timeouts are not modelled, the request fails after connectTimeout.
   */
  private resetEndpoint(e: number): void {
    const pool = this.pool;
    const eps = this.eps;
    eps.advance(e, this.sim.now);
    const blackhole = this.faults.modeOf(e) === 'blackhole';
    for (let r = eps.dequeue(e, pool.nextInQueue); r >= 0; r = eps.dequeue(e, pool.nextInQueue)) this.resetRequest(r, e, blackhole);
    for (let r = 0; r < pool.size; r++) {
      if (pool.inService[r] === 1 && pool.endpoint[r] === e) {
        pool.inService[r] = 0;
        pool.gen[r]++; // its service-done event is now stale
        this.resetRequest(r, e, blackhole);
      }
    }
    eps.busy[e] = 0;
  }

  private resetRequest(req: number, e: number, blackhole: boolean): void {
    this.pool.status[req] = 503;
    this.pool.cause[req] = UPSTREAM_RESET;
    if (blackhole) this.sim.schedule(this.scenario.connectTimeoutMs, this.EV_RESPONSE, req, 0);
    else this.respond(req, e);
  }

  private readonly onAtEndpoint = (req: number): void => {
    const pool = this.pool;
    const e = pool.endpoint[req];
    const ep = this.world.endpoints[e];
    const eps = this.eps;
    const now = this.sim.now;
    if (this.faults.down[e] > 0) {
      // Connection not accepted: refused (RST after the way back) or blackholed (connectTimeout).
      pool.status[req] = 503;
      pool.cause[req] = CONNECT_FAILURE;
      if (this.faults.modeOf(e) === 'blackhole') {
        this.sim.scheduleAt(Math.max(now, pool.startMs[req] + this.scenario.connectTimeoutMs), this.EV_RESPONSE, req, 0);
      } else {
        this.respond(req, e);
      }
      return;
    }
    if (eps.busy[e] < ep.concurrency) {
      eps.advance(e, now);
      eps.busy[e]++;
      this.startService(req, e);
    } else if (eps.queueLength[e] < ep.queueLimit) {
      eps.advance(e, now);
      eps.enqueue(e, req, pool.nextInQueue);
    } else {
      pool.status[req] = OVERFLOW_STATUS;
      pool.cause[req] = OVERFLOW;
      this.respond(req, e);
    }
  };

  private startService(req: number, e: number): void {
    const ep = this.world.endpoints[e];
    const rng = this.world.serviceRng[ep.service];
    const t = ep.serviceTime.sample(rng);
    const failed = ep.errorRate > 0 && rng.next() < ep.errorRate;
    this.pool.status[req] = failed ? ep.errorStatus : OK;
    this.pool.cause[req] = failed ? ERROR : -1;
    this.pool.inService[req] = 1;
    this.sim.schedule(t, this.EV_SERVICE_DONE, req, this.pool.gen[req]);
  }

  private readonly onServiceDone = (req: number, gen: number): void => {
    const pool = this.pool;
    if (pool.gen[req] !== gen) return; // reset while in service (its endpoint went down)
    pool.inService[req] = 0;
    const e = pool.endpoint[req];
    const eps = this.eps;
    eps.advance(e, this.sim.now);
    eps.served[e]++;
    const next = eps.dequeue(e, pool.nextInQueue);
    if (next >= 0) this.startService(next, e);
    else eps.busy[e]--;
    this.respond(req, e);
  };

  private respond(req: number, e: number): void {
    const src = this.world.sources[this.pool.source[req]];
    const n = this.world.localities.size;
    const delay = this.world.delay[this.world.endpoints[e].locality * n + src.locality].sample(src.netRng);
    this.sim.schedule(delay, this.EV_RESPONSE, req, 0);
  }

  private readonly onResponse = (req: number): void => {
    const pool = this.pool;
    const view = this.world.views[pool.view[req]];
    const host = pool.host[req];
    view.lb.active[host]--;
    const status = pool.status[req];
    const cause = pool.cause[req];
    const det = view.detector;
    if (det) {
      const now = this.sim.now;
      if (cause === CONNECT_FAILURE || cause === UPSTREAM_RESET) {
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
    if (cause < 0) this.finishSuccess(req);
    else this.finishFailure(req, cause, cause === ERROR ? this.servedResponseSize(req) : 0);
  };

  /** Response size of the service that served the request (a VirtualService may route elsewhere). */
  private servedResponseSize(req: number): number {
    return this.world.responseSize[this.pool.endpoint[req]];
  }

  private routeOf(req: number): number {
    return this.routeIndex.of(this.world.sources[this.pool.source[req]].locality, this.pool.endpoint[req]);
  }

  private finishSuccess(req: number): void {
    const now = this.sim.now;
    const pool = this.pool;
    const start = pool.startMs[req];
    const latencyMs = now - start;
    const src = this.world.sources[pool.source[req]];
    const responseBytes = this.servedResponseSize(req);
    this.succeeded++;
    if (start >= this.warmupMs) {
      this.latency.record(latencyMs);
      this.routes.recordSuccess(this.routeOf(req), latencyMs, src.spec.requestSize, responseBytes);
      this.timeline.onSuccess(latencyMs);
    }
    this.end(req);
  }

  private finishFailure(req: number, cause: number, responseBytes: number): void {
    const pool = this.pool;
    const src = this.world.sources[pool.source[req]];
    this.failed++;
    this.faults.onRequestFailed(pool.startMs[req]);
    if (pool.startMs[req] >= this.warmupMs) {
      this.failures[cause]++;
      // Bytes cross the network only if a connection was made (not for no_route, no host, connect failure).
      const sent = pool.endpoint[req] < 0 || cause === CONNECT_FAILURE ? 0 : src.spec.requestSize;
      this.routes.recordFailure(this.routeOf(req), cause, sent, responseBytes);
      this.timeline.onFailure(cause);
    }
    this.end(req);
  }

  private end(req: number): void {
    this.lastEndMs = this.sim.now;
    this.latencySumAllMs += this.sim.now - this.pool.startMs[req];
    this.advanceInFlight(this.sim.now);
    this.inFlight--;
    this.pool.release(req);
  }

  private readonly onTimeline = (): void => {
    // The run is over (nothing pending, nothing in flight): run() closes the last row at its end.
    if (!this.active()) return;
    this.timerBudget.tick(this.sim.now, this.generated);
    this.timeline.close(this.sim.now, this.inFlight, this.ejections.ejectedNow);
    // Skips intervals in which no event at all happens (one quiet row), so ticks follow the work.
    this.sim.scheduleAt(nextTickTime(this.sim.now, this.scenario.timelineIntervalMs, this.sim.nextTime), this.EV_TIMELINE, 0, 0);
  };

  /** Periodic timers (timeline, outlier intervals) run while traffic can still arrive or is in flight. */
  private active(): boolean {
    return this.arrivalsPending > 0 || this.inFlight > 0;
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
    const end = Math.max(this.lastEndMs, this.lastArrivalMs);
    const measured = Math.max(0, end - this.warmupMs);
    return {
      seed: this.seed,
      simulatedMs: end,
      measuredMs: measured,
      lastArrivalMs: this.lastArrivalMs,
      events: this.sim.dispatched,
      generated: this.generated,
      succeeded: this.succeeded,
      failed: this.failed,
      failures: Object.fromEntries(FAILURE_CAUSES.map((c, i) => [c, this.failures[i]])),
      latency: this.latency.summary(),
      meanInFlight: end > 0 ? this.inFlightArea / end : 0,
      latencySumAllMs: this.latencySumAllMs,
      routes: this.routes.rows(),
      timeline: this.timeline.rows,
      endpoints: this.eps.rows(w, end),
      ejections: this.ejections.records,
      ejectionOverflows: this.ejections.overflows,
      faults: this.faults.impact(end),
      lbStats: w.views.map((v) => ({ proxy: w.proxies[v.proxy].name, cluster: v.cluster.name, policy: v.lb.policy.name, ...v.lb.stats })),
    };
  }
}
