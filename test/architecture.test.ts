/**
 * Architecture rules, checked on the source: the kernel and the load-balancing math know nothing
 * of meshes or the simulator, and nothing in the library reads a wall clock, Math.random or the
 * process (only the CLI and the benchmark may).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => m[1]);
const code = (file: string) => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

describe('architecture', () => {
  it('src/engine imports nothing outside src/engine', () => {
    for (const f of files('src/engine')) for (const i of imports(f)) expect(i, `${f} imports ${i}`).toMatch(/^\.\/[^/]+$/);
  });

  it('src/lb imports only src/lb and src/engine', () => {
    for (const f of files('src/lb')) {
      for (const i of imports(f)) expect(i, `${f} imports ${i}`).toMatch(/^(\.\/|\.\.\/(engine|policy|edf|host-set|priority-load|locality-weight)|\.\.\/\.\.\/engine\/)/);
    }
  });

  it('no Math.random, Date.now or process in the library (src/ outside src/cli)', () => {
    const offenders = files('src')
      .filter((f) => !f.startsWith(join('src', 'cli')))
      .filter((f) => /Math\.random|Date\.now|\bprocess\.|performance\.now/.test(code(f)));
    expect(offenders).toEqual([]);
  });
});
