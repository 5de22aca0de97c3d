/**
 * User-facing problems found in input files: each names the file, the line and the field path.
 *
 * Loading collects every problem instead of stopping at the first, so a user fixes a scenario in
 * one pass. Errors stop the run (exit code 2); warnings are printed and recorded in the outputs.
 * Broken internal invariants are not diagnostics: they throw.
 */

import { escapeControl, MAX_ECHO, shorten } from './escape.js';

/** `info`: worth knowing, never a problem (istioctl analyze's Info level); `--strict` ignores it. */
export type Severity = 'error' | 'warning' | 'info';
export type FieldPath = ReadonlyArray<string | number>;

export interface Diagnostic {
  severity: Severity;
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Field path as users write it, e.g. `clusters[2].zones[0]`. */
  path: string;
  message: string;
  /** The check that found it: an Istio analyzer code (`IST0101`) or meshsim's own (`MS0101`); see src/analysis/catalogue.ts. */
  code?: string;
  /** How to fix it, in one sentence. */
  hint?: string;
}

/** What a coded finding adds to a diagnostic. */
export interface DiagnosticExtra {
  code?: string;
  hint?: string;
}

/** Maps a field path to its position in the source file. */
export type Locator = (path: FieldPath) => { line: number; column: number } | undefined;

/** Longest path shown in full; deeper paths keep their first and last steps. */
const MAX_PATH_STEPS = 12;
const ELIDED: unique symbol = Symbol('elided');

/**
 * Formats a path as `clusters[2].zones[0]` (keys with dots or slashes are quoted). Long keys are
 * shortened and very deep paths elided in the middle, so a hostile file cannot make one line huge.
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  const steps: (string | number | typeof ELIDED)[] = path.length > MAX_PATH_STEPS ? [...path.slice(0, MAX_PATH_STEPS - 3), ELIDED, ...path.slice(-2)] : [...path];
  for (const p of steps) {
    if (typeof p === 'symbol') out += `…(${path.length - MAX_PATH_STEPS + 1} more levels)…`;
    else if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p) && p.length <= MAX_ECHO) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(shorten(p))}]`;
  }
  return out === '' ? '(root)' : out;
}



/** Longest message kept: one that echoes a huge value or lists thousands of names is cut. */
const MAX_MESSAGE = 1000;

/** Problems listed at most per load; a file with thousands of mistakes is summarised after these. */
export const MAX_DIAGNOSTICS = 200;

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** Problems beyond MAX_DIAGNOSTICS, counted but not kept (nor located: that costs time). */
  dropped = 0;
  private droppedErrors = 0;

  add(severity: Severity, file: string, locate: Locator | undefined, path: FieldPath, message: string, extra: DiagnosticExtra = {}): void {
    if (this.items.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      if (severity === 'error') this.droppedErrors++;
      return;
    }
    const pos = locate?.(path);
    this.items.push({
      severity,
      file,
      line: pos?.line,
      column: pos?.column,
      path: formatPath(path),
      message: shorten(message, MAX_MESSAGE),
      ...(extra.code !== undefined ? { code: extra.code } : {}),
      ...(extra.hint !== undefined ? { hint: shorten(extra.hint, MAX_MESSAGE) } : {}),
    });
  }

  error(file: string, locate: Locator | undefined, path: FieldPath, message: string, extra?: DiagnosticExtra): void {
    this.add('error', file, locate, path, message, extra);
  }

  warning(file: string, locate: Locator | undefined, path: FieldPath, message: string, extra?: DiagnosticExtra): void {
    this.add('warning', file, locate, path, message, extra);
  }

  info(file: string, locate: Locator | undefined, path: FieldPath, message: string, extra?: DiagnosticExtra): void {
    this.add('info', file, locate, path, message, extra);
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  get infos(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'info');
  }

  get hasErrors(): boolean {
    return this.droppedErrors > 0 || this.items.some((d) => d.severity === 'error');
  }
}

/**
 * `file:line:column: error: path: message [CODE]` — the form editors and CI logs link to — and,
 * for a finding with a fix hint, a second line `  fix: ...` (indented, so problem matchers that
 * read the first line are not confused). Control characters from the input (in names, values,
 * keys) are shown as escapes, never sent raw.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${shorten(d.file, 4 * MAX_ECHO)}:${d.line}:${d.column ?? 1}` : shorten(d.file, 4 * MAX_ECHO);
  const code = d.code !== undefined ? ` [${d.code}]` : '';
  const line = escapeControl(`${where}: ${d.severity}: ${d.path}: ${shorten(d.message, MAX_MESSAGE)}${code}`);
  return d.hint === undefined ? line : `${line}\n  fix: ${escapeControl(shorten(d.hint, MAX_MESSAGE))}`;
}

/** Thrown by loaders when input has errors; carries every diagnostic (errors and warnings). */
export class InputError extends Error {
  /** `dropped`: further problems found but not listed (see MAX_DIAGNOSTICS). */
  constructor(readonly diagnostics: Diagnostic[], readonly dropped = 0) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
  }
}
