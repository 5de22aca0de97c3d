/**
 * Reporting for one Istio resource: diagnostics carry the document's file and the line of the
 * field, and zod issues become messages that name the field the way kubectl does.
 */
import type { z } from 'zod';
import type { DiagnosticExtra, Diagnostics, FieldPath, Locator } from '../model/diagnostics.js';

/** Reports problems at paths relative to one resource (its root holds apiVersion, kind, spec). */
export interface Reporter {
  /** `extra`: the analyzer code and fix hint of a check istioctl analyze also makes (src/analysis/catalogue.ts). */
  error(path: FieldPath, message: string, extra?: DiagnosticExtra): void;
  warning(path: FieldPath, message: string, extra?: DiagnosticExtra): void;
}

/** A reporter for the resource at `prefix` (e.g. `['items', 2]` in a `kind: List`) of a document. */
export function resourceReporter(diags: Diagnostics, file: string, locate: Locator, prefix: FieldPath): Reporter {
  return {
    error: (path, message, extra) => diags.error(file, locate, [...prefix, ...path], message, extra),
    warning: (path, message, extra) => diags.warning(file, locate, [...prefix, ...path], message, extra),
  };
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

const EXPECTED: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

/** Turns zod issues for `spec` into diagnostics; `kind` names the API in unknown-field messages. */
export function reportZodIssues(issues: readonly z.core.$ZodIssue[], base: FieldPath, kind: string, report: Reporter): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const k of issue.keys) report.error([...path, k], `unknown field "${k}": not part of the Istio ${kind} API`);
        break;
      case 'invalid_type':
        if (issue.input === undefined) report.error(path, 'required field is missing');
        else report.error(path, `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`);
        break;
      case 'invalid_value':
        report.error(path, `expected one of ${issue.values.map(String).join(', ')}; got ${describeValue(issue.input)}`);
        break;
      case 'too_small':
        report.error(path, issue.origin === 'array' ? `needs at least ${issue.minimum} item(s)` : `must be >= ${issue.minimum}, got ${describeValue(issue.input)}`);
        break;
      case 'too_big':
        report.error(path, issue.origin === 'array' ? `at most ${issue.maximum} item(s) allowed` : `must be <= ${issue.maximum}, got ${describeValue(issue.input)}`);
        break;
      case 'invalid_format':
        report.error(path, `${issue.message}; got ${describeValue(issue.input)}`);
        break;
      default:
        report.error(path, issue.message);
    }
  }
}
