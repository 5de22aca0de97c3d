/**
 * The V8 flags a build's CLI runs with (src/cli/v8-tuning.ts in that build; none before it
 * existed), so that bench tools comparing builds run each one as its users run it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function buildFlags(dir: string): Promise<readonly string[]> {
  const file = join(resolve(dir), 'dist', 'src', 'cli', 'v8-tuning.js');
  if (!existsSync(file)) return [];
  return ((await import(pathToFileURL(file).href)) as { V8_FLAGS: readonly string[] }).V8_FLAGS;
}
