/**
 * The request's path through one run, as stages wired to the kernel's events:
 *
 *   arrive   a traffic source's call starts at its calling proxy (and the next arrival is drawn)
 *   route    the proxy's route picks a weighted cluster (VirtualService destinations); the
 *            caller's router (router.ts) applies fault injection, timeouts, circuit breakers
 *            and retries around the attempts
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
import type { Scenario } from '../model/scenario.js';
import { CAUSE_INDEX, FAILURE_CAUSES } from '../metrics/failure-cause.js';
import { pickWeightedCluster, type ProxyRoute } from '../proxy/proxy.js';
import { WAITING } from '../engine/stations.js';
import type { Rng } from '../engine/random.js';
import type { ProxyClusterView } from '../proxy/cluster-view.js';
import type { OutlierDetector } from '../outlier/detector.js';
import { costTable, type HopTraffic } from '../cost/index.js';
import type { HopRow } from '../metrics/hop-stats.js';
import {
  CALL_DOUBLES, CALL_INTS, COLD_GATEWAY_MS, CallPool, CAUSE, FROM_CHILD, GEN, HOP_FROM, HOP_HOST,
  HOP_ROW, HOP_TARGET, HOP_VIEW, HOPS, ORIGIN, ORPHAN, OUTSTANDING, PARENT, PREV_COUNT, QUEUE_MS, RETRYING,
  RETURNING, SERVICE_MS, STAMP_MS, SOURCE, SPEC, START_MS, STATUS, VIEW,
} from './calls.js';
import { EjectionLog } from './ejection-log.js';
import { QUEUED, STARTED, Stations } from '../engine/stations.js';
import { endpointRows, gatewayRows } from './station-rows.js';
import { FaultState, type LinkEnd } from './fault-state.js';
import { FaultImpactRecorder, describeFault } from './fault-impact.js';
import { ControlPlane } from './control-plane.js';
import type { RunResult } from './result.js';
import { RunMetrics } from './run-metrics.js';
import { Router, type RouterHost } from './router.js';
import { CallGraph, type CallGraphHost } from './call-graph.js';
import { nextTickTime } from '../metrics/timeline.js';
import { TimerBudget } from '../metrics/timer-budget.js';
import { buildWorld, type World } from './world.js';
import type { Sampler } from '../engine/distributions.js';

/** A target range's record in Runner.rangeInfo (what the request path needs of a target). */
const T_LOCALITY = 0;
const T_GATEWAY = 1;
/** Service of an endpoint (-1: a gateway). */
const T_SERVICE = 2;
/** Endpoint profile (-1: a gateway). */
const T_PROFILE = 3;
/** Interned (cluster, locality, kind): what a hop's statistics row depends on. */
const T_HOP_DEST = 4;
/** The route index's destination key. */
const T_ROUTE_DEST = 5;
/** The population statistics' service and destination of a request it answered. */
const T_POP_SERVICE = 6;
const T_POP_DEST = 7;
const T_FIELDS = 8;
/** Up to this many targets, Runner keeps one record per target (32 bytes each: 128 KB). */
const PER_TARGET_MAX = 4096;

// Module-local on purpose: V8 folds a module's own constants into optimized code, not imported
// bindings (imported: +0.55 % instructions in a 400,000-request canonical run, in two callgrind counts).
const NO_HEALTHY_UPSTREAM = CAUSE_INDEX.no_healthy_upstream;
const NO_ROUTE = CAUSE_INDEX.no_route;
const OVERFLOW = CAUSE_INDEX.overflow;
const ERROR = CAUSE_INDEX.error;
const CONNECT_FAILURE = CAUSE_INDEX.connect_failure;
const UPSTREAM_RESET = CAUSE_INDEX.upstream_reset;
const NOT_EXPORTED = CAUSE_INDEX.not_exported;
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
  /** How the request path looks up a target's facts: by target (few targets) or by range of targets (many); tests run both. Default: by count. */
  targetIndex?: 'per-target' | 'ranges';
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

