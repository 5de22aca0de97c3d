/**
 * Interval timers (timeline rows, outlier-detection interval ticks) run while requests can still
 * arrive or are in flight. A run with one request in flight for a simulated year and a 1 ms
 * outlier-detection interval would tick billions of times for nothing: work bounded by simulated
 * time, not by work done. The budget allows LIMITS.timerTicks ticks plus
 * LIMITS.timerTicksPerRequest per request generated, and refuses the run past it.
 */
import { groupDigits, LIMITS } from '../model/limits.js';

export class TimerLimitError extends Error {
  constructor(readonly ticks: number, readonly requests: number, readonly reachedMs: number) {
    super(
      `interval timers ticked ${groupDigits(ticks)} times for ${groupDigits(requests)} requests by ${(reachedMs / 1000).toPrecision(6)}s of simulated time; ` +
        `a run may tick at most ${groupDigits(LIMITS.timerTicks)} times plus ${groupDigits(LIMITS.timerTicksPerRequest)} per request (README "Input limits"): ` +
        'lengthen outlierDetection.interval or timeline.interval, or shorten what keeps requests in flight (duration, serviceTime, connectTimeout)',
    );
    this.name = 'TimerLimitError';
  }
}

export class TimerBudget {
  private ticks = 0;

  /** Counts one tick at `nowMs` with `requests` generated so far; throws past the budget. */
  tick(nowMs: number, requests: number): void {
    if (++this.ticks > LIMITS.timerTicks + LIMITS.timerTicksPerRequest * requests) throw new TimerLimitError(this.ticks, requests, nowMs);
  }
}
