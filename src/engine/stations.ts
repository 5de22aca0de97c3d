/**
 * Stations: queueing stations (SimPy's Resource), many at once as a struct of typed arrays.
 *
 * A station has `servers` (how many items it serves at once), a FIFO queue with a limit (Infinity:
 * unlimited) and the statistics for utilisation and Little's law: items served, ∫ busy dt and
 * ∫ (busy + queued) dt. Items are non-negative integer ids chosen by the caller (request slots).
 * The station links waiting items into its FIFO queue (doubly linked through per-item arrays, so a
 * timed-out item leaves from the middle in O(1)) and keeps the items in service in a block of
 * `servers` places per station (swap-remove, O(1)), so a reset never scans every item.
 *
 * Mechanism only: the station says what starts, waits or is turned away; the caller draws service
 * times and schedules events. Arrays grow when stations are added or a larger item id arrives;
 * read them through the object (`st.busy[s]`), never keep an array across add() or arrive().
 *
 * The integrals are advanced before each change of busy or queue length, never on a rejection,
 * with the same floating-point operations in the same order as the runner's EndpointState did
 * (see advance), so summaries are byte-identical.
 */
import { grown } from './typed-arrays.js';

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

export class Stations {
  /** Number of stations (ids 0..count-1). */
  count = 0;
  servers!: Int32Array;
  queueLimit!: Float64Array;
  busy!: Int32Array;
  queueLength!: Int32Array;
  maxQueue!: Int32Array;
  served!: Float64Array;
  /** ∫ busy servers dt, up to lastChange. */
  busyArea!: Float64Array;
  /** ∫ (busy + queued) dt, up to lastChange. */
  inSystemArea!: Float64Array;
  lastChange!: Float64Array;
  private queueHead!: Int32Array;
  private queueTail!: Int32Array;
  /** Start of each station's block of places in `serving` (its `servers` places). */
  private servingBase!: Int32Array;
  /** Items in service: station s's are serving[servingBase[s] .. servingBase[s] + busy[s]), unordered. */
  private serving = new Int32Array(64);
  private servingUsed = 0;
  private capacity = 0;

