/**
 * Writes a run's outputs into a directory: every file is first written into a private staging
 * folder inside the directory (same file system, so a rename is atomic), and the files are
 * renamed into place only when all of them were written. No file is ever half-written; a failed
 * write leaves the previous files as they were; two runs writing at once never share a
 * temporary name.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeOutputsAtomically(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, '.meshsim-tmp-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(staging, name), content);
    return Object.keys(files).map((name) => {
      renameSync(join(staging, name), join(dir, name));
      return join(dir, name);
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
