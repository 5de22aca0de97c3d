/**
 * What a run observes when calls finish: counts by outcome and cause, end-to-end latency, route
 * and hop rows, the timeline, requests in flight over time (for Little's law) and the latency
 * breakdown of successful calls. Mechanism-free: the request path tells it what happened.
 */
import { FAILURE_CAUSES } from '../metrics/failure-cause.js';
import { PopulationStats } from '../metrics/populations.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import { CALL_DOUBLES, CALL_INTS, COLD_CALLS_MS, COLD_GATEWAY_MS, EXTRA_TIMES, QUEUE_MS, SERVICE_MS, START_MS, type CallPool } from './calls.js';
import { HopStats } from '../metrics/hop-stats.js';
import { RouteStats } from '../metrics/routes.js';
import { Timeline } from '../metrics/timeline.js';
import { RouteIndex } from './route-index.js';
import type { World } from './world.js';

/**
 * Where the time of successful requests went, summed over the requests counted (ms): network
 * (every hop, both ways), gateways (queue and processing), the endpoint's queue and service time,
 * and waiting for the calls the service made (their own parts are not broken down here).
 */
export interface LatencyBreakdown {
  calls: number;
  networkMs: number;
  gatewayMs: number;
  queueMs: number;
  serviceMs: number;
  callsMs: number;
}

export class RunMetrics {
  /** Per source and service: latency and failures; its total() is the run's latency distribution. */
  readonly populations: PopulationStats;
  readonly routes = new RouteStats();
  readonly routeIndex: RouteIndex;
  readonly hops = new HopStats();
  readonly timeline: Timeline;
  readonly failures = FAILURE_CAUSES.map(() => 0);
  readonly breakdown: LatencyBreakdown = { calls: 0, networkMs: 0, gatewayMs: 0, queueMs: 0, serviceMs: 0, callsMs: 0 };
  succeeded = 0;
  failed = 0;
  inFlight = 0;
  inFlightArea = 0;
  /** Σ latency of every finished request (successes and failures, warm-up included), for Little's law. */
  latencySumAllMs = 0;
  lastInFlightChange = 0;
  /** Time the last request ended. */
  lastEndMs = 0;

  constructor(private readonly world: World, readonly warmupMs: number, private readonly pool: CallPool, private readonly clock: { readonly now: number }) {
    this.timeline = new Timeline(world.scenario.timelineIntervalMs);
    this.populations = new PopulationStats(world, world.scenario.timelineIntervalMs, pool, clock);
    this.routeIndex = new RouteIndex(world, this.routes);
  }

  /** Counts `now` into the in-flight integral; call before changing inFlight. */
  advanceInFlight(now: number): void {
    this.inFlightArea += this.inFlight * (now - this.lastInFlightChange);
    this.lastInFlightChange = now;
  }

  onStart(now: number): void {
    this.advanceInFlight(now);
    this.inFlight++;
    if (now >= this.warmupMs) this.timeline.onStart();
  }

  /** A counted call (a request's root call or a call a service made) ended on `route`; where its time went. */
  onCallSuccess(call: number, route: number, latencyMs: number, requestBytes: number, responseBytes: number): void {
    const d = this.pool.doubles;
    const bd = call * CALL_DOUBLES;
    const extra = this.pool.ints[call * CALL_INTS + EXTRA_TIMES] === 1;
    const cd = this.pool.coldAt(call) >> 1;
    this.routes.recordSuccess(route, latencyMs, requestBytes, responseBytes, extra ? d[cd + COLD_GATEWAY_MS] : 0, d[bd + QUEUE_MS], d[bd + SERVICE_MS], extra ? d[cd + COLD_CALLS_MS] : 0);
  }

  onCallFailure(route: number, cause: number, requestBytes: number, responseBytes: number): void {
    this.routes.recordFailure(route, cause, requestBytes, responseBytes);
  }

  /**
   * A request (root call `call`) succeeded, answered by an endpoint of `service` at population
   * destination `dest` (PopulationStats.serviceOf / destinationOf of its last target).
   */
  onSuccess(call: number, service: number, dest: number): void {
    const now = this.clock.now;
    const startMs = this.pool.startMsOf(call);
    const latencyMs = now - startMs;
    this.succeeded++;
    if (startMs >= this.warmupMs) {
      this.timeline.onSuccess(latencyMs);
      this.populations.recordAt(call, -1, service, dest);
    }
    this.end(now, startMs);
  }

  /** A request (root call `call`) failed with `cause`. */
  onFailure(now: number, startMs: number, cause: number, call: number): void {
    this.failed++;
    if (startMs >= this.warmupMs) {
      this.failures[cause]++;
      this.timeline.onFailure(cause);
      this.populations.record(call, cause);
    }
    this.end(now, startMs);
  }

  /**
   * A counted root call (start ≥ warm-up) succeeded on `route`, answered by an endpoint of
   * `service` at population destination `dest`: breakdown, route, timeline and population at
   * once, the latency's histogram bucket computed once for the three histograms.
   */
  onCountedRootSuccess(call: number, route: number, service: number, dest: number, requestBytes: number, responseBytes: number): void {
    const now = this.clock.now;
    const d = this.pool.doubles;
    const bd = call * CALL_DOUBLES;
    const startMs = d[bd + START_MS];
    const latencyMs = now - startMs;
    const extra = this.pool.ints[call * CALL_INTS + EXTRA_TIMES] === 1;
    const cd = this.pool.coldAt(call) >> 1;
    const g = extra ? d[cd + COLD_GATEWAY_MS] : 0;
    const q = d[bd + QUEUE_MS];
    const sv = d[bd + SERVICE_MS];
    const c = extra ? d[cd + COLD_CALLS_MS] : 0;
    this.onBreakdown(latencyMs, g, q, sv, c);
    const bucket = LatencyHistogram.bucketOf(latencyMs);
    this.routes.countSuccess(route, requestBytes, responseBytes);
    this.routes.addParts(route, g, q, sv, c);
    this.routes.histogram(route).recordAt(bucket, latencyMs);
    this.succeeded++;
    this.timeline.onSuccessAt(bucket, latencyMs);
    this.populations.successAt(call, service, dest, bucket, latencyMs);
    this.end(now, startMs);
  }

  /** The hop row of hops by `proxy`'s view of `service` to `target` (interned on first use). */
  hopRow(proxy: number, service: number, target: number): number {
    const w = this.world;
    const p = w.proxies[proxy];
    const t = w.targets[target];
    const svc = w.scenario.services[service];
    return this.hops.hop({
      fromCluster: p.node.cluster,
      fromLocality: w.localities.name(p.locality),
      toCluster: t.cluster,
      toLocality: w.localities.name(t.locality),
      toKind: t.kind,
      service: svc ? `${svc.name}.${svc.namespace}` : '',
      pathClass: w.pathClassOf[p.locality * w.localities.size + t.locality],
    });
  }

  /** Latency of one successful counted request and where it went; network time is the rest. */
  onBreakdown(latencyMs: number, gatewayMs: number, queueMs: number, serviceMs: number, callsMs: number): void {
    const b = this.breakdown;
    b.calls++;
    b.networkMs += latencyMs - gatewayMs - queueMs - serviceMs - callsMs;
    b.gatewayMs += gatewayMs;
    b.queueMs += queueMs;
    b.serviceMs += serviceMs;
    b.callsMs += callsMs;
  }
  private end(now: number, startMs: number): void {
    this.lastEndMs = now;
    this.latencySumAllMs += now - startMs;
    this.advanceInFlight(now);
    this.inFlight--;
  }
}
