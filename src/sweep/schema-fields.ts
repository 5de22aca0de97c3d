/**
 * What the scenario schema allows at a field path: which field names a mapping there may have.
 * A `--set` may add a field the document does not spell out yet (a default such as `queueLimit`),
 * but only one the schema knows; the answer also feeds the did-you-mean of an unknown field.
 */
import { alternatives, child, SCENARIO_ROOT } from '../model/schema-walk.js';

export interface FieldsAt {
  /** Field names the schema lists for a mapping at this path. */
  names: string[];
  /** True where any name is valid (a map of labels, region pairs, an inline Istio resource, ...). */
  anyName: boolean;
}

/** The field names valid in a mapping at `path` (list indices as numbers). */
export function fieldsAt(path: ReadonlyArray<string | number>): FieldsAt {
  let cur = alternatives(SCENARIO_ROOT);
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
