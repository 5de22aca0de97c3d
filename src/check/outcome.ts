/**
 * The outcome of `meshsim check`: suites (thresholds, baseline, policy comparison) of cases, each
 * passed or failed with the numbers that decided it. Formatters (text, JUnit, Markdown) render it.
 */

export interface CheckCase {
  /** What was checked, as the user wrote it or as meshsim names it ("p99 < 120ms", "latency p99 vs baseline"). */
  name: string;
  passed: boolean;
  /** The measured value, formatted ("93 ms"). */
  value: string;
  /** The limit it was held to, formatted ("< 120 ms"). */
  limit: string;
  /** One line saying why it passed or failed. */
  message: string;
  /** Where the check was written (file:line), when it came from a file. */
  origin?: string;
}

export interface CheckSuite {
  name: string;
  cases: CheckCase[];
  /** A table with the detail behind the suite (baseline diff, replications), for Markdown. */
  detail?: { header: string[]; rows: string[][] };
  /** Notes shown with the suite (e.g. the scenario names differ). */
  notes?: string[];
}

export interface CheckReport {
  /** What was checked: the scenario or results directory. */
  subject: string;
  suites: CheckSuite[];
}

export function counts(r: CheckReport): { passed: number; failed: number } {
  const all = r.suites.flatMap((s) => s.cases);
  const failed = all.filter((c) => !c.passed).length;
  return { passed: all.length - failed, failed };
}

/** 0 when everything passed, 1 when something regressed (bad input never gets here: it is exit 2). */
export function exitCode(r: CheckReport): 0 | 1 {
  return counts(r).failed > 0 ? 1 : 0;
}
