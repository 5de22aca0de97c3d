/**
 * EventQueue: the pending events in one total order, (time, sequence), with cancellation by handle.
 *
 * A calendar queue (Brown 1988): time is cut into buckets of a tuned width. The events of the
 * current bucket (and any event pushed at or before it) are in a small binary heap, `near`; the
 * events of the next `buckets - 1` buckets are in unsorted lists, one per bucket, in a ring;
 * anything later (or at +Infinity) waits in a second binary heap, `far`. Popping takes the near
 * heap's root; when the near heap is empty the next non-empty bucket's list is moved into it.
 * Bucket numbers are `floor((t - origin) / width)`, monotone in t, so every event of a bucket
 * comes before every event of a later one, and the near heap orders a bucket's events by
 * (time, sequence): the pop order is exactly a sorted list's, whatever the width. The width only
 * decides the cost: the queue retunes it (and the ring's size) from the pending events' times
 * when their number doubles or halves or the buckets come out too full or too empty. With 100,000
 * events pending a push or pop costs a few cache misses instead of a binary heap's ~17 levels.
 *
 * Events live in slots of typed arrays, so scheduling and popping allocate nothing: a slot holds a
 * sequence number, its time, a list link and a record of a kind, two integer arguments and a
 * generation (one record, so that an event scheduled long ago costs one cache miss, not four);
 * slots are recycled through a free list. Two events at the same time come out in the order they
 * were scheduled (the sequence number), never in an order that depends on the queue's shape: any
 * correct queue with this order pops the same sequence, which the golden and trace tests check.
 *
 * Cancellation is lazy: cancel() marks the slot and the event stays where it is until its bucket's
 * list is walked or it reaches the near heap's root, where it is dropped without being returned
 * (the near root is never a cancelled event). So that cancelled events cannot pile up (long timeouts cancelled early), the
 * queue is rebuilt without them when they outnumber the live ones: at each cancel, cancelled ≤
 * max(COMPACT_MIN, live), so it never holds more than 2 × (the most events ever pending at once) +
 * COMPACT_MIN entries, and a rebuild costs O(n) once per ≥ n/2 cancels (amortised O(1) each).
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
/** Kind of a cancelled event still in the queue. */
const CANCELLED = -1;
/** Fewest cancelled events worth a compaction. */
const COMPACT_MIN = 32;
/** A slot's record in `meta`: kind, arguments, generation. */
const META = 4;
const KIND = 0;
const ARG_A = 1;
const ARG_B = 2;
const GEN = 3;
/** Bucket numbers stay below this (the calendar is rebuilt from a later origin past it): ring indexes are int32. */
const MAX_BUCKET = 2 ** 30;
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 1 << 22;
/** Target events per bucket. */
const PER_BUCKET = 2;
/** Buckets advanced between checks of the width; a check retunes when the events per bucket were off PER_BUCKET by more than BAD_LOAD times. */
const CHECK_EVERY = 4096;
const BAD_LOAD = 4;

export class EventQueue {
  // ── slots ──
  private seq: Float64Array;
  private meta: Int32Array;
  private time: Float64Array;
  /** Next slot in the same ring bucket (-1: last). */
  private link: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  private capacity: number;
  private nextSeq = 0;
  /** Entries held, cancelled ones not yet dropped included. */
  private size = 0;
  private cancelledInHeap = 0;

  // ── near heap: the current bucket and anything pushed at or before it. nearTime[nearSize] is a +Infinity sentinel. ──
  private nearTime: Float64Array;
  private nearSlot: Int32Array;
  private nearSize = 0;

  // ── ring of buckets after the current one ──
  private heads: Int32Array;
  private buckets = MIN_BUCKETS;
  private mask = MIN_BUCKETS - 1;
  /** Bucket number of the near heap's bucket. */
  private cur = 0;
  private ringCount = 0;
  private origin = 0;
  /** 1 / bucket width. */
  private inv = 1;

