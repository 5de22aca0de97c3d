/**
 * Stations: queueing stations (SimPy's Resource), many at once in typed arrays.
 *
 * A station has `servers` (how many items it serves at once), a FIFO queue with a limit (Infinity:
 * unlimited) and the statistics for utilisation and Little's law: items served, ∫ busy dt and
 * ∫ (busy + queued) dt. Items are non-negative integer ids chosen by the caller (request slots).
 * The station links waiting items into its FIFO queue (doubly linked through per-item records, so
 * a timed-out item leaves from the middle in O(1)) and keeps the items in service in a block of
 * `servers` places per station (swap-remove, O(1)), so a reset never scans every item.
 *
 * Layout: what an arrival or a departure reads and writes of a station is one record of
 * STATION_FIELDS doubles (one cache line), an item's place is one record of ITEM_FIELDS integers,
 * and a place in service holds its item and start order side by side: with tens of thousands of
 * stations and of items, a struct of one array per field cost a cache miss per field.
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

// A station's record (doubles; integers are exact in them).
const BUSY = 0;
const SERVERS = 1;
const QUEUE_LENGTH = 2;
/** Time the integrals were last advanced to. */
const LAST_CHANGE = 3;
/** ∫ busy servers dt, up to LAST_CHANGE. */
const BUSY_AREA = 4;
/** ∫ (busy + queued) dt, up to LAST_CHANGE. */
const IN_SYSTEM_AREA = 5;
const SERVED = 6;
/** Start of the station's block of places in `serving` (its `servers` places). */
const SERVING_BASE = 7;
const STATION_FIELDS = 8;

// An item's record.
/** -1 at no station, 2s waiting at station s, 2s + 1 in service at station s (one read checks both). */
const WHERE = 0;
/** Its place in `serving` while in service. */
const PLACE = 1;
/** Links in its station's queue while waiting. */
const NEXT = 2;
const PREV = 3;
const ITEM_FIELDS = 4;

