/**
 * The one place a zod issue becomes a meshsim diagnostic message, for the scenario file and for
 * Istio resources alike, so the same mistake reads the same wherever it is made:
 *
 *   missing field      required field is missing (expected a string)
 *   wrong type         expected an integer, got number 12.5
 *   bad enum value     expected one of "poisson", "constant"; got "poison"; did you mean "poisson"?
 *   unknown field      unknown field "outlierDetections"; did you mean "outlierDetection"?
 *                      unknown field "foo"; valid fields here: host, trafficPolicy, ...
 *   out of range       must not be negative, got -1 / must be <= 65535, got 70000
 *   list length        must list at least one item, got an empty list
 *   bad format         expected a duration such as 250ms, 1.5s, 1m or 1h30m, got "10 seconds"
 *
 * Values the user wrote are quoted and shortened (escape.ts); a list of allowed values is quoted
 * and followed by "; got", so the value given stands apart from the list. Paths stay field paths
 * relative to the schema's root (the caller adds its prefix, e.g. `spec`); Diagnostics formats them.
 */
import type { z } from 'zod';
import { closest } from './did-you-mean.js';
import type { FieldPath } from './diagnostics.js';
import { shorten } from './escape.js';
import { LIMIT_NOTE } from './limits.js';
import { schemasUnder, type Walkable } from './zod-walk.js';

type Issue = z.core.$ZodIssue;

/** One message for one field. */
export interface DescribedIssue {
  path: FieldPath;
  message: string;
}

/**
 * Turns zod issues into messages that name each field's mistake in the user's terms. `root` is
 * the schema that was parsed (it names the valid fields beside an unknown one); issue paths are
 * relative to it. Parse with `{ reportInput: true }` so messages can echo the value given.
 */
export function describeSchemaIssues(issues: readonly Issue[], root: z.core.$ZodType): DescribedIssue[] {
  const walkable = root as unknown as Walkable;
  return issues.flatMap((i) => describeIssue(i, walkable));
}

/** A value from the input as a message names it: `"text"` (shortened), `number 5`, `a list`, ... */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${shorten(v, 41)}"`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return `${typeof v} ${String(v)}`;
}

/** `unknown field "x"; did you mean "y"?`, else the fields valid beside it. */
export function unknownFieldMessage(key: string, known: readonly string[]): string {
  const shown = shorten(key);
  const near = closest(key, known);
  if (near !== undefined) return `unknown field "${shown}"; did you mean "${near}"?`;
  return known.length > 0 ? `unknown field "${shown}"; valid fields here: ${known.join(', ')}` : `unknown field "${shown}"`;
}

/** `expected one of "a", "b"; got "x"` (with a did-you-mean for a near miss). */
export function oneOfMessage(values: readonly unknown[], input: unknown): string {
  const list = values.length === 1 ? `expected ${JSON.stringify(values[0])}` : `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (input === undefined) return `required field is missing (${list})`;
  const near = typeof input === 'string' ? closest(input, values.filter((v): v is string => typeof v === 'string')) : undefined;
  return `${list}; got ${describeValue(input)}${near !== undefined ? `; did you mean ${JSON.stringify(near)}?` : ''}`;
}

function describeIssue(issue: Issue, root: Walkable): DescribedIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownFields(root, path, issue.input, issue.keys);
      return issue.keys.map((k) => ({ path: [...path, k], message: unknownFieldMessage(k, known) }));
    }
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: `required field is missing (expected ${typeName(issue.expected)})` }];
      return [{ path, message: `expected ${typeName(issue.expected)}, got ${got}${quoteHint(issue.expected, issue.input)}` }];
    case 'too_small':
    case 'too_big':
      return [{ path, message: rangeMessage(issue) }];
    case 'invalid_value':
      return [{ path, message: oneOfMessage(issue.values, issue.input) }];
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${got}` }];
    case 'invalid_union':
      return describeUnion(issue, path, root);
    default:
      if (issue.message.includes(LIMIT_NOTE)) return [{ path, message: `${issue.message}, got ${got}` }];
      return [{ path, message: issue.message }];
  }
}

