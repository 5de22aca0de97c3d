/**
 * Stations: queueing stations (SimPy's Resource), many at once in typed arrays.
 *
 * A station has `servers` (how many items it serves at once), a FIFO queue with a limit (Infinity:
 * unlimited) and the statistics for utilisation and Little's law: items served, ∫ busy dt and
 * ∫ (busy + queued) dt. Items are non-negative integer ids chosen by the caller (request slots).
 * The station links waiting items into its FIFO queue (doubly linked through per-item records, so
 * a timed-out item leaves from the middle in O(1)) and keeps the items in service in its own
 * `servers` places (free places linked in a list: O(1) to take or give back, and a departure
 * moves no other item), so a reset never scans every item.
 *
 * Layout: with tens of thousands of stations and of items, what costs is cache misses, one per
 * distinct line touched. What an arrival or a departure reads and writes of a station (its
 * counters, integrals and the items in its places) is one block of 64 bytes (one cache line) at
 * station × 64 (no index to look up), with its places inside for up to INLINE_PLACES servers (more
 * servers: their places are apart); what only queueing touches (queue ends, limit, longest queue)
 * is apart. An item's record (where it is, its place or its queue links, when it started service)
 * is 24 bytes.
 *
 * Mechanism only: the station says what starts, waits or is turned away; the caller draws service
 * times and schedules events. Arrays grow when stations are added or a larger item id arrives.
 *
 * The integrals are advanced before each change of busy or queue length, never on a rejection,
 * with the same floating-point operations in the same order as the runner's EndpointState did
 * (see advance), so summaries are byte-identical.
 */

/** arrive(): the item took a free server. */
export const STARTED = 0;
/** arrive(): all servers busy, the item waits in the FIFO queue. */
export const QUEUED = 1;
/** arrive(): all servers busy and the queue full; the station does not hold the item. */
export const REJECTED = 2;
export type Admission = typeof STARTED | typeof QUEUED | typeof REJECTED;

/** Where an item is: at no station, waiting in a queue, or in service. */
export const IDLE = 0;
export const WAITING = 1;
export const IN_SERVICE = 2;
export type ItemState = typeof IDLE | typeof WAITING | typeof IN_SERVICE;

/** Called by reset() for each item it takes out, with whether it was in service (else waiting). */
export type ResetHandler = (item: number, wasInService: boolean) => void;

// A station's block, from its base: the integrals and counters that need doubles...
/** Time the integrals were last advanced to. */
const LAST_CHANGE = 0;
/** ∫ busy servers dt, up to LAST_CHANGE. */
const BUSY_AREA = 1;
/** ∫ (busy + queued) dt, up to LAST_CHANGE. */
const IN_SYSTEM_AREA = 2;
const SERVED = 3;
/** ...then int32 words, counted from the block's first word (2 × its base in doubles)... */
const BUSY = 8;
const SERVERS = 9;
const QUEUE_LENGTH = 10;
/** First free place (-1: none); a free place's word holds -2 - the next free place. */
const FREE = 11;
/** ...then its places, one word each: the item in service there (more than INLINE_PLACES servers: where they start in `bigPlaces`). */
const PLACES = 12;
const INLINE_PLACES = 4;
/** A block: 8 doubles, 16 words. */
const BLOCK = 8;

// An item's record: int32 words...
/** -1 at no station, 2s waiting at station s, 2s + 1 in service at station s (one read checks both). */
const WHERE = 0;
/** Its place at its station (0 .. servers - 1) while in service. */
const PLACE = 1;
/** Links in its station's queue while waiting. */
const NEXT = 2;
const PREV = 3;
const ITEM_WORDS = 6;
/** ...and, as a double (index 3 × item + START), when it started service: a counter, the order of a reset. */
const START = 2;
const ITEM_DOUBLES = 3;

export class Stations {
  /** Number of stations (ids 0..count-1). */
  count = 0;
  /** The blocks, as doubles (f) and as int32 words (w) over the same bytes. */
  private f!: Float64Array;
  private w!: Int32Array;
  /** Places of the stations with more than INLINE_PLACES servers. */
  private bigPlaces = new Int32Array(0);
  private queueLimit!: Float64Array;
  private maxQueue!: Int32Array;
  private queueHead!: Int32Array;
  private queueTail!: Int32Array;
  private stationCapacity = 0;
  private starts = 0;
  /** Item records, as int32 words and as doubles over the same bytes. */
  private items!: Int32Array;
  private itemStart!: Float64Array;
  private itemCapacity = 0;

