/**
 * User-facing problems found in input files: each names the file, the line and the field path.
 *
 * Loading collects every problem instead of stopping at the first, so a user fixes a scenario in
 * one pass. Errors stop the run (exit code 2); warnings are printed and recorded in the outputs.
 * Broken internal invariants are not diagnostics: they throw.
 */

export type Severity = 'error' | 'warning';
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
}

/** Maps a field path to its position in the source file. */
export type Locator = (path: FieldPath) => { line: number; column: number } | undefined;

/** Formats a path as `clusters[2].zones[0]` (keys with dots or slashes are quoted). */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === '' ? '(root)' : out;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  add(severity: Severity, file: string, locate: Locator | undefined, path: FieldPath, message: string): void {
    const pos = locate?.(path);
    this.items.push({ severity, file, line: pos?.line, column: pos?.column, path: formatPath(path), message });
  }

  error(file: string, locate: Locator | undefined, path: FieldPath, message: string): void {
    this.add('error', file, locate, path, message);
  }

  warning(file: string, locate: Locator | undefined, path: FieldPath, message: string): void {
    this.add('warning', file, locate, path, message);
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** `file:line:column: error: path: message` — the form editors and CI logs link to. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  return `${where}: ${d.severity}: ${d.path}: ${d.message}`;
}

/** Thrown by loaders when input has errors; carries every diagnostic (errors and warnings). */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
  }
}
