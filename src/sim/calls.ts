/**
 * CallPool: the calls in flight, indexed by call slot. A request is a tree of calls (a traffic
 * source's call is the root; calls a service makes while serving it are its children); a call is
 * an ordered list of hops — caller proxy → target, then, while the target is a gateway, gateway
 * proxy → next target — and its response retraces them.
 *
 * Layout: each call's hot state is one record of CALL_INTS integers in `ints` (its scalar fields,
 * then MAX_HOPS hops of HOP_INTS fields each) and one record of CALL_DOUBLES doubles in `doubles`
 * (its times), so an event touches two or three cache lines of its call, not one line per field.
 * With tens of thousands of calls in flight (36,000 endpoints at 60% load: ~125,000), a layout of
 * one array per field cost a cache miss per field read; state only retries and call graphs use
 * (remembered hosts, timers) stays in arrays of its own. Read a field as
 * `pool.ints[call * CALL_INTS + FIELD]`; re-read `pool.ints`/`pool.doubles` after alloc() (it may
 * grow them). Nothing is allocated per request; slots are recycled through a free list, so the
 * pool's size follows the number in flight.
 */

/** caller → egress gateway → remote ingress/east-west gateway → endpoint, with one to spare. */
export const MAX_HOPS = 4;

/** Hosts remembered per call for the previous_hosts retry predicate (the most recent ones). */
export const PREVIOUS_HOSTS = 8;

// ── integer fields of a call's record ──
/** Generation of the slot: bumped on every allocation and reset, so stale events can be ignored. */
export const GEN = 0;
/** Hops taken so far (the current hop is HOPS - 1 on the way in). */
export const HOPS = 1;
/** Hop the response is on, on the way back. */
export const RETURNING = 2;
export const STATUS = 3;
/** Failure cause index, or -1 for a success. */
export const CAUSE = 4;
/** Traffic source the request came from. */
export const SOURCE = 5;
/** The call's caller key in the run's route index (who called which service, from where). */
export const ORIGIN = 6;
/** The view of the caller's router (hop 0's view, retries included). */
export const VIEW = 7;
/** The route the caller's router uses (the runner's route id), -1 before routing. */
export const ROUTE = 8;
/** Parent call, or -1 for a request's root call. */
export const PARENT = 9;
/** For a child call: the index of its CallSpec in the run's flat list; -1 for a root call. */
export const SPEC = 10;
/** Attempts the caller's router has sent for the call. */
export const TRIES = 11;
/** 1 while an attempt is out (sent, not yet answered at the caller). */
export const OUTSTANDING = 12;
/** 1 while the call holds a retry in its cluster's retry budget (max_retries). */
export const RETRYING = 13;
/** 1 for an abandoned attempt (its call timed out and moved on): it drains, nobody waits for it. */
export const ORPHAN = 14;
/** 1 when the call's failure came from a required child (it answered 500 itself). */
export const FROM_CHILD = 15;
/** Timers armed for the call (TIMER_* bits), so finishing a call without timers reads nothing more. */
export const TIMERS = 16;
/** Child calls still outstanding (while the call waits for them). */
export const PENDING = 17;
/** Next outgoing call to consider (sequential calls). */
export const NEXT_CALL = 18;
/** Cause of the first failed required child (-1: none). */
export const CHILD_CAUSE = 19;
/** Hosts remembered for previous_hosts (see prevHosts). */
export const PREV_COUNT = 20;
/** First hop's fields; hop k's field f is at HOP0 + k * HOP_INTS + f. */
export const HOP0 = 21;
/** Per hop: view id of the proxy that picked, host slot, target, origin locality, hop-statistics row. */
export const HOP_VIEW = 0;
export const HOP_HOST = 1;
export const HOP_TARGET = 2;
export const HOP_FROM = 3;
export const HOP_ROW = 4;
export const HOP_INTS = 5;
export const CALL_INTS = HOP0 + MAX_HOPS * HOP_INTS; // 41

// ── double fields of a call's record ──
export const START_MS = 0;
/** When the current hop's request left. */
export const SENT_MS = 1;
/** When the call reached its current station. */
export const ARRIVED_MS = 2;
/** Latency parts: gateways (queue and processing), endpoint queue, service time, outgoing calls. */
export const GATEWAY_MS = 3;
export const QUEUE_MS = 4;
export const SERVICE_MS = 5;
export const CALLS_MS = 6;
/** When the call's outgoing calls started. */
export const CALLS_START_MS = 7;
export const CALL_DOUBLES = 8;