class Runner implements RouterHost, CallGraphHost {
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
  /**
   * What the request path needs of a target, by range of target ids: the replicas of a
   * deployment are consecutive targets with the same facts, so a handful of ranges cover tens of
   * thousands of targets and a target's facts are a binary search over a few starts (in cache)
   * instead of a read of its own record (a cache miss at every step of a request's path).
   */
  private rangeStart = new Int32Array(0);
  /** T_FIELDS ints per range (per target while there are few targets: see perTarget). */
  private rangeInfo = new Int32Array(0);
  /**
   * Few targets (their records fit in the CPU cache): one record per target, found by index, which
   * beats a binary search's unpredictable branches.
   */
  private perTarget = true;
  /** Per endpoint profile (a deployment: its replicas serve alike): service time, stream, error rate and status. */
  private readonly profileSampler: Sampler[] = [];
  private readonly profileRng: Rng[] = [];
  private readonly profileErrorRate: number[] = [];
  private readonly profileErrorStatus: number[] = [];
  /** Per service: 1 when it makes outgoing calls (the call graph's array); its response size. Per source: its request size. */
  private readonly serviceCalls: Uint8Array;
  /** (Plain arrays: sizes below 2^31 are small integers, passed to calls without boxing.) */
  private serviceResponseBytes: number[] = [];
  private sourceRequestBytes: number[] = [];
  /** Hop-statistics rows by view then hop destination (T_HOP_DEST), -1 until interned. */
  private readonly hopRows: Int32Array[] = [];
  private hopDests = 0;

  /** Route-index caller key of each source. */
  private sourceCaller = new Int32Array(0);
  /** The calls services make while serving (call-graph.ts). */
  private readonly callGraph: CallGraph;

  private readonly EV_ARRIVAL: number;
  private readonly EV_AT_TARGET: number;
  private readonly EV_SERVICE_DONE: number;
  private readonly EV_RESPONSE: number;
  private readonly EV_TIMELINE: number;
  private readonly EV_OUTLIER_TICK: number;
  private readonly EV_FAULT: number;
  private readonly EV_GATEWAY_DONE: number;
  /** The caller's router: fault filter, timeouts, circuit breakers, retries (router.ts). */
  private readonly router: Router;

  private readonly targetIndexMode: RunOptions['targetIndex'];

  constructor(private readonly scenario: Scenario, options: RunOptions) {
    this.targetIndexMode = options.targetIndex;
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
    // Registers the router's event kinds after the request path's (kind numbers as before the split).
    this.router = new Router(this.sim, this.pool, w, streams, this.metrics, this.impact, this);
    this.callGraph = new CallGraph(scenario, w, this.pool, this.sim, this.metrics.routeIndex, this.router, this);
    this.serviceCalls = this.callGraph.makesCalls;
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
    this.metrics.routeIndex.refresh();
    this.indexTargets();
    const svcName = (i: number) => (i < 0 ? '' : `${scenario.services[i].name}.${scenario.services[i].namespace}`);
    this.sourceCaller = Int32Array.from(w.sources, (src) => this.metrics.routeIndex.caller(src.spec.name, true, src.spec.cluster, src.locality, svcName(src.spec.service)));
    scenario.faults.forEach((f, i) => {
      this.sim.scheduleAt(f.atMs, this.EV_FAULT, i, 1);
      if (Number.isFinite(f.endMs)) this.sim.scheduleAt(f.endMs, this.EV_FAULT, i, 0);
    });
    for (const v of w.views) this.watch(v);
    w.onNewView = (v) => this.watch(v);
  }

