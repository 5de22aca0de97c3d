/**
 * Stations: queueing stations (SimPy's Resource), many at once as a struct of typed arrays.
 *
 * A station has `servers` (how many items it serves at once), a FIFO queue with a limit (Infinity:
 * unlimited) and the statistics for utilisation and Little's law: items served, ∫ busy dt and
 * ∫ (busy + queued) dt. Items are non-negative integer ids chosen by the caller (request slots);
 * the station links them into its queue and into its set of items in service (both doubly linked
 * through per-item arrays, so leaving either is O(1) and a reset never scans every item).
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
  private serviceHead!: Int32Array;
  private serviceTail!: Int32Array;
  private capacity = 0;

  /** Per item: links in its station's queue or service list, its state and its station. */
  private next!: Int32Array;
  private prev!: Int32Array;
  private state!: Uint8Array;
  private at!: Int32Array;
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
    if (!(item < this.itemCapacity && item >= 0)) {
      if (!(Number.isInteger(item) && item >= 0)) throw new Error(`Stations.arrive: item must be an integer >= 0 (got ${item})`);
      this.growItems(Math.max(item + 1, this.itemCapacity * 2));
    }
    if (this.state[item] !== IDLE) throw new Error(`Stations.arrive: item ${item} is already at station ${this.at[item]}`);
    if (this.busy[s] < this.servers[s]) {
      this.advance(s, now);
      this.busy[s]++;
      this.startService(s, item);
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
    this.check(s, item, IN_SERVICE, 'finish');
    this.advance(s, now);
    this.served[s]++;
    return this.leaveService(s, item);
  }

  /**
   * The item leaves without being served (a timeout): out of the queue, or out of service, which
   * frees its server for the head of the queue. Returns the item that starts (-1 if none).
   */
  remove(s: number, item: number, now: number): number {
    if (this.state[item] === WAITING && this.at[item] === s) {
      this.advance(s, now);
      this.unlink(item, this.queueHead, this.queueTail, s);
      this.state[item] = IDLE;
      this.queueLength[s]--;
      return -1;
    }
    this.check(s, item, IN_SERVICE, 'remove');
    this.advance(s, now);
    return this.leaveService(s, item);
  }

  /**
   * Empties the station (it goes down): every item is taken out and passed to `onItem`, first
   * those waiting, in FIFO order, then those in service, in the order they started service. The
   * station is already empty when onItem is called; onItem must not add items to this station.
   */
  reset(s: number, now: number, onItem: ResetHandler): void {
    this.advance(s, now);
    const waiting = this.queueHead[s];
    const serving = this.serviceHead[s];
    this.queueHead[s] = this.queueTail[s] = this.serviceHead[s] = this.serviceTail[s] = -1;
    this.queueLength[s] = 0;
    this.busy[s] = 0;
    for (let i = waiting; i >= 0; ) {
      const n = this.next[i];
      this.state[i] = IDLE;
      onItem(i, false);
      i = n;
    }
    for (let i = serving; i >= 0; ) {
      const n = this.next[i];
      this.state[i] = IDLE;
      onItem(i, true);
      i = n;
    }
  }

  /** Where the item is (IDLE, WAITING or IN_SERVICE). */
  stateOf(item: number): ItemState {
    return (item < this.itemCapacity ? this.state[item] : IDLE) as ItemState;
  }

  /** The station holding the item (meaningful unless stateOf(item) is IDLE). */
  stationOf(item: number): number {
    return this.at[item];
  }

  /** Items waiting at the station, in FIFO order (for tests and reports; allocates). */
  waitingItems(s: number): number[] {
    return this.list(this.queueHead[s]);
  }

  /** Items in service at the station, in the order they started (for tests and reports; allocates). */
  inServiceItems(s: number): number[] {
    return this.list(this.serviceHead[s]);
  }

  /** Its server goes to the head of the queue, or becomes idle. */
  private leaveService(s: number, item: number): number {
    this.unlink(item, this.serviceHead, this.serviceTail, s);
    this.state[item] = IDLE;
    const head = this.queueHead[s];
    if (head >= 0) {
      this.unlink(head, this.queueHead, this.queueTail, s);
      this.queueLength[s]--;
      this.startService(s, head);
    } else {
      this.busy[s]--;
    }
    return head;
  }

  private startService(s: number, item: number): void {
    this.append(item, this.serviceHead, this.serviceTail, s);
    this.state[item] = IN_SERVICE;
    this.at[item] = s;
  }

  private enqueue(s: number, item: number): void {
    this.append(item, this.queueHead, this.queueTail, s);
    this.state[item] = WAITING;
    this.at[item] = s;
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

  private check(s: number, item: number, want: ItemState, op: string): void {
    if (item >= this.itemCapacity || this.state[item] !== want || this.at[item] !== s) {
      throw new Error(`Stations.${op}: item ${item} is not ${want === IN_SERVICE ? 'in service' : 'waiting'} at station ${s}`);
    }
  }

  private list(head: number): number[] {
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
    this.serviceHead = grown(this.serviceHead, cap, Int32Array);
    this.serviceTail = grown(this.serviceTail, cap, Int32Array);
    for (const a of [this.queueHead, this.queueTail, this.serviceHead, this.serviceTail]) a.fill(-1, old);
    this.capacity = cap;
  }

  private growItems(cap: number): void {
    this.next = grown(this.next, cap, Int32Array);
    this.prev = grown(this.prev, cap, Int32Array);
    this.state = grown(this.state, cap, Uint8Array);
    this.at = grown(this.at, cap, Int32Array);
    this.itemCapacity = cap;
  }
}