export class Stations {
  /** Number of stations (ids 0..count-1). */
  count = 0;
  private rec!: Float64Array;
  private queueLimit!: Float64Array;
  private maxQueue!: Int32Array;
  private queueHead!: Int32Array;
  private queueTail!: Int32Array;
  /** Places in service, two doubles each: the item, and when it started (a counter: the reset order). Station s's places are servingBase(s) .. + busy(s), unordered. */
  private serving = new Float64Array(128);
  private servingUsed = 0;
  private capacity = 0;
  private starts = 0;
  private items!: Int32Array;
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
    if (this.count === this.capacity) this.growStations(this.capacity * 2);
    const s = this.count++;
    this.rec[s * STATION_FIELDS + SERVERS] = servers;
    this.rec[s * STATION_FIELDS + SERVING_BASE] = this.servingUsed;
    this.queueLimit[s] = queueLimit;
    this.servingUsed += servers;
    if (2 * this.servingUsed > this.serving.length) {
      const grown = new Float64Array(Math.max(2 * this.servingUsed, 2 * this.serving.length));
      grown.set(this.serving);
      this.serving = grown;
    }
    return s;
  }

  /** Servers of station s. */
  serversOf(s: number): number {
    return this.rec[s * STATION_FIELDS + SERVERS];
  }
  queueLimitOf(s: number): number {
    return this.queueLimit[s];
  }
  /** Items in service now. */
  busyOf(s: number): number {
    return this.rec[s * STATION_FIELDS + BUSY];
  }
  /** Items waiting now. */
  queueLengthOf(s: number): number {
    return this.rec[s * STATION_FIELDS + QUEUE_LENGTH];
  }
  /** The longest the queue has been. */
  maxQueueOf(s: number): number {
    return this.maxQueue[s];
  }
  /** Items served (finished). */
  servedOf(s: number): number {
    return this.rec[s * STATION_FIELDS + SERVED];
  }
  /** ∫ busy servers dt, up to lastChangeOf(s). */
  busyAreaOf(s: number): number {
    return this.rec[s * STATION_FIELDS + BUSY_AREA];
  }
  /** ∫ (busy + queued) dt, up to lastChangeOf(s). */
  inSystemAreaOf(s: number): number {
    return this.rec[s * STATION_FIELDS + IN_SYSTEM_AREA];
  }
  lastChangeOf(s: number): number {
    return this.rec[s * STATION_FIELDS + LAST_CHANGE];
  }

  /** Accumulates the integrals up to `now`; the station calls it before each change. */
  advance(s: number, now: number): void {
    const rec = this.rec;
    const r = s * STATION_FIELDS;
    const dt = now - rec[r + LAST_CHANGE];
    if (dt > 0) {
      const busy = rec[r + BUSY];
      rec[r + BUSY_AREA] += busy * dt;
      rec[r + IN_SYSTEM_AREA] += (busy + rec[r + QUEUE_LENGTH]) * dt;
      rec[r + LAST_CHANGE] = now;
    }
  }

  /** An item arrives: it starts on a free server, waits at the back of the queue, or is rejected. */
  arrive(s: number, item: number, now: number): Admission {
    if (!(item < this.itemCapacity && item >= 0)) this.makeRoomFor(item);
    if (this.items[item * ITEM_FIELDS + WHERE] !== -1) this.misuse('arrive', item, s);
    const rec = this.rec;
    const r = s * STATION_FIELDS;
    const busy = rec[r + BUSY];
    if (busy < rec[r + SERVERS]) {
      this.advance(s, now);
      rec[r + BUSY] = busy + 1;
      this.startService(s, item, rec[r + SERVING_BASE] + busy);
      return STARTED;
    }
    if (rec[r + QUEUE_LENGTH] < this.queueLimit[s]) {
      this.advance(s, now);
      this.enqueue(s, item);
      return QUEUED;
    }
    return REJECTED;
  }

  /**
   * The item in service finishes (counted as served). Its server takes the head of the queue:
   * returns that item (now in service; the caller starts its service) or -1 if none waited.
   */
  finish(s: number, item: number, now: number): number {
    if (this.items[item * ITEM_FIELDS + WHERE] !== 2 * s + 1) this.misuse('finish', item, s);
    this.advance(s, now);
    this.rec[s * STATION_FIELDS + SERVED]++;
    return this.leaveService(s, item);
  }

  /**
   * The item leaves without being served (a timeout): out of the queue, or out of service, which
   * frees its server for the head of the queue. Returns the item that starts (-1 if none).
   */
  remove(s: number, item: number, now: number): number {
    const w = this.items[item * ITEM_FIELDS + WHERE];
    if (w === 2 * s) {
      this.advance(s, now);
      this.unlink(item, s);
      this.items[item * ITEM_FIELDS + WHERE] = -1;
      this.rec[s * STATION_FIELDS + QUEUE_LENGTH]--;
      return -1;
    }
    if (w !== 2 * s + 1) this.misuse('remove', item, s);
    this.advance(s, now);
    return this.leaveService(s, item);
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
    this.queueHead[s] = this.queueTail[s] = -1;
    this.rec[s * STATION_FIELDS + QUEUE_LENGTH] = 0;
    this.rec[s * STATION_FIELDS + BUSY] = 0;
    for (const i of waiting) this.items[i * ITEM_FIELDS + WHERE] = -1;
    for (const i of serving) this.items[i * ITEM_FIELDS + WHERE] = -1;
    for (const i of waiting) onItem(i, false);
    for (const i of serving) onItem(i, true);
  }

  /** Where the item is (IDLE, WAITING or IN_SERVICE). */
  stateOf(item: number): ItemState {
    const w = item >= 0 && item < this.itemCapacity ? this.items[item * ITEM_FIELDS + WHERE] : -1;
    return w < 0 ? IDLE : (w & 1) === 1 ? IN_SERVICE : WAITING;
  }

  /** The station holding the item, or -1. */
  stationOf(item: number): number {
    const w = item >= 0 && item < this.itemCapacity ? this.items[item * ITEM_FIELDS + WHERE] : -1;
    return w < 0 ? -1 : w >> 1;
  }

  /** Items waiting at the station, in FIFO order (for tests and reports; allocates). */
  waitingItems(s: number): number[] {
    const out: number[] = [];
    for (let i = this.queueHead[s]; i >= 0; i = this.items[i * ITEM_FIELDS + NEXT]) out.push(i);
    return out;
  }

  /** Items in service at the station, in the order they started (for tests and reports; allocates). */
  inServiceItems(s: number): number[] {
    const base = this.rec[s * STATION_FIELDS + SERVING_BASE];
    const busy = this.rec[s * STATION_FIELDS + BUSY];
    const places = Array.from({ length: busy }, (_, i) => base + i);
    places.sort((a, b) => this.serving[2 * a + 1] - this.serving[2 * b + 1]);
    return places.map((p) => this.serving[2 * p]);
  }

  /** Its server goes to the head of the queue (in its place), or becomes idle (the last place moves into it). */
  private leaveService(s: number, item: number): number {
    const items = this.items;
    const place = items[item * ITEM_FIELDS + PLACE];
    items[item * ITEM_FIELDS + WHERE] = -1;
    const rec = this.rec;
    const r = s * STATION_FIELDS;
    if (rec[r + QUEUE_LENGTH] > 0) {
      const head = this.queueHead[s];
      this.unlink(head, s);
      rec[r + QUEUE_LENGTH]--;
      this.startService(s, head, place);
      return head;
    }
    const busy = rec[r + BUSY] - 1;
    rec[r + BUSY] = busy;
    const last = rec[r + SERVING_BASE] + busy;
    const serving = this.serving;
    const moved = serving[2 * last];
    serving[2 * place] = moved;
    serving[2 * place + 1] = serving[2 * last + 1];
    items[moved * ITEM_FIELDS + PLACE] = place;
    return -1;
  }

  private startService(s: number, item: number, place: number): void {
    this.serving[2 * place] = item;
    this.serving[2 * place + 1] = this.starts++;
    const r = item * ITEM_FIELDS;
    this.items[r + PLACE] = place;
    this.items[r + WHERE] = 2 * s + 1;
  }

  private enqueue(s: number, item: number): void {
    const items = this.items;
    const t = this.queueTail[s];
    items[item * ITEM_FIELDS + NEXT] = -1;
    items[item * ITEM_FIELDS + PREV] = t;
    if (t < 0) this.queueHead[s] = item;
    else items[t * ITEM_FIELDS + NEXT] = item;
    this.queueTail[s] = item;
    items[item * ITEM_FIELDS + WHERE] = 2 * s;
    const q = ++this.rec[s * STATION_FIELDS + QUEUE_LENGTH];
    if (q > this.maxQueue[s]) this.maxQueue[s] = q;
  }

  private unlink(item: number, s: number): void {
    const items = this.items;
    const p = items[item * ITEM_FIELDS + PREV];
    const n = items[item * ITEM_FIELDS + NEXT];
    if (p < 0) this.queueHead[s] = n;
    else items[p * ITEM_FIELDS + NEXT] = n;
    if (n < 0) this.queueTail[s] = p;
    else items[n * ITEM_FIELDS + PREV] = p;
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

  private growStations(cap: number): void {
    const old = this.capacity;
    const rec = new Float64Array(cap * STATION_FIELDS);
    if (this.rec) rec.set(this.rec);
    this.rec = rec;
    const limit = new Float64Array(cap);
    if (this.queueLimit) limit.set(this.queueLimit);
    this.queueLimit = limit;
    const grow = (a: Int32Array | undefined, fill: number): Int32Array => {
      const b = new Int32Array(cap).fill(fill, old);
      if (a) b.set(a);
      return b;
    };
    this.maxQueue = grow(this.maxQueue, 0);
    this.queueHead = grow(this.queueHead, -1);
    this.queueTail = grow(this.queueTail, -1);
    this.capacity = cap;
  }

  private growItems(cap: number): void {
    const items = new Int32Array(cap * ITEM_FIELDS);
    if (this.items) items.set(this.items);
    for (let i = this.itemCapacity; i < cap; i++) items[i * ITEM_FIELDS + WHERE] = -1;
    this.items = items;
    this.itemCapacity = cap;
  }
}
