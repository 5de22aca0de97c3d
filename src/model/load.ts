/**
 * Loads a scenario file: YAML/JSON syntax, schema, qualification, referenced policy files.
 * Collects every problem with file, line and field path; throws InputError if any is an error.
 */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { alternatives, child, schemasAt, type Walkable } from './schema-walk.js';
import { canonicalJson } from './canonical-json.js';
import { Diagnostics, formatPath, InputError, type Diagnostic, type FieldPath, type Locator } from './diagnostics.js';
import { qualifyScenario } from './qualify.js';
import { loadScenarioIstio } from './scenario-istio.js';
import type { Scenario } from './scenario.js';
import { ScenarioSchema } from './schema.js';
import { describeSchemaIssues, describeValue } from './schema-issues.js';
import { parseYamlDocuments, type SourceDocument } from './yaml-source.js';
import { readInputFile } from './read-input.js';
import { shorten } from './escape.js';
import { groupDigits, LIMITS } from './limits.js';
import { checkScenarioSize } from './size-limits.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** Warnings found while loading (errors throw). */
  warnings: Diagnostic[];
  /** sha256 of the scenario and its policy files, as canonical JSON. */
  hash: string;
  /** Positions of the scenario file's fields, for problems found after loading (limits, plug-ins). */
  locate: Locator;
}

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: FieldPath): unknown {
  let v = data;
  for (const p of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

/**
 * Patches `data` so the field at `path` (or the nearest enclosing field that allows it) passes the
 * schema, without changing what the cross-reference checks see: an unknown field, a label or an
 * optional field is removed; a field that accepts 1 (counts, durations, rates, sizes, delays) is
 * set to 1. A nested text field (a name, a namespace, a cluster reference, ...) and a list item
 * are never patched: a stand-in would mislead the checks. Returns the patched path, or undefined
 * if nothing fits.
 */
function patch(data: unknown, path: FieldPath): FieldPath | undefined {
  for (let k = path.length; k >= 1; k--) {
    const at = path.slice(0, k);
    const key = at[k - 1];
    const parent = valueAt(data, at.slice(0, -1));
    // A list item is never patched (a stand-in port or zone would be checked); its list may be.
    if (parent === null || typeof parent !== 'object' || typeof key === 'number') continue;
    const container = parent as Record<string | number, unknown>;
    const parents = schemasAt(at.slice(0, -1));
    if (parents.length === 0) continue;
    const fields = parents.map((s) => child(s, key));
    const known = fields.filter((f): f is Walkable => f !== undefined);
    const isText = known.length > 0 && known.every((f) => alternatives(f).every((s) => s._zod.def.type === 'string'));
    if (typeof key === 'string' && (known.length === 0 || parents.every((s) => s._zod.def.type === 'record'))) {
      delete container[key];
      return at;
    }
    if (known.some((f) => f.safeParse(1).success)) {
      container[key] = 1;
      return at;
    }
    if (isText && at.length > 1) return undefined;
    if (isText && known.some((f) => f.safeParse('x').success)) {
      container[key] = 'x';
      return at;
    }
    if (typeof key === 'string' && known.every((f) => f.safeParse(undefined).success)) {
      delete container[key];
      return at;
    }
  }
  return undefined;
}

/**
 * After schema errors, checks the rest too (unknown clusters, services, ...), so one pass lists
 * every problem: the bad fields are patched out and the patched scenario is qualified. Problems
 * at or around a patched field are dropped (they would be about the patch, not the user's text).
 * When a required field cannot be patched, nothing more is reported.
 */
function checkBeyondSchemaErrors(doc: SourceDocument, issues: Issue[], file: string, diags: Diagnostics): void {
  // With this many mistakes the file is not what the user meant; the schema's findings suffice.
  if (issues.length > MAX_PATCHED_ISSUES) return;
  const data = structuredClone(doc.data);
  const patched: string[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const targets = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
    for (const t of targets) {
      const at = patch(data, t);
      if (at === undefined) return;
      patched.push(formatPath(at));
    }
  }
  const reparsed = ScenarioSchema.safeParse(data);
  if (!reparsed.success) return;
  const more = new Diagnostics();
  qualifyScenario(reparsed.data, file, doc.locate, more);
  loadPolicies(reparsed.data.policies, file, doc.locate, more);
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  for (const d of more.items) if (d.file !== file || !patched.some((p) => related(d.path, p))) diags.items.push(d);
}

const MAX_PATCHED_ISSUES = 50;

function loadPolicies(raw: unknown[], file: string, locate: Locator, diags: Diagnostics): SourceDocument[] {
  const docs: SourceDocument[] = [];
  let bytes = 0;
  let tooMany = false;
  raw.forEach((p, i) => {
    if (tooMany) return;
    if (typeof p === 'string') {
      // Named as the user would write it (relative paths stay relative), read from the real place.
      const path = isAbsolute(p) ? p : join(dirname(file), p);
      if (bytes > LIMITS.totalInputBytes) return;
      const read = p === '' ? { ok: false as const, reason: 'the path is empty' } : readInputFile(resolve(path));
      if (!read.ok) {
        diags.error(file, locate, ['policies', i], `cannot read policy file "${shorten(p)}": ${read.reason} (looked for ${shorten(path)})`);
        return;
      }
      bytes += read.text.length;
      if (bytes > LIMITS.totalInputBytes) {
        diags.error(file, locate, ['policies', i], `the policy files add up to more than ${LIMITS.totalInputBytes / 1024 / 1024} MiB; meshsim reads at most that much (README "Input limits")`);
        return;
      }
      docs.push(...parseYamlDocuments(read.text, path, diags));
    } else {
      // An inline resource: its positions are those of the scenario file, under policies[i].
      docs.push({ file, data: p, locate: (sub) => locate(['policies', i, ...sub]) });
    }
    if (docs.length > LIMITS.istioResources && !tooMany) {
      tooMany = true;
      diags.error(file, locate, ['policies', i], `the policies hold more than ${groupDigits(LIMITS.istioResources)} Istio resources; meshsim reads at most ${groupDigits(LIMITS.istioResources)} (README "Input limits")`);
    }
  });
  return tooMany ? [] : docs;
}

/**
 * Lists in Istio resources are at most LIMITS.listItems long (the scenario's own lists are bounded
 * by its schema): Istio's checks compare some items pairwise (duplicate hosts, overlapping
 * matches), so a resource with 30,000 hosts would take minutes to validate.
 */
function checkListLengths(doc: SourceDocument, diags: Diagnostics): void {
  // Each value with its parent's entry: a path is made only for a list that is too long.
  type Entry = { v: unknown; key: string | number; parent: Entry | undefined };
  const pathOf = (e: Entry): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let x: Entry | undefined = e; x?.parent !== undefined; x = x.parent) path.push(x.key);
    return path.reverse();
  };
  const stack: Entry[] = [{ v: doc.data, key: '', parent: undefined }];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const v = e.v;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      if (v.length > LIMITS.listItems) {
        diags.error(doc.file, doc.locate, pathOf(e), `a list of at most ${groupDigits(LIMITS.listItems)} items (README "Input limits"), got ${groupDigits(v.length)}`);
        continue;
      }
      v.forEach((x, i) => stack.push({ v: x, key: i, parent: e }));
    } else {
      for (const [k, x] of Object.entries(v)) stack.push({ v: x, key: k, parent: e });
    }
  }
}

