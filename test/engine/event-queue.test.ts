import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Simulation } from '../../src/engine/simulation.js';

describe('EventQueue', () => {
  it('pops in (time, sequence) order: ties come out in scheduling order', () => {
    const q = new EventQueue(2);
    q.push(5, 0, 1, 0);
    q.push(1, 0, 2, 0);
    q.push(5, 0, 3, 0);
    q.push(1, 0, 4, 0);
    q.push(0, 0, 5, 0);
    const out: number[] = [];
    while (q.pop()) out.push(q.poppedA);
    expect(out).toEqual([5, 2, 4, 1, 3]);
  });

  it('property: any schedule pops sorted by time, stable for equal times, and grows past its capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(1);
        times.forEach((t, i) => q.push(t, 0, i, 0));
        const popped: [number, number][] = [];
        while (q.pop()) popped.push([q.poppedTime, q.poppedA]);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('interleaved pushes and pops keep the order (slots are recycled)', () => {
    const q = new EventQueue(1);
    const seen: number[] = [];
    q.push(1, 0, 1, 0);
    q.push(3, 0, 3, 0);
    q.pop();
    seen.push(q.poppedA);
    q.push(2, 0, 2, 0);
    q.push(2, 0, 22, 0);
    while (q.pop()) seen.push(q.poppedA);
    expect(seen).toEqual([1, 2, 22, 3]);
  });

  it('rejects NaN and negative times', () => {
    const q = new EventQueue();
    expect(() => q.push(NaN, 0, 0, 0)).toThrow();
    expect(() => q.push(-1, 0, 0, 0)).toThrow();
  });
});

describe('Simulation', () => {
  it('advances the clock to each event and dispatches to the registered handler', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const ping = sim.register('ping', (a) => {
      log.push(`ping ${a} @${sim.now}`);
      if (a < 3) sim.schedule(10, ping, a + 1);
    });
    sim.schedule(5, ping, 1);
    sim.run();
    expect(log).toEqual(['ping 1 @5', 'ping 2 @15', 'ping 3 @25']);
    expect(sim.dispatched).toBe(3);
  });

  it('run(until) stops before later events and leaves them pending', () => {
    const sim = new Simulation();
    const k = sim.register('k', () => {});
    sim.schedule(1, k);
    sim.schedule(100, k);
    sim.run(50);
    expect(sim.now).toBe(50);
    expect(sim.pending).toBe(1);
  });

  it('refuses to schedule in the past', () => {
    const sim = new Simulation();
    const k = sim.register('k', () => {});
    expect(() => sim.schedule(-1, k)).toThrow(/negative/);
  });
});