  constructor(initialStations = 16, initialItems = 1024) {
    this.growStations(Math.max(1, initialStations));
    this.growItems(Math.max(1, initialItems));
  }

  /** Adds a station and returns its id. */
  add(servers: number, queueLimit = Infinity): number {
    if (!(Number.isInteger(servers) && servers >= 1)) throw new Error(`Stations.add: servers must be an integer >= 1 (got ${servers})`);
    if (!(queueLimit === Infinity || (Number.isInteger(queueLimit) && queueLimit >= 0))) {
      throw new Error(`Stations.add: queueLimit must be an integer >= 0 or Infinity (got ${queueLimit})`);
    }
    if (this.count === this.stationCapacity) this.growStations(2 * this.stationCapacity);
    const s = this.count++;
    this.queueLimit[s] = queueLimit;
    const wr = s * 2 * BLOCK;
    this.w[wr + SERVERS] = servers;
    if (servers > INLINE_PLACES) {
      const at = this.bigPlaces.length;
      const big = new Int32Array(at + servers);
      big.set(this.bigPlaces);
      this.bigPlaces = big;
      this.w[wr + PLACES] = at;
    }
    this.freeAll(wr);
    return s;
  }

  /** Servers of station s. */
  serversOf(s: number): number {
    return this.w[s * 2 * BLOCK + SERVERS];
  }
  queueLimitOf(s: number): number {
    return this.queueLimit[s];
  }
  /** Items in service now. */
  busyOf(s: number): number {
    return this.w[s * 2 * BLOCK + BUSY];
  }
  /** Items waiting now. */
  queueLengthOf(s: number): number {
    return this.w[s * 2 * BLOCK + QUEUE_LENGTH];
  }
  /** The longest the queue has been. */
  maxQueueOf(s: number): number {
    return this.maxQueue[s];
  }
  /** Items served (finished). */
  servedOf(s: number): number {
    return this.f[s * BLOCK + SERVED];
  }
  /** ∫ busy servers dt, up to lastChangeOf(s). */
  busyAreaOf(s: number): number {
    return this.f[s * BLOCK + BUSY_AREA];
  }
  /** ∫ (busy + queued) dt, up to lastChangeOf(s). */
  inSystemAreaOf(s: number): number {
    return this.f[s * BLOCK + IN_SYSTEM_AREA];
  }
  lastChangeOf(s: number): number {
    return this.f[s * BLOCK + LAST_CHANGE];
  }

  /** Accumulates the integrals up to `now`; the station calls it before each change. */
  advance(s: number, now: number): void {
    this.advanceAt(s * BLOCK, now);
  }

  /** advance() by block base. */
  private advanceAt(r: number, now: number): void {
    const f = this.f;
    const dt = now - f[r + LAST_CHANGE];
    if (dt > 0) {
      const busy = this.w[2 * r + BUSY];
      f[r + BUSY_AREA] += busy * dt;
      f[r + IN_SYSTEM_AREA] += (busy + this.w[2 * r + QUEUE_LENGTH]) * dt;
      f[r + LAST_CHANGE] = now;
    }
  }

  /** An item arrives: it starts on a free server, waits at the back of the queue, or is rejected. */
  arrive(s: number, item: number, now: number): Admission {
    if (!(item < this.itemCapacity && item >= 0)) this.makeRoomFor(item);
    if (this.items[item * ITEM_WORDS + WHERE] !== -1) this.misuse('arrive', item, s);
    const r = s * BLOCK;
    const w = this.w;
    const busy = w[2 * r + BUSY];
    if (busy < w[2 * r + SERVERS]) {
      this.advanceAt(r, now);
      w[2 * r + BUSY] = busy + 1;
      const place = w[2 * r + FREE];
      w[2 * r + FREE] = -2 - this.placeGet(2 * r, place);
      this.startService(r, s, item, place);
      return STARTED;
    }
    if (w[2 * r + QUEUE_LENGTH] < this.queueLimit[s]) {
      this.advanceAt(r, now);
      this.enqueue(r, s, item);
      return QUEUED;
    }
    return REJECTED;
  }

