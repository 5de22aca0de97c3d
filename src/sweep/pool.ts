/**
 * Runs jobs in the main thread (one worker) or on worker threads (node:worker_threads). Each
 * worker runs one job at a time; jobs are handed out in the order they are asked for. Results
 * carry their job id: callers place them by id, never by the order they complete in, which is
 * what makes a sweep's outputs the same whatever the number of workers.
 */
import { Worker } from 'node:worker_threads';
import { describeThrown, PluginError } from '../lb/policies/checked-plugin.js';
import { runJob, type Job, type JobResult } from './job.js';
import { ScenarioBase } from './override.js';
import { importPlugin } from './plugin.js';

/** What a runner needs to start: the base scenario and the options shared by every job. */
export interface RunnerSetup {
  text: string;
  file: string;
  requests?: number;
  /** Path of a load-balancing plug-in module (each worker imports it). */
  pluginPath?: string;
  /** Fail a job whose scenario the analyzer finds an error in (JobContext.analyze). */
  analyze?: boolean;
}

export interface JobRunner {
  readonly workers: number;
  /** Jobs worth keeping in flight at once (callers run this many lanes). */
  readonly slots: number;
  run(job: Job): Promise<JobResult>;
  /** Stops the workers (jobs still running are abandoned). */
  close(): Promise<void>;
}

/** One worker: jobs run in the main thread, between turns of the event loop. */
class InProcessRunner implements JobRunner {
  readonly workers = 1;
  readonly slots = 1;
  constructor(
    private readonly base: ScenarioBase,
    private readonly setup: RunnerSetup,
    private readonly plugin: Awaited<ReturnType<typeof importPlugin>> | undefined,
  ) {}

  async run(job: Job): Promise<JobResult> {
    await new Promise((r) => setImmediate(r)); // let signals and progress output through
    return runJob(this.base, job, { requests: this.setup.requests, plugin: this.plugin, analyze: this.setup.analyze });
  }

  async close(): Promise<void> {}
}

interface Pending {
  job: Job;
  resolve: (r: JobResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Jobs sent to one worker ahead of time: while it runs one, the next waits in its message
 * queue, so it never idles while the main thread handles a result (writes a point file).
 */
const DEPTH = 2;

class WorkerPool implements JobRunner {
  /** Per worker, the jobs sent to it, in the order it runs (and answers) them. */
  private readonly sent = new Map<Worker, Pending[]>();
  private readonly queue: Pending[] = [];
  private failure: unknown;

  constructor(
    readonly workers: number,
    setup: RunnerSetup,
    url: URL,
  ) {
    for (let i = 0; i < workers; i++) {
      const w = new Worker(url, { workerData: setup });
      w.on('message', (result: JobResult) => this.finished(w, result));
      // With a plug-in, a worker that fails or ends is the plug-in's doing (its code runs there:
      // an uncaught throw at load, or process.exit, which ends only the worker thread).
      w.on('error', (e) => this.fail(setup.pluginPath ? new PluginError(setup.pluginPath, `a sweep worker failed: ${describeThrown(e)}`) : e));
      w.on('exit', (code) => {
        if (!this.sent.has(w)) return; // closed
        const message = `a sweep worker thread ended (exit code ${code}) while it had points to run`;
        this.fail(setup.pluginPath ? new PluginError(setup.pluginPath, `${message}: did the plug-in call exit() on the process? A plug-in must never end it`) : new Error(message));
      });
      this.sent.set(w, []);
    }
  }

  get slots(): number {
    return this.workers * DEPTH;
  }

  run(job: Job): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const [w, jobs] of this.sent) {
        if (this.queue.length === 0) return;
        if (jobs.length >= depth) continue;
        const p = this.queue.shift()!;
        jobs.push(p);
        w.postMessage(p.job);
      }
    }
  }

  private finished(w: Worker, result: JobResult): void {
    this.sent.get(w)?.shift()?.resolve(result);
    this.dispatch();
  }

  /** A worker failed (a bug, not a user error): every job still waiting fails with it. */
  private fail(e: unknown): void {
    this.failure ??= e;
    for (const jobs of this.sent.values()) for (const p of jobs.splice(0)) p.reject(e);
    for (const q of this.queue.splice(0)) q.reject(e);
  }

  /** Stops the workers; jobs still running or queued are rejected (their results are lost). */
  async close(): Promise<void> {
    const ws = [...this.sent.keys()];
    this.fail(new Error('the worker pool was closed'));
    this.sent.clear();
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** The compiled worker script beside this module (dist/src/sweep/worker.js). */
export const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * A runner with `workers` workers: the main thread for 1, worker threads otherwise. The plug-in
 * (if any) is imported here first, so a bad plug-in is a user error before any worker starts.
 */
export async function createRunner(setup: RunnerSetup, workers: number, url: URL = WORKER_URL): Promise<JobRunner> {
  const plugin = setup.pluginPath ? await importPlugin(setup.pluginPath) : undefined;
  if (workers <= 1) return new InProcessRunner(new ScenarioBase(setup.text, setup.file), setup, plugin);
  return new WorkerPool(workers, setup, url);
}