/** TIMERS bits. */
export const TIMER_ROUTE = 1;
export const TIMER_TRY = 2;
export const TIMER_RETRY = 4;

export class CallPool {
  /** Integer records, CALL_INTS per slot. */
  ints!: Int32Array;
  /** Double records, CALL_DOUBLES per slot. */
  doubles!: Float64Array;
  /** Hosts (slots of the caller's view) its attempts used, PREVIOUS_HOSTS per call (count in PREV_COUNT). */
  prevHosts!: Int32Array;
  private free!: Int32Array;
  private freeTop = 0;
  private capacity = 0;
  inUse = 0;

  constructor(initial = 1024) {
    this.resize(initial);
  }

  alloc(): number {
    if (this.freeTop === 0) this.resize(this.capacity * 2);
    this.inUse++;
    const slot = this.free[--this.freeTop];
    const ints = this.ints;
    const b = slot * CALL_INTS;
    ints[b + GEN]++;
    ints[b + HOPS] = 0;
    ints[b + ROUTE] = -1;
    ints[b + PARENT] = -1;
    ints[b + SPEC] = -1;
    ints[b + FROM_CHILD] = 0;
    ints[b + TRIES] = 0;
    ints[b + OUTSTANDING] = 0;
    ints[b + RETRYING] = 0;
    ints[b + ORPHAN] = 0;
    ints[b + TIMERS] = 0;
    ints[b + PREV_COUNT] = 0;
    return slot;
  }

  /** Number of slots (in use or free); slots are 0..size-1. */
  get size(): number {
    return this.capacity;
  }

  release(slot: number): void {
    this.inUse--;
    this.free[this.freeTop++] = slot;
  }

  /** Traffic source of a call's request. */
  sourceOf(call: number): number {
    return this.ints[call * CALL_INTS + SOURCE];
  }

  startMsOf(call: number): number {
    return this.doubles[call * CALL_DOUBLES + START_MS];
  }

  /** The last hop's target (the call's endpoint once it got there), or -1 before any hop. */
  lastTarget(call: number): number {
    const b = call * CALL_INTS;
    const h = this.ints[b + HOPS];
    return h === 0 ? -1 : this.ints[b + HOP0 + (h - 1) * HOP_INTS + HOP_TARGET];
  }

  /**
   * Copies the call-level state of `from` into `to` (a timed-out call moving on while its attempt
   * drains in the old slot): who it is, its tries, remembered hosts, the hops of its last attempt
   * and its times. Its timers are the caller's business (TIMERS is cleared).
   */
  copyCall(from: number, to: number): void {
    const ints = this.ints;
    const a = from * CALL_INTS;
    const b = to * CALL_INTS;
    const gen = ints[b + GEN];
    ints.copyWithin(b, a, a + CALL_INTS);
    ints[b + GEN] = gen;
    ints[b + FROM_CHILD] = 0;
    ints[b + OUTSTANDING] = 0;
    ints[b + ORPHAN] = 0;
    ints[b + TIMERS] = 0;
    ints[a + RETRYING] = 0;
    this.doubles.copyWithin(to * CALL_DOUBLES, from * CALL_DOUBLES, (from + 1) * CALL_DOUBLES);
    this.prevHosts.copyWithin(to * PREVIOUS_HOSTS, from * PREVIOUS_HOSTS, (from + 1) * PREVIOUS_HOSTS);
  }

  private resize(cap: number): void {
    const old = this.capacity;
    const ints = new Int32Array(cap * CALL_INTS);
    if (this.ints) ints.set(this.ints);
    this.ints = ints;
    const doubles = new Float64Array(cap * CALL_DOUBLES);
    if (this.doubles) doubles.set(this.doubles);
    this.doubles = doubles;
    const prev = new Int32Array(cap * PREVIOUS_HOSTS);
    if (this.prevHosts) prev.set(this.prevHosts);
    this.prevHosts = prev;
    const free = new Int32Array(cap);
    // old slots are all in use when we grow; new ones are free (lowest index handed out first)
    let top = 0;
    for (let i = cap - 1; i >= old; i--) free[top++] = i;
    this.free = free;
    this.freeTop = top;
    this.capacity = cap;
  }
}
