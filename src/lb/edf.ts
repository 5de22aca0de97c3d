/**
 * Earliest-deadline-first scheduler over integer items, as Envoy's EdfScheduler.
 *
 * Each entry has a deadline `current + 1/weight`; a pick takes the earliest deadline (ties go to the
 * entry inserted first), moves the clock to it and re-inserts the entry with its weight computed
 * now, so weight changes take effect one pick later. Over many picks each entry is chosen in
 * proportion to its weight, spread evenly (weighted round robin).
 *
 * Source: envoy source/common/upstream/edf_scheduler.h (pickAndAdd, add, createWithPicks).
 */
import { grown } from '../engine/typed-arrays.js';

export class EdfScheduler {
  private deadline: Float64Array;
  private order: Float64Array;
  private item: Int32Array;
  private size = 0;
  private currentTime = 0;
  private orderOffset = 0;
  /** Weight of each item as created, when createWithPicks was given no `weightOf` (see pickAndReAdd). */
  private createdWeight: Float64Array | null = null;

  constructor(capacity = 8) {
    this.deadline = new Float64Array(capacity);
    this.order = new Float64Array(capacity);
    this.item = new Int32Array(capacity);
  }

  /**
   * Envoy's `createWithPicks`: a scheduler in the state it would have after `picks` picks with
   * constant weights, computed in O(n log n). Envoy builds host and locality schedulers this way
   * with the LB seed as `picks`, so each worker starts at a different point of the schedule.
   *
   * Envoy's arithmetic, step by step (edf_scheduler.h, EdfScheduler::createWithPicks):
   * - `picks = uint32(picks) % 429496729` (UINT_MAX/10), not a clamp;
   * - every weight is augmented by 1e-13 (`aug_calculate_weight`) for the sum W, the floors and the
   *   initial deadlines, so that weights that are multiples of each other (25/75) do not tie;
   * - `floor_i = uint32(aug_w_i * picks / W)`, decremented once if `floor_i / aug_w_i >= picks / W`;
   * - entry i gets deadline `(floor_i + 1) / aug_w_i` and insertion order i; the clock is the
   *   largest `floor_i / aug_w_i`; the next insertion order is n;
   * - the leftover `picks - Σ floor_i` picks run through `pickAndAdd` with the *plain* weight.
   * Envoy's own test (SchedulerWithSomePicksEqualToEmptyWithAddedEntries) only promises the same
   * queue as `picks` plain picks up to deadlines within 1e-5 and possibly different tie order.
   *
   * `weightOf` (default: the weight given here) is the weight used when re-adding picked items,
   * as Envoy's `calculate_weight`.
   */
  static createWithPicks(
    items: ArrayLike<number>,
    weights: ArrayLike<number>,
    picks: number,
    weightOf?: (item: number) => number,
  ): EdfScheduler {
    const n = items.length;
    const s = new EdfScheduler(Math.max(1, n));
    // edf_scheduler.h createWithPicks: `picks = picks % 429496729; // % UINT_MAX/10` (picks is uint32_t).
    picks = (picks >>> 0) % 429496729;
    if (n === 0) return s;
    // edf_scheduler.h createWithPicks: aug_calculate_weight = calculate_weight + 1e-13; W = Σ aug_w.
    let weightsSum = 0;
    for (let i = 0; i < n; i++) {
      if (!(weights[i] > 0)) throw new Error(`EdfScheduler.createWithPicks: weight must be > 0, got ${weights[i]}`);
      weightsSum += weights[i] + 1e-13;
    }
    let maxPickTime = 0;
    let picksSoFar = 0;
    const perPick = picks / weightsSum;
    for (let i = 0; i < n; i++) {
      const w = weights[i] + 1e-13;
      // edf_scheduler.h createWithPicks: floor_picks = static_cast<uint32_t>(aug_w * picks / weights_sum).
      let floorPicks = Math.floor((w * picks) / weightsSum);
      // edf_scheduler.h createWithPicks: guard against floor(A*B) > A*B in floating point.
      if (floorPicks > 0 && floorPicks / w >= perPick) floorPicks--;
      const pickTime = floorPicks / w;
      if (pickTime > maxPickTime) maxPickTime = pickTime;
      picksSoFar += floorPicks;
      s.insert((floorPicks + 1) / w, items[i]);
    }
    // edf_scheduler.h createWithPicks: current_time_ = max pick_time; order_offset_ = n (insert did that).
    s.currentTime = maxPickTime;
    let weightFn = weightOf;
    if (!weightFn) {
      let top = 0;
      for (let i = 0; i < n; i++) if (items[i] > top) top = items[i];
      const created = new Float64Array(top + 1);
      for (let i = 0; i < n; i++) created[items[i]] = weights[i];
      s.createdWeight = created;
      weightFn = (it) => created[it] ?? 0;
    }
    // edf_scheduler.h createWithPicks: leftover picks one by one with the plain calculate_weight.
    for (; picksSoFar < picks && s.size > 0; picksSoFar++) s.pickAndAdd(weightFn);
    return s;
  }