  private indexTargets(): void {
    const w = this.world;
    this.perTarget = this.targetIndexMode === undefined ? w.targets.length <= PER_TARGET_MAX : this.targetIndexMode === 'per-target';
    const profiles = new Map<string, number>();
    const hopDests = new Map<string, number>();
    const starts: number[] = [];
    const info: number[] = [];
    const rec = new Array<number>(T_FIELDS).fill(0);
    for (const t of w.targets) {
      rec[T_LOCALITY] = t.locality;
      rec[T_GATEWAY] = t.gateway ? 1 : 0;
      rec[T_SERVICE] = -1;
      rec[T_PROFILE] = -1;
      if (!t.gateway) {
        const ep = w.endpoints[t.id];
        rec[T_SERVICE] = ep.service;
        const key = `${ep.service}/${ep.deployment}`;
        let p = profiles.get(key);
        if (p === undefined) {
          p = this.profileSampler.length;
          profiles.set(key, p);
          this.profileSampler.push(ep.serviceTime);
          this.profileRng.push(w.serviceRng[ep.service]);
          this.profileErrorRate.push(ep.errorRate);
          this.profileErrorStatus.push(ep.errorStatus);
        }
        rec[T_PROFILE] = p;
      }
      // A hop's statistics row depends on the target only through its cluster, locality and kind.
      const hk = `${t.cluster}|${t.locality}|${t.kind}`;
      let d = hopDests.get(hk);
      if (d === undefined) hopDests.set(hk, (d = hopDests.size));
      rec[T_HOP_DEST] = d;
      rec[T_ROUTE_DEST] = this.metrics.routeIndex.destKeyOf(t.id);
      rec[T_POP_SERVICE] = this.metrics.populations.serviceOf(t.id);
      rec[T_POP_DEST] = this.metrics.populations.destinationOf(t.id);
      const last = info.length - T_FIELDS;
      let same = last >= 0 && !this.perTarget;
      for (let f = 0; same && f < T_FIELDS; f++) same = info[last + f] === rec[f];
      if (!same) {
        starts.push(t.id);
        info.push(...rec);
      }
    }
    this.rangeStart = Int32Array.from(starts);
    this.rangeInfo = Int32Array.from(info);
    this.hopDests = hopDests.size;
    this.serviceResponseBytes = this.scenario.services.map((svc) => svc.responseSize);
    this.sourceRequestBytes = w.sources.map((src) => src.spec.requestSize);
  }

  /** Where target `t`'s facts are in rangeInfo (its range × T_FIELDS). */
  private infoOf(t: number): number {
    return this.perTarget ? t * T_FIELDS : this.rangeOf(t);
  }

