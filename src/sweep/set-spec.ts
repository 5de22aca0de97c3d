/**
 * Reads one `--set path=v1,v2,...` flag: the field path (as the scenario document is written:
 * `services[0].deployments[1].replicas`, `traffic[name=sleep].rate`, `latency.crossRegion["a<>b"]`)
 * and the values to try. Each value is YAML (`2`, `100/s`, `true`, `{dist: exponential, mean: 10ms}`);
 * values are separated by commas outside brackets and quotes; `lo..hi` (or `lo..hi:step`) lists
 * integers. Nothing here looks at the scenario: `resolve-path.ts` checks the path against it.
 */
import { parse as parseYaml } from 'yaml';

/** One step of a field path: a mapping key, a list index, or a list item chosen by one of its fields. */
export type Segment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'select'; key: string; value: string };

export interface SetValue {
  /** The value as the user wrote it (a column value in the sweep's CSVs). */
  text: string;
  value: unknown;
}

export interface SetSpec {
  /** The whole flag, e.g. `traffic[0].rate=100/s,200/s`. */
  flag: string;
  /** The path as written (a column name in the sweep's CSVs). */
  pathText: string;
  segments: Segment[];
  values: SetValue[];
}

/** A mistake in a `--set` flag itself (not in the scenario). */
export class SetSyntaxError extends Error {}

/** The most values one range may expand to (a guard against `1..1e9`). */
export const MAX_RANGE_VALUES = 100_000;

/** Index of the first `ch` outside brackets, braces and quotes, from `from`; -1 if none. */
function topLevelIndexOf(text: string, ch: string, from = 0): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(text: string, ch: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = topLevelIndexOf(text, ch); i >= 0; i = topLevelIndexOf(text, ch, start)) {
    parts.push(text.slice(start, i));
    start = i + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Parses `services[name=helloworld].deployments[0].replicas` into segments. */
export function parsePath(text: string): Segment[] {
  const segments: Segment[] = [];
  const fail = (why: string): never => {
    throw new SetSyntaxError(`cannot read the field path "${text}": ${why}`);
  };
  let i = 0;
  if (text.trim() === '') fail('it is empty');
  while (i < text.length) {
    if (text[i] === '[') {
      const end = topLevelIndexOf(text, ']', i + 1);
      const close = text.indexOf(']', i);
      const j = end >= 0 ? end : close;
      if (j < 0) fail('a "[" has no closing "]"');
      const inner = text.slice(i + 1, j).trim();
      if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^".*"$|^'.*'$/.test(inner)) segments.push({ kind: 'key', key: String(parseYaml(inner)) });
      else {
        const eq = inner.indexOf('=');
        if (eq <= 0 || eq === inner.length - 1) fail(`"[${inner}]" is neither an index ([0]), a quoted key (["a.b"]) nor a selector ([name=value])`);
        const value = inner.slice(eq + 1).trim();
        segments.push({ kind: 'select', key: inner.slice(0, eq).trim(), value: /^".*"$|^'.*'$/.test(value) ? String(parseYaml(value)) : value });
      }
      i = j + 1;
      if (i < text.length && text[i] !== '.' && text[i] !== '[') fail(`expected "." or "[" after "]" at character ${i + 1}`);
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    const key = text.slice(i, j).trim();
    if (key === '') fail(`an empty field name at character ${i + 1}`);
    segments.push({ kind: 'key', key });
    i = j < text.length && text[j] === '.' ? j + 1 : j;
    if (text[j] === '.' && i === text.length) fail('it ends with "."');
  }
  return segments;
}

/** Expands `lo..hi` or `lo..hi:step` (integers); undefined for anything else. */
function expandRange(text: string): SetValue[] | undefined {
  const m = /^(-?\d+)\.\.(-?\d+)(?::(\d+))?$/.exec(text);
  if (!m) return undefined;
  const [lo, hi, step] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  if (step <= 0) throw new SetSyntaxError(`the range "${text}" needs a step >= 1`);
  if (hi < lo) throw new SetSyntaxError(`the range "${text}" is empty (${hi} < ${lo})`);
  if ((hi - lo) / step + 1 > MAX_RANGE_VALUES) throw new SetSyntaxError(`the range "${text}" lists more than ${MAX_RANGE_VALUES.toLocaleString('en-US')} values`);
  const out: SetValue[] = [];
  for (let v = lo; v <= hi; v += step) out.push({ text: String(v), value: v });
  return out;
}

/** Parses one value written in YAML. */
function parseValue(text: string): SetValue {
  try {
    return { text, value: parseYaml(text) };
  } catch (e) {
    throw new SetSyntaxError(`cannot read the value "${text}" as YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Parses the text of one `--set` flag. Throws SetSyntaxError naming the mistake. */
export function parseSetFlag(flag: string): SetSpec {
  const eq = topLevelIndexOf(flag, '=');
  if (eq < 0) throw new SetSyntaxError(`"${flag}" has no "=": write --set path=value1,value2,...`);
  const pathText = flag.slice(0, eq).trim();
  const segments = parsePath(pathText);
  const rest = flag.slice(eq + 1);
  if (rest.trim() === '') throw new SetSyntaxError(`"${flag}" lists no values after "="`);
  const values: SetValue[] = [];
  for (const raw of splitTopLevel(rest, ',')) {
    const text = raw.trim();
    if (text === '') throw new SetSyntaxError(`"${flag}" has an empty value (two commas in a row, or a trailing comma)`);
    values.push(...(expandRange(text) ?? [parseValue(text)]));
  }
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.text)) throw new SetSyntaxError(`"${flag}" lists the value ${v.text} twice`);
    seen.add(v.text);
  }
  return { flag, pathText, segments, values };
}
