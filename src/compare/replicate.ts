/**
 * Runs every design R times and keeps what metrics.ts measures, as tidy observations.
 *
 * Seeds: replication r of every design runs on seed `base + r` (as `meshsim sweep` numbers its
 * replications), so design A and design B of replication r draw from the same named streams —
 * the same arrivals, the same service-time sequence per service — and their difference is free
 * of the noise both share (common random numbers). `independent` gives design d the seeds
 * `base + r + 1000·d` instead: the textbook contrast that shows what the pairing buys.
 */
import type { LoadedScenario } from '../model/load.js';
import { simulate } from '../run.js';
import { measure, type Measurement } from './metrics.js';

export type Streams = 'common' | 'independent';

/** Seed distance between designs with independent streams (replications stay below it). */
export const INDEPENDENT_SEED_OFFSET = 1000;

/** The seed of replication `r` of design `d`. */
export function seedOf(base: number, r: number, d: number, streams: Streams): number {
  return base + r + (streams === 'independent' ? INDEPENDENT_SEED_OFFSET * d : 0);
}

export interface Plan {
  /** Seed of replication 0 (of the first design). */
  seed: number;
  replications: number;
  /** --requests: the total requests of every run (default: each scenario's own). */
  requests?: number;
  streams: Streams;
}

export interface Observation extends Measurement {
  design: number;
  replication: number;
  seed: number;
}

export interface RunProgress {
  done: number;
  total: number;
  design: number;
  replication: number;
}

/** Every observation of every run, replication by replication. */
export function runDesigns(designs: readonly { loaded: LoadedScenario }[], plan: Plan, onRun?: (p: RunProgress) => void): Observation[] {
  const out: Observation[] = [];
  const total = designs.length * plan.replications;
  for (let r = 0; r < plan.replications; r++) {
    designs.forEach((d, i) => {
      const seed = seedOf(plan.seed, r, i, plan.streams);
      const { result } = simulate(d.loaded, { seed, requests: plan.requests, prepared: { warnings: d.loaded.warnings } });
      for (const m of measure(result)) out.push({ ...m, design: i, replication: r, seed });
      onRun?.({ done: r * designs.length + i + 1, total, design: i, replication: r });
    });
  }
  return out;
}