  // ── far heap: past the ring, and +Infinity ──
  private farTime: Float64Array;
  private farSlot: Int32Array;
  private farSize = 0;

  // ── tuning ──
  /** Rebuild when the entries pass growAt or fall under shrinkAt. */
  private growAt = 2 * MIN_BUCKETS;
  private shrinkAt = 0;
  /** Since the last check: buckets the current one advanced by, events that entered the near heap. */
  private advanced = 0;
  private entered = 0;

  /** Kind, arguments and time of the event most recently popped by pop(). */
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;
  poppedTime = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.min(SLOT_SPAN, Math.max(16, initialCapacity));
    const cap = this.capacity;
    this.seq = new Float64Array(cap);
    this.meta = new Int32Array(cap * META);
    this.time = new Float64Array(cap);
    this.link = new Int32Array(cap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap;
    this.nearTime = new Float64Array(cap + 1).fill(Infinity);
    this.nearSlot = new Int32Array(cap + 1);
    this.farTime = new Float64Array(cap + 1).fill(Infinity);
    this.farSlot = new Int32Array(cap + 1);
    this.heads = new Int32Array(MIN_BUCKETS).fill(-1);
  }

  /** Pending events (cancelled ones not counted). */
  get length(): number {
    return this.size - this.cancelledInHeap;
  }

  /** Entries held, cancelled ones not yet dropped included (for the memory bound). */
  get heapEntries(): number {
    return this.size;
  }

  /** Number of events ever scheduled (the next sequence number). */
  get scheduled(): number {
    return this.nextSeq;
  }

  /** Time of the earliest pending event; Infinity when empty. */
  peekTime(): number {
    if (this.nearSize === 0) this.refill();
    return this.nearTime[0];
  }

  /**
   * peekTime() in two steps, for the run loop: prepareHead() (returns nothing) then headTime (a
   * tiny getter). A call that returns a double and is not inlined boxes it in a new heap number;
   * peekTime, with the bucket refill inlined into it, is too big to be inlined into the loop.
   */
  prepareHead(): void {
    if (this.nearSize === 0) this.refill();
  }

  /** Time of the earliest pending event after prepareHead(); Infinity when empty. */
  get headTime(): number {
    return this.nearTime[0];
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
    this.pendingTime = time;
    return this.pushPending(kind, a, b);
  }

  /** The time of the event pushPending() adds (a field: see pushPending). */
  pendingTime = 0;

  /**
   * push() with the time in `pendingTime`: for the simulation's schedule(), which is inlined into
   * its callers while this is not — a double passed to a call that is not inlined is boxed in a
   * new heap number, at every event.
   */
  pushPending(kind: number, a: number, b: number): number {
    const time = this.pendingTime;
    if (!(time >= 0)) invalidTime(time);
    if (this.freeTop === 0) this.grow();
    if (this.size === 0) {
      // Empty: the calendar starts over at this event.
      this.origin = time === Infinity ? 0 : time;
      this.cur = 0;
    }
    const slot = this.free[--this.freeTop];
    this.seq[slot] = this.nextSeq++;
    const m = this.meta;
    const r = slot * META;
    m[r + KIND] = kind;
    m[r + ARG_A] = a;
    m[r + ARG_B] = b;
    this.time[slot] = time;
    this.place(slot);
    if (++this.size > this.growAt) this.rebuild();
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
    this.meta[slot * META + GEN]++; // the handle is stale from now on; the slot is freed when the entry leaves
    this.cancelledInHeap++;
    if (this.cancelledInHeap > COMPACT_MIN && 2 * this.cancelledInHeap > this.size) this.rebuild();
    else this.dropCancelledRoots();
    return true;
  }

