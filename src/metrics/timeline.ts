/**
 * Per-interval rows: what happened in each slice of simulated time (completions, failures,
 * latency of the requests that finished in it, requests in flight at its end).
 *
 * Rows grow with the work done, never with simulated time alone: consecutive intervals in which
 * nothing happened (no request started or ended, the same requests in flight and hosts ejected)
 * are one row, and the runner does not even tick through such a stretch (`nextTickTime`). A run
 * that still needs more than LIMITS.timelineRows rows is refused with a message naming
 * timeline.interval.
 */
import { LIMITS, groupDigits } from '../model/limits.js';
import { LatencyHistogram } from './histogram.js';
import { FAILURE_CAUSES } from './failure-cause.js';

export interface TimelineRow {
  startMs: number;
  endMs: number;
  started: number;
  succeeded: number;
  failed: number;
  failures: Record<string, number>;
  inFlight: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Hosts ejected by outlier detection (summed over proxies) at the interval's end. */
  ejectedHosts: number;
  /** Retries the routers scheduled in the interval (every call, not only requests). */
  retries: number;
}

/** The run would write more timeline rows than LIMITS.timelineRows. */
export class TimelineLimitError extends Error {
  constructor(readonly intervalMs: number, readonly reachedMs: number) {
    super(
      `timeline.csv would have more than ${groupDigits(LIMITS.timelineRows)} rows (README "Input limits"): ` +
        `rows of ${intervalMs}ms reached ${groupDigits(LIMITS.timelineRows)} at ${(reachedMs / 1000).toPrecision(6)}s of simulated time; set a longer timeline.interval`,
    );
    this.name = 'TimelineLimitError';
  }
}

/**
 * When the timeline ticks next after a tick at `now`: `now + interval`, unless no event at all
 * happens before `nextEvent` — then the intervals before it are one quiet row, closed at the last
 * interval boundary strictly before `nextEvent` (so the event still falls in a regular row, and
 * the tick that follows is scheduled at the same moment it would have been without the skip).
 */
export function nextTickTime(now: number, interval: number, nextEvent: number): number {
  const regular = now + interval;
  if (!(nextEvent > regular + interval) || !Number.isFinite(nextEvent)) return regular;
  const m = Math.ceil((nextEvent - now) / interval) - 1;
  // Rounding may put the boundary on or past the event: one interval less, then give up.
  let t = now + m * interval;
  if (!(t < nextEvent)) t = now + (m - 1) * interval;
  return t < nextEvent && t > regular ? t : regular;
}

export class Timeline {
  readonly rows: TimelineRow[] = [];
  private started = 0;
  private succeeded = 0;
  private failures = FAILURE_CAUSES.map(() => 0);
  private readonly histogram = new LatencyHistogram();
  private startMs = 0;
  private retries = 0;

  constructor(readonly intervalMs: number) {}

  onStart(): void {
    this.started++;
  }

  onSuccess(latencyMs: number): void {
    this.onSuccessAt(LatencyHistogram.bucketOf(latencyMs), latencyMs);
  }

  /** onSuccess with the latency's histogram bucket given (LatencyHistogram.bucketOf). */
  onSuccessAt(bucket: number, latencyMs: number): void {
    this.succeeded++;
    this.histogram.recordAt(bucket, latencyMs);
  }

  onFailure(cause: number): void {
    this.failures[cause]++;
  }

  onRetry(): void {
    this.retries++;
  }

  /** Closes the interval ending at `nowMs`. */
  close(nowMs: number, inFlight: number, ejectedHosts: number): void {
    const failed = this.failures.reduce((a, b) => a + b, 0);
    const last = this.rows[this.rows.length - 1];
    const quiet = this.started === 0 && this.succeeded === 0 && failed === 0 && this.retries === 0;
    if (quiet && last !== undefined && last.started === 0 && last.succeeded === 0 && last.failed === 0 && last.inFlight === inFlight && last.ejectedHosts === ejectedHosts) {
      // Nothing happened since the last (quiet) row either: it just lasts longer.
      last.endMs = nowMs;
      this.startMs = nowMs;
      return;
    }
    if (this.rows.length >= LIMITS.timelineRows) throw new TimelineLimitError(this.intervalMs, nowMs);
    this.rows.push({
      startMs: this.startMs,
      endMs: nowMs,
      started: this.started,
      succeeded: this.succeeded,
      failed,
      failures: Object.fromEntries(FAILURE_CAUSES.map((c, i) => [c, this.failures[i]])),
      inFlight,
      meanMs: this.histogram.meanMs,
      p50Ms: this.histogram.quantileMs(0.5),
      p99Ms: this.histogram.quantileMs(0.99),
      ejectedHosts,
      retries: this.retries,
    });
    this.retries = 0;
    this.startMs = nowMs;
    this.started = 0;
    this.succeeded = 0;
    this.failures.fill(0);
    this.histogram.reset();
  }
}
