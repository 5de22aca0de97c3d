/**
 * Reporting for one Istio resource: diagnostics carry the document's file and the line of the
 * field; zod issues become the same messages as the scenario file's (model/schema-issues.ts).
 */
import type { z } from 'zod';
import type { DiagnosticExtra, Diagnostics, FieldPath, Locator } from '../model/diagnostics.js';
import { describeSchemaIssues } from '../model/schema-issues.js';

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

/**
 * Turns zod issues for the part of a resource at `base` (e.g. `['spec']`), parsed with `schema`,
 * into diagnostics worded as the scenario loader words them (model/schema-issues.ts).
 */
export function reportZodIssues(issues: readonly z.core.$ZodIssue[], base: FieldPath, schema: z.core.$ZodType, report: Reporter): void {
  for (const d of describeSchemaIssues(issues, schema)) report.error([...base, ...d.path], d.message);
}