  /** infoOf above PER_TARGET_MAX targets: the range holding `t` (binary search; out of line, infoOf is inlined everywhere). */
  private rangeOf(t: number): number {
    const starts = this.rangeStart;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo * T_FIELDS;
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
    if (this.faults.outagesActive > 0 && this.faults.sourceDown[sourceIndex] > 0) {
      this.arrivalWhileDown(sourceIndex);
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
    const call = this.newCall(sourceIndex);
    this.pool.ints[call * CALL_INTS + ORIGIN] = this.sourceCaller[sourceIndex];
    // Calling pod: the source's replicas take requests in turn (count is a double: no fmod for one replica).
    const replicas = src.routes.length;
    const route = src.routes[replicas === 1 ? 0 : count % replicas];
    // ── route ──
    if (route.views.length === 0) {
      this.unrouted(call, route);
      return;
    }
    const view = route.views[pickWeightedCluster(route, src.routeRng)];
    this.router.start(call, route, view);
  };

  /**
   * The source's own pods are down (an outage of their zone, cluster or region): it sends nothing
   * until the outage ends, then arrivals resume (for good if it never ends).
   */
  private arrivalWhileDown(sourceIndex: number): void {
    const src = this.world.sources[sourceIndex];
    const up = this.faults.sourceUpAtMs(sourceIndex);
    this.impact?.onSourceDown(this.sim.now, Math.min(up, src.spec.endMs), src.spec.ratePerSecond);
    const next = up + src.interarrival.sample(src.arrivalRng);
    if (next < src.spec.endMs) {
      this.sim.scheduleAt(next, this.EV_ARRIVAL, sourceIndex, 0);
      this.arrivalsPending++;
    }
  }

  /** A call whose route has no destination: no route, or a service of another mesh not exported to this one. */
  unrouted(call: number, route: ProxyRoute): void {
    this.finishFailure(call, route.notExported ? NOT_EXPORTED : NO_ROUTE);
  }

  /** A new call of source `sourceIndex`'s request, started now. */
  newCall(sourceIndex: number): number {
    const pool = this.pool;
    const call = pool.alloc();
    this.router.growTimers(call, pool.size);
    const ints = pool.ints;
    ints[call * CALL_INTS + SOURCE] = sourceIndex;
    const d = pool.doubles;
    const b = call * CALL_DOUBLES;
    d[b + START_MS] = this.sim.now;
    d[b + QUEUE_MS] = 0;
    d[b + SERVICE_MS] = 0;
    return call;
  }

  // ── route: the caller's router (router.ts: fault filter, timeouts, breakers, retries) calls back here ──
  /**
   * A failed attempt that is retried: its hops carried the request (unless the connection failed)
   * and, for an error answer, the response; then the call starts its next attempt from its caller.
   */
  countAbandoned(call: number, own: number): void {
    const pool = this.pool;
    if (pool.startMsOf(call) >= this.metrics.warmupMs) {
      const responseBytes = own === ERROR ? this.responseBytes(call, pool.lastTarget(call)) : 0;
      this.countHops(call, this.requestBytes(call), responseBytes, own === CONNECT_FAILURE);
    }
    pool.ints[call * CALL_INTS + HOPS] = 0;
  }

  /** An orphan (its attempt abandoned by a timeout) still waiting in a station's queue leaves it; the slot is released. */
  dropWaiting(call: number): void {
    const pool = this.pool;
    const t = pool.lastTarget(call);
    if (t >= 0 && this.stations.stateOf(call) === WAITING && this.stations.stationOf(call) === t) {
      const next = this.stations.remove(t, call, this.sim.now);
      if (next >= 0) this.startService(next, t);
      pool.release(call);
    }
  }

  // ── attempt + hop ──────────────────────────────────────────────────────────────────────────────
  /** The proxy owning `view`, at locality `from`, picks a host and sends the call one hop on. */
  attempt(call: number, view: ProxyClusterView, from: number): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    const k = ints[b + HOPS];
    const host = k === 0 && ints[b + PREV_COUNT] > 0 ? this.router.chooseRetryHost(call, view) : view.lb.chooseHost();
    if (host < 0) {
      this.noHealthyUpstream(call, k);
      return;
    }
    view.lb.active[host]++;
    const target = view.hostTarget[host];
    ints[b + HOPS] = k + 1;
    const h = this.pool.hopAt(call, k);
    ints[h + HOP_VIEW] = view.id;
    ints[h + HOP_HOST] = host;
    ints[h + HOP_TARGET] = target;
    ints[h + HOP_FROM] = from;
    const info = this.rangeInfo;
    const tr = this.infoOf(target);
    const rows = this.hopRows[view.id];
    const row = rows !== undefined ? rows[info[tr + T_HOP_DEST]] : -1;
    ints[h + HOP_ROW] = row >= 0 ? row : this.newHopRow(view, target, info[tr + T_HOP_DEST]);
    const w = this.world;
    const delay = w.delay[from * w.localities.size + info[tr + T_LOCALITY]].sample(w.proxyNetRng[view.proxy]);
    this.pool.doubles[call * CALL_DOUBLES + STAMP_MS] = this.sim.now;
    if (this.faults.linkFaultsActive > 0) this.sendOverFaultyLink(call, view, target, k, delay);
    else this.sim.schedule(delay, this.EV_AT_TARGET, call, 0);
  }

  /**
   * No host to send to. At the caller: the call never left (Envoy 503 UH, not retried). At a
   * gateway (hop k > 0): the gateway answers 503 back the way it came.
   */
  private noHealthyUpstream(call: number, k: number): void {
    if (k === 0) {
      this.pool.ints[call * CALL_INTS + STATUS] = SERVICE_UNAVAILABLE;
      this.finishFailure(call, NO_HEALTHY_UPSTREAM);
    } else this.respondFrom(call, NO_HEALTHY_UPSTREAM, SERVICE_UNAVAILABLE);
  }

  /** The hop-statistics row of `view`'s hops to `target` (hop destination `dest`), interned on first use. */
  private newHopRow(view: ProxyClusterView, target: number, dest: number): number {
    let rows = this.hopRows[view.id];
    if (rows === undefined) rows = this.hopRows[view.id] = new Int32Array(this.hopDests).fill(-1);
    if (rows[dest] < 0) rows[dest] = this.metrics.hopRow(view.proxy, view.cluster.service, target);
    return rows[dest];
  }

