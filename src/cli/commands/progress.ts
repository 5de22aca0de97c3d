/**
 * Progress of a long command on stderr: a bar with rate and ETA when stderr is a terminal and CI
 * is unset; otherwise a plain line every few seconds (CI logs keep no carriage returns). The
 * only wall-clock reads of a sweep live here, in the CLI layer.
 */

export interface ProgressState {
  total: number;
  done: number;
  /** Finished before this run started (not counted in the rate). */
  skipped: number;
}

export interface ProgressOptions {
  label: string;
  unit: string;
  /** Draw a bar (terminal) or print lines. */
  bar: boolean;
  /** Seconds between plain lines. */
  every: number;
  write?: (text: string) => void;
  now?: () => number;
}

/** Whether stderr is a terminal a bar can be drawn on. */
export function wantsBar(): boolean {
  return process.stderr.isTTY === true && !process.env.CI;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const int = (n: number) => n.toLocaleString('en-US');

export class Progress {
  private readonly start: number;
  private lastDraw = -Infinity;
  private state: ProgressState = { total: 0, done: 0, skipped: 0 };
  private readonly write: (text: string) => void;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.write = opts.write ?? ((t) => process.stderr.write(t));
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Points per second finished by this run, and seconds elapsed. */
  rate(): { perSecond: number; elapsed: number } {
    const elapsed = (this.now() - this.start) / 1000;
    return { perSecond: elapsed > 0 ? (this.state.done - this.state.skipped) / elapsed : 0, elapsed };
  }

  private text(): string {
    const { total, done } = this.state;
    const { perSecond } = this.rate();
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const eta = perSecond > 0 ? duration((total - done) / perSecond) : '?';
    return `${int(done)}/${int(total)} ${this.opts.unit} (${pct}%) · ${perSecond.toFixed(1)} ${this.opts.unit}/s · ETA ${eta}`;
  }

  update(s: ProgressState): void {
    const first = this.state.total === 0 && s.total > 0;
    this.state = s;
    const t = this.now();
    if (this.opts.bar) {
      if (t - this.lastDraw < 100 && s.done < s.total) return;
      const width = 24;
      const filled = s.total > 0 ? Math.round((width * s.done) / s.total) : width;
      this.write(`\r${this.opts.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.text()}\x1b[K`);
    } else {
      if (!first && t - this.lastDraw < this.opts.every * 1000) return;
      this.write(`${this.opts.label}: ${this.text()}\n`);
    }
    this.lastDraw = t;
  }

  /** Ends the bar's line, or prints the last plain line. */
  finish(): void {
    if (this.opts.bar) this.write(`\r${this.opts.label} ${this.text()}\x1b[K\n`);
    else this.write(`${this.opts.label}: ${this.text()}\n`);
  }
}
