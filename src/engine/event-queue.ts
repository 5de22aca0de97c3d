/**
 * EventQueue: a binary min-heap of pending events with one total order, (time, sequence), and
 * cancellation by handle.
 *
 * Events live in slots of typed arrays, so scheduling and popping allocate nothing: a slot holds a
 * sequence number and a record of a kind, two integer arguments and a generation (one record, so
 * that popping an event scheduled long ago costs one cache miss, not four, with 100,000 pending);
 * slots are recycled through a free list. The heap keeps each entry's time next to its
 * slot index (`heapTime`, `heapSlot`), so sifting compares times without reading through the slot.
 * Two events at the same time come out in the order they were scheduled (the sequence number),
 * never in an order that depends on the heap's shape: any correct heap with this order pops the
 * same sequence, which the golden and trace tests check. A new event has the largest sequence
 * number of all, so sifting it up compares times only.
 *
 * Cancellation is lazy: cancel() marks the slot and the event stays in the heap until it reaches
 * the top, where it is dropped without being returned (the root is never a cancelled event, so
 * peeking and popping need no test). So that cancelled events cannot pile up (long timeouts
 * cancelled early), the heap is compacted when they outnumber the live ones: at each cancel,
 * cancelled ≤ max(COMPACT_MIN, live), so the heap never holds more than 2 × (the most events ever
 * pending at once) + COMPACT_MIN entries, and a compaction costs O(n) once per ≥ n/2 cancels
 * (amortised O(1) each).
 *
 * A handle is generation × 2^24 + slot. A slot's generation is bumped whenever its event leaves
 * (popped or cancelled), so a handle kept after its event fired or was cancelled never matches the
 * slot's next event; a slot is retired (never reused) when its generation would pass 2^29, so
 * handles stay exact integers below 2^53 and no two events ever share one.
 */
import { grown } from './typed-arrays.js';

/** Slots per generation in a handle (2^24): the most events that can be pending at once. */
const SLOT_SPAN = 16_777_216;
/** Generations per slot (2^29): handles stay below 2^53. */
const MAX_GEN = 536_870_912;
/** Kind of a cancelled event still in the heap. */
const CANCELLED = -1;
/** Fewest cancelled events worth a compaction. */
const COMPACT_MIN = 32;
/** A slot's record in `meta`: kind, arguments, generation. */
const META = 4;
const KIND = 0;
const ARG_A = 1;
const ARG_B = 2;
const GEN = 3;

export class EventQueue {
  /** Times of the heap's entries, in heap order. */
  private heapTime: Float64Array;
  /** Slot of each heap entry, in heap order. */
  private heapSlot: Int32Array;
  /** Per slot: sequence number (ties), kind, arguments and generation. */
  private seq: Float64Array;
  /** Per slot, one record: kind, argument a, argument b, generation (META ints; one cache line holds two slots). */
  private meta: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  /** Entries in the heap, cancelled ones included. */
  private size = 0;
  private cancelledInHeap = 0;
  private capacity: number;
  private nextSeq = 0;

