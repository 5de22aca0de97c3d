import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDLE, IN_SERVICE, QUEUED, REJECTED, STARTED, Stations, WAITING } from '../../src/engine/stations.js';

describe('Stations: examples', () => {
  // One station, 2 servers, queue limit 2; each row: operation, expected result, then the state.
  it.each([
    { ops: 'arrive 1', result: [STARTED], busy: 1, waiting: [], serving: [1] },
    { ops: 'arrive 1, arrive 2', result: [STARTED, STARTED], busy: 2, waiting: [], serving: [1, 2] },
    { ops: 'arrive 1, arrive 2, arrive 3', result: [STARTED, STARTED, QUEUED], busy: 2, waiting: [3], serving: [1, 2] },
    {
      ops: 'arrive 1, arrive 2, arrive 3, arrive 4, arrive 5',
      result: [STARTED, STARTED, QUEUED, QUEUED, REJECTED], // queue full at 2
      busy: 2,
      waiting: [3, 4],
      serving: [1, 2],
    },
    // finish 2: its server takes 3 (head of the queue); 3 is now in service after 1
    { ops: 'arrive 1, arrive 2, arrive 3, arrive 4, finish 2', result: [STARTED, STARTED, QUEUED, QUEUED, 3], busy: 2, waiting: [4], serving: [1, 3] },
    // finish with nobody waiting frees a server
    { ops: 'arrive 1, arrive 2, finish 1', result: [STARTED, STARTED, -1], busy: 1, waiting: [], serving: [2] },
    // remove a waiting item from the middle of the queue: nothing starts
    { ops: 'arrive 1, arrive 2, arrive 3, arrive 4, remove 3', result: [STARTED, STARTED, QUEUED, QUEUED, -1], busy: 2, waiting: [4], serving: [1, 2] },
    // remove an item in service: its server goes to the head of the queue, unserved
    { ops: 'arrive 1, arrive 2, arrive 3, remove 1', result: [STARTED, STARTED, QUEUED, 3], busy: 2, waiting: [], serving: [2, 3] },
    // a rejected item is not held: it can arrive again later
    { ops: 'arrive 1, arrive 2, arrive 3, arrive 4, arrive 5, finish 1, arrive 5', result: [STARTED, STARTED, QUEUED, QUEUED, REJECTED, 3, QUEUED], busy: 2, waiting: [4, 5], serving: [2, 3] },
  ])('$ops', ({ ops, result, busy, waiting, serving }) => {
    const st = new Stations(1, 1);
    const s = st.add(2, 2);
    const got = ops.split(', ').map((o) => {
      const [op, arg] = o.split(' ');
      const item = Number(arg);
      if (op === 'arrive') return st.arrive(s, item, 0);
      if (op === 'finish') return st.finish(s, item, 0);
      return st.remove(s, item, 0);
    });
    expect(got).toEqual(result);
    expect(st.busyOf(s)).toBe(busy);
    expect(st.queueLengthOf(s)).toBe(waiting.length);
    expect(st.waitingItems(s)).toEqual(waiting);
    expect(st.inServiceItems(s)).toEqual(serving);
    for (const i of waiting) expect(st.stateOf(i)).toBe(WAITING);
    for (const i of serving) expect(st.stateOf(i)).toBe(IN_SERVICE);
  });

  it('reset hands back the waiting items in FIFO order, then those in service in the order they started', () => {
    const st = new Stations();
    const s = st.add(3);
    for (const item of [10, 11, 12]) st.arrive(s, item, 0); // 10, 11, 12 in service
    st.finish(s, 10, 1); // 11 and 12 remain
    st.arrive(s, 13, 2); // takes the free server: in service after 11 and 12
    for (const item of [20, 21, 22]) st.arrive(s, item, 3); // waiting
    st.remove(s, 21, 4);
    const seen: string[] = [];
    st.reset(s, 5, (item, wasInService) => {
      expect(st.busyOf(s)).toBe(0); // already empty, every item idle
      expect(st.queueLengthOf(s)).toBe(0);
      expect(st.stateOf(item)).toBe(IDLE);
      seen.push(`${item}${wasInService ? ' in service' : ' waiting'}`);
    });
    expect(seen).toEqual(['20 waiting', '22 waiting', '11 in service', '12 in service', '13 in service']);
    expect(st.queueLengthOf(s)).toBe(0);
    expect(st.inServiceItems(s)).toEqual([]);
    for (const item of [10, 11, 12, 13, 20, 21, 22]) expect(st.stateOf(item)).toBe(IDLE);
    // the station works again after the reset
    expect(st.arrive(s, 20, 6)).toBe(STARTED);
  });

  it('statistics: served, ∫busy dt, ∫(busy+queued) dt, max queue (1 server)', () => {
    const st = new Stations();
    const s = st.add(1);
    st.arrive(s, 1, 0); // busy 1 from t=0
    st.arrive(s, 2, 2); // queued from t=2
    st.arrive(s, 3, 3); // queued from t=3 (max queue 2)
    expect(st.finish(s, 1, 4)).toBe(2); // busy stays 1, queue 1
    expect(st.finish(s, 2, 6)).toBe(3);
    expect(st.finish(s, 3, 7)).toBe(-1); // idle from 7
    st.advance(s, 10);
    expect(st.servedOf(s)).toBe(3);
    expect(st.busyAreaOf(s)).toBe(7); // busy on [0, 7]
    // in system: 1 on [0,2], 2 on [2,3], 3 on [3,4], 2 on [4,6], 1 on [6,7] = 2 + 2 + 3 + 4 + 1
    expect(st.inSystemAreaOf(s)).toBe(12);
    expect(st.maxQueueOf(s)).toBe(2);
    expect(st.lastChangeOf(s)).toBe(10);
  });

  it('a rejection does not advance the integrals (same floating-point steps as before)', () => {
    const st = new Stations();
    const s = st.add(1, 0);
    st.arrive(s, 1, 0);
    expect(st.arrive(s, 2, 0.1)).toBe(REJECTED);
    expect(st.lastChangeOf(s)).toBe(0);
    st.finish(s, 1, 0.3);
    expect(st.busyAreaOf(s)).toBe(0.3); // one step 0.3, not 0.1 + 0.2 (= 0.30000000000000004)
  });

  it('grows past its initial sizes (stations added later, large item ids)', () => {
    const st = new Stations(1, 1);
    const ids = Array.from({ length: 40 }, (_, i) => st.add(1 + (i % 3), i));
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(st.arrive(39, 100_000, 0)).toBe(STARTED);
    expect(st.serversOf(39)).toBe(1);
    expect(st.queueLimitOf(39)).toBe(39);
    expect(st.inServiceItems(39)).toEqual([100_000]);
    expect(st.inServiceItems(0)).toEqual([]);
  });

  it('refuses misuse: bad station parameters, an item twice, finishing an item not in service', () => {
    const st = new Stations();
    expect(() => st.add(0)).toThrow(/servers/);
    expect(() => st.add(1.5)).toThrow(/servers/);
    expect(() => st.add(1, -1)).toThrow(/queueLimit/);
    const a = st.add(1);
    const b = st.add(1);
    st.arrive(a, 1, 0);
    st.arrive(a, 2, 0);
    expect(() => st.arrive(b, 1, 0)).toThrow(/item 1 is in service at station 0, not at no station/);
    expect(() => st.arrive(a, -1, 0)).toThrow(/integer/);
    expect(() => st.finish(a, 2, 0)).toThrow(/item 2 is waiting at station 0, not in service at station 0/);
    expect(() => st.finish(b, 1, 0)).toThrow(/not in service at station 1/);
    expect(() => st.remove(a, 3, 0)).toThrow(/item 3 is at no station, not waiting or in service at station 0/);
  });
});

