/**
 * RequestPool: the state of requests in flight, as parallel typed arrays indexed by request slot.
 * Slots are recycled through a free list, so the pool's size follows the number in flight, not the
 * number simulated.
 */
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
    const grow32 = (a: Int32Array | undefined) => {
      const b = new Int32Array(cap);
      if (a) b.set(a);
      return b;
    };
    const grow64 = (a: Float64Array | undefined) => {
      const b = new Float64Array(cap);
      if (a) b.set(a);
      return b;
    };
    this.source = grow32(this.source);
    this.view = grow32(this.view);
    this.host = grow32(this.host);
    this.endpoint = grow32(this.endpoint);
    this.startMs = grow64(this.startMs);
    this.status = grow32(this.status);
    this.cause = grow32(this.cause);
    this.nextInQueue = grow32(this.nextInQueue);
    this.gen = grow32(this.gen);
    const inService = new Uint8Array(cap);
    if (this.inService) inService.set(this.inService);
    this.inService = inService;
    const free = new Int32Array(cap);
    // old slots are all in use when we grow; new ones are free (lowest index handed out first)
    let top = 0;
    for (let i = cap - 1; i >= old; i--) free[top++] = i;
    this.free = free;
    this.freeTop = top;
    this.capacity = cap;
  }
}
