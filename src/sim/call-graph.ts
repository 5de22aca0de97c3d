/**
 * The call graph: while an endpoint serves a request, its service may call others (Bookinfo's
 * productpage → details, reviews → ratings), in sequence or in parallel, each call with a
 * probability, payload sizes and whether the answer needs it. A child call leaves from the serving
 * replica's own sidecar, balanced from that replica's locality like any call (the router starts
 * it); the parent answers once its calls are back — with a 500 carrying the cause of the first
 * required call that failed (in sequence, the calls after it are not made).
 *
 * State lives in the calls' cold records (calls.ts: PENDING, NEXT_CALL, CHILD_CAUSE), so nothing
 * is allocated per request; the call-probability draws come from each calling service's stream.
 */
import type { CallSpec, Scenario } from '../model/scenario.js';
import { pickWeightedCluster, type ProxyRoute } from '../proxy/proxy.js';
import { CALL_DOUBLES, CALL_INTS, CallPool, CAUSE, CHILD_CAUSE, COLD_CALLS_MS, FROM_CHILD, NEXT_CALL, ORIGIN, ORPHAN, PARENT, PENDING, SPEC, STAMP_MS, STATUS } from './calls.js';
import type { Router } from './router.js';
import type { RouteIndex } from './route-index.js';
import type { World } from './world.js';

/** The status a service answers with when a call it needed failed. */
const CALL_FAILED_STATUS = 500;

/** What the call graph needs of the request path. */
export interface CallGraphHost {
  /** A new call of source `source`'s request, started now; returns its slot. */
  newCall(source: number): number;
  /** Ends `call`, whose route has no destination (no route, or a service of another mesh not exported to this one). */
  unrouted(call: number, route: ProxyRoute): void;
  /** The call's endpoint answers (status and cause set): the response starts back. */
  respond(call: number): void;
}

export class CallGraph {
  /** Every service's outgoing calls, flat: a child call names its spec by index (SPEC). */
  readonly specs: readonly CallSpec[];
  /** Where each service's own specs start in `specs`. */
  private readonly first: number[] = [];
  /** 1 for a service that makes calls. */
  readonly makesCalls: Uint8Array;
  /** 1 for a service that makes its calls in parallel (callMode), 0 in sequence. */
  private readonly parallel: Uint8Array;
  /** Route-index caller keys of sidecars, by proxy id then spec index (-1: not interned yet). */
  private readonly sidecarCallers: Int32Array[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly world: World,
    private readonly pool: CallPool,
    private readonly clock: { readonly now: number },
    private readonly routeIndex: RouteIndex,
    private readonly router: Router,
    private readonly host: CallGraphHost,
  ) {
    const specs: CallSpec[] = [];
    for (const svc of scenario.services) {
      this.first.push(specs.length);
      specs.push(...svc.calls);
    }
    this.specs = specs;
    this.makesCalls = Uint8Array.from(scenario.services, (svc) => (svc.calls.length > 0 ? 1 : 0));
    this.parallel = Uint8Array.from(scenario.services, (svc) => (svc.callMode === 'parallel' ? 1 : 0));
  }

  /** The endpoint `t` serving `call` makes its outgoing calls; the call answers once they are done. */
  start(call: number, t: number): void {
    const pool = this.pool;
    const c = pool.coldAt(call);
    pool.ints[c + PENDING] = 0;
    pool.ints[c + NEXT_CALL] = 0;
    pool.ints[c + CHILD_CAUSE] = -1;
    pool.doubles[call * CALL_DOUBLES + STAMP_MS] = this.clock.now;
    const service = this.world.endpoints[t].service;
    if (this.parallel[service] === 1) {
      const first = this.first[service];
      const n = this.scenario.services[service].calls.length;
      for (let i = 0; i < n; i++) if (this.takes(service, first + i)) this.spawn(call, t, first + i);
      if (pool.ints[pool.coldAt(call) + PENDING] === 0) this.done(call);
    } else {
      this.next(call, t);
    }
  }

