/**
 * What a fuzz case's outcome must look like: exit 0 with a complete, sane result set, or exit 2
 * with a clear message; never a stack trace, internal error text or a raw control character on
 * the terminal. Returns the problems found (empty: the outcome is fine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../../src/model/limits.js';

/** Text that only a bug prints: stack frames, JavaScript error names, internal messages. */
const INTERNAL = [
  /\n\s+at .+[(:]\d+/,
  /\bTypeError\b/,
  /\bReferenceError\b/,
  /\bRangeError\b(?!: no)/, // the fuzz plug-in "throws-in-newpicker" throws RangeError('no') on purpose
  /Maximum call stack/,
  /Cannot read propert/,
  /is not a function/,
  /is not iterable/,
  /\[object Object\]/,
  /internal error/,
  /undefined is not/,
  /conservation violated/,
];

/** Characters that must never reach a terminal raw (newline is the only control allowed). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const RESULT_FILES = ['summary.json', 'routes.csv', 'timeline.csv', 'endpoints.csv', 'ejections.csv'];

/** Splits one CSV line into cells (RFC 4180 quoting). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  return cells;
}

/** Problems in a result folder written by a run that exited 0. */
export function checkResultSet(dir: string): string[] {
  const problems: string[] = [];
  for (const f of RESULT_FILES) if (!existsSync(join(dir, f))) problems.push(`missing ${f}`);
  if (problems.length > 0) return problems;
  let summary: Record<string, unknown>;
  const text = readFileSync(join(dir, 'summary.json'), 'utf8');
  try {
    summary = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return ['summary.json is not JSON'];
  }
  if (RAW_CONTROL.test(text.replace(/\n/g, ''))) problems.push('summary.json holds a raw control character');
  const req = summary.requests as Record<string, number>;
  if (!(Number.isInteger(req.generated) && req.generated >= 0 && req.counted <= req.generated && req.succeeded + req.failed === req.counted)) problems.push(`request counts do not add up: ${JSON.stringify(req)}`);
  const insane = (v: unknown) => typeof v === 'number' && !(Number.isFinite(v) && v >= 0 && v < 1e30);
  for (const v of Object.values(summary.latencyMs as Record<string, unknown>)) if (v !== null && insane(v)) problems.push(`latency ${v}`);
  for (const b of Object.values(summary.bytesByPathClass as Record<string, Record<string, number>>)) {
    for (const v of Object.values(b)) if (insane(v)) problems.push(`byte count ${v}`);
  }
  const run = summary.run as Record<string, number | null>;
  if (run.simulatedMs === null || insane(run.simulatedMs)) problems.push(`simulated time ${run.simulatedMs}`);
  for (const f of RESULT_FILES.filter((x) => x.endsWith('.csv'))) {
    const lines = readFileSync(join(dir, f), 'utf8').split(/\r?\n/);
    if (f === 'timeline.csv' && lines.length > LIMITS.timelineRows + 3) problems.push(`timeline.csv has ${lines.length} lines`);
    for (const line of lines.slice(1)) {
      for (const cell of csvCells(line)) {
        if (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell)) problems.push(`${f}: formula-like cell ${JSON.stringify(cell.slice(0, 40))}`);
        if (/^(NaN|Infinity|-Infinity)$/.test(cell)) problems.push(`${f}: cell ${cell}`);
      }
    }
  }
  return problems;
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `check` exits 1 on a regression (its report says how many failed); nothing else may exit 1. */
function isRegression(o: Outcome, command: string | undefined): boolean {
  return command === 'check' && o.code === 1 && /^\d+ passed, [1-9]\d* failed$/m.test(o.stdout);
}

/** Problems in what the CLI printed and returned. `command`: the command run (argv[0]). */
export function checkOutcome(o: Outcome, command?: string): string[] {
  const problems: string[] = [];
  if (o.code !== 0 && o.code !== 2 && !isRegression(o, command)) problems.push(`exit code ${o.code}`);
  for (const re of INTERNAL) if (re.test(o.stderr) || re.test(o.stdout)) problems.push(`internal text ${re}`);
  if (RAW_CONTROL.test(o.stderr) || RAW_CONTROL.test(o.stdout)) problems.push('raw control character printed');
  if (o.code === 2) {
    const last = o.stderr.trimEnd().split('\n').at(-1) ?? '';
    const clear = /nothing was run and no files were written\.$|no files were written\.$|run the same command to resume$|^meshsim: /m.test(o.stderr) && last.length > 0;
    if (!clear) problems.push('exit 2 without a clear message');
  }
  if (o.stdout.length + o.stderr.length > 4_000_000) problems.push('more than 4 MB printed');
  return problems;
}

/** Problems in the cells of a CSV meshsim wrote (formula-like text, NaN, Infinity). */
function csvProblems(file: string): string[] {
  const problems: string[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    if (line.startsWith('#')) continue;
    for (const cell of csvCells(line)) {
      if (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell)) problems.push(`${file}: formula-like cell ${JSON.stringify(cell.slice(0, 40))}`);
      if (/^(NaN|Infinity|-Infinity)$/.test(cell)) problems.push(`${file}: cell ${cell}`);
    }
  }
  return problems.slice(0, 5);
}

/**
 * Problems in what a command that exited 0 wrote or printed (`argv` with the case folder filled
 * in): run's result set, sweep's CSVs, compare's result set, report's page, check's summary line.
 */
export function checkCommandOutputs(argv: readonly string[], o: Outcome): string[] {
  if (o.code !== 0) return [];
  const at = argv.lastIndexOf('--out');
  const out = at >= 0 ? argv[at + 1] : undefined;
  switch (argv[0]) {
    case 'run':
      return checkResultSet(out ?? join('results', 'unknown'));
    case 'sweep': {
      if (out === undefined || argv.includes('--shard')) return [];
      const files = ['tidy.csv', 'aggregate.csv'].map((f) => join(out, f));
      const missing = files.filter((f) => !existsSync(f));
      return missing.length > 0 ? missing.map((f) => `missing ${f}`) : files.flatMap(csvProblems);
    }
    case 'compare': {
      if (out === undefined) return [];
      if (!existsSync(join(out, 'compare.json'))) return ['missing compare.json'];
      try {
        JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
      } catch {
        return ['compare.json is not JSON'];
      }
      return csvProblems(join(out, 'compare.csv'));
    }
    case 'report':
      return out !== undefined && !existsSync(out) ? [`missing ${out}`] : [];
    case 'check':
      return /^\d+ passed, 0 failed$/m.test(o.stdout) ? [] : ['check exited 0 without "N passed, 0 failed"'];
    default:
      return [];
  }
}