  /** Hop k of `call` leaves while link faults are active: it may be cut, or take longer. */
  private sendOverFaultyLink(call: number, view: ProxyClusterView, target: number, k: number, delay: number): void {
    const link = this.faults.link(this.proxyEnd(view.proxy), this.targetEnd(target), this.linkRngOf(view.proxy));
    if (link.cut) {
      // Partitioned, or the connection lost on a degraded link: nothing answers the SYN, so the
      // connection fails after the cluster's connect timeout (Envoy 503 UF).
      const ints = this.pool.ints;
      const b = call * CALL_INTS;
      ints[b + STATUS] = SERVICE_UNAVAILABLE;
      ints[b + CAUSE] = CONNECT_FAILURE;
      ints[b + RETURNING] = k;
      this.sim.schedule(view.cluster.connectTimeoutMs, this.EV_RESPONSE, call, 0);
      return;
    }
    this.sim.schedule(delay + link.delayMs, this.EV_AT_TARGET, call, 0);
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
    const ints = pool.ints;
    const b = call * CALL_INTS;
    if (ints[b + ORPHAN] === 1) {
      pool.release(call); // an abandoned attempt: the client reset the stream before it arrived
      return;
    }
    const hop = pool.hopAt(call, ints[b + HOPS] - 1);
    const t = ints[hop + HOP_TARGET];
    const now = this.sim.now;
    if (this.faults.outagesActive > 0 && t < this.faults.down.length && this.faults.down[t] > 0) {
      this.refuseConnection(call, hop, t);
      return;
    }
    pool.doubles[call * CALL_DOUBLES + STAMP_MS] = now;
    const r = this.stations.arrive(t, call, now);
    if (r === STARTED) this.startService(call, t);
    else if (r !== QUEUED) this.respondFrom(call, OVERFLOW, SERVICE_UNAVAILABLE);
  };

  /** Target `t` is down: the connection is not accepted — refused (RST after the way back) or blackholed (connectTimeout). */
  private refuseConnection(call: number, hop: number, t: number): void {
    const pool = this.pool;
    const ints = pool.ints;
    const b = call * CALL_INTS;
    ints[b + STATUS] = SERVICE_UNAVAILABLE;
    ints[b + CAUSE] = CONNECT_FAILURE;
    if (this.faults.modeOf(t) === 'blackhole') {
      // The cluster's connect_timeout (DestinationRule tcp.connectTimeout, else the mesh's connectTimeout).
      ints[b + RETURNING] = ints[b + HOPS] - 1;
      const cluster = this.world.views[ints[hop + HOP_VIEW]].cluster;
      this.sim.scheduleAt(Math.max(this.sim.now, pool.doubles[call * CALL_DOUBLES + STAMP_MS] + cluster.connectTimeoutMs), this.EV_RESPONSE, call, 0);
    } else {
      this.respond(call);
    }
  }

  private startService(call: number, t: number): void {
    const pool = this.pool;
    const now = this.sim.now;
    const d = pool.doubles;
    const bd = call * CALL_DOUBLES;
    const ints = pool.ints;
    const b = call * CALL_INTS;
    const prof = this.rangeInfo[this.infoOf(t) + T_PROFILE];
    if (prof < 0) {
      this.startGateway(call, t);
      return;
    }
    const rng = this.profileRng[prof];
    let s = this.profileSampler[prof].sample(rng);
    const errorRate = this.profileErrorRate[prof];
    const failed = errorRate > 0 && rng.next() < errorRate;
    ints[b + STATUS] = failed ? this.profileErrorStatus[prof] : OK;
    ints[b + CAUSE] = failed ? ERROR : -1;
    if (this.faults.endpointFaultsActive > 0) s = this.endpointFaults(call, t, s, failed);
    d[bd + QUEUE_MS] += now - d[bd + STAMP_MS];
    d[bd + SERVICE_MS] += s;
    this.sim.schedule(s, this.EV_SERVICE_DONE, call, ints[b + GEN]);
  }

  /** A gateway replica takes `call`: its processing time (queue and processing count as gateway time). */
  private startGateway(call: number, t: number): void {
    const pool = this.pool;
    const gw = this.world.targets[t].gateway!;
    const p = gw.processing.sample(this.world.proxyNetRng[gw.proxy]);
    pool.addExtraTime(call, COLD_GATEWAY_MS, this.sim.now - pool.doubles[call * CALL_DOUBLES + STAMP_MS] + p);
    this.sim.schedule(p, this.EV_GATEWAY_DONE, call, pool.ints[call * CALL_INTS + GEN]);
  }

