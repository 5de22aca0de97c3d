/**
 * Walking the scenario schema (zod) by field path: which schemas a value at a path may have. The
 * loader uses it to patch bad fields and check the rest; `--set` to accept a field the document
 * does not spell out yet. The walk itself is generic (zod-walk.ts).
 */
import type { FieldPath } from './diagnostics.js';
import { ScenarioSchema } from './schema.js';
import { alternatives, child, schemasUnder, type Walkable } from './zod-walk.js';

export { alternatives, child, type Walkable };

export const SCENARIO_ROOT = ScenarioSchema as unknown as Walkable;

/** The schemas a field path of the scenario may lead to (several where the schema has unions). */
export function schemasAt(path: FieldPath): Walkable[] {
  return schemasUnder(SCENARIO_ROOT, path);
}
