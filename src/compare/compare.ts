/**
 * `meshsim compare`'s library side: load the designs, run each R times on common random numbers
 * (or independent streams), aggregate, and format the table, compare.csv and compare.json. The
 * CLI (src/cli/commands/compare.ts) only reads flags, prints and writes the result set.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import { aggregate } from './aggregate.js';
import type { Comparison } from './comparison.js';
import { loadDesigns, type Design } from './designs.js';
import { compareCsv, compareJson } from './files.js';
import { INDEPENDENT_SEED_OFFSET, runDesigns, type Plan, type RunProgress, type Streams } from './replicate.js';
import { formatCompareText } from './table.js';

export type { Comparison } from './comparison.js';

export interface CompareOptions {
  replications: number;
  requests?: number;
  /** Seed of replication 0; default: the first design's `seed:`. */
  seed?: number;
  streams: Streams;
}

export interface CompareOutputs {
  comparison: Comparison;
  text: string;
  /** File name → content: compare.txt (the table), compare.csv, compare.json. */
  files: Record<string, string>;
}

/** Loads and checks the designs (InputError on any problem; nothing has run). */
export function planComparison(files: readonly string[], o: CompareOptions): { designs: Design[]; plan: Plan; warnings: Diagnostic[] } {
  if (files.length < 2) throw new Error('compare needs at least two designs'); // the CLI says so first
  const { designs, warnings } = loadDesigns(files, { requests: o.requests, seed: o.seed });
  const plan: Plan = { seed: o.seed ?? designs[0].loaded.scenario.seed, replications: o.replications, requests: o.requests, streams: o.streams };
  return { designs, plan, warnings };
}

/** Runs a planned comparison and formats its outputs. */
export function runComparison(p: { designs: Design[]; plan: Plan; warnings: Diagnostic[] }, onRun?: (p: RunProgress) => void): CompareOutputs {
  const observations = runDesigns(p.designs, p.plan, onRun);
  const origins = new Map<string, 'workload' | 'users'>();
  for (const d of p.designs) for (const t of d.loaded.scenario.traffic) if (!origins.has(t.name)) origins.set(t.name, t.origin);
  const comparison: Comparison = {
    designs: p.designs,
    plan: p.plan,
    independentOffset: INDEPENDENT_SEED_OFFSET,
    origins,
    observations,
    rows: aggregate(observations, p.designs.length, p.plan.replications),
    warnings: p.warnings,
  };
  const text = formatCompareText(comparison);
  return { comparison, text, files: { 'compare.txt': text, 'compare.csv': compareCsv(comparison), 'compare.json': compareJson(comparison) } };
}

/** planComparison then runComparison. */
export function compareDesigns(files: readonly string[], o: CompareOptions, onRun?: (p: RunProgress) => void): CompareOutputs {
  return runComparison(planComparison(files, o), onRun);
}

/** `compare-<label>-vs-<label>...`, cut to a file name's reasonable length. */
export function defaultFolderName(designs: readonly { label: string }[]): string {
  const name = `compare-${designs.map((d) => d.label).join('-vs-')}`.replace(/[^A-Za-z0-9._#-]/g, '_');
  return name.length > 120 ? name.slice(0, 120) : name;
}