/**
 * Reference model: plain arrays, and the statistics arithmetic of the runner's EndpointState
 * (advance before each change, never on a rejection), so floats must match exactly.
 */
class Model {
  busy = 0;
  waiting: number[] = [];
  serving: number[] = [];
  served = 0;
  busyArea = 0;
  inSystemArea = 0;
  lastChange = 0;
  maxQueue = 0;
  constructor(readonly servers: number, readonly limit: number) {}
  advance(now: number) {
    const dt = now - this.lastChange;
    if (dt > 0) {
      this.busyArea += this.busy * dt;
      this.inSystemArea += (this.busy + this.waiting.length) * dt;
      this.lastChange = now;
    }
  }
  arrive(item: number, now: number) {
    if (this.busy < this.servers) {
      this.advance(now);
      this.busy++;
      this.serving.push(item);
      return STARTED;
    }
    if (this.waiting.length < this.limit) {
      this.advance(now);
      this.waiting.push(item);
      this.maxQueue = Math.max(this.maxQueue, this.waiting.length);
      return QUEUED;
    }
    return REJECTED;
  }
  leave(item: number, now: number, served: boolean) {
    this.advance(now);
    if (served) this.served++;
    const w = this.waiting.indexOf(item);
    if (w >= 0) {
      this.waiting.splice(w, 1);
      return -1;
    }
    this.serving.splice(this.serving.indexOf(item), 1);
    const next = this.waiting.shift();
    if (next === undefined) {
      this.busy--;
      return -1;
    }
    this.serving.push(next);
    return next;
  }
  reset(now: number) {
    this.advance(now);
    const out = [...this.waiting.map((i) => `${i}w`), ...this.serving.map((i) => `${i}s`)];
    this.waiting = [];
    this.serving = [];
    this.busy = 0;
    return out;
  }
}

