/**
 * Loads a scenario file: YAML/JSON syntax, schema, qualification, referenced policy files.
 * Collects every problem with file, line and field path; throws InputError if any is an error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { Diagnostics, InputError, type Diagnostic, type FieldPath, type Locator } from './diagnostics.js';
import { qualifyScenario } from './qualify.js';
import type { Scenario } from './scenario.js';
import { ScenarioSchema } from './schema.js';
import { parseYamlDocuments, type SourceDocument } from './yaml-source.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** Warnings found while loading (errors throw). */
  warnings: Diagnostic[];
  /** sha256 of the scenario and its policy files, as canonical JSON. */
  hash: string;
}

function describeIssue(issue: z.core.$ZodIssue): { path: FieldPath; message: string }[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], message: `unknown field "${k}"` }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: `required field is missing (expected ${issue.expected})` }];
      return [{ path, message: `expected ${issue.expected}, got ${describeValue(issue.input)}` }];
    case 'invalid_union': {
      // Prefer the branch whose errors went deepest (the one the user most likely meant).
      const branches = issue.errors;
      if (branches.length > 0) {
        const best = [...branches].sort((a, b) => depth(b) - depth(a))[0];
        if (best.length > 0 && depth(best) > 0) return best.flatMap((i) => describeIssue({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue));
        const msgs = branches.flat().map((i) => i.message).filter((m) => !m.startsWith('Invalid input'));
        if (msgs.length > 0) return [{ path, message: [...new Set(msgs)].join('; or ') }];
      }
      if ('note' in issue && issue.note === 'No matching discriminator') return [{ path: [...path, ...(issue.discriminator ? [issue.discriminator] : [])], message: issue.message }];
      return [{ path, message: `${issue.message} (got ${describeValue(issue.input)})` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' && i.input === undefined ? 0 : 0.5)));
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Canonical JSON (sorted keys) so the hash ignores formatting and key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function loadPolicies(raw: unknown[], file: string, locate: Locator, diags: Diagnostics): SourceDocument[] {
  const docs: SourceDocument[] = [];
  raw.forEach((p, i) => {
    if (typeof p === 'string') {
      // Named as the user would write it (relative paths stay relative), read from the real place.
      const path = join(dirname(file), p);
      let text: string;
      try {
        text = readFileSync(resolve(path), 'utf8');
      } catch (e) {
        diags.error(file, locate, ['policies', i], `cannot read policy file "${p}" (${(e as NodeJS.ErrnoException).code ?? 'error'}: ${path})`);
        return;
      }
      docs.push(...parseYamlDocuments(text, path, diags));
    } else {
      // An inline resource: its positions are those of the scenario file, under policies[i].
      docs.push({ file, data: p, locate: (sub) => locate(['policies', i, ...sub]) });
    }
  });
  return docs;
}

/** Parses scenario text. `file` names it in messages and anchors relative policy paths. */
export function loadScenarioText(text: string, file: string): LoadedScenario {
  const diags = new Diagnostics();
  const docs = parseYamlDocuments(text, file, diags);
  if (diags.hasErrors) throw new InputError(diags.items);
  if (docs.length !== 1) {
    diags.error(file, undefined, [], docs.length === 0 ? 'the file is empty' : `expected one YAML document, found ${docs.length}`);
    throw new InputError(diags.items);
  }
  const doc = docs[0];
  if (doc.data === null || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    diags.error(file, doc.locate, [], `a scenario is a mapping of fields (name, clusters, services, traffic, ...), got ${describeValue(doc.data)}`);
    throw new InputError(diags.items);
  }
  const parsed = ScenarioSchema.safeParse(doc.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) for (const d of describeIssue(issue)) diags.error(file, doc.locate, d.path, d.message);
    throw new InputError(diags.items);
  }
  const qualified = qualifyScenario(parsed.data, file, doc.locate, diags);
  const policyDocuments = loadPolicies(parsed.data.policies, file, doc.locate, diags);
  if (diags.hasErrors) throw new InputError(diags.items);
  const hash = createHash('sha256')
    .update(canonicalJson({ scenario: doc.data, policies: policyDocuments.map((d) => d.data) }))
    .digest('hex');
  return { scenario: { ...qualified, policyDocuments }, warnings: diags.warnings, hash };
}

export function loadScenarioFile(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ severity: 'error', file, path: '(file)', message: `cannot read scenario (${(e as NodeJS.ErrnoException).code ?? String(e)})` }]);
  }
  return loadScenarioText(text, file);
}