  /**
   * The item in service finishes (counted as served). Its server takes the head of the queue:
   * returns that item (now in service; the caller starts its service) or -1 if none waited.
   */
  finish(s: number, item: number, now: number): number {
    if (this.items[item * ITEM_WORDS + WHERE] !== 2 * s + 1) this.misuse('finish', item, s);
    const r = s * BLOCK;
    this.advanceAt(r, now);
    this.f[r + SERVED]++;
    return this.leaveService(r, s, item);
  }

  /**
   * The item leaves without being served (a timeout): out of the queue, or out of service, which
   * frees its server for the head of the queue. Returns the item that starts (-1 if none).
   */
  remove(s: number, item: number, now: number): number {
    const where = this.items[item * ITEM_WORDS + WHERE];
    const r = s * BLOCK;
    if (where === 2 * s) {
      this.advanceAt(r, now);
      this.unlink(item, s);
      this.items[item * ITEM_WORDS + WHERE] = -1;
      this.w[2 * r + QUEUE_LENGTH]--;
      return -1;
    }
    if (where !== 2 * s + 1) this.misuse('remove', item, s);
    this.advanceAt(r, now);
    return this.leaveService(r, s, item);
  }

  /**
   * Empties the station (it goes down): every item is taken out and passed to `onItem`, first
   * those waiting, in FIFO order, then those in service, in the order they started service (the
   * caller's results depend on this order: it is the order of their resets' events and draws).
   * The station is empty and every one of these items idle before the first call, so onItem may
   * send an item elsewhere (or back here: it arrives at the emptied station).
   */
  reset(s: number, now: number, onItem: ResetHandler): void {
    this.advance(s, now);
    const waiting = this.waitingItems(s);
    const serving = this.inServiceItems(s);
    const r = s * BLOCK;
    const w = this.w;
    this.queueHead[s] = this.queueTail[s] = -1;
    w[2 * r + QUEUE_LENGTH] = 0;
    w[2 * r + BUSY] = 0;
    this.freeAll(2 * r);
    for (const i of waiting) this.items[i * ITEM_WORDS + WHERE] = -1;
    for (const i of serving) this.items[i * ITEM_WORDS + WHERE] = -1;
    for (const i of waiting) onItem(i, false);
    for (const i of serving) onItem(i, true);
  }

  /** Where the item is (IDLE, WAITING or IN_SERVICE). */
  stateOf(item: number): ItemState {
    const w = item >= 0 && item < this.itemCapacity ? this.items[item * ITEM_WORDS + WHERE] : -1;
    return w < 0 ? IDLE : (w & 1) === 1 ? IN_SERVICE : WAITING;
  }

  /** The station holding the item, or -1. */
  stationOf(item: number): number {
    const w = item >= 0 && item < this.itemCapacity ? this.items[item * ITEM_WORDS + WHERE] : -1;
    return w < 0 ? -1 : w >> 1;
  }

  /** Items waiting at the station, in FIFO order (for tests and reports; allocates). */
  waitingItems(s: number): number[] {
    const out: number[] = [];
    for (let i = this.queueHead[s]; i >= 0; i = this.items[i * ITEM_WORDS + NEXT]) out.push(i);
    return out;
  }

  /** Items in service at the station, in the order they started (for tests and reports; allocates). */
  inServiceItems(s: number): number[] {
    const wr = s * 2 * BLOCK;
    const out: number[] = [];
    for (let p = 0; p < this.w[wr + SERVERS]; p++) if (this.placeGet(wr, p) >= 0) out.push(this.placeGet(wr, p));
    return out.sort((a, b) => this.itemStart[a * ITEM_DOUBLES + START] - this.itemStart[b * ITEM_DOUBLES + START]);
  }

  /** Its server goes to the head of the queue (in its place), or becomes idle (its place goes back to the free list). */
  private leaveService(r: number, s: number, item: number): number {
    const items = this.items;
    const place = items[item * ITEM_WORDS + PLACE];
    items[item * ITEM_WORDS + WHERE] = -1;
    const w = this.w;
    if (w[2 * r + QUEUE_LENGTH] > 0) {
      const head = this.queueHead[s];
      this.unlink(head, s);
      w[2 * r + QUEUE_LENGTH]--;
      this.startService(r, s, head, place);
      return head;
    }
    w[2 * r + BUSY]--;
    this.placeSet(2 * r, place, -2 - w[2 * r + FREE]);
    w[2 * r + FREE] = place;
    return -1;
  }

