/**
 * Writes a run's outputs into a directory, atomically: every file is written under a temporary
 * name first and renamed only when all were written, so a reader never sees a half-written set.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeOutputsAtomically(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const tag = `.tmp-${Object.keys(files).length}-${files['summary.json']?.length ?? 0}`;
  const written: string[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const tmp = join(dir, `.${name}${tag}`);
      writeFileSync(tmp, content);
      written.push(tmp);
    }
  } catch (e) {
    for (const tmp of written) rmSync(tmp, { force: true });
    throw e;
  }
  const out: string[] = [];
  for (const name of Object.keys(files)) {
    renameSync(join(dir, `.${name}${tag}`), join(dir, name));
    out.push(join(dir, name));
  }
  return out;
}