  /**
   * Removes the earliest pending event and returns its slot (-1 when empty); read its time with
   * peekTime() before, and its kind and arguments with kindOf/argA/argB before the next push.
   */
  popSlot(): number {
    if (this.nearSize === 0) {
      this.refill();
      if (this.nearSize === 0) return -1;
    }
    const top = this.nearSlot[0];
    this.removeNearRoot();
    this.size--;
    // Invariant: the near root is never a cancelled event (so peekTime and popSlot need no test).
    if (this.nearSize > 0 && this.meta[this.nearSlot[0] * META + KIND] === CANCELLED) this.dropCancelledRoots();
    // Free the slot; its generation moves on so its handle goes stale. A slot whose generation
    // is used up is retired, so that no handle is ever reused.
    if (++this.meta[top * META + GEN] < MAX_GEN) this.free[this.freeTop++] = top;
    if (this.size < this.shrinkAt) this.rebuild();
    return top;
  }

  /** Removes the earliest event and exposes it through the popped* fields. Returns false when empty. */
  pop(): boolean {
    const t = this.peekTime();
    const slot = this.popSlot();
    if (slot < 0) return false;
    this.poppedTime = t;
    const r = slot * META;
    this.poppedKind = this.meta[r + KIND];
    this.poppedA = this.meta[r + ARG_A];
    this.poppedB = this.meta[r + ARG_B];
    return true;
  }

  // ── placement ──────────────────────────────────────────────────────────────────────────────────

  /** Puts an entry where its bucket says: the near heap, a ring bucket, or the far heap. */
  private place(slot: number): void {
    const t = this.time[slot];
    const bk = Math.floor((t - this.origin) * this.inv);
    if (bk <= this.cur) {
      this.entered++;
      this.nearPush(slot);
    } else if (bk < this.cur + this.buckets) {
      const i = bk & this.mask;
      this.link[slot] = this.heads[i];
      this.heads[i] = slot;
      this.ringCount++;
    } else {
      this.farPush(slot);
    }
  }

  /**
   * The near heap is empty: moves the next non-empty bucket into it (pulling far events the ring
   * now reaches), until it holds a live event or nothing is left.
   */
  private refill(): void {
    while (this.nearSize === 0) {
      if (this.ringCount === 0) {
        if (this.farSize === 0) return;
        const t = this.farTime[0];
        if (t === Infinity) {
          // Only events at +Infinity are left: they go to the near heap in sequence order, and so
          // does anything pushed from now on (the current bucket is unbounded).
          while (this.farSize > 0) {
            const s = this.farSlot[0];
            this.removeFarRoot();
            this.nearPush(s);
          }
          this.cur = Infinity;
        } else {
          const bk = Math.floor((t - this.origin) * this.inv);
          if (!(bk < MAX_BUCKET)) {
            this.rebuild();
            continue;
          }
          this.cur = bk; // jump: the buckets before it are empty
          this.pullFar();
        }
      } else {
        if (++this.cur >= MAX_BUCKET) {
          this.rebuild();
          continue;
        }
        if (++this.advanced === CHECK_EVERY && this.retune()) continue;
        if (this.farSize > 0) this.pullFar();
        const i = this.cur & this.mask;
        let s = this.heads[i];
        if (s < 0) continue;
        this.heads[i] = -1;
        let n = 0;
        const meta = this.meta;
        while (s >= 0) {
          const next = this.link[s];
          // A cancelled entry is dropped here; reading its kind now also brings in its record
          // for the pop, while the list is walked (the misses overlap).
          if (meta[s * META + KIND] === CANCELLED) {
            this.size--;
            this.releaseCancelled(s);
          } else this.nearPush(s);
          s = next;
          n++;
        }
        this.ringCount -= n;
        this.entered += n;
      }
      this.dropCancelledRoots();
    }
  }

  /**
   * Every CHECK_EVERY buckets: if the events per bucket were off PER_BUCKET by more than BAD_LOAD
   * times, rebuilds with the width scaled by what was measured (true: rebuilt).
   */
  private retune(): boolean {
    const perBucket = this.entered / this.advanced;
    this.advanced = this.entered = 0;
    if (perBucket <= BAD_LOAD * PER_BUCKET && perBucket * BAD_LOAD >= PER_BUCKET) return false;
    const factor = Math.min(16, Math.max(1 / 16, PER_BUCKET / perBucket));
    this.rebuild((1 / this.inv) * factor);
    return true;
  }