type Op = { op: 'arrive' | 'finish' | 'remove' | 'reset' | 'wait'; s: number; pick: number; dt: number };

describe('Stations: property against a reference model', () => {
  const op = fc.record({
    op: fc.constantFrom('arrive', 'arrive', 'arrive', 'finish', 'finish', 'remove', 'reset', 'wait'),
    s: fc.nat({ max: 2 }),
    pick: fc.nat(),
    dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  });
  // Up to 3 servers, and 5 to 7 (more than a block holds: their places are kept apart).
  const stations = fc.array(fc.record({ servers: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 5, max: 7 })), limit: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 5 }), fc.constant(Infinity)) }), {
    minLength: 3,
    maxLength: 3,
  });

  it('any sequence of operations: same outcomes, FIFO order, start order, exact statistics; items conserved', () => {
    const outcomes = [0, 0, 0];
    let rejectedLater = 0;
    fc.assert(
      fc.property(stations, fc.array(op, { minLength: 20, maxLength: 300, size: 'max' }), (specs, script: Op[]) => {
        const st = new Stations(1, 4);
        const models = specs.map((p) => new Model(p.servers, p.limit));
        specs.forEach((p) => st.add(p.servers, p.limit));
        let now = 0;
        let nextItem = 0;
        const idle: number[] = [];
        for (const o of script) {
          now += o.dt;
          const m = models[o.s];
          if (o.op === 'arrive') {
            const item = idle.length > 0 && o.pick % 2 === 0 ? idle.splice(o.pick % idle.length, 1)[0] : nextItem++;
            const got = st.arrive(o.s, item, now);
            expect(got).toBe(m.arrive(item, now));
            outcomes[got]++;
            if (got === REJECTED && now > m.lastChange) rejectedLater++;
            if (got === REJECTED) idle.push(item);
          } else if (o.op === 'finish' || o.op === 'remove') {
            const pool = o.op === 'finish' ? m.serving : [...m.waiting, ...m.serving];
            if (pool.length === 0) continue;
            const item = pool[o.pick % pool.length];
            const got = o.op === 'finish' ? st.finish(o.s, item, now) : st.remove(o.s, item, now);
            expect(got).toBe(m.leave(item, now, o.op === 'finish'));
            idle.push(item);
          } else if (o.op === 'reset') {
            const seen: string[] = [];
            st.reset(o.s, now, (item, inService) => {
              seen.push(`${item}${inService ? 's' : 'w'}`);
              idle.push(item);
            });
            expect(seen).toEqual(m.reset(now));
          }
          // the station touched: the same lists, counts and statistics as the model, bit for bit
          const ms = models[o.s];
          const got = [st.waitingItems(o.s), st.inServiceItems(o.s), st.busyOf(o.s), st.queueLengthOf(o.s), st.servedOf(o.s), st.busyAreaOf(o.s), st.inSystemAreaOf(o.s), st.lastChangeOf(o.s), st.maxQueueOf(o.s)];
          const want = [ms.waiting, ms.serving, ms.busy, ms.waiting.length, ms.served, ms.busyArea, ms.inSystemArea, ms.lastChange, ms.maxQueue];
          expect(got).toEqual(want);
          expect(ms.busy <= specs[o.s].servers && ms.waiting.length <= specs[o.s].limit).toBe(true);
        }
        // conservation: every item ever seen is idle or held by exactly one station
        const held = models.flatMap((x) => [...x.waiting, ...x.serving]);
        expect(new Set(held).size).toBe(held.length);
        expect(held.length + idle.length).toBe(nextItem);
        for (const i of idle) expect(st.stateOf(i)).toBe(IDLE);
        for (const i of held) expect(st.stateOf(i)).not.toBe(IDLE);
      }),
      { seed: 7, numRuns: 200 },
    );
    // the scripts did reach every outcome, rejections with time passing included
    expect(outcomes, `STARTED, QUEUED, REJECTED ${outcomes}, rejected later ${rejectedLater}`).toSatisfy((o: number[]) => o.every((n) => n > 100));
    expect(rejectedLater).toBeGreaterThan(100);
  });
});
