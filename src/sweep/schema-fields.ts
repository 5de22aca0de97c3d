/**
 * What the scenario schema allows at a field path: which field names a mapping there may have.
 * A `--set` may add a field the document does not spell out yet (a default such as `queueLimit`),
 * but only one the schema knows; the answer also feeds the did-you-mean of an unknown field.
 */
import { ScenarioSchema } from '../model/schema.js';

/** The part of zod's schema objects needed to walk them by field path. */
interface Walkable {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, Walkable>;
      element?: Walkable;
      valueType?: Walkable;
      innerType?: Walkable;
      in?: Walkable;
      options?: Walkable[];
    };
  };
}

const ROOT = ScenarioSchema as unknown as Walkable;

/** The schemas a value may have, through optional, default, pipe and union wrappers. */
function alternatives(s: Walkable): Walkable[] {
  const d = s._zod.def;
  const inner = d.innerType ?? d.in;
  if (inner) return alternatives(inner);
  if (d.type === 'union') return (d.options ?? []).flatMap(alternatives);
  return [s];
}

function child(s: Walkable, key: string | number): Walkable | undefined {
  const d = s._zod.def;
  if (d.type === 'object' && typeof key === 'string') return d.shape?.[key];
  if (d.type === 'record' && typeof key === 'string') return d.valueType;
  if (d.type === 'array' && typeof key === 'number') return d.element;
  return undefined;
}

export interface FieldsAt {
  /** Field names the schema lists for a mapping at this path. */
  names: string[];
  /** True where any name is valid (a map of labels, region pairs, an inline Istio resource, ...). */
  anyName: boolean;
}

/** The field names valid in a mapping at `path` (list indices as numbers). */
export function fieldsAt(path: ReadonlyArray<string | number>): FieldsAt {
  let cur = alternatives(ROOT);
  let opaque = false;
  for (const p of path) {
    if (cur.some((s) => s._zod.def.type === 'unknown' || s._zod.def.type === 'any')) opaque = true;
    cur = cur.flatMap((s) => {
      const c = child(s, p);
      return c ? alternatives(c) : [];
    });
  }
  if (opaque || cur.some((s) => s._zod.def.type === 'unknown' || s._zod.def.type === 'any')) return { names: [], anyName: true };
  const names = [...new Set(cur.filter((s) => s._zod.def.type === 'object').flatMap((s) => Object.keys(s._zod.def.shape ?? {})))];
  return { names, anyName: cur.some((s) => s._zod.def.type === 'record') };
}
