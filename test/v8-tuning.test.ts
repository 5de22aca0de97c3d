/**
 * The V8 flags meshsim runs with (src/cli/v8-tuning.ts) must be flags this Node's V8 knows: an
 * unknown or misspelt flag would make the benchmark's spawned runs fail and setFlagsFromString
 * silently ignore it in the CLI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { V8_FLAGS } from '../src/cli/v8-tuning.js';

describe('V8 tuning', () => {
  it('every flag is one Node accepts on its command line', () => {
    expect(V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of V8_FLAGS) {
      const r = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
      expect(r.stderr, flag).toBe('');
      expect(r.status, flag).toBe(0);
    }
  });

  it('a misspelt flag is refused (so the test above can fail)', () => {
    const r = spawnSync(process.execPath, ['--max-inlined-bytecode-size-cumulatve=3000', '-e', '0'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
  });

  it('the CLI applies the flags before it runs a command', () => {
    const main = readFileSync('src/cli/main.ts', 'utf8');
    expect(main.indexOf('tuneV8();')).toBeGreaterThan(0);
    expect(main.indexOf('tuneV8();')).toBeLessThan(main.indexOf('runCli('));
  });
});