  /**
   * Slow endpoints and error injection (the fault timeline) on service time `s` of `call` at
   * endpoint `t`, drawn on their own stream; returns the service time.
   */
  private endpointFaults(call: number, t: number, s: number, failed: boolean): number {
    const f = this.faults;
    const p = f.errorRate[t];
    const service = this.rangeInfo[this.infoOf(t) + T_SERVICE];
    if (!failed && p === p && (this.injectRng[service] ??= this.streams.stream(`inject/${service}`)).next() < p) {
      const ints = this.pool.ints;
      ints[call * CALL_INTS + STATUS] = f.errorStatus[t];
      ints[call * CALL_INTS + CAUSE] = ERROR;
    }
    return s * f.slowFactor[t];
  }

  /** `call` is done at station `t`: the next queued call starts on its server, or the server idles. */
  private releaseServer(call: number, t: number): void {
    const next = this.stations.finish(t, call, this.sim.now);
    if (next >= 0) this.startService(next, t);
  }

  private readonly onServiceDone = (call: number, gen: number): void => {
    const pool = this.pool;
    const b = call * CALL_INTS;
    if (pool.ints[b + GEN] !== gen) return; // reset while in service (its endpoint went down)
    const t = pool.lastTarget(call);
    this.releaseServer(call, t);
    const ints = pool.ints;
    if (ints[b + ORPHAN] === 1) {
      pool.release(call); // served for nobody: the caller gave up
      return;
    }
    const service = this.rangeInfo[this.infoOf(t) + T_SERVICE];
    if (this.serviceCalls[service] === 1 && ints[b + CAUSE] < 0) this.callGraph.start(call, t);
    else this.respond(call);
  };

  private readonly onGatewayDone = (call: number, gen: number): void => {
    const pool = this.pool;
    const b = call * CALL_INTS;
    if (pool.ints[b + GEN] !== gen) return;
    const t = pool.lastTarget(call);
    this.releaseServer(call, t);
    const ints = pool.ints;
    if (ints[b + ORPHAN] === 1) {
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
      const cluster = w.views[ints[pool.hopAt(call, ints[b + HOPS] - 1) + HOP_VIEW]].cluster;
      view = w.viewOf(proxy, cluster);
    }
    this.attempt(call, view, w.targets[t].locality);
  };

  /** The service a call was made to (before any VirtualService rewrote it). */
  private serviceOf(call: number): number {
    const spec = this.pool.ints[call * CALL_INTS + SPEC];
    return spec < 0 ? this.world.sources[this.pool.sourceOf(call)].spec.service : this.callGraph.specs[spec].service;
  }

