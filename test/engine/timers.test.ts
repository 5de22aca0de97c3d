import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/event-queue.js';
import { NO_TIMER, Simulation } from '../../src/engine/simulation.js';

describe('EventQueue cancellation', () => {
  it('a cancelled event is never popped; cancel says whether it was pending', () => {
    const q = new EventQueue();
    const h1 = q.handleOf(q.push(1, 0, 1, 0));
    const h2 = q.handleOf(q.push(2, 0, 2, 0));
    q.push(3, 0, 3, 0);
    expect(q.cancel(h2)).toBe(true);
    expect(q.cancel(h2)).toBe(false); // already cancelled
    expect(q.length).toBe(2);
    const out: number[] = [];
    while (q.pop()) out.push(q.poppedA);
    expect(out).toEqual([1, 3]);
    expect(q.cancel(h1)).toBe(false); // already popped
    expect(q.cancel(NO_TIMER)).toBe(false);
  });

  it('cancelling the earliest event: peekTime and pop see the next live one', () => {
    const q = new EventQueue();
    const h = q.handleOf(q.push(1, 0, 1, 0));
    q.push(5, 0, 5, 0);
    q.cancel(h);
    expect(q.peekTime()).toBe(5);
    expect(q.pop()).toBe(true);
    expect(q.poppedA).toBe(5);
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('a stale handle does not touch the next event in the same slot', () => {
    const q = new EventQueue(16);
    const slot = q.push(1, 0, 1, 0);
    const h = q.handleOf(slot);
    q.pop();
    const again = q.push(2, 0, 2, 0);
    expect(again).toBe(slot); // the free list hands the slot straight back
    expect(q.handleOf(again)).not.toBe(h);
    expect(q.isPending(h)).toBe(false);
    expect(q.cancel(h)).toBe(false);
    expect(q.pop()).toBe(true);
    expect(q.poppedA).toBe(2);
  });

  it('events at +Infinity keep their order (the heap sentinel is +Infinity too)', () => {
    const q = new EventQueue(16);
    for (let i = 0; i < 9; i++) q.push(i % 3 === 0 ? 1 : Infinity, 0, i, 0);
    const out: number[] = [];
    while (q.pop()) out.push(q.poppedA);
    expect(out).toEqual([0, 3, 6, 1, 2, 4, 5, 7, 8]);
  });

  // Reference model: a list of (time, sequence, id); pop takes the least (time, sequence).
  type Op = { op: 'push'; t: number } | { op: 'pop' } | { op: 'cancel'; pick: number };
  const ops = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ op: fc.constant('push' as const), t: fc.integer({ min: 0, max: 30 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
    ),
    { maxLength: 400, size: 'max' },
  );

  it('property: push/pop/cancel in any order match a sorted-list model; the heap stays bounded', () => {
    fc.assert(
      fc.property(ops, (script: Op[]) => {
        const q = new EventQueue(1);
        const model: { t: number; seq: number; id: number; handle: number }[] = [];
        const handles: { handle: number; id: number }[] = [];
        let nextId = 0;
        let clock = 0;
        let peakLive = 0;
        for (const s of script) {
          if (s.op === 'push') {
            // times never go back before the last popped one, as in a simulation
            const t = clock + s.t;
            const id = nextId++;
            const handle = q.handleOf(q.push(t, 7, id, 1000 - id));
            model.push({ t, seq: id, id, handle });
            handles.push({ handle, id });
          } else if (s.op === 'pop') {
            model.sort((a, b) => a.t - b.t || a.seq - b.seq);
            const want = model.shift();
            expect(q.peekTime()).toBe(want ? want.t : Infinity);
            expect(q.pop()).toBe(want !== undefined);
            if (want) {
              expect([q.poppedTime, q.poppedKind, q.poppedA, q.poppedB]).toEqual([want.t, 7, want.id, 1000 - want.id]);
              clock = want.t;
            }
          } else if (handles.length > 0) {
            const h = handles[s.pick % handles.length];
            const i = model.findIndex((m) => m.id === h.id);
            expect(q.isPending(h.handle)).toBe(i >= 0);
            expect(q.cancel(h.handle)).toBe(i >= 0);
            if (i >= 0) model.splice(i, 1);
            expect(q.isPending(h.handle)).toBe(false);
          }
          peakLive = Math.max(peakLive, model.length);
          expect(q.length).toBe(model.length);
          expect(q.heapEntries).toBeLessThanOrEqual(2 * peakLive + 32);
        }
        // drain: what is left comes out in order
        model.sort((a, b) => a.t - b.t || a.seq - b.seq);
        for (const m of model) {
          expect(q.pop()).toBe(true);
          expect(q.poppedA).toBe(m.id);
        }
        expect(q.pop()).toBe(false);
        // every handle is stale now
        for (const h of handles) expect(q.isPending(h.handle)).toBe(false);
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('mass cancellation compacts the heap: 10,000 long timeouts cancelled early leave no residue', () => {
    const q = new EventQueue(16);
    const hs: number[] = [];
    for (let i = 0; i < 10_000; i++) hs.push(q.handleOf(q.push(1_000_000 + i, 0, i, 0)));
    q.push(1, 0, -1, 0);
    for (const h of hs) expect(q.cancel(h)).toBe(true);
    expect(q.length).toBe(1);
    expect(q.heapEntries).toBeLessThanOrEqual(1 + 32);
    expect(q.pop()).toBe(true);
    expect(q.poppedA).toBe(-1);
    expect(q.pop()).toBe(false);
  });
});

describe('Simulation timers', () => {
  it('a cancelled timer is not dispatched and not counted; a fired one cannot be cancelled', () => {
    const sim = new Simulation();
    const log: string[] = [];
    let timeout = NO_TIMER;
    const onTimeout = sim.register('timeout', (a) => log.push(`timeout ${a} @${sim.now}`));
    const onReply = sim.register('reply', (a) => {
      log.push(`reply ${a} @${sim.now}`);
      // the reply beats the timeout: disarm it
      expect(sim.cancel(timeout)).toBe(true);
      expect(sim.isPending(timeout)).toBe(false);
    });
    timeout = sim.scheduleTimer(100, onTimeout, 1);
    expect(sim.isPending(timeout)).toBe(true);
    sim.schedule(30, onReply, 1);
    const late = sim.scheduleTimerAt(50, onTimeout, 2);
    sim.run();
    expect(log).toEqual(['reply 1 @30', 'timeout 2 @50']);
    expect(sim.dispatched).toBe(2);
    expect(sim.pending).toBe(0);
    expect(sim.cancel(late)).toBe(false);
  });

  it('a timer cannot cancel itself while firing, but can cancel another due at the same time', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    const handles: number[] = [];
    const k = sim.register('t', (a) => {
      fired.push(a);
      expect(sim.cancel(handles[a])).toBe(false);
      if (a === 0) expect(sim.cancel(handles[1])).toBe(true);
    });
    handles.push(sim.scheduleTimer(5, k, 0), sim.scheduleTimer(5, k, 1), sim.scheduleTimer(5, k, 2));
    sim.run();
    expect(fired).toEqual([0, 2]);
  });

  it('run(until) is not fooled by a cancelled event before `until`', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    const k = sim.register('k', (a) => fired.push(a));
    const h = sim.scheduleTimer(10, k, 1);
    sim.schedule(80, k, 2);
    sim.cancel(h);
    sim.run(50);
    expect(fired).toEqual([]);
    expect(sim.now).toBe(50);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(fired).toEqual([2]);
  });

  it('rejects a negative delay or a time in the past', () => {
    const sim = new Simulation();
    const k = sim.register('k', () => {});
    expect(() => sim.scheduleTimer(-1, k)).toThrow(/negative/);
    sim.schedule(10, k);
    sim.run();
    expect(() => sim.scheduleTimerAt(5, k)).toThrow(/before now/);
  });

  it('the observer sees dispatched events only, and run() without one is unchanged', () => {
    const seen: string[] = [];
    const runOnce = (observe: boolean) => {
      const sim = new Simulation();
      const out: number[] = [];
      const k = sim.register('k', (a) => out.push(a));
      if (observe) sim.observer = (t, kind, a, b) => seen.push(`${sim.kindName(kind)} ${t} ${a} ${b}`);
      sim.schedule(2, k, 2, 20);
      sim.cancel(sim.scheduleTimer(1, k, 1, 10));
      sim.schedule(3, k, 3, 30);
      sim.run();
      return out;
    };
    expect(runOnce(true)).toEqual(runOnce(false));
    expect(seen).toEqual(['k 2 2 20', 'k 3 3 30']);
  });
});
