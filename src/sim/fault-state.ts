/**
 * FaultState: which endpoints are down and why, and what each fault cost: the requests started
 * while it was active and how many of those failed (whenever they ended, for any cause).
 * Mechanism only; the runner schedules the start and end.
 */
import type { Scenario } from '../model/scenario.js';
import type { FaultImpact } from './result.js';

export class FaultState {
  /** Number of active faults holding each endpoint down. */
  readonly down: Int32Array;
  private readonly active: boolean[];
  private readonly requests: number[];
  private readonly failed: number[];

  constructor(private readonly faults: Scenario['faults'], private readonly targets: number[][], endpointCount: number) {
    this.down = new Int32Array(endpointCount);
    this.active = faults.map(() => false);
    this.requests = faults.map(() => 0);
    this.failed = faults.map(() => 0);
  }

  /** Starts or ends a fault; returns the endpoints that just went down (none when it ends). */
  setActive(fault: number, active: boolean): number[] {
    if (this.active[fault] === active) return [];
    this.active[fault] = active;
    const wentDown: number[] = [];
    for (const e of this.targets[fault]) {
      this.down[e] += active ? 1 : -1;
      if (active && this.down[e] === 1) wentDown.push(e);
    }
    return wentDown;
  }

  /** How a connection to a down endpoint fails: that of the first active fault holding it down. */
  modeOf(endpoint: number): 'refuse' | 'blackhole' {
    for (let i = 0; i < this.active.length; i++) if (this.active[i] && this.targets[i].includes(endpoint)) return this.faults[i].mode;
    return 'refuse';
  }

  /** A request starts at `nowMs`; it counts for every fault whose window [at, end) holds that time. */
  onRequestStart(nowMs: number): void {
    const faults = this.faults;
    for (let i = 0; i < faults.length; i++) if (faults[i].atMs <= nowMs && nowMs < faults[i].endMs) this.requests[i]++;
  }

  /** A request that started at `startMs` failed: it counts against the faults active at its start. */
  onRequestFailed(startMs: number): void {
    const faults = this.faults;
    for (let i = 0; i < faults.length; i++) if (faults[i].atMs <= startMs && startMs < faults[i].endMs) this.failed[i]++;
  }

  impact(endMs: number): FaultImpact[] {
    return this.faults.map((f, i) => ({
      kind: f.kind,
      startMs: f.atMs,
      endMs: Number.isFinite(f.endMs) ? f.endMs : endMs,
      endpoints: this.targets[i].length,
      requestsDuring: this.requests[i],
      failedDuring: this.failed[i],
    }));
  }
}