/** Bounds of numbers, lengths of lists and of text. A message naming an input limit is kept. */
function rangeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const input = issue.input;
  const got = describeValue(input);
  const limit = issue.message.includes(LIMIT_NOTE);
  if (issue.origin === 'array') {
    const count = Array.isArray(input) ? String(input.length) : got;
    if (limit && !small) return `${issue.message}, got ${count}`;
    if (small && bound === 1) return 'must list at least one item, got an empty list';
    return `must list ${small ? 'at least' : 'at most'} ${bound} items, got ${count}`;
  }
  if (issue.origin === 'string') {
    if (limit && !small) return `${issue.message}, got ${Array.isArray(input) ? 'a list' : typeof input === 'string' ? `${input.length} characters` : got}`;
    return small && bound === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${bound} characters long`;
  }
  const value = typeof input === 'number' ? String(input) : got;
  if (limit) return `${issue.message}, got ${value}`;
  if (small && bound === 0 && issue.inclusive) return `must not be negative, got ${value}`;
  return `must be ${small ? '>' : '<'}${issue.inclusive ? '=' : ''} ${bound}, got ${value}`;
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion, path: FieldPath, root: Walkable): DescribedIssue[] {
  if ('note' in issue && issue.note === 'No matching discriminator' && issue.discriminator) {
    // zod already puts the discriminator at the end of the path.
    const value = issue.input !== null && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[issue.discriminator] : undefined;
    const options = (issue as { options?: unknown[] }).options ?? [];
    const dpath = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
    return [{ path: dpath, message: oneOfMessage(options, value) }];
  }
  const branches = issue.errors.filter((b) => b.length > 0);
  if (branches.length === 0) return [{ path, message: issue.message }];
  // The input's kind matches no branch (e.g. a list where a duration or a mapping is expected).
  const rootTypes = branches.map(rootTypeMismatch);
  if (rootTypes.every((t) => t !== undefined)) {
    const expected = oneOf([...new Set((rootTypes.flat() as string[]).map(typeName))]);
    if (issue.input === undefined) return [{ path, message: `required field is missing (expected ${expected})` }];
    return [{ path, message: `expected ${expected}, got ${describeValue(issue.input)}` }];
  }
  // Otherwise describe the branch the user most likely meant: the one that knows most of the
  // input's fields, then the one whose errors went deepest.
  const best = [...branches]
    .filter((_, i) => rootTypes[i] === undefined)
    .sort((x, y) => unknownKeyCount(x) - unknownKeyCount(y) || depth(y) - depth(x))[0];
  return best.flatMap((i) => describeIssue({ ...i, path: [...path, ...i.path] } as Issue, root));
}

/** The types a branch expected, when the branch failed only because the input is of another kind. */
function rootTypeMismatch(branch: Issue[]): string[] | undefined {
  if (branch.length !== 1 || branch[0].path.length > 0) return undefined;
  const i = branch[0];
  if (i.code === 'invalid_type') return [i.expected];
  if (i.code === 'invalid_union') {
    const nested = i.errors.map(rootTypeMismatch);
    return nested.every((t) => t !== undefined) ? (nested.flat() as string[]) : undefined;
  }
  return undefined;
}

function unknownKeyCount(branch: Issue[]): number {
  return branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 0), 0);
}

function depth(issues: Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' && i.input === undefined ? 0 : 0.5)));
}

function oneOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function typeName(t: string): string {
  const names: Record<string, string> = { number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping' };
  return names[t] ?? t;
}

/** YAML reads `istio: 1.20` as the number 1.2; say how to keep the text. */
function quoteHint(expected: string, input: unknown): string {
  return expected === 'string' && (typeof input === 'number' || typeof input === 'boolean') ? ' (write it in quotes to keep it as text)' : '';
}

/** The field names valid in the mapping at `path`, judged by the fields of `input` that were recognised. */
function knownFields(root: Walkable, path: FieldPath, input: unknown, unknown: string[]): string[] {
  const objects = schemasUnder(root, path).filter((s) => s._zod.def.type === 'object');
  const given = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const unknownSet = new Set(unknown);
  const used = Object.keys(given).filter((k) => !unknownSet.has(k));
  // A mapping fits if it knows every recognised field and, for `dist: uniform` and the like, that value.
  const fits = (o: Walkable) =>
    used.every((k) => {
      const shape = o._zod.def.shape;
      const f = shape !== undefined && Object.hasOwn(shape, k) ? shape[k] : undefined;
      return f !== undefined && (f._zod.def.type !== 'literal' || (f._zod.def.values ?? []).includes(given[k]));
    });
  const fitting = objects.filter(fits);
  return [...new Set((fitting.length > 0 ? fitting : objects).flatMap((o) => Object.keys(o._zod.def.shape ?? {})))];
}