  get length(): number {
    return this.size;
  }

  /** Adds an item with the given (positive) weight. */
  add(weight: number, item: number): void {
    if (!(weight > 0)) throw new Error(`EdfScheduler.add: weight must be > 0, got ${weight}`);
    // edf_scheduler.h add: deadline = current_time_ + 1.0 / weight, order_offset_++ breaks ties FIFO.
    this.insert(this.currentTime + 1 / weight, item);
  }

  /** The scheduler clock: the deadline of the last pick. */
  get now(): number {
    return this.currentTime;
  }

  /** Queued entries in pick order (deadline, then insertion order). Allocates; for tests and diagnostics. */
  entries(): Array<{ item: number; deadline: number }> {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => this.deadline[a] - this.deadline[b] || this.order[a] - this.order[b]);
    return idx.map((i) => ({ item: this.item[i], deadline: this.deadline[i] }));
  }

  /** Item with the earliest deadline, without removing it; -1 when empty. */
  peek(): number {
    return this.size === 0 ? -1 : this.item[0];
  }

  /**
   * Picks the earliest deadline and re-adds it with `weightOf(item)`; an item whose new weight is
   * not positive is dropped. Returns -1 when empty.
   */
  pickAndAdd(weightOf: (item: number) => number): number {
    if (this.size === 0) return -1;
    const it = this.item[0];
    // edf_scheduler.h popEntry: current_time_ = deadline of the earliest entry (ties: lower order_offset_).
    this.currentTime = this.deadline[0];
    // edf_scheduler.h pickAndAdd: re-add with the weight computed now (so changes apply one pick later).
    const w = weightOf(it);
    if (w > 0) this.replaceTop(this.currentTime + 1 / w, it);
    else this.removeTop();
    return it;
  }

  /**
   * pickAndAdd with the weight each item was created with (createWithPicks without `weightOf`):
   * for schedulers whose weights stay as they were until the scheduler is rebuilt, as Envoy's
   * locality schedulers (locality_wrr.cc: rebuilt on every refresh), without a weight callback.
   */
  pickAndReAdd(): number {
    if (this.size === 0) return -1;
    const it = this.item[0];
    this.currentTime = this.deadline[0];
    const w = this.createdWeight![it];
    if (w > 0) this.replaceTop(this.currentTime + 1 / w, it);
    else this.removeTop();
    return it;
  }

  private insert(deadline: number, item: number): void {
    if (this.size === this.deadline.length) this.grow();
    const order = this.orderOffset++;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pd = this.deadline[parent];
      if (pd < deadline || (pd === deadline && this.order[parent] < order)) break;
      this.deadline[i] = pd;
      this.order[i] = this.order[parent];
      this.item[i] = this.item[parent];
      i = parent;
    }
    this.deadline[i] = deadline;
    this.order[i] = order;
    this.item[i] = item;
  }

  /**
   * Pop and re-add in one pass: the root's entry is replaced by (deadline, the next insertion order,
   * item) and sifted down. Keys (deadline, order) are unique, so the picks come out exactly as
   * after removeTop() + insert(); half the heap passes.
   */
  private replaceTop(deadline: number, item: number): void {
    this.siftDown(deadline, this.orderOffset++, item, this.size);
  }

  private removeTop(): void {
    const n = --this.size;
    if (n === 0) return;
    this.siftDown(this.deadline[n], this.order[n], this.item[n], n);
  }

  /** Places (d, o, it) at the root hole of a heap of n entries and sifts it down. */
  private siftDown(d: number, o: number, it: number, n: number): void {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (this.deadline[r] < this.deadline[c] || (this.deadline[r] === this.deadline[c] && this.order[r] < this.order[c]))) c = r;
      if (d < this.deadline[c] || (d === this.deadline[c] && o < this.order[c])) break;
      this.deadline[i] = this.deadline[c];
      this.order[i] = this.order[c];
      this.item[i] = this.item[c];
      i = c;
    }
    this.deadline[i] = d;
    this.order[i] = o;
    this.item[i] = it;
  }

  private grow(): void {
    const cap = this.deadline.length * 2;
    this.deadline = grown(this.deadline, cap, Float64Array);
    this.order = grown(this.order, cap, Float64Array);
    this.item = grown(this.item, cap, Int32Array);
  }

}
