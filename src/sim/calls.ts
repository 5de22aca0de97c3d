/**
 * CallPool: the calls in flight, as parallel typed arrays indexed by call slot. A request is a tree
 * of calls (a traffic source's call is the root; calls a service makes while serving it are its
 * children); a call is an ordered list of hops — caller proxy → target, then, while the target is
 * a gateway, gateway proxy → next target — and its response retraces them.
 *
 * Per-hop state (the view that picked, the host slot picked, the target, where the hop started)
 * lives in fixed-stride arrays, MAX_HOPS entries per call, so nothing is allocated per request.
 * Slots are recycled through a free list: the pool's size follows the number in flight.
 */
import { grown } from '../engine/typed-arrays.js';

/** caller → egress gateway → remote ingress/east-west gateway → endpoint, with one to spare. */
export const MAX_HOPS = 4;

/** Hosts remembered per call for the previous_hosts retry predicate (the most recent ones). */
export const PREVIOUS_HOSTS = 8;

export class CallPool {
  /** Traffic source the request came from. */
  source!: Int32Array;
  /** Parent call, or -1 for a request's root call. */
  parent!: Int32Array;
  startMs!: Float64Array;
  status!: Int32Array;
  /** Failure cause index, or -1 for a success. */
  cause!: Int32Array;
  /** Hops taken so far (the current hop is hops - 1 on the way in). */
  hops!: Uint8Array;
  /** Hop the response is on, on the way back. */
  returning!: Uint8Array;
  /** Per hop (index call * MAX_HOPS + k): view id of the proxy that picked, host slot, target, origin locality. */
  hopView!: Int32Array;
  hopHost!: Int32Array;
  hopTarget!: Int32Array;
  hopFrom!: Int32Array;
  /** Per hop: its row in the run's hop statistics. */
  hopRow!: Int32Array;
  /** For a child call: the index of its CallSpec in the run's flat list; -1 for a root call. */
  spec!: Int32Array;
  /** Child calls still outstanding (while the call waits for them). */
  pending!: Int32Array;
  /** Next outgoing call to consider (sequential calls). */
  nextCall!: Int32Array;
  /** Cause of the first failed required child (-1: none). */
  childCause!: Int32Array;
  /** 1 when the call's failure came from a required child (it answered 500 itself). */
  fromChild!: Uint8Array;
  /** The call's caller key in the run's route index (who called which service, from where). */
  origin!: Int32Array;
  /** Attempts the caller's router has sent for the call. */
  tries!: Uint8Array;
  /** 1 while an attempt is out (sent, not yet answered at the caller). */
  outstanding!: Uint8Array;
  /** 1 while the call holds a retry in its cluster's retry budget (max_retries). */
  retrying!: Uint8Array;
  /** 1 for an abandoned attempt (its call timed out and moved on): it drains, nobody waits for it. */
  orphan!: Uint8Array;
  /** Hosts (slots of the caller's view) its attempts used, PREVIOUS_HOSTS per call, and how many. */
  prevHosts!: Int32Array;
  prevCount!: Int32Array;
  /** Generation of the slot: bumped on every allocation and reset, so stale events can be ignored. */
  gen!: Int32Array;
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
    this.gen[slot]++;
    this.hops[slot] = 0;
    this.parent[slot] = -1;
    this.spec[slot] = -1;
    this.fromChild[slot] = 0;
    this.tries[slot] = 0;
    this.outstanding[slot] = 0;
    this.retrying[slot] = 0;
    this.orphan[slot] = 0;
    this.prevCount[slot] = 0;
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

  /**
   * Copies the call-level state of `from` into `to` (a timed-out call moving on while its attempt
   * drains in the old slot): who it is, its tries, remembered hosts and the hops of its last attempt.
   */
  copyCall(from: number, to: number): void {
    this.source[to] = this.source[from];
    this.parent[to] = this.parent[from];
    this.startMs[to] = this.startMs[from];
    this.status[to] = this.status[from];
    this.cause[to] = this.cause[from];
    this.spec[to] = this.spec[from];
    this.origin[to] = this.origin[from];
    this.fromChild[to] = 0;
    this.tries[to] = this.tries[from];
    this.retrying[to] = this.retrying[from];
    this.retrying[from] = 0;
    this.outstanding[to] = 0;
    this.prevCount[to] = this.prevCount[from];
    this.prevHosts.copyWithin(to * PREVIOUS_HOSTS, from * PREVIOUS_HOSTS, (from + 1) * PREVIOUS_HOSTS);
    this.hops[to] = this.hops[from];
    for (const a of [this.hopView, this.hopHost, this.hopTarget, this.hopFrom, this.hopRow]) a.copyWithin(to * MAX_HOPS, from * MAX_HOPS, (from + 1) * MAX_HOPS);
  }

  /** Index of hop `k` of `call` in the per-hop arrays. */
  static hop(call: number, k: number): number {
    return call * MAX_HOPS + k;
  }

  /** The last hop's target (the call's endpoint once it got there), or -1 before any hop. */
  lastTarget(call: number): number {
    const h = this.hops[call];
    return h === 0 ? -1 : this.hopTarget[call * MAX_HOPS + h - 1];
  }

  private resize(cap: number): void {
    const old = this.capacity;
    this.source = grown(this.source, cap, Int32Array);
    this.parent = grown(this.parent, cap, Int32Array);
    this.startMs = grown(this.startMs, cap, Float64Array);
    this.status = grown(this.status, cap, Int32Array);
    this.cause = grown(this.cause, cap, Int32Array);
    this.hops = grown(this.hops, cap, Uint8Array);
    this.returning = grown(this.returning, cap, Uint8Array);
    this.hopView = grown(this.hopView, cap * MAX_HOPS, Int32Array);
    this.hopHost = grown(this.hopHost, cap * MAX_HOPS, Int32Array);
    this.hopTarget = grown(this.hopTarget, cap * MAX_HOPS, Int32Array);
    this.hopFrom = grown(this.hopFrom, cap * MAX_HOPS, Int32Array);
    this.hopRow = grown(this.hopRow, cap * MAX_HOPS, Int32Array);
    this.spec = grown(this.spec, cap, Int32Array);
    this.pending = grown(this.pending, cap, Int32Array);
    this.nextCall = grown(this.nextCall, cap, Int32Array);
    this.childCause = grown(this.childCause, cap, Int32Array);
    this.fromChild = grown(this.fromChild, cap, Uint8Array);
    this.origin = grown(this.origin, cap, Int32Array);
    this.tries = grown(this.tries, cap, Uint8Array);
    this.outstanding = grown(this.outstanding, cap, Uint8Array);
    this.retrying = grown(this.retrying, cap, Uint8Array);
    this.orphan = grown(this.orphan, cap, Uint8Array);
    this.prevHosts = grown(this.prevHosts, cap * PREVIOUS_HOSTS, Int32Array);
    this.prevCount = grown(this.prevCount, cap, Int32Array);
    this.gen = grown(this.gen, cap, Int32Array);
    const free = new Int32Array(cap);
    // old slots are all in use when we grow; new ones are free (lowest index handed out first)
    let top = 0;
    for (let i = cap - 1; i >= old; i--) free[top++] = i;
    this.free = free;
    this.freeTop = top;
    this.capacity = cap;
  }
}
