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

export class EdfScheduler {
  private deadline: Float64Array;
  private order: Float64Array;
  private item: Int32Array;
  private size = 0;
  private currentTime = 0;
  private orderOffset = 0;

  constructor(capacity = 8) {
    this.deadline = new Float64Array(capacity);
    this.order = new Float64Array(capacity);
    this.item = new Int32Array(capacity);
  }

  /**
   * Envoy's `createWithPicks`: a scheduler in the state it would have after `picks` picks, computed
   * in O(n log n). Entry i starts at deadline (floor(picks*w_i/W) + 1)/(w_i + 1e-13), the clock at
   * the largest floor_i/w_i, then the leftover picks are executed.
   */
  static createWithPicks(items: ArrayLike<number>, weights: ArrayLike<number>, picks: number): EdfScheduler {
    const s = new EdfScheduler(Math.max(1, items.length));
    picks = Math.min(picks >>> 0, 429496729);
    let total = 0;
    for (let i = 0; i < items.length; i++) total += weights[i];
    let maxPickTime = 0;
    let picksSoFar = 0;
    for (let i = 0; i < items.length; i++) {
      const w = weights[i];
      const entryPicks = Math.floor((picks * w) / total);
      picksSoFar += entryPicks;
      const pickTime = entryPicks / w;
      if (pickTime > maxPickTime) maxPickTime = pickTime;
      s.insert((entryPicks + 1) / (w + 1e-13), items[i]);
    }
    s.currentTime = maxPickTime;
    const weightOf = new Map<number, number>();
    for (let i = 0; i < items.length; i++) weightOf.set(items[i], weights[i]);
    for (let k = picksSoFar; k < picks && s.size > 0; k++) s.pickAndAdd((it) => weightOf.get(it) ?? 0);
    return s;
  }

  get length(): number {
    return this.size;
  }

  /** Adds an item with the given (positive) weight. */
  add(weight: number, item: number): void {
    if (!(weight > 0)) throw new Error(`EdfScheduler.add: weight must be > 0, got ${weight}`);
    this.insert(this.currentTime + 1 / weight, item);
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
    this.currentTime = this.deadline[0];
    this.removeTop();
    const w = weightOf(it);
    if (w > 0) this.insert(this.currentTime + 1 / w, it);
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

  private removeTop(): void {
    const n = --this.size;
    if (n === 0) return;
    const d = this.deadline[n];
    const o = this.order[n];
    const it = this.item[n];
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
    const d = new Float64Array(cap);
    d.set(this.deadline);
    const o = new Float64Array(cap);
    o.set(this.order);
    const it = new Int32Array(cap);
    it.set(this.item);
    this.deadline = d;
    this.order = o;
    this.item = it;
  }
}