  /** A child call ended (`cause` -1: it succeeded): the parent goes on (sequential), or answers once every child is back. */
  childDone(child: number, cause: number): void {
    const pool = this.pool;
    const ints = pool.ints;
    const parent = ints[child * CALL_INTS + PARENT];
    const bp = pool.coldAt(parent);
    if (cause >= 0 && this.specs[ints[child * CALL_INTS + SPEC]].required && ints[bp + CHILD_CAUSE] < 0) ints[bp + CHILD_CAUSE] = cause;
    ints[bp + PENDING]--;
    const t = pool.lastTarget(parent);
    if (this.parallel[this.world.endpoints[t].service] === 1) {
      if (ints[bp + PENDING] === 0) this.done(parent);
    } else if (ints[bp + CHILD_CAUSE] >= 0) {
      this.done(parent); // a failed required call: the rest are not made
    } else {
      this.next(parent, t);
    }
  }

  /** Whether this request makes call `spec` (its probability, drawn on the caller service's stream). */
  private takes(service: number, spec: number): boolean {
    const p = this.specs[spec].probability;
    return p >= 1 || (p > 0 && this.world.callRng[service].next() < p);
  }

  /** Sequential calls: makes the next call this request takes, or answers when none is left. */
  private next(call: number, t: number): void {
    const pool = this.pool;
    const service = this.world.endpoints[t].service;
    const first = this.first[service];
    const n = this.scenario.services[service].calls.length;
    for (let i = pool.ints[pool.coldAt(call) + NEXT_CALL]; i < n; i++) {
      if (!this.takes(service, first + i)) continue;
      pool.ints[pool.coldAt(call) + NEXT_CALL] = i + 1;
      this.spawn(call, t, first + i);
      return;
    }
    this.done(call);
  }

  /** A child call from endpoint `t`'s sidecar, for the request `parent` is serving. */
  private spawn(parent: number, t: number, spec: number): void {
    const pool = this.pool;
    const child = this.host.newCall(pool.sourceOf(parent));
    const ints = pool.ints; // after newCall: the pool may have grown
    const bc = child * CALL_INTS;
    ints[bc + PARENT] = parent;
    ints[bc + SPEC] = spec;
    ints[pool.coldAt(parent) + PENDING]++;
    const w = this.world;
    const proxy = w.sidecarOf(t);
    const c = this.specs[spec];
    ints[bc + ORIGIN] = this.sidecarCaller(proxy.id, spec, t);
    const route = w.routeOf(proxy, c.service, c.port);
    if (route.views.length === 0) {
      this.host.unrouted(child, route);
      return;
    }
    this.router.start(child, route, route.views[pickWeightedCluster(route, w.proxyRouteRng[proxy.id])]);
  }

  /** The route-index caller key of a sidecar's call `spec` (the replica `t`'s service calling a service). */
  private sidecarCaller(proxyId: number, spec: number, t: number): number {
    let keys = this.sidecarCallers[proxyId];
    if (keys === undefined) keys = this.sidecarCallers[proxyId] = new Int32Array(this.specs.length).fill(-1);
    if (keys[spec] < 0) {
      const s = this.scenario.services;
      const ep = this.world.endpoints[t];
      const callee = s[this.specs[spec].service];
      keys[spec] = this.routeIndex.caller(`${s[ep.service].name}.${s[ep.service].namespace}`, false, ep.cluster, ep.locality, `${callee.name}.${callee.namespace}`);
    }
    return keys[spec];
  }

  /** All of a request's outgoing calls are back: it answers (500 with the callee's cause if a required one failed). */
  private done(call: number): void {
    const pool = this.pool;
    const ints = pool.ints;
    const b = call * CALL_INTS;
    if (ints[b + ORPHAN] === 1) {
      pool.release(call);
      return;
    }
    pool.addExtraTime(call, COLD_CALLS_MS, this.clock.now - pool.doubles[call * CALL_DOUBLES + STAMP_MS]);
    const cause = ints[pool.coldAt(call) + CHILD_CAUSE];
    if (cause >= 0) {
      ints[b + STATUS] = CALL_FAILED_STATUS;
      ints[b + CAUSE] = cause;
      ints[b + FROM_CHILD] = 1;
    }
    this.host.respond(call);
  }
}
