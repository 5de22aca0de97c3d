/**
 * Checks a `--set` path against the scenario as the user wrote it and turns it into a concrete
 * field path (selectors such as `services[name=helloworld]` become list indices). A path may name
 * a field the document leaves out (it takes its default today) when the schema knows the field;
 * anything else is a user error naming the `--set`, the field path and what would be valid there.
 */
import { formatPath, type Diagnostic, type FieldPath } from '../model/diagnostics.js';
import type { SourceDocument } from '../model/yaml-source.js';
import { suggestion } from '../model/did-you-mean.js';
import { fieldsAt } from './schema-fields.js';
import type { SetSpec } from './set-spec.js';

export type ConcretePath = (string | number)[];

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'not in the scenario';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isMapping(v)) return 'a mapping';
  return `the value ${JSON.stringify(v)}`;
}

/** Resolves one `--set` path; returns the concrete path, or the diagnostic that explains why not. */
export function resolveSetPath(doc: SourceDocument, spec: SetSpec): { path: ConcretePath } | { error: Diagnostic } {
  const path: ConcretePath = [];
  let cur: unknown = doc.data;
  const error = (at: FieldPath, message: string) => {
    const pos = doc.locate(at);
    return { error: { severity: 'error' as const, file: doc.file, line: pos?.line, column: pos?.column, path: spec.pathText, message: `--set: ${message}` } };
  };
  for (const seg of spec.segments) {
    const here = formatPath(path);
    if (seg.kind === 'key') {
      if (Array.isArray(cur)) return error(path, `${here} is a list: choose an item with [index] or [field=value]`);
      if (cur !== undefined && !isMapping(cur)) {
        return error(path, `${here} is ${describe(cur)}, not a mapping: set the whole field (e.g. --set '${here}={...}')`);
      }
      const present = isMapping(cur) && Object.hasOwn(cur, seg.key);
      if (!present) {
        const fields = fieldsAt(path);
        if (!fields.anyName && !fields.names.includes(seg.key)) {
          const known = [...new Set([...fields.names, ...(isMapping(cur) ? Object.keys(cur) : [])])];
          return error(path, `unknown field "${seg.key}"${path.length > 0 ? ` in ${here}` : ''}${suggestion(seg.key, known)}`);
        }
      }
      path.push(seg.key);
      cur = present ? (cur as Record<string, unknown>)[seg.key] : undefined;
      continue;
    }
    if (!Array.isArray(cur)) {
      const what = seg.kind === 'index' ? `[${seg.index}]` : `[${seg.key}=${seg.value}]`;
      return error(path, `${here} is ${describe(cur)}, not a list: ${what} does not apply`);
    }
    let index: number;
    if (seg.kind === 'index') {
      if (seg.index >= cur.length) return error(path, `${here} has ${cur.length} item${cur.length === 1 ? '' : 's'} (indices 0..${cur.length - 1}), no [${seg.index}]`);
      index = seg.index;
    } else {
      const matches = cur.flatMap((item, i) => (isMapping(item) && item[seg.key] !== undefined && String(item[seg.key]) === seg.value ? [i] : []));
      if (matches.length === 0) {
        const values = [...new Set(cur.flatMap((item) => (isMapping(item) && item[seg.key] !== undefined ? [String(item[seg.key])] : [])))];
        const known = values.length > 0 ? `; ${seg.key} values here: ${values.join(', ')}` : `; no item of ${here} has a field "${seg.key}"`;
        return error(path, `no item of ${here} has ${seg.key}=${seg.value}${known}`);
      }
      if (matches.length > 1) return error(path, `${matches.length} items of ${here} have ${seg.key}=${seg.value} (${matches.map((i) => `[${i}]`).join(', ')}): choose one by index`);
      index = matches[0];
    }
    path.push(index);
    cur = cur[index];
  }
  if (path.length === 0) return error(path, 'the path names no field');
  return { path };
}

/** True if one path is the other or lies inside it (two `--set` flags would write the same field). */
export function overlaps(a: ConcretePath, b: ConcretePath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
