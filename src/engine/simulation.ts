/**
 * Simulation: a clock and an event queue, and nothing else.
 *
 * Components register a handler per event kind once, then schedule events as (delay, kind, a, b).
 * The loop pops events in (time, sequence) order, advances the clock and calls the handler with
 * the event's two integer arguments. Handlers are plain functions registered up front, so the hot
 * loop allocates no closure per event. The kernel knows nothing of requests or meshes.
 */
import { EventQueue } from './event-queue.js';

export type EventHandler = (a: number, b: number) => void;

export class Simulation {
  /** Current simulated time, in milliseconds. */
  now = 0;
  /** Events dispatched so far. */
  dispatched = 0;
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly kindNames: string[] = [];
  private stopped = false;

  constructor(initialCapacity = 4096) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Registers a handler and returns the event kind to schedule it with. */
  register(name: string, handler: EventHandler): number {
    this.handlers.push(handler);
    this.kindNames.push(name);
    return this.handlers.length - 1;
  }

  /** Schedules an event `delay` milliseconds from now. */
  schedule(delay: number, kind: number, a = 0, b = 0): void {
    if (!(delay >= 0)) throw new Error(`schedule(${this.kindNames[kind]}): negative or NaN delay ${delay}`);
    this.queue.push(this.now + delay, kind, a, b);
  }

  /** Schedules an event at absolute time `time` (not before now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0): void {
    if (!(time >= this.now)) throw new Error(`scheduleAt(${this.kindNames[kind]}): time ${time} is before now ${this.now}`);
    this.queue.push(time, kind, a, b);
  }

  /** Time of the earliest pending event; Infinity when none is pending. */
  get nextTime(): number {
    return this.queue.peekTime();
  }

  get pending(): number {
    return this.queue.length;
  }

  get scheduled(): number {
    return this.queue.scheduled;
  }

  /** Stops the loop after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs events until the queue is empty, `until` is passed or stop() is called. */
  run(until = Infinity): void {
    const q = this.queue;
    const handlers = this.handlers;
    this.stopped = false;
    const bounded = until !== Infinity;
    while (!this.stopped) {
      if (bounded && q.peekTime() > until) {
        this.now = until;
        break;
      }
      if (!q.pop()) break;
      this.now = q.poppedTime;
      this.dispatched++;
      handlers[q.poppedKind](q.poppedA, q.poppedB);
    }
  }
}
