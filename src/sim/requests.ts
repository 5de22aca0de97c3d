/**
 * RequestPool: the state of requests in flight, as parallel typed arrays indexed by request slot.
 * Slots are recycled through a free list, so the pool's size follows the number in flight, not the
 * number simulated.
 */
import { grown } from '../engine/typed-arrays.js';

export class RequestPool {
  source!: Int32Array;
  view!: Int32Array;
  host!: Int32Array;
  endpoint!: Int32Array;
  startMs!: Float64Array;
  status!: Int32Array;
  /** Failure cause index, or -1 for a success. */
  cause!: Int32Array;
  /** Next request in an endpoint's FIFO queue (-1: none). */
  nextInQueue!: Int32Array;
  /** Generation of the slot: bumped on every allocation and reset, so stale events can be ignored. */
  gen!: Int32Array;
  /** 1 while the request is being served at its endpoint. */
  inService!: Uint8Array;
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

  private resize(cap: number): void {
    const old = this.capacity;
    this.source = grown(this.source, cap, Int32Array);
    this.view = grown(this.view, cap, Int32Array);
    this.host = grown(this.host, cap, Int32Array);
    this.endpoint = grown(this.endpoint, cap, Int32Array);
    this.startMs = grown(this.startMs, cap, Float64Array);
    this.status = grown(this.status, cap, Int32Array);
    this.cause = grown(this.cause, cap, Int32Array);
    this.nextInQueue = grown(this.nextInQueue, cap, Int32Array);
    this.gen = grown(this.gen, cap, Int32Array);
    this.inService = grown(this.inService, cap, Uint8Array);
    const free = new Int32Array(cap);
    // old slots are all in use when we grow; new ones are free (lowest index handed out first)
    let top = 0;
    for (let i = cap - 1; i >= old; i--) free[top++] = i;
    this.free = free;
    this.freeTop = top;
    this.capacity = cap;
  }
}
