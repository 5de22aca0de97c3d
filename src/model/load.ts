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

type Issue = z.core.$ZodIssue;
type Described = { path: FieldPath; message: string };

/** Turns a zod issue into messages that name the field's mistake in the user's terms. */
function describeIssue(issue: Issue): Described[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], message: unknownFieldMessage(k, knownFields(path, issue.input, issue.keys)) }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: `required field is missing (expected ${typeName(issue.expected)})` }];
      return [{ path, message: `expected ${typeName(issue.expected)}, got ${got}${quoteHint(issue.expected, issue.input)}` }];
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array') {
        if (small && bound === 1) return [{ path, message: 'must list at least one item, got an empty list' }];
        return [{ path, message: `must list ${small ? 'at least' : 'at most'} ${bound} items, got ${Array.isArray(issue.input) ? issue.input.length : got}` }];
      }
      if (issue.origin === 'string') return [{ path, message: small && bound === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${bound} characters long` }];
      if (small && bound === 0 && issue.inclusive) return [{ path, message: `must not be negative, got ${got}` }];
      return [{ path, message: `must be ${small ? '>' : '<'}${issue.inclusive ? '=' : ''} ${bound}, got ${got}` }];
    }
    case 'invalid_value':
      return [{ path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}` }];
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${got}` }];
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator' && issue.discriminator) {
        // zod already puts the discriminator at the end of the path.
        const value = issue.input !== null && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[issue.discriminator] : undefined;
        const options = (issue.options ?? []).map((o) => String(o)).join(', ');
        const dpath = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
        if (value === undefined) return [{ path: dpath, message: `required field is missing: one of ${options}` }];
        return [{ path: dpath, message: `unknown ${issue.discriminator} ${describeValue(value)}; expected one of ${options}` }];
      }
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length === 0) return [{ path, message: issue.message }];
      // The input's kind matches no branch (e.g. a list where a duration or a mapping is expected).
      const rootTypes = branches.map(rootTypeMismatch);
      if (rootTypes.every((t) => t !== undefined)) {
        const expected = [...new Set(rootTypes.flat() as string[])].map(typeName).join(' or ');
        return [{ path, message: `expected ${expected}, got ${got}` }];
      }
      // Otherwise describe the branch the user most likely meant: the one that knows most of the
      // input's fields, then the one whose errors went deepest.
      const best = [...branches]
        .filter((_, i) => rootTypes[i] === undefined)
        .sort((x, y) => unknownKeyCount(x) - unknownKeyCount(y) || depth(y) - depth(x))[0];
      return best.flatMap((i) => describeIssue({ ...i, path: [...path, ...i.path] } as Issue));
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** The types a branch expected, when the branch failed only because the input is of another kind. */
function rootTypeMismatch(branch: Issue[]): string[] | undefined {
  if (branch.length !== 1 || branch[0].path.length > 0) return undefined;
  const i = branch[0];
  if (i.code === 'invalid_type') return [i.expected];
  if (i.code === 'invalid_union') {
    const nested = i.errors.map(rootTypeMismatch);
    return nested.every((t) => t !== undefined) ? nested.flat() as string[] : undefined;
  }
  return undefined;
}

function unknownKeyCount(branch: Issue[]): number {
  return branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 0), 0);
}

function depth(issues: Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' && i.input === undefined ? 0 : 0.5)));
}

function typeName(t: string): string {
  const names: Record<string, string> = { number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping' };
  return names[t] ?? t;
}

/** YAML reads `istio: 1.20` as the number 1.2; say how to keep the text. */
function quoteHint(expected: string, input: unknown): string {
  return expected === 'string' && (typeof input === 'number' || typeof input === 'boolean') ? ` (write it in quotes to keep it as text)` : '';
}

function unknownFieldMessage(key: string, known: string[]): string {
  const near = known
    .map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.min(2, Math.floor(Math.max(k.length, key.length) / 3)))
    .sort((a, b) => a.d - b.d)[0];
  if (near) return `unknown field "${key}"; did you mean "${near.k}"?`;
  return known.length > 0 ? `unknown field "${key}"; valid fields here: ${known.join(', ')}` : `unknown field "${key}"`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Minimal view of zod's schema definitions, enough to walk the scenario schema by field path. */
interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  element?: { _zod: { def: SchemaDef } };
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  options?: { _zod: { def: SchemaDef } }[];
}

/** The object schemas a field path may lead to (several where the schema has unions). */
function objectsAt(def: SchemaDef, path: FieldPath): SchemaDef[] {
  const inner = def.innerType ?? def.in;
  if (inner) return objectsAt(inner._zod.def, path);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => objectsAt(o._zod.def, path));
  if (path.length === 0) return def.type === 'object' ? [def] : [];
  const [head, ...rest] = path;
  if (def.type === 'object' && typeof head === 'string' && def.shape?.[head]) return objectsAt(def.shape[head]._zod.def, rest);
  if (def.type === 'array' && typeof head === 'number' && def.element) return objectsAt(def.element._zod.def, rest);
  return [];
}

/** The field names valid in the mapping at `path`, judged by the fields of `input` that were recognised. */
function knownFields(path: FieldPath, input: unknown, unknown: string[]): string[] {
  const objects = objectsAt((ScenarioSchema as unknown as { _zod: { def: SchemaDef } })._zod.def, path);
  const used = input !== null && typeof input === 'object' ? Object.keys(input).filter((k) => !unknown.includes(k)) : [];
  const fitting = objects.filter((o) => used.every((k) => o.shape !== undefined && k in o.shape));
  return [...new Set((fitting.length > 0 ? fitting : objects).flatMap((o) => Object.keys(o.shape ?? {})))];
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
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
        diags.error(file, locate, ['policies', i], `cannot read policy file "${p}": ${readError(e)} (looked for ${path})`);
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

/** Throws every diagnostic collected so far, in file and line order. */
function fail(diags: Diagnostics): never {
  const order = (d: Diagnostic) => d.line ?? 0;
  const sorted = diags.items.map((d, i) => ({ d, i })).sort((x, y) => (x.d.file === y.d.file ? order(x.d) - order(y.d) : 0) || x.i - y.i);
  throw new InputError(sorted.map((x) => x.d));
}

const FIRST_LINE: Locator = () => ({ line: 1, column: 1 });

/** Parses scenario text. `file` names it in messages and anchors relative policy paths. */
export function loadScenarioText(text: string, file: string): LoadedScenario {
  const diags = new Diagnostics();
  const docs = parseYamlDocuments(text, file, diags);
  if (diags.hasErrors) fail(diags);
  if (docs.length === 0) {
    diags.error(file, FIRST_LINE, [], 'the file is empty: a scenario needs at least name, clusters, services and traffic');
    fail(diags);
  }
  if (docs.length > 1) {
    diags.error(file, docs[1].locate, [], `expected one YAML document, found ${docs.length}: a scenario file holds one scenario (remove the "---" separators; put Istio resources in policy files)`);
    fail(diags);
  }
  const doc = docs[0];
  if (doc.data === null || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    diags.error(file, doc.locate, [], `a scenario is a mapping of fields (name, clusters, services, traffic, ...), got ${describeValue(doc.data)}`);
    fail(diags);
  }
  const parsed = ScenarioSchema.safeParse(doc.data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) for (const d of describeIssue(issue)) diags.error(file, doc.locate, d.path, d.message);
    fail(diags);
  }
  const qualified = qualifyScenario(parsed.data, file, doc.locate, diags);
  const policyDocuments = loadPolicies(parsed.data.policies, file, doc.locate, diags);
  if (diags.hasErrors) fail(diags);
  const hash = createHash('sha256')
    .update(canonicalJson({ scenario: doc.data, policies: policyDocuments.map((d) => d.data) }))
    .digest('hex');
  return { scenario: { ...qualified, policyDocuments }, warnings: diags.warnings, hash };
}

const READ_ERRORS: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied' };

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === undefined ? String(e) : `${READ_ERRORS[code] ?? code}`;
}

export function loadScenarioFile(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ severity: 'error', file, path: '(file)', message: `cannot read scenario: ${readError(e)}` }]);
  }
  return loadScenarioText(text, file);
}