  /** Per item: links in its station's queue. */
  private next!: Int32Array;
  private prev!: Int32Array;
  /** Per item in service: its place in `serving`, and when it started (a counter: the reset order). */
  private place!: Int32Array;
  private startedAt!: Float64Array;
  private starts = 0;
  /** Per item: -1 at no station, 2s waiting at station s, 2s + 1 in service at station s (one read checks both). */
  private where!: Int32Array;
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
    this.servers[s] = servers;
    this.queueLimit[s] = queueLimit;
    this.servingBase[s] = this.servingUsed;
    this.servingUsed += servers;
    if (this.servingUsed > this.serving.length) this.serving = grown(this.serving, Math.max(this.servingUsed, 2 * this.serving.length), Int32Array);
    return s;
  }

  /** Accumulates the integrals up to `now`; the station calls it before each change. */
  advance(s: number, now: number): void {
    const dt = now - this.lastChange[s];
    if (dt > 0) {
      this.busyArea[s] += this.busy[s] * dt;
      this.inSystemArea[s] += (this.busy[s] + this.queueLength[s]) * dt;
      this.lastChange[s] = now;
    }
  }

  /** An item arrives: it starts on a free server, waits at the back of the queue, or is rejected. */
  arrive(s: number, item: number, now: number): Admission {
    if (!(item < this.itemCapacity && item >= 0)) this.makeRoomFor(item);
    if (this.where[item] !== -1) this.misuse('arrive', item, s);
    if (this.busy[s] < this.servers[s]) {
      this.advance(s, now);
      const place = this.servingBase[s] + this.busy[s]++;
      this.startService(s, item, place);
      return STARTED;
    }
    if (this.queueLength[s] < this.queueLimit[s]) {
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
    if (this.where[item] !== 2 * s + 1) this.misuse('finish', item, s);
    this.advance(s, now);
    this.served[s]++;
    return this.leaveService(s, item);
  }

  /**
   * The item leaves without being served (a timeout): out of the queue, or out of service, which
   * frees its server for the head of the queue. Returns the item that starts (-1 if none).
   */
  remove(s: number, item: number, now: number): number {
    const w = this.where[item];
    if (w === 2 * s) {
      this.advance(s, now);
      this.unlink(item, this.queueHead, this.queueTail, s);
      this.where[item] = -1;
      this.queueLength[s]--;
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
    this.queueLength[s] = 0;
    this.busy[s] = 0;
    for (const i of waiting) this.where[i] = -1;
    for (const i of serving) this.where[i] = -1;
    for (const i of waiting) onItem(i, false);
    for (const i of serving) onItem(i, true);
  }

  /** Where the item is (IDLE, WAITING or IN_SERVICE). */
  stateOf(item: number): ItemState {
    const w = item >= 0 && item < this.itemCapacity ? this.where[item] : -1;
    return w < 0 ? IDLE : (w & 1) === 1 ? IN_SERVICE : WAITING;
  }

  /** The station holding the item, or -1. */
  stationOf(item: number): number {
    const w = item >= 0 && item < this.itemCapacity ? this.where[item] : -1;
    return w < 0 ? -1 : w >> 1;
  }

  /** Items waiting at the station, in FIFO order (for tests and reports; allocates). */
  waitingItems(s: number): number[] {
    return this.queueList(this.queueHead[s]);
  }

  /** Items in service at the station, in the order they started (for tests and reports; allocates). */
  inServiceItems(s: number): number[] {
    const base = this.servingBase[s];
    const items = Array.from(this.serving.subarray(base, base + this.busy[s]));
    return items.sort((a, b) => this.startedAt[a] - this.startedAt[b]);
  }

  /** Its server goes to the head of the queue (in its place), or becomes idle (the last place moves into it). */
  private leaveService(s: number, item: number): number {
    const place = this.place[item];
    this.where[item] = -1;
    const head = this.queueHead[s];
    if (head >= 0) {
      this.unlink(head, this.queueHead, this.queueTail, s);
      this.queueLength[s]--;
      this.startService(s, head, place);
    } else {
      const last = this.servingBase[s] + --this.busy[s];
      const moved = this.serving[last];
      this.serving[place] = moved;
      this.place[moved] = place;
    }
    return head;
  }

  private startService(s: number, item: number, place: number): void {
    this.serving[place] = item;
    this.place[item] = place;
    this.startedAt[item] = this.starts++;
    this.where[item] = 2 * s + 1;
  }

  private enqueue(s: number, item: number): void {
    this.append(item, this.queueHead, this.queueTail, s);
    this.where[item] = 2 * s;
    const q = ++this.queueLength[s];
    if (q > this.maxQueue[s]) this.maxQueue[s] = q;
  }

  private append(item: number, head: Int32Array, tail: Int32Array, s: number): void {
    const t = tail[s];
    this.next[item] = -1;
    this.prev[item] = t;
    if (t < 0) head[s] = item;
    else this.next[t] = item;
    tail[s] = item;
  }

  private unlink(item: number, head: Int32Array, tail: Int32Array, s: number): void {
    const p = this.prev[item];
    const n = this.next[item];
    if (p < 0) head[s] = n;
    else this.next[p] = n;
    if (n < 0) tail[s] = p;
    else this.prev[n] = p;
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

  private queueList(head: number): number[] {
    const out: number[] = [];
    for (let i = head; i >= 0; i = this.next[i]) out.push(i);
    return out;
  }

  private growStations(cap: number): void {
    const old = this.capacity;
    this.servers = grown(this.servers, cap, Int32Array);
    this.queueLimit = grown(this.queueLimit, cap, Float64Array);
    this.busy = grown(this.busy, cap, Int32Array);
    this.queueLength = grown(this.queueLength, cap, Int32Array);
    this.maxQueue = grown(this.maxQueue, cap, Int32Array);
    this.served = grown(this.served, cap, Float64Array);
    this.busyArea = grown(this.busyArea, cap, Float64Array);
    this.inSystemArea = grown(this.inSystemArea, cap, Float64Array);
    this.lastChange = grown(this.lastChange, cap, Float64Array);
    this.queueHead = grown(this.queueHead, cap, Int32Array);
    this.queueTail = grown(this.queueTail, cap, Int32Array);
    this.servingBase = grown(this.servingBase, cap, Int32Array);
    this.queueHead.fill(-1, old);
    this.queueTail.fill(-1, old);
    this.capacity = cap;
  }

  private growItems(cap: number): void {
    this.next = grown(this.next, cap, Int32Array);
    this.prev = grown(this.prev, cap, Int32Array);
    this.place = grown(this.place, cap, Int32Array);
    this.startedAt = grown(this.startedAt, cap, Float64Array);
    this.where = grown(this.where, cap, Int32Array).fill(-1, this.itemCapacity);
    this.itemCapacity = cap;
  }
}