  private portOf(call: number): number | undefined {
    const spec = this.pool.ints[call * CALL_INTS + SPEC];
    return spec < 0 ? this.world.sources[this.pool.sourceOf(call)].spec.port : this.callGraph.specs[spec].port;
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
      if (inService) pool.ints[r * CALL_INTS + GEN]++; // its service-done event is now stale
      this.resetCall(r, blackhole);
    });
  }

  private resetCall(call: number, blackhole: boolean): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    if (ints[b + ORPHAN] === 1) {
      this.pool.release(call);
      return;
    }
    ints[b + STATUS] = SERVICE_UNAVAILABLE;
    ints[b + CAUSE] = UPSTREAM_RESET;
    if (blackhole) {
      ints[b + RETURNING] = ints[b + HOPS] - 1;
      this.sim.schedule(this.scenario.connectTimeoutMs, this.EV_RESPONSE, call, 0);
    } else {
      this.respond(call);
    }
  }

  // ── return ─────────────────────────────────────────────────────────────────────────────────────
  /** The call's last target answers with the status and cause already set: start the way back. */
  respond(call: number): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    const k = ints[b + HOPS] - 1;
    ints[b + RETURNING] = k;
    this.sendBack(call, k);
  }

  /** A gateway answers itself (e.g. no healthy upstream behind it): the way back starts at its hop. */
  private respondFrom(call: number, cause: number, status: number): void {
    const ints = this.pool.ints;
    ints[call * CALL_INTS + STATUS] = status;
    ints[call * CALL_INTS + CAUSE] = cause;
    this.respond(call);
  }

  /** The response crosses hop `k`, back to that hop's origin. */
  private sendBack(call: number, k: number): void {
    const ints = this.pool.ints;
    const w = this.world;
    const h = this.pool.hopAt(call, k);
    const proxy = w.views[ints[h + HOP_VIEW]].proxy;
    const target = ints[h + HOP_TARGET];
    let delay = w.delay[this.rangeInfo[this.infoOf(target) + T_LOCALITY] * w.localities.size + ints[h + HOP_FROM]].sample(w.proxyNetRng[proxy]);
    // A degraded link delays the answer too (a partition that starts meanwhile does not cut it).
    if (this.faults.linkFaultsActive > 0) delay += this.faults.linkDelay(this.targetEnd(target), this.proxyEnd(proxy), this.linkRngOf(proxy));
    this.sim.schedule(delay, this.EV_RESPONSE, call, 0);
  }

  // ── observe ────────────────────────────────────────────────────────────────────────────────────
  private readonly onResponse = (call: number): void => {
    const pool = this.pool;
    const ints = pool.ints;
    const b = call * CALL_INTS;
    if (ints[b + ORPHAN] === 1) {
      pool.release(call); // the answer of an abandoned attempt: nobody reads it
      return;
    }
    const k = ints[b + RETURNING];
    const h = pool.hopAt(call, k);
    const view = this.world.views[ints[h + HOP_VIEW]];
    const host = ints[h + HOP_HOST];
    view.lb.active[host]--;
    if (view.detector !== undefined) this.reportOutlier(view.detector, call, host);
    if (k > 0) {
      // The gateway at the previous hop's target relays the response on.
      ints[b + RETURNING] = k - 1;
      this.sendBack(call, k - 1);
      return;
    }
    const cause = ints[b + CAUSE];
    if (ints[b + OUTSTANDING] === 1) {
      this.router.endAttempt(call, this.world.views[ints[b + VIEW]]);
      // endAttempt may have sent a pending call (no allocation: the records stay where they are).
      if (cause >= 0) {
        if (this.router.retriedAfter(call, cause)) return;
      } else if (ints[b + RETRYING] === 1) {
        this.router.endRetry(call);
      }
    }
    if (cause < 0) this.finishSuccess(call);
    else this.finishFailure(call, cause);
  };

  /** The caller's outlier detector sees the outcome of `call`'s attempt on `host`. */
  private reportOutlier(det: OutlierDetector, call: number, host: number): void {
    const ints = this.pool.ints;
    const b = call * CALL_INTS;
    const cause = ints[b + CAUSE];
    const now = this.sim.now;
    if ((cause === CONNECT_FAILURE || cause === UPSTREAM_RESET) && ints[b + FROM_CHILD] === 0) {
      // outlier_detection_impl.cc: a connect failure is a local-origin event (503 when not split);
      // the router reports an upstream reset as LocalOriginConnectFailed too (upstream_request.cc onResetStream).
      det.reportLocalOrigin(host, 'connect-failure', now);
    } else {
      // router upstream_request.cc onPoolReady: every accepted connection reports LocalOriginConnectSuccess
      // (resets the local-origin counter in split mode), then the response code is reported.
      det.reportLocalOrigin(host, 'success', now);
      det.reportStatus(host, ints[b + STATUS], now);
    }
  }

  // ── finish ─────────────────────────────────────────────────────────────────────────────────────
  /** Request bytes of a call: its source's request size, or its CallSpec's. */
  private requestBytes(call: number): number {
    const spec = this.pool.ints[call * CALL_INTS + SPEC];
    return spec < 0 ? this.sourceRequestBytes[this.pool.sourceOf(call)] : this.callGraph.specs[spec].requestSize;
  }

  /** Response bytes of a call answered by `target`: the CallSpec's size if it names one, else the target's. */
  private responseBytes(call: number, target: number): number {
    const spec = this.pool.ints[call * CALL_INTS + SPEC];
    const given = spec < 0 ? undefined : this.callGraph.specs[spec].responseSize;
    if (given !== undefined) return given;
    // An endpoint answers with its service's size (World.responseSize, kept per service here).
    const service = target >= 0 ? this.rangeInfo[this.infoOf(target) + T_SERVICE] : -1;
    return service >= 0 ? this.serviceResponseBytes[service] : this.world.responseSize[target];
  }

  /** A call answered with success reached its caller: its hops, route and population are counted (after warm-up), its parent told, its slot released. */
  private finishSuccess(call: number): void {
    const pool = this.pool;
    this.router.close(call);
    const ints = pool.ints;
    const b = call * CALL_INTS;
    const target = pool.lastTarget(call);
    const requestBytes = this.requestBytes(call);
    const responseBytes = this.responseBytes(call, target);
    const start = pool.doubles[call * CALL_DOUBLES + START_MS];
    const m = this.metrics;
    const root = ints[b + PARENT] < 0;
    const info = this.rangeInfo;
    const tr = target < 0 ? -1 : this.infoOf(target);
    if (start >= m.warmupMs) {
      this.countHops(call, requestBytes, responseBytes, false);
      const route = target < 0 ? m.routeIndex.of(ints[b + ORIGIN], -1) : m.routeIndex.ofDest(ints[b + ORIGIN], info[tr + T_ROUTE_DEST]);
      if (root) {
        if (target < 0) m.onCountedRootSuccess(call, route, -1, 0, requestBytes, responseBytes);
        else m.onCountedRootSuccess(call, route, info[tr + T_POP_SERVICE], info[tr + T_POP_DEST], requestBytes, responseBytes);
      } else m.onCallSuccess(call, route, this.sim.now - start, requestBytes, responseBytes);
    } else if (root) {
      if (target < 0) m.onSuccess(call, -1, 0);
      else m.onSuccess(call, info[tr + T_POP_SERVICE], info[tr + T_POP_DEST]);
    }
    if (root) this.impact?.onRequest(start, this.sim.now, ints[b + SOURCE], -1, target >= 0 ? info[tr + T_LOCALITY] : -1);
    else this.callGraph.childDone(call, -1);
    pool.release(call);
  }

  /** A call ended with failure `cause` (a FAILURE_CAUSES index) at its caller: counted like finishSuccess, its parent told the cause. */
  finishFailure(call: number, cause: number): void {
    const pool = this.pool;
    this.router.close(call);
    const ints = pool.ints;
    const b = call * CALL_INTS;
    const target = pool.lastTarget(call);
    const start = pool.startMsOf(call);
    const m = this.metrics;
    const root = ints[b + PARENT] < 0;
    // The call's own outcome decides its bytes: a failure a child caused was answered (500) by the call's endpoint.
    const own = ints[b + FROM_CHILD] === 1 ? ERROR : cause;
    if (start >= m.warmupMs) {
      const requestBytes = this.requestBytes(call);
      const responseBytes = own === ERROR ? this.responseBytes(call, target) : 0;
      this.countHops(call, requestBytes, responseBytes, own === CONNECT_FAILURE);
      // Bytes cross the network only if a connection was made (not for no_route, no host, connect failure).
      const sent = target < 0 || own === CONNECT_FAILURE ? 0 : requestBytes;
      m.onCallFailure(m.routeIndex.of(ints[b + ORIGIN], target), cause, sent, responseBytes);
    }
    if (root) {
      m.onFailure(this.sim.now, start, cause, call);
      this.impact?.onRequest(start, this.sim.now, ints[b + SOURCE], cause, -1);
    } else {
      this.callGraph.childDone(call, cause);
    }
    pool.release(call);
  }

  /** Bytes on every hop crossed: a hop whose connection failed carries none. */
  private countHops(call: number, requestBytes: number, responseBytes: number, lastRefused: boolean): void {
    const pool = this.pool;
    const ints = pool.ints;
    const b = call * CALL_INTS;
    const n = ints[b + HOPS];
    for (let k = 0; k < n; k++) {
      const row = ints[pool.hopAt(call, k) + HOP_ROW];
      const refused = lastRefused && k === n - 1;
      this.metrics.hops.record(row, refused ? 0 : requestBytes, responseBytes);
      this.impact?.onHop(pool.startMsOf(call), row, refused ? 0 : requestBytes, responseBytes);
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
      resilience: this.router.stats(),
      ejections: this.ejections.records,
      ejectionOverflows: this.ejections.overflows,
      faults: this.impact === undefined ? [] : this.impact.impact(end, this.lastArrivalMs, m.timeline.rows, (row) => m.hops.keyOf(row), this.scenario.pricing, hopTraffic),
      lbStats: w.views.map((v) => ({ proxy: w.proxies[v.proxy].name, cluster: v.cluster.name, policy: v.lb.policy.name, ...v.lb.stats })),
    };
  }
}