/** Throws every diagnostic collected so far, in file and line order. */
function fail(diags: Diagnostics): never {
  const files = new Map<string, number>();
  for (const d of diags.items) if (!files.has(d.file)) files.set(d.file, files.size);
  const sorted = diags.items
    .map((d, i) => ({ d, i }))
    .sort((x, y) => files.get(x.d.file)! - files.get(y.d.file)! || (x.d.line ?? 0) - (y.d.line ?? 0) || x.i - y.i);
  throw new InputError(sorted.map((x) => x.d), diags.dropped);
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
    for (const d of describeSchemaIssues(parsed.error.issues, ScenarioSchema)) diags.error(file, doc.locate, d.path, d.message);
    checkBeyondSchemaErrors(doc, parsed.error.issues, file, diags);
    fail(diags);
  }
  const qualified = qualifyScenario(parsed.data, file, doc.locate, diags);
  const policyDocuments = loadPolicies(parsed.data.policies, file, doc.locate, diags);
  for (const d of policyDocuments) checkListLengths(d, diags);
  if (!diags.hasErrors) checkScenarioSize(qualified, doc.locate, diags);
  if (diags.hasErrors) fail(diags);
  const istio = loadScenarioIstio(qualified, policyDocuments, diags);
  if (diags.hasErrors) fail(diags);
  const hash = createHash('sha256')
    .update(canonicalJson({ scenario: doc.data, policies: policyDocuments.map((d) => d.data) }))
    .digest('hex');
  return { scenario: { ...qualified, istio }, warnings: diags.warnings, hash, locate: doc.locate };
}

export function loadScenarioFile(file: string): LoadedScenario {
  const read = readInputFile(file);
  if (!read.ok) throw new InputError([{ severity: 'error', file, path: '(file)', message: `cannot read scenario: ${read.reason}` }]);
  return loadScenarioText(read.text, file);
}
