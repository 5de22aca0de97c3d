/** Shared helpers for the hostile-input tests: a base scenario, loading with diagnostics, the CLI. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { InputError, type Diagnostic } from '../../src/model/diagnostics.js';
import { loadScenarioText } from '../../src/model/load.js';

/** helloworld-failover: outlier detection, a fault, a policy file (relative to scenarios/). */
export const FAILOVER = readFileSync('scenarios/helloworld-failover.yaml', 'utf8');
/** helloworld-two-clusters: no policies. */
export const TWO_CLUSTERS = readFileSync('scenarios/helloworld-two-clusters.yaml', 'utf8');

/** Loads `text` as if it were a file in scenarios/ (so relative policy paths resolve). */
export const FILE = 'scenarios/hostile.yaml';

/** The error diagnostics of loading `text`; fails the test if it loads. */
export function errorsOf(text: string, file = FILE): { errors: Diagnostic[]; dropped: number } {
  try {
    loadScenarioText(text, file);
  } catch (e) {
    if (e instanceof InputError) return { errors: e.diagnostics.filter((d) => d.severity === 'error'), dropped: e.dropped };
    throw e;
  }
  throw new Error('the scenario loaded without errors');
}

export const cli = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) =>
  spawnSync(process.execPath, [`${process.cwd()}/dist/src/cli/main.js`, ...args], { encoding: 'utf8', timeout: options.timeout ?? 30_000, cwd: options.cwd, env: options.env });

/** Text a bug would print: stack frames, JavaScript error names, internal messages. */
export const INTERNAL = /\n\s+at .+[(:]\d+|TypeError|ReferenceError|RangeError|Maximum call stack|Cannot read propert|is not a function|\[object Object\]|internal error/;

/** Characters that must never reach the terminal raw. */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
