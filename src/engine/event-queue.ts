/**
 * EventQueue: a binary min-heap of pending events with one total order, (time, sequence).
 *
 * The queue stores events in parallel typed arrays (struct of arrays) so that scheduling and
 * popping allocate nothing: an event is a slot holding a time, a sequence number, a kind and two
 * integer arguments. The heap holds slot indices; freed slots are recycled through a free list.
 * Two events at the same time come out in the order they were scheduled (the sequence number),
 * never in an order that depends on the heap's shape.
 */
import { grown } from './typed-arrays.js';

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private heap: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  private size = 0;
  private capacity: number;
  private nextSeq = 0;

  /** Kind, arguments and time of the event most recently popped. */
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;
  poppedTime = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.time = new Float64Array(this.capacity);
    this.seq = new Float64Array(this.capacity);
    this.kind = new Int32Array(this.capacity);
    this.argA = new Int32Array(this.capacity);
    this.argB = new Int32Array(this.capacity);
    this.heap = new Int32Array(this.capacity);
    this.free = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.free[i] = this.capacity - 1 - i;
    this.freeTop = this.capacity;
  }

  get length(): number {
    return this.size;
  }

  /** Number of events ever scheduled (the next sequence number). */
  get scheduled(): number {
    return this.nextSeq;
  }

  /** Time of the earliest pending event; Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.time[this.heap[0]];
  }

  push(time: number, kind: number, a: number, b: number): void {
    if (!(time >= 0)) throw new Error(`EventQueue.push: invalid time ${time}`);
    if (this.freeTop === 0) this.grow();
    const slot = this.free[--this.freeTop];
    this.time[slot] = time;
    this.seq[slot] = this.nextSeq++;
    this.kind[slot] = kind;
    this.argA[slot] = a;
    this.argB[slot] = b;
    // sift up
    const heap = this.heap;
    const times = this.time;
    const seqs = this.seq;
    const s = seqs[slot];
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < s)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Removes the earliest event and exposes it through the popped* fields. Returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const heap = this.heap;
    const top = heap[0];
    this.poppedTime = this.time[top];
    this.poppedKind = this.kind[top];
    this.poppedA = this.argA[top];
    this.poppedB = this.argB[top];
    this.free[this.freeTop++] = top;
    const n = --this.size;
    if (n > 0) {
      const last = heap[n];
      const times = this.time;
      const seqs = this.seq;
      const lt = times[last];
      const ls = seqs[last];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        const right = child + 1;
        if (right < n) {
          const c = heap[child];
          const r = heap[right];
          const ct = times[c];
          const rt = times[r];
          if (rt < ct || (rt === ct && seqs[r] < seqs[c])) child = right;
        }
        const c = heap[child];
        const ct = times[c];
        if (lt < ct || (lt === ct && ls < seqs[c])) break;
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return true;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    this.time = grown(this.time, cap, Float64Array);
    this.seq = grown(this.seq, cap, Float64Array);
    this.kind = grown(this.kind, cap, Int32Array);
    this.argA = grown(this.argA, cap, Int32Array);
    this.argB = grown(this.argB, cap, Int32Array);
    this.heap = grown(this.heap, cap, Int32Array);
    this.free = new Int32Array(cap);
    // all old slots are in use (free list was empty); new slots old..cap-1 are free
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap - old;
    this.capacity = cap;
  }
}