  /** The word of place p of the station whose block starts at word wr (in the block, or in bigPlaces). */
  private placeGet(wr: number, p: number): number {
    return this.w[wr + SERVERS] <= INLINE_PLACES ? this.w[wr + PLACES + p] : this.bigPlaces[this.w[wr + PLACES] + p];
  }

  private placeSet(wr: number, p: number, value: number): void {
    if (this.w[wr + SERVERS] <= INLINE_PLACES) this.w[wr + PLACES + p] = value;
    else this.bigPlaces[this.w[wr + PLACES] + p] = value;
  }

  private startService(r: number, s: number, item: number, place: number): void {
    this.placeSet(2 * r, place, item);
    this.itemStart[item * ITEM_DOUBLES + START] = this.starts++;
    const i = item * ITEM_WORDS;
    this.items[i + PLACE] = place;
    this.items[i + WHERE] = 2 * s + 1;
  }

  private enqueue(r: number, s: number, item: number): void {
    const items = this.items;
    const t = this.queueTail[s];
    items[item * ITEM_WORDS + NEXT] = -1;
    items[item * ITEM_WORDS + PREV] = t;
    if (t < 0) this.queueHead[s] = item;
    else items[t * ITEM_WORDS + NEXT] = item;
    this.queueTail[s] = item;
    items[item * ITEM_WORDS + WHERE] = 2 * s;
    const q = ++this.w[2 * r + QUEUE_LENGTH];
    if (q > this.maxQueue[s]) this.maxQueue[s] = q;
  }

  private unlink(item: number, s: number): void {
    const items = this.items;
    const p = items[item * ITEM_WORDS + PREV];
    const n = items[item * ITEM_WORDS + NEXT];
    if (p < 0) this.queueHead[s] = n;
    else items[p * ITEM_WORDS + NEXT] = n;
    if (n < 0) this.queueTail[s] = p;
    else items[n * ITEM_WORDS + PREV] = p;
  }

  /** Every place of the station whose block starts at word wr free, listed 0, 1, ..., servers - 1. */
  private freeAll(wr: number): void {
    const servers = this.w[wr + SERVERS];
    for (let p = 0; p < servers; p++) this.placeSet(wr, p, p + 1 < servers ? -2 - (p + 1) : -1);
    this.w[wr + FREE] = 0;
  }

  /** Cold path of arrive(): grows the item arrays, or refuses an id that is not an item. */
  private makeRoomFor(item: number): void {
    if (!(Number.isInteger(item) && item >= 0)) throw new Error(`Stations.arrive: item must be an integer >= 0 (got ${item})`);
    this.growItems(Math.max(item + 1, this.itemCapacity * 2));
  }

  /** Throws: the item is not where the operation needs it (an error in the caller's logic). */
  private misuse(op: string, item: number, s: number): never {
    const at = this.stationOf(item);
    const where = at < 0 ? 'at no station' : `${this.stateOf(item) === IN_SERVICE ? 'in service' : 'waiting'} at station ${at}`;
    const want = op === 'arrive' ? 'at no station' : op === 'finish' ? 'in service' : 'waiting or in service';
    throw new Error(`Stations.${op}: item ${item} is ${where}, not ${want}${op === 'arrive' ? '' : ` at station ${s}`}`);
  }

  /** Room for `cap` stations in the per-station arrays. */
  private growStations(cap: number): void {
    const old = this.stationCapacity;
    const grow = (a: Int32Array | undefined, fill: number): Int32Array => {
      const b = new Int32Array(cap).fill(fill, old);
      if (a) b.set(a);
      return b;
    };
    const w = new Int32Array(cap * 2 * BLOCK); // a byte-exact copy of the blocks through the int32 view
    if (this.w) w.set(this.w);
    this.w = w;
    this.f = new Float64Array(w.buffer);
    this.maxQueue = grow(this.maxQueue, 0);
    this.queueHead = grow(this.queueHead, -1);
    this.queueTail = grow(this.queueTail, -1);
    const limit = new Float64Array(cap);
    if (this.queueLimit) limit.set(this.queueLimit);
    this.queueLimit = limit;
    this.stationCapacity = cap;
  }

  private growItems(cap: number): void {
    const items = new Int32Array(cap * ITEM_WORDS);
    if (this.items) items.set(this.items);
    for (let i = this.itemCapacity; i < cap; i++) items[i * ITEM_WORDS + WHERE] = -1;
    this.items = items;
    this.itemStart = new Float64Array(items.buffer);
    this.itemCapacity = cap;
  }
}
