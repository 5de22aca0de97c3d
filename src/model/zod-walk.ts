/**
 * Walking a zod schema by field path: which schemas a value at a path may have. Generic over the
 * root schema, so the scenario loader and the Istio readers name the valid fields beside an
 * unknown one the same way (schema-issues.ts); schema-walk.ts binds it to the scenario schema.
 */
import type { FieldPath } from './diagnostics.js';

/** Minimal view of zod's schemas, enough to walk a schema by field path. */
export interface Walkable {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, Walkable>;
      element?: Walkable;
      valueType?: Walkable;
      innerType?: Walkable;
      in?: Walkable;
      options?: Walkable[];
      values?: unknown[];
    };
  };
  safeParse(v: unknown): { success: boolean };
}

/** The schemas a value may have (through optional, nullable, default, pipe and union wrappers). */
export function alternatives(s: Walkable): Walkable[] {
  const d = s._zod.def;
  const inner = d.innerType ?? d.in;
  if (inner) return alternatives(inner);
  if (d.type === 'union') return (d.options ?? []).flatMap(alternatives);
  return [s];
}

/** The schema of field `key` (own fields only) or of a list item. */
export function child(s: Walkable, key: string | number): Walkable | undefined {
  const d = s._zod.def;
  // Own fields only: `constructor` or `__proto__` must not find Object.prototype's members.
  if (d.type === 'object' && typeof key === 'string') return d.shape !== undefined && Object.hasOwn(d.shape, key) ? d.shape[key] : undefined;
  if (d.type === 'record' && typeof key === 'string') return d.valueType;
  if (d.type === 'array' && typeof key === 'number') return d.element;
  return undefined;
}

/** The schemas the field path leads to under `root` (several where the schema has unions). */
export function schemasUnder(root: Walkable, path: FieldPath): Walkable[] {
  let cur = alternatives(root);
  for (const p of path) {
    cur = cur.flatMap((s) => {
      const c = child(s, p);
      return c ? alternatives(c) : [];
    });
  }
  return cur;
}
