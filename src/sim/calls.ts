/**
 * CallPool: the calls in flight, indexed by call slot. A request is a tree of calls (a traffic
 * source's call is the root; calls a service makes while serving it are its children); a call is
 * an ordered list of hops — caller proxy → target, then, while the target is a gateway, gateway
 * proxy → next target — and its response retraces them.
 *
 * Layout: each call's state is a hot and a cold record (see below) read through two views of the
 * same memory, so an event touches one or two cache lines of its call, not one line per field:
 * with tens of thousands of calls in flight (36,000 endpoints at 60% load: ~125,000), a layout of
 * one array per field cost a cache miss per field read. Remembered hosts (retries) and timer
 * handles stay in arrays of their own. Read a hot field as `pool.ints[call * CALL_INTS + FIELD]`
 * or `pool.doubles[call * CALL_DOUBLES + FIELD]`, a cold one at `pool.coldAt(call)`, hop k at
 * `pool.hopAt(call, k)`; re-read `pool.ints`/`pool.doubles` after alloc() (it may grow them). Nothing is allocated per request; slots are recycled through a free list, so the
 * pool's size follows the number in flight.
 */

/** caller → egress gateway → remote ingress/east-west gateway → endpoint, with one to spare. */
export const MAX_HOPS = 4;

/** Hosts remembered per call for the previous_hosts retry predicate (the most recent ones). */
export const PREVIOUS_HOSTS = 8;

/*
 * A call's state is two records, in one memory read through two views (`ints`, `doubles`):
 *   - its hot record, CALL_INTS integers (128 bytes, two cache lines), at call * CALL_INTS: line 0
 *     holds what the station events touch (arrival at a target, service done) — the times of the
 *     current hop and the service, the call's status and hop 0 —, line 1 what the response and
 *     the finish add;
 *   - its cold record, COLD_INTS integers, at coldAt(call) (after every slot's hot record): what
 *     only gateway hops and call graphs use (hops 1.., outgoing calls, gateway and call times).
 * So with 100,000 calls in flight a station event costs one cache miss on its call and the pool
 * of a one-hop run is 128 bytes a call (the size of what is touched is what costs: twice that
 * measured ~7% slower at 36,000 endpoints).
 */
export const CALL_INTS = 32;
export const CALL_DOUBLES = CALL_INTS / 2;
const COLD_INTS = 24;

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
/** Hop 0's fields (12..16; its HOP_ROW is the first int of line 1); hop k's are at pool.hopAt(call, k). */
export const HOP0 = 12;
// ── line 1 ──
/** Timers armed for the call (TIMER_* bits), so finishing a call without timers reads nothing more. */
export const TIMERS = 17;
/** (double) When the call started. */
export const START_MS = 9;
/** Traffic source the request came from. */
export const SOURCE = 20;
/** The call's caller key in the run's route index (who called which service, from where). */
export const ORIGIN = 21;
/** The view of the caller's router (hop 0's view, retries included). */
export const VIEW = 22;
/** The route the caller's router uses (the runner's route id), -1 before routing. */
export const ROUTE = 23;
/** Parent call, or -1 for a request's root call. */
export const PARENT = 24;
/** For a child call: the index of its CallSpec in the run's flat list; -1 for a root call. */
export const SPEC = 25;
/** 1 while an attempt is out (sent, not yet answered at the caller). */
export const OUTSTANDING = 26;
/** 1 while the call holds a retry in its cluster's retry budget (max_retries). */
export const RETRYING = 27;
/** Attempts the caller's router has sent for the call. */
export const TRIES = 28;
/** 1 when the call's failure came from a required child (it answered 500 itself). */
export const FROM_CHILD = 29;
/** Hosts remembered for previous_hosts (see prevHosts). */
export const PREV_COUNT = 30;
/** 1 once the cold record's gateway and call times are set (else both are 0). */
export const EXTRA_TIMES = 31;

// ── the cold record (offsets from coldAt(call)) ──
/** (double, at coldAt(call) / 2 + …) Latency parts: gateways (queue and processing), waiting for outgoing calls. */
export const COLD_GATEWAY_MS = 0;
export const COLD_CALLS_MS = 1;
/** Child calls still outstanding (while the call waits for them). */
export const PENDING = 4;
/** Next outgoing call to consider (sequential calls). */
export const NEXT_CALL = 5;
/** Cause of the first failed required child (-1: none). */
export const CHILD_CAUSE = 6;
/** Hops 1.. (gateway hops), HOP_INTS each. */
const COLD_HOPS = 7;

/** Per hop: view id of the proxy that picked, host slot, target, origin locality, hop-statistics row. */
export const HOP_VIEW = 0;
export const HOP_HOST = 1;
export const HOP_TARGET = 2;
export const HOP_FROM = 3;
export const HOP_ROW = 4;
export const HOP_INTS = 5;

/** TIMERS bits. */
export const TIMER_ROUTE = 1;
export const TIMER_TRY = 2;
export const TIMER_RETRY = 4;

export class CallPool {
  /** The records as integers: hot records first (CALL_INTS per slot), then cold ones (coldAt). */
  ints!: Int32Array;
  /** The same memory as doubles. */
  doubles!: Float64Array;
  /** Where the cold records start in `ints`. */
  private coldStart = 0;
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
    ints[b + EXTRA_TIMES] = 0;
    return slot;
  }

  /** Adds to a call's gateway or call-waiting time (COLD_GATEWAY_MS, COLD_CALLS_MS; both 0 until the first addition). */
  addExtraTime(call: number, field: number, ms: number): void {
    const cd = this.coldAt(call) >> 1;
    if (this.ints[call * CALL_INTS + EXTRA_TIMES] === 0) {
      this.ints[call * CALL_INTS + EXTRA_TIMES] = 1;
      this.doubles[cd + COLD_GATEWAY_MS] = 0;
      this.doubles[cd + COLD_CALLS_MS] = 0;
    }
    this.doubles[cd + field] += ms;
  }

  /** Index in `ints` of call's cold record (even: its doubles are at coldAt(call) / 2 + COLD_*_MS in `doubles`). */
  coldAt(call: number): number {
    return this.coldStart + call * COLD_INTS;
  }

  /** Index in `ints` of hop k's fields of a call (HOP_VIEW, HOP_HOST, ...). */
  hopAt(call: number, k: number): number {
    return k === 0 ? call * CALL_INTS + HOP0 : this.coldStart + call * COLD_INTS + COLD_HOPS + (k - 1) * HOP_INTS;
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
    const h = this.ints[call * CALL_INTS + HOPS];
    return h === 0 ? -1 : this.ints[this.hopAt(call, h - 1) + HOP_TARGET];
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
    ints.copyWithin(this.coldAt(to), this.coldAt(from), this.coldAt(from) + COLD_INTS);
    this.prevHosts.copyWithin(to * PREVIOUS_HOSTS, from * PREVIOUS_HOSTS, (from + 1) * PREVIOUS_HOSTS);
  }

  private resize(cap: number): void {
    const old = this.capacity;
    const ints = new Int32Array(cap * (CALL_INTS + COLD_INTS));
    if (this.ints) {
      ints.set(this.ints.subarray(0, old * CALL_INTS));
      ints.set(this.ints.subarray(this.coldStart, this.coldStart + old * COLD_INTS), cap * CALL_INTS);
    }
    this.ints = ints;
    this.doubles = new Float64Array(ints.buffer);
    this.coldStart = cap * CALL_INTS;
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
