/** A comparison's data, between running (compare.ts) and formatting (table.ts, files.ts). */
import type { Diagnostic } from '../model/diagnostics.js';
import type { ComparedRow } from './aggregate.js';
import type { Design } from './designs.js';
import type { Observation, Plan } from './replicate.js';

export interface Comparison {
  designs: Design[];
  plan: Plan;
  /** Seed distance between designs on independent streams (replicate.ts). */
  independentOffset: number;
  /** Source name → origin (users or in-mesh workload), for the table's labels. */
  origins: ReadonlyMap<string, 'workload' | 'users'>;
  observations: Observation[];
  rows: ComparedRow[];
  warnings: Diagnostic[];
}
