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