  /** Moves far events whose bucket the ring now covers into it (or into the near heap). */
  private pullFar(): void {
    const horizon = this.cur + this.buckets;
    while (this.farSize > 0) {
      const t = this.farTime[0];
      if (!(Math.floor((t - this.origin) * this.inv) < horizon)) return;
      const s = this.farSlot[0];
      this.removeFarRoot();
      this.place(s);
    }
  }

  /** Removes cancelled entries from the near root until it is live or the near heap empty. */
  private dropCancelledRoots(): void {
    while (this.nearSize > 0 && this.meta[this.nearSlot[0] * META + KIND] === CANCELLED) {
      const top = this.nearSlot[0];
      this.removeNearRoot();
      this.size--;
      this.releaseCancelled(top);
    }
  }

  /** Frees the slot of a cancelled entry that left the queue (its generation moved on at cancel). */
  private releaseCancelled(slot: number): void {
    this.cancelledInHeap--;
    if (this.meta[slot * META + GEN] < MAX_GEN) this.free[this.freeTop++] = slot;
  }

  /**
   * Takes every entry out (dropping cancelled ones), retunes the bucket width and the ring's size
   * from the pending times, and puts them back. O(n); run when the entries doubled or halved since
   * the last tuning, when buckets came out badly filled, when cancelled entries outnumber live
   * ones, and when bucket numbers would leave int32 range.
   */
  private rebuild(widthHint = 0): void {
    const live: number[] = [];
    const take = (slot: number): void => {
      if (this.meta[slot * META + KIND] === CANCELLED) this.releaseCancelled(slot);
      else live.push(slot);
    };
    for (let i = 0; i < this.nearSize; i++) take(this.nearSlot[i]);
    for (let i = 0; i < this.farSize; i++) take(this.farSlot[i]);
    if (this.ringCount > 0) {
      for (let i = 0; i < this.buckets; i++) for (let s = this.heads[i]; s >= 0; s = this.link[s]) take(s);
    }
    this.nearTime.fill(Infinity, 0, this.nearSize + 1);
    this.farTime.fill(Infinity, 0, this.farSize + 1);
    this.nearSize = this.farSize = this.ringCount = 0;
    this.advanced = this.entered = 0;
    const n = live.length;
    this.size = n;
    this.growAt = 2 * Math.max(MIN_BUCKETS, n);
    this.shrinkAt = n >= 4 * MIN_BUCKETS ? n >> 2 : 0;
    // Width: the hint (measured), else PER_BUCKET events per bucket at the density of the earliest
    // tenth of the pending times (from a sample: the front is what gets popped next); ring:
    // about as many buckets as events.
    let tmin = Infinity;
    for (const s of live) if (this.time[s] < tmin) tmin = this.time[s];
    const step = Math.max(1, Math.floor(n / 1024));
    const sample: number[] = [];
    for (let i = 0; i < n; i += step) {
      const t = this.time[live[i]];
      if (t !== Infinity) sample.push(t);
    }
    sample.sort((x, y) => x - y);
    let width = widthHint;
    if (!(width > 0 && Number.isFinite(width)) && sample.length >= 10) width = ((sample[Math.floor(sample.length * 0.1)] - sample[0]) / (0.1 * n)) * PER_BUCKET;
    if (!(width > 0 && Number.isFinite(width))) width = 1;
    // Enough buckets for the ring to reach the 90th percentile of the pending times (the rest
    // waits in the far heap), and at least one per event.
    const span = sample.length >= 10 ? sample[Math.floor(sample.length * 0.9)] - sample[0] : 0;
    let buckets = MIN_BUCKETS;
    while ((buckets < n || buckets * width < span) && buckets < MAX_BUCKETS) buckets *= 2;
    if (buckets !== this.buckets) {
      this.buckets = buckets;
      this.mask = buckets - 1;
      this.heads = new Int32Array(buckets);
    }
    this.heads.fill(-1);
    this.inv = 1 / width;
    this.origin = tmin === Infinity ? 0 : tmin;
    this.cur = 0;
    for (const s of live) this.place(s);
    this.dropCancelledRoots();
  }