describe('EventQueue as a calendar (bucket width retuned as it goes)', () => {
  /** xorshift32, so the scripts are the same on every run. */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 4294967296;
    };
  }

  // Each phase draws delays from its own scale (µs to hours), with ties, zero delays, +Infinity
  // and far timers mixed in, so the queue meets jumps, retuning, far events and infinite ones.
  const phases = fc.array(
    fc.record({
      steps: fc.integer({ min: 1, max: 3000 }),
      pending: fc.integer({ min: 1, max: 3000 }),
      scale: fc.constantFrom(0, 1e-4, 0.1, 1, 30, 1e4, 3.6e6),
      ties: fc.boolean(),
      cancelEvery: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 1, maxLength: 6 },
  );

  /** Reference: a plain binary heap of (time, seq, id) with lazily skipped cancelled ids. */
  class ReferenceQueue {
    private h: { t: number; seq: number; id: number }[] = [];
    readonly cancelled = new Set<number>();
    size = 0;
    private less(a: { t: number; seq: number }, b: { t: number; seq: number }): boolean {
      return a.t < b.t || (a.t === b.t && a.seq < b.seq);
    }
    push(e: { t: number; seq: number; id: number }): void {
      const h = this.h;
      h.push(e);
      this.size++;
      for (let i = h.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!this.less(h[i], h[p])) break;
        [h[i], h[p]] = [h[p], h[i]];
        i = p;
      }
    }
    private dropCancelled(): void {
      while (this.h.length > 0 && this.cancelled.has(this.h[0].id)) this.removeTop();
    }
    private removeTop(): void {
      const h = this.h;
      const last = h.pop()!;
      if (h.length === 0) return;
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    peek(): { t: number; seq: number; id: number } | undefined {
      this.dropCancelled();
      return this.h[0];
    }
    pop(): { t: number; seq: number; id: number } | undefined {
      const e = this.peek();
      if (e !== undefined) {
        this.removeTop();
        this.size--;
      }
      return e;
    }
    cancel(id: number): void {
      this.cancelled.add(id);
      this.size--;
    }
  }

  it('property: thousands of events over shifting time scales pop exactly as a sorted list, with cancellations', () => {
    fc.assert(
      fc.property(phases, fc.integer({ min: 1, max: 1e9 }), (script, seed) => {
        const next = rng(seed);
        const q = new EventQueue(16);
        const ref = new ReferenceQueue();
        const handles = new Map<number, number>();
        let now = 0;
        let id = 0;
        const popOne = (): void => {
          const want = ref.peek();
          expect(q.peekTime()).toBe(want === undefined ? Infinity : want.t);
          expect(q.pop()).toBe(want !== undefined);
          if (want === undefined) return;
          ref.pop();
          expect([q.poppedTime, q.poppedA]).toEqual([want.t, want.id]);
          handles.delete(want.id);
          now = want.t;
        };
        for (const ph of script) {
          for (let s = 0; s < ph.steps; s++) {
            if (ref.size < ph.pending || next() < 0.5) {
              const u = next();
              const delay = u < 0.01 ? Infinity : u < 0.03 ? 1e9 * next() : ph.ties ? Math.floor(next() * 4) * ph.scale : -Math.log(1 - next()) * ph.scale;
              const t = now + delay;
              handles.set(id, q.handleOf(q.push(t, 1, id, 0)));
              ref.push({ t, seq: id, id });
              id++;
            } else if (ph.cancelEvery > 0 && s % ph.cancelEvery === 0 && handles.size > 0) {
              // cancel the most recently scheduled live event, or an old one
              const k = next() < 0.5 ? id - 1 : Math.floor(next() * id);
              const h = handles.get(k);
              if (h !== undefined) {
                expect(q.cancel(h)).toBe(true);
                expect(q.cancel(h)).toBe(false);
                handles.delete(k);
                ref.cancel(k);
              }
            } else {
              popOne();
            }
            expect(q.length).toBe(ref.size);
          }
        }
        while (ref.size > 0) popOne();
        expect(q.pop()).toBe(false);
        expect(q.peekTime()).toBe(Infinity);
      }),
      { seed: 7, numRuns: 40 },
    );
  });

  it('100,000 pending events with a fixed delay and an exponential one pop in order (the scale benchmark shape)', () => {
    const next = rng(42);
    const q = new EventQueue(16);
    let now = 0;
    let last = -1;
    let lastSeq = -1;
    const seqOf = new Map<number, number>();
    let id = 0;
    for (let i = 0; i < 100_000; i++) {
      seqOf.set(id, id);
      q.push(now + (i % 2 === 0 ? 0.1 : -Math.log(1 - next()) * 10), 0, id++, 0);
    }
    for (let i = 0; i < 300_000; i++) {
      expect(q.pop()).toBe(true);
      const t = q.poppedTime;
      const s = seqOf.get(q.poppedA)!;
      seqOf.delete(q.poppedA);
      if (!(t > last || (t === last && s > lastSeq))) throw new Error(`out of order at ${i}: ${t} after ${last}`);
      last = t;
      lastSeq = s;
      now = t;
      seqOf.set(id, id);
      q.push(now + (i % 3 === 0 ? 0.1 : i % 3 === 1 ? 30 : -Math.log(1 - next()) * 10), 0, id++, 0);
    }
    expect(q.length).toBe(100_000);
  });
});
