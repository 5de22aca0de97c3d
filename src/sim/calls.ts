/**
 * CallPool: the calls in flight, indexed by call slot. A request is a tree of calls (a traffic
 * source's call is the root; calls a service makes while serving it are its children); a call is
 * an ordered list of hops — caller proxy → target, then, while the target is a gateway, gateway
 * proxy → next target — and its response retraces them.
 *
 * Layout: each call's state is one record (see below) read through two views of the same memory,
 * so an event touches one or two cache lines of its call, not one line per field: with tens of
 * thousands of calls in flight (36,000 endpoints at 60% load: ~125,000), a layout of one array per
 * field cost a cache miss per field read. Remembered hosts (retries) and timer handles stay in
 * arrays of their own. Read a field as `pool.ints[call * CALL_INTS + FIELD]` or
 * `pool.doubles[call * CALL_DOUBLES + FIELD]`; re-read `pool.ints`/`pool.doubles` after alloc()
 * (it may grow them). Nothing is allocated per request; slots are recycled through a free list, so the
 * pool's size follows the number in flight.
 */

/** caller → egress gateway → remote ingress/east-west gateway → endpoint, with one to spare. */
export const MAX_HOPS = 4;

/** Hosts remembered per call for the previous_hosts retry predicate (the most recent ones). */
export const PREVIOUS_HOSTS = 8;

/*
 * A call's record: RECORD_BYTES bytes, read as CALL_INTS integers (`ints`) or CALL_DOUBLES doubles
 * (`doubles`, the same memory). Fields are placed by when they are used, 64 bytes (a cache line)
 * at a time: line 0 holds everything the station events touch (arrival at a target, service
 * done) — the times of the current hop and the service, the call's status and hop 0; line 1 what
 * the response and the finish add; lines 2 and 3 what only retries, call graphs and gateway hops
 * use. So with 100,000 calls in flight a station event costs one cache miss on its call, not three.
 */
/** Bytes of a call's record. */
const RECORD_BYTES = 256;
export const CALL_INTS = RECORD_BYTES / 4;
export const CALL_DOUBLES = RECORD_BYTES / 8;

// ── line 0 ──
/** (double) When the current hop's request left (until it arrives), when it reached its station (until service starts), when its outgoing calls started (while they run). */
export const STAMP_MS = 0;
/** (double) Latency parts: endpoint queue and service time. */
export const QUEUE_MS = 1;
export const SERVICE_MS = 2;
/** (int) Generation of the slot: bumped on every allocation and reset, so stale events can be ignored. */
export const GEN = 6;
/** Hops taken so far (the current hop is HOPS - 1 on the way in). */
export const HOPS = 7;
/** Hop the response is on, on the way back. */
export const RETURNING = 8;
export const STATUS = 9;
/** Failure cause index, or -1 for a success. */
export const CAUSE = 10;
/** 1 for an abandoned attempt (its call timed out and moved on): it drains, nobody waits for it. */
export const ORPHAN = 11;
/** Hop 0's fields (12..16; its HOP_ROW is the first int of line 1); hop k's are at hopOffset(k). */
export const HOP0 = 12;
// ── line 1 ──
/** Timers armed for the call (TIMER_* bits), so finishing a call without timers reads nothing more. */
export const TIMERS = 17;
/** (double) When the call started; gateway time (queue and processing); time waiting for outgoing calls. */
export const START_MS = 9;
export const GATEWAY_MS = 10;
export const CALLS_MS = 11;
/** Traffic source the request came from. */
export const SOURCE = 24;
/** The call's caller key in the run's route index (who called which service, from where). */
export const ORIGIN = 25;
/** The view of the caller's router (hop 0's view, retries included). */
export const VIEW = 26;
/** The route the caller's router uses (the runner's route id), -1 before routing. */
export const ROUTE = 27;
/** Parent call, or -1 for a request's root call. */
export const PARENT = 28;
/** For a child call: the index of its CallSpec in the run's flat list; -1 for a root call. */
export const SPEC = 29;
/** 1 while an attempt is out (sent, not yet answered at the caller). */
export const OUTSTANDING = 30;
/** 1 while the call holds a retry in its cluster's retry budget (max_retries). */
export const RETRYING = 31;
// ── line 2 ──
/** Attempts the caller's router has sent for the call. */
export const TRIES = 32;
/** 1 when the call's failure came from a required child (it answered 500 itself). */
export const FROM_CHILD = 33;
/** Child calls still outstanding (while the call waits for them). */
export const PENDING = 34;
/** Next outgoing call to consider (sequential calls). */
export const NEXT_CALL = 35;
/** Cause of the first failed required child (-1: none). */
export const CHILD_CAUSE = 36;
/** Hosts remembered for previous_hosts (see prevHosts). */
export const PREV_COUNT = 37;
/** Hops 1.. (gateway hops), HOP_INTS each. */
const HOPN = 38;

/** Per hop: view id of the proxy that picked, host slot, target, origin locality, hop-statistics row. */
export const HOP_VIEW = 0;
export const HOP_HOST = 1;
export const HOP_TARGET = 2;
export const HOP_FROM = 3;
export const HOP_ROW = 4;
export const HOP_INTS = 5;

/** Offset of hop k's fields in a call's record. */
export function hopOffset(k: number): number {
  return k === 0 ? HOP0 : HOPN + (k - 1) * HOP_INTS;
}

/** TIMERS bits. */
export const TIMER_ROUTE = 1;
export const TIMER_TRY = 2;
export const TIMER_RETRY = 4;

export class CallPool {
  /** The records, CALL_INTS integers per slot. */
  ints!: Int32Array;
  /** The same records as CALL_DOUBLES doubles per slot. */
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
    return h === 0 ? -1 : this.ints[b + hopOffset(h - 1) + HOP_TARGET];
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
    this.prevHosts.copyWithin(to * PREVIOUS_HOSTS, from * PREVIOUS_HOSTS, (from + 1) * PREVIOUS_HOSTS);
  }

  private resize(cap: number): void {
    const old = this.capacity;
    const ints = new Int32Array(cap * CALL_INTS);
    if (this.ints) ints.set(this.ints);
    this.ints = ints;
    this.doubles = new Float64Array(ints.buffer);
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