  /** Kind, arguments and time of the event most recently popped by pop(). */
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;
  poppedTime = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.min(SLOT_SPAN, Math.max(16, initialCapacity));
    // One more entry than slots: heapTime[size] is the +Infinity sentinel (see siftDown).
    this.heapTime = new Float64Array(this.capacity + 1).fill(Infinity);
    this.heapSlot = new Int32Array(this.capacity + 1);
    this.seq = new Float64Array(this.capacity);
    this.meta = new Int32Array(this.capacity * META);
    this.free = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.free[i] = this.capacity - 1 - i;
    this.freeTop = this.capacity;
  }

  /** Pending events (cancelled ones not counted). */
  get length(): number {
    return this.size - this.cancelledInHeap;
  }

  /** Entries held in the heap, cancelled ones not yet dropped included (for the memory bound). */
  get heapEntries(): number {
    return this.size;
  }

  /** Number of events ever scheduled (the next sequence number). */
  get scheduled(): number {
    return this.nextSeq;
  }

  /**
   * Time of the earliest pending event; Infinity when empty. Every entry at or past `size` is the
   * +Infinity sentinel, so the root is read without a test (a `size === 0 ? Infinity : …` would
   * make the result a tagged value, boxing a heap number at every event).
   */
  peekTime(): number {
    return this.heapTime[0];
  }

  /** Kind and arguments of an event by slot: valid from push until the slot's next reuse. */
  kindOf(slot: number): number {
    return this.meta[slot * META + KIND];
  }
  argA(slot: number): number {
    return this.meta[slot * META + ARG_A];
  }
  argB(slot: number): number {
    return this.meta[slot * META + ARG_B];
  }

  /** Adds an event and returns its slot. */
  push(time: number, kind: number, a: number, b: number): number {
    if (!(time >= 0)) throw new Error(`EventQueue.push: invalid time ${time}`);
    if (this.freeTop === 0) this.grow();
    const slot = this.free[--this.freeTop];
    this.seq[slot] = this.nextSeq++;
    const m = this.meta;
    const r = slot * META;
    m[r + KIND] = kind;
    m[r + ARG_A] = a;
    m[r + ARG_B] = b;
    // Sift up. The new event's sequence number is the largest, so on equal times it stays below.
    const ht = this.heapTime;
    const hs = this.heapSlot;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ht[parent];
      if (pt <= time) break;
      ht[i] = pt;
      hs[i] = hs[parent];
      i = parent;
    }
    ht[i] = time;
    hs[i] = slot;
    return slot;
  }

  /** The handle of the event in `slot` (just pushed): stays unique after the slot is reused. */
  handleOf(slot: number): number {
    return this.meta[slot * META + GEN] * SLOT_SPAN + slot;
  }

  /** True while the event with this handle is pending (neither popped nor cancelled). */
  isPending(handle: number): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_SPAN;
    return slot < this.capacity && this.meta[slot * META + GEN] === (handle - slot) / SLOT_SPAN;
  }

  /** Cancels a pending event: true if it was pending, false if it had fired or was cancelled. */
  cancel(handle: number): boolean {
    if (!this.isPending(handle)) return false;
    const slot = handle % SLOT_SPAN;
    this.meta[slot * META + KIND] = CANCELLED;
    this.meta[slot * META + GEN]++; // the handle is stale from now on; the slot is freed when the entry leaves the heap
    this.cancelledInHeap++;
    if (this.cancelledInHeap > COMPACT_MIN && 2 * this.cancelledInHeap > this.size) this.compact();
    else this.dropCancelledRoots();
    return true;
  }

  /**
   * Removes the earliest pending event and returns its slot (-1 when empty); read its time with
   * peekTime() before, and its kind and arguments with kindOf/argA/argB before the next push.
   */
  popSlot(): number {
    const n = this.size - 1;
    if (n < 0) return -1;
    const hs = this.heapSlot;
    const top = hs[0];
    this.size = n;
    const ht = this.heapTime;
    const t = ht[n];
    ht[n] = Infinity; // the sentinel (also the root when the heap is now empty)
    if (n > 0) {
      const slot = hs[n];
      // siftDown(0, t, slot, n), written out: a call would box the double `t` in a heap number.
      const seq = this.seq;
      const s = seq[slot];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const lt = ht[c];
        const rt = ht[c + 1];
        if (lt === rt) {
          if (c + 1 < n && seq[hs[c + 1]] < seq[hs[c]]) c++;
        } else {
          c += ((rt < lt) as unknown as number) | 0;
        }
        const ct = ht[c];
        if (t < ct || (t === ct && s < seq[hs[c]])) break;
        ht[i] = ct;
        hs[i] = hs[c];
        i = c;
      }
      ht[i] = t;
      hs[i] = slot;
      // Invariant: the root is never a cancelled event (so peekTime and popSlot need no test).
      if (this.meta[hs[0] * META + KIND] === CANCELLED) this.dropCancelledRoots();
    }
    // Free the slot; its generation moves on so its handle goes stale. A slot whose generation
    // is used up is retired, so that no handle is ever reused.
    if (++this.meta[top * META + GEN] < MAX_GEN) this.free[this.freeTop++] = top;
    return top;
  }

  /** Removes the earliest event and exposes it through the popped* fields. Returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    this.poppedTime = this.heapTime[0];
    const slot = this.popSlot();
    const r = slot * META;
    this.poppedKind = this.meta[r + KIND];
    this.poppedA = this.meta[r + ARG_A];
    this.poppedB = this.meta[r + ARG_B];
    return true;
  }

  /** Removes cancelled entries from the root until the root is live or the heap empty. */
  private dropCancelledRoots(): void {
    const hs = this.heapSlot;
    while (this.size > 0 && this.meta[hs[0] * META + KIND] === CANCELLED) {
      const top = hs[0];
      const n = --this.size;
      const t = this.heapTime[n];
      this.heapTime[n] = Infinity;
      if (n > 0) this.siftDown(0, t, hs[n], n);
      this.releaseCancelled(top);
    }
  }

  /** Frees the slot of a cancelled entry that left the heap (its generation moved on at cancel). */
  private releaseCancelled(slot: number): void {
    this.cancelledInHeap--;
    if (this.meta[slot * META + GEN] < MAX_GEN) this.free[this.freeTop++] = slot;
  }

  /**
   * Places the entry (t, slot) at hole i, or below it, in a heap of n entries. The lesser child
   * is picked by arithmetic, not a branch: which child is less is a coin toss the CPU cannot
   * predict, and this loop is most of the kernel's time. heapTime[n] is +Infinity (a sentinel),
   * so a lone left child needs no bounds test; equal times (rare) fall back to the sequence.
   */
  private siftDown(i: number, t: number, slot: number, n: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const seq = this.seq;
    const s = seq[slot];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const lt = ht[c];
      const rt = ht[c + 1];
      if (lt === rt) {
        if (c + 1 < n && seq[hs[c + 1]] < seq[hs[c]]) c++;
      } else {
        c += ((rt < lt) as unknown as number) | 0; // true | 0 === 1: no branch
      }
      const ct = ht[c];
      if (t < ct || (t === ct && s < seq[hs[c]])) break;
      ht[i] = ct;
      hs[i] = hs[c];
      i = c;
    }
    ht[i] = t;
    hs[i] = slot;
  }

  /** Drops every cancelled entry and rebuilds the heap (Floyd's heapify, O(n)). */
  private compact(): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const slot = hs[i];
      if (this.meta[slot * META + KIND] === CANCELLED) {
        this.releaseCancelled(slot);
      } else {
        ht[n] = ht[i];
        hs[n] = slot;
        n++;
      }
    }
    ht.fill(Infinity, n, this.size + 1);
    this.size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, ht[i], hs[i], n);
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= SLOT_SPAN) throw new Error(`EventQueue: more than ${SLOT_SPAN} pending events`);
    const cap = Math.min(SLOT_SPAN, old * 2);
    this.heapTime = grown(this.heapTime, cap + 1, Float64Array).fill(Infinity, old + 1);
    this.heapSlot = grown(this.heapSlot, cap + 1, Int32Array);
    this.seq = grown(this.seq, cap, Float64Array);
    this.meta = grown(this.meta, cap * META, Int32Array);
    this.free = new Int32Array(cap);
    // the free list was empty: old slots are in use (or retired); new slots old..cap-1 are free
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap - old;
    this.capacity = cap;
  }
}
