/**
 * Per-interval rows: what happened in each slice of simulated time (completions, failures,
 * latency of the requests that finished in it, requests in flight at its end).
 */
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
}

export class Timeline {
  readonly rows: TimelineRow[] = [];
  private started = 0;
  private succeeded = 0;
  private failures = FAILURE_CAUSES.map(() => 0);
  private readonly histogram = new LatencyHistogram();
  private startMs = 0;

  constructor(readonly intervalMs: number) {}

  onStart(): void {
    this.started++;
  }

  onSuccess(latencyMs: number): void {
    this.succeeded++;
    this.histogram.record(latencyMs);
  }

  onFailure(cause: number): void {
    this.failures[cause]++;
  }

  /** Closes the interval ending at `nowMs`. */
  close(nowMs: number, inFlight: number, ejectedHosts: number): void {
    const failed = this.failures.reduce((a, b) => a + b, 0);
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
    });
    this.startMs = nowMs;
    this.started = 0;
    this.succeeded = 0;
    this.failures.fill(0);
    this.histogram.reset();
  }
}
