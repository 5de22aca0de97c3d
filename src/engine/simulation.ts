/**
 * Simulation: a clock and an event queue, and nothing else.
 *
 * Components register a handler per event kind once, then schedule events as (delay, kind, a, b).
 * The loop pops events in (time, sequence) order, advances the clock and calls the handler with
 * the event's two integer arguments. Handlers are plain functions registered up front, so the hot
 * loop allocates no closure per event. The kernel knows nothing of requests or meshes.
 *
 * Timers (route and per-try timeouts, retry back-off, debounce) are events that can be cancelled:
 * scheduleTimer returns a TimerHandle, cancel(handle) withdraws the event if it has not fired.
 * A cancelled event is never dispatched and does not count in `dispatched`; the queue drops it
 * lazily and bounds how many it holds (see EventQueue). Plain schedule/scheduleAt do not make a
 * handle and cost nothing more.
 */
import { EventQueue } from './event-queue.js';

export type EventHandler = (a: number, b: number) => void;
/**
 * Names one scheduled timer: an integer below 2^53, unique for the whole run (a later event in the
 * same queue slot gets another handle), so it can be kept in a Float64Array. NO_TIMER is "none".
 */
export type TimerHandle = number;
export const NO_TIMER: TimerHandle = -1;
/** Sees every dispatched event just before its handler runs (tracing, debugging, trace tests). */
export type EventObserver = (time: number, kind: number, a: number, b: number) => void;

export class Simulation {
  /** Current simulated time, in milliseconds. */
  now = 0;
  /** Events dispatched so far. */
  dispatched = 0;
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly kindNames: string[] = [];
  private stopped = false;
  /**
   * Optional observer of dispatched events. When unset, run() takes a loop without it, so an
   * unset observer costs nothing per event.
   */
  observer: EventObserver | undefined = undefined;

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
    if (!(delay >= 0)) this.refuse(kind, delay, false);
    const q = this.queue;
    q.pendingTime = this.now + delay;
    q.pushPending(kind, a, b);
  }

  /** Schedules an event at absolute time `time` (not before now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0): void {
    if (!(time >= this.now)) this.refuse(kind, time, true);
    const q = this.queue;
    q.pendingTime = time;
    q.pushPending(kind, a, b);
  }

  /**
   * Throws for an event scheduled in the past. Kept out of line: schedule() is inlined into every
   * caller, and V8 inlines by bytecode size, so the message's template must not count there.
   */
  private refuse(kind: number, value: number, absolute: boolean): never {
    const name = this.kindNames[kind];
    throw new Error(absolute ? `scheduleAt(${name}): time ${value} is before now ${this.now}` : `schedule(${name}): negative or NaN delay ${value}`);
  }

  /** Schedules a cancellable event `delay` milliseconds from now and returns its handle. */
  scheduleTimer(delay: number, kind: number, a = 0, b = 0): TimerHandle {
    if (!(delay >= 0)) throw new Error(`scheduleTimer(${this.kindNames[kind]}): negative or NaN delay ${delay}`);
    return this.queue.handleOf(this.queue.push(this.now + delay, kind, a, b));
  }

  /** Schedules a cancellable event at absolute time `time` (not before now) and returns its handle. */
  scheduleTimerAt(time: number, kind: number, a = 0, b = 0): TimerHandle {
    if (!(time >= this.now)) throw new Error(`scheduleTimerAt(${this.kindNames[kind]}): time ${time} is before now ${this.now}`);
    return this.queue.handleOf(this.queue.push(time, kind, a, b));
  }

  /**
   * Cancels a timer: true if it was pending (it will not be dispatched), false if it has already
   * fired (or is firing now), was cancelled before, or the handle is NO_TIMER. Never throws.
   */
  cancel(handle: TimerHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** True while the timer is pending: scheduled, not yet fired, not cancelled. */
  isPending(handle: TimerHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** The name a kind was registered with. */
  kindName(kind: number): string {
    return this.kindNames[kind];
  }

  /** Time of the earliest pending event; Infinity when none is pending. */
  get nextTime(): number {
    return this.queue.peekTime();
  }

  /** Events waiting to be dispatched (cancelled timers not counted). */
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
    this.stopped = false;
    if (this.observer === undefined) this.runFast(until);
    else this.runObserved(until, this.observer);
  }

  private runFast(until: number): void {
    const q = this.queue;
    const handlers = this.handlers;
    while (!this.stopped) {
      q.prepareHead();
      const t = q.headTime;
      if (t > until) {
        this.now = until;
        break;
      }
      const slot = q.popSlot();
      if (slot < 0) break;
      this.now = t;
      this.dispatched++;
      handlers[q.kindOf(slot)](q.argA(slot), q.argB(slot));
    }
  }

  /** run() with an observer: the same loop, kept apart so the fast loop has no extra test per event. */
  private runObserved(until: number, observer: EventObserver): void {
    const q = this.queue;
    const handlers = this.handlers;
    while (!this.stopped) {
      const t = q.peekTime();
      if (t > until) {
        this.now = until;
        break;
      }
      const slot = q.popSlot();
      if (slot < 0) break;
      this.now = t;
      this.dispatched++;
      const kind = q.kindOf(slot);
      const a = q.argA(slot);
      const b = q.argB(slot);
      observer(t, kind, a, b);
      handlers[kind](a, b);
    }
  }
}
