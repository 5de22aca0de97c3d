/**
 * Per-host ejection state of an outlier detector (Envoy's DetectorHostMonitorImpl fields: ejected
 * flag, reason, number of ejections, back-off multiplier, jitter, last ejection and un-ejection
 * times), allocated by the detector on the first ejection only: hosts that never fail cost
 * nothing. It also keeps, in ascending order, the hosts that have ever been ejected: the only
 * hosts the interval tick must look at (a host never ejected is not ejected and has no back-off).
 */

function grownTo<T extends Uint8Array | Uint32Array | Float64Array>(a: T, n: number, make: new (n: number) => T, fill = 0): T {
  const b = new make(n);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}

export class EjectionState {
  ejected: Uint8Array;
  reason: Uint8Array;
  numEjections: Uint32Array;
  backoff: Uint32Array;
  jitter: Float64Array;
  lastEjection: Float64Array;
  /** NaN = never un-ejected. */
  lastUnejection: Float64Array;
  /** Hosts with an ejection history, ascending. */
  readonly tracked: number[] = [];

  constructor(capacity: number) {
    this.ejected = new Uint8Array(capacity);
    this.reason = new Uint8Array(capacity);
    this.numEjections = new Uint32Array(capacity);
    this.backoff = new Uint32Array(capacity);
    this.jitter = new Float64Array(capacity);
    this.lastEjection = new Float64Array(capacity);
    this.lastUnejection = new Float64Array(capacity).fill(NaN);
  }

  /** Starts tracking a host at its first ejection (keeps `tracked` ascending). */
  track(host: number): void {
    const t = this.tracked;
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] < host) lo = mid + 1;
      else hi = mid;
    }
    if (t[lo] === host) return;
    if (lo === t.length) t.push(host);
    else t.splice(lo, 0, host);
  }

  /** Forgets a host (it left the cluster): a host that comes back starts afresh. */
  clear(host: number): void {
    if (host >= this.ejected.length) return;
    this.ejected[host] = 0;
    this.reason[host] = 0;
    this.numEjections[host] = 0;
    this.backoff[host] = 0;
    this.jitter[host] = 0;
    this.lastEjection[host] = 0;
    this.lastUnejection[host] = NaN;
    const i = this.tracked.indexOf(host);
    if (i >= 0) this.tracked.splice(i, 1);
  }

  grow(capacity: number): void {
    if (capacity <= this.ejected.length) return;
    this.ejected = grownTo(this.ejected, capacity, Uint8Array);
    this.reason = grownTo(this.reason, capacity, Uint8Array);
    this.numEjections = grownTo(this.numEjections, capacity, Uint32Array);
    this.backoff = grownTo(this.backoff, capacity, Uint32Array);
    this.jitter = grownTo(this.jitter, capacity, Float64Array);
    this.lastEjection = grownTo(this.lastEjection, capacity, Float64Array);
    this.lastUnejection = grownTo(this.lastUnejection, capacity, Float64Array, NaN);
  }
}
