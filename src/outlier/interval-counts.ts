/**
 * IntervalCounts: requests and successes per host over one outlier-detection interval, for one
 * success-rate monitor (external or local origin): Envoy's SuccessRateAccumulator, whose
 * interval bucket the detector evaluates on each interval tick and then starts again.
 *
 * Success-rate and failure-percentage ejection can only act in an interval with at least
 * `minHosts × volume` reports (that many hosts, each with that many requests), so a proxy that
 * sends less than that per interval never needs per-host counts. Reports are first kept as a
 * short log (host and outcome); only when the log would exceed that bound are per-host arrays
 * allocated (and the log replayed into them). With them, the hosts reported in the interval are
 * listed so that the tick visits and clears only those. Cost: ~1 KB for a quiet proxy, 12 bytes
 * per host slot for a busy one; a tick costs O(hosts reported in the interval).
 *
 * Source: envoy source/common/upstream/outlier_detection_impl.{h,cc} (SuccessRateAccumulator,
 * updateCurrentSuccessRateBucket, getSuccessRateAndVolume, processSuccessRateEjections).
 */
/** The most reports kept as a log before per-host arrays are allocated. */
const MAX_LOG = 1024;

function grownCopy<T extends Uint32Array | Int32Array>(a: T, length: number, make: new (n: number) => T): T {
  const b = new make(length);
  b.set(a);
  return b;
}

export class IntervalCounts {
  /** Reports in the current interval. */
  reports = 0;
  private log: Int32Array | null = null;
  private total: Uint32Array | null = null;
  private ok: Uint32Array | null = null;
  /** Hosts with at least one report this interval (dense mode), in first-report order. */
  private touched: Int32Array | null = null;
  private touchedCount = 0;
  private readonly logLimit: number;

  /**
   * @param capacity host slots
   * @param evaluable fewest reports in an interval with which success rate or failure percentage could act
   */
  constructor(
    private capacity: number,
    private readonly evaluable: number,
  ) {
    // The log holds fewer than `evaluable` reports, so an interval that stays in the log never
    // needs evaluating.
    this.logLimit = Math.max(0, Math.min(MAX_LOG, evaluable - 1));
  }

  /** One result for `host`: a request, successful or not. */
  record(host: number, success: boolean): void {
    let total = this.total;
    if (total === null) {
      if (this.reports < this.logLimit) {
        if (this.log === null) this.log = new Int32Array(this.logLimit);
        this.log[this.reports++] = success ? ~host : host;
        return;
      }
      total = this.densify();
    }
    if (total[host]++ === 0) this.touched![this.touchedCount++] = host;
    if (success) this.ok![host]++;
    this.reports++;
  }

  /**
   * Whether the interval can matter to success-rate or failure-percentage ejection. When false the
   * evaluation can be skipped: no host can have enough volume.
   */
  get evaluate(): boolean {
    return this.reports >= this.evaluable && this.total !== null;
  }

  /**
   * Hosts reported this interval, ascending (only when `evaluate`); their volume and successes
   * are `volume[h]` and `successes[h]`.
   */
  hosts(): Int32Array {
    const touched = this.touched!;
    const n = this.touchedCount;
    // Sorting k hosts costs ~k log k; a scan of every slot costs the capacity: take the cheaper.
    if (n * 16 < this.capacity) return touched.subarray(0, n).sort();
    const total = this.total!;
    let j = 0;
    for (let h = 0; h < this.capacity; h++) if (total[h] !== 0) touched[j++] = h;
    return touched.subarray(0, j);
  }

  /** Requests per host this interval (dense mode only; see `evaluate`). */
  get volume(): Uint32Array {
    return this.total!;
  }

  /** Successes per host this interval (dense mode only). */
  get successes(): Uint32Array {
    return this.ok!;
  }

  /** The interval ends: counts start again from zero. */
  reset(): void {
    if (this.total !== null) {
      const t = this.touched!;
      for (let i = 0; i < this.touchedCount; i++) {
        this.total[t[i]] = 0;
        this.ok![t[i]] = 0;
      }
      this.touchedCount = 0;
    }
    this.reports = 0;
  }

  /** A host leaves the cluster: its reports of this interval no longer count. */
  forget(host: number): void {
    if (this.total !== null) {
      if (host >= this.capacity || this.total[host] === 0) return;
      this.reports -= this.total[host];
      this.total[host] = 0;
      this.ok![host] = 0;
      const t = this.touched!;
      let j = 0;
      for (let i = 0; i < this.touchedCount; i++) if (t[i] !== host) t[j++] = t[i];
      this.touchedCount = j;
    } else if (this.log !== null) {
      const log = this.log;
      let j = 0;
      for (let i = 0; i < this.reports; i++) {
        const e = log[i];
        if ((e < 0 ? ~e : e) !== host) log[j++] = e;
      }
      this.reports = j;
    }
  }

  /** More host slots (the cluster grew). */
  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    this.capacity = capacity;
    if (this.total !== null) {
      this.total = grownCopy(this.total, capacity, Uint32Array);
      this.ok = grownCopy(this.ok!, capacity, Uint32Array);
      this.touched = grownCopy(this.touched!, capacity, Int32Array);
    }
  }

  private densify(): Uint32Array {
    const n = this.capacity;
    const total = (this.total = new Uint32Array(n));
    this.ok = new Uint32Array(n);
    this.touched = new Int32Array(n);
    const log = this.log;
    const count = this.reports;
    this.reports = 0;
    this.log = null;
    for (let i = 0; i < count; i++) {
      const e = log![i];
      this.record(e < 0 ? ~e : e, e < 0);
    }
    return total;
  }
}