  // ── the two heaps: (time, sequence) min-heaps of slots ─────────────────────────────────────────

  /** (Heap and ring helpers take the slot and read its time: a double passed to a call that is not inlined is boxed.) */
  private nearPush(slot: number): void {
    siftUp(this.nearTime, this.nearSlot, this.seq, this.time, slot, this.nearSize++);
  }

  private removeNearRoot(): void {
    const n = --this.nearSize;
    const ht = this.nearTime;
    const hs = this.nearSlot;
    const t = ht[n];
    ht[n] = Infinity; // the sentinel (also the root when the heap is now empty)
    if (n > 0) siftDown(ht, hs, this.seq, t, hs[n], n);
  }

  private farPush(slot: number): void {
    siftUp(this.farTime, this.farSlot, this.seq, this.time, slot, this.farSize++);
  }

  private removeFarRoot(): void {
    const n = --this.farSize;
    const ht = this.farTime;
    const hs = this.farSlot;
    const t = ht[n];
    ht[n] = Infinity;
    if (n > 0) siftDown(ht, hs, this.seq, t, hs[n], n);
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= SLOT_SPAN) throw new Error(`EventQueue: more than ${SLOT_SPAN} pending events`);
    const cap = Math.min(SLOT_SPAN, old * 2);
    this.seq = grown(this.seq, cap, Float64Array);
    this.meta = grown(this.meta, cap * META, Int32Array);
    this.time = grown(this.time, cap, Float64Array);
    this.link = grown(this.link, cap, Int32Array);
    this.nearTime = grown(this.nearTime, cap + 1, Float64Array).fill(Infinity, old + 1);
    this.nearSlot = grown(this.nearSlot, cap + 1, Int32Array);
    this.farTime = grown(this.farTime, cap + 1, Float64Array).fill(Infinity, old + 1);
    this.farSlot = grown(this.farSlot, cap + 1, Int32Array);
    this.free = new Int32Array(cap);
    // the free list was empty: old slots are in use (or retired); new slots old..cap-1 are free
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap - old;
    this.capacity = cap;
  }
}

/** Throws for a time before 0 or NaN (out of line: pushPending is inlined into the simulation's schedule). */
function invalidTime(time: number): never {
  throw new Error(`EventQueue.push: invalid time ${time}`);
}

/** Moves slot (at time time[slot]) up from position i of a (time, sequence) min-heap to its place. */
function siftUp(ht: Float64Array, hs: Int32Array, seq: Float64Array, time: Float64Array, slot: number, i: number): void {
  const t = time[slot];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pt = ht[parent];
    // Sequence numbers only break ties: read (a cache miss with many pending) only then.
    if (pt < t || (pt === t && seq[hs[parent]] < seq[slot])) break;
    ht[i] = pt;
    hs[i] = hs[parent];
    i = parent;
  }
  ht[i] = t;
  hs[i] = slot;
}

/**
 * Places the entry (t, slot) at the root hole of a heap of n entries and sifts it down. The lesser
 * child is picked by arithmetic, not a branch: which child is less is a coin toss the CPU cannot
 * predict. ht[n] is +Infinity (a sentinel), so a lone left child needs no bounds test; equal
 * times (rare) fall back to the sequence.
 */
function siftDown(ht: Float64Array, hs: Int32Array, seq: Float64Array, t: number, slot: number, n: number): void {
  let i = 0;
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
    if (t < ct || (t === ct && seq[slot] < seq[hs[c]])) break;
    ht[i] = ct;
    hs[i] = hs[c];
    i = c;
  }
  ht[i] = t;
  hs[i] = slot;
}
