/**
 * One unit of work for a sweep or a capacity search: a scenario variant (overrides of the base
 * document) run with R replications, replication r with seed = the variant's seed + r. Pure and
 * deterministic: the same job gives the same result in the main thread or in any worker.
 */
import { analyze } from '../analysis/analyze.js';
import { PluginError } from '../lb/policies/checked-plugin.js';
import { InputError, type Diagnostic } from '../model/diagnostics.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { simulate } from '../run.js';
import { metricsOf, type MetricRecord } from './metrics.js';
import type { Override, ScenarioBase } from './override.js';

export interface Job {
  /** The caller's number for this job (a sweep's point index). */
  id: number;
  overrides: Override[];
  replications: number;
}

export interface ReplicationRow {
  replication: number;
  seed: number;
  metrics: MetricRecord;
}

export type JobResult =
  | { id: number; ok: true; hash: string; rows: ReplicationRow[] }
  | { id: number; ok: false; diagnostics: Diagnostic[]; plugin?: { label: string; detail: string } };

/** The error a failed job stops its sweep or search with (results cross threads as plain data). */
export function failureOf(res: Extract<JobResult, { ok: false }>): Error {
  return res.plugin ? new PluginError(res.plugin.label, res.plugin.detail) : new InputError(res.diagnostics);
}

/** What every job of one sweep shares: the run options that are not scenario fields. */
export interface JobContext {
  /** Overrides the total request count of every run (`--requests`). */
  requests?: number;
  plugin?: LoadBalancingPolicy;
  /**
   * Run the analyzer on each job's scenario and fail the job on its errors (a sweep: a
   * combination of --set values that no single value shows). Warnings were printed before the
   * sweep. Not for capacity searches, whose outage cases empty deployments on purpose.
   */
  analyze?: boolean;
}

export function runJob(base: ScenarioBase, job: Job, ctx: JobContext): JobResult {
  let loaded;
  try {
    loaded = base.load(job.overrides);
    if (ctx.analyze) {
      const errors = analyze(loaded, { requests: ctx.requests }).filter((d) => d.severity === 'error');
      if (errors.length > 0) base.blame(job.overrides, () => {
        throw new InputError(errors);
      });
    }
  } catch (e) {
    if (e instanceof InputError) return { id: job.id, ok: false, diagnostics: e.diagnostics };
    throw e;
  }
  const rows: ReplicationRow[] = [];
  for (let r = 0; r < job.replications; r++) {
    const seed = loaded.scenario.seed + r;
    try {
      const out = base.blame(job.overrides, () => simulate(loaded, { seed, requests: ctx.requests, plugin: ctx.plugin }));
      rows.push({ replication: r, seed, metrics: metricsOf(out.summary) });
    } catch (e) {
      if (e instanceof InputError) return { id: job.id, ok: false, diagnostics: e.diagnostics };
      // A plug-in's failure stays the plug-in's across the thread boundary.
      if (e instanceof PluginError) return { id: job.id, ok: false, diagnostics: [], plugin: { label: e.plugin, detail: e.detail } };
      throw e;
    }
  }
  return { id: job.id, ok: true, hash: loaded.hash, rows };
}
