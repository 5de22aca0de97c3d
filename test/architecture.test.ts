/**
 * Architecture rules, checked on the source:
 * - each folder of src/ imports only from the folders it is allowed to (dependencies point one
 *   way: cli → run → report/sim → proxy → xds → istio/lb/outlier/metrics → topology/engine);
 * - no import cycles between files;
 * - nothing in the library reads a wall clock, Math.random or the process (only the CLI and the
 *   benchmark may).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const SRC = 'src';
const code = (file: string) => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** Relative imports of a file, resolved to source paths (`src/lb/edf.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s+'(\.[^']+)'/g)].map((m) => normalize(join(dirname(file), m[1])).replace(/\.js$/, '.ts'));
}

/** Import cycles of a file graph (file → files it imports), each as `a → b → … → a`. */
function cyclesOf(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const dfs = (f: string, stack: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...stack.slice(stack.indexOf(f)), f].join(' → '));
      return;
    }
    state.set(f, 'open');
    for (const i of graph.get(f) ?? []) dfs(i, [...stack, f]);
    state.set(f, 'done');
  };
  for (const f of graph.keys()) dfs(f, []);
  return cycles;
}

/** The folder of src/ a file belongs to ('' for files at the top of src/). */
function folderOf(file: string): string {
  const parts = relative(SRC, file).split(/[\\/]/);
  return parts.length > 1 ? parts[0] : '';
}

/** Folders each folder may import from (besides itself). Files named with a slash are single-file exceptions. */
const ALLOWED: Record<string, string[]> = {
  engine: [],
  topology: [],
  lb: ['engine'],
  outlier: ['engine'],
  metrics: ['engine', 'model/limits.ts'],
  // Egress cost: price tables and the pricing field; reports problems, knows nothing of the scenario's shape.
  cost: ['model/diagnostics.ts'],
  // The Istio API reads documents and reports diagnostics; it knows nothing of the scenario's shape.
  istio: ['topology', 'model/diagnostics.ts', 'model/yaml-source.ts', 'model/canonical-json.ts', 'model/istio-version.ts', 'model/units.ts', 'model/schema-issues.ts'],
  model: ['engine', 'topology', 'istio', 'cost'],
  xds: ['engine', 'topology', 'istio', 'lb', 'outlier', 'model'],
  proxy: ['engine', 'topology', 'lb', 'outlier', 'xds'],
  sim: ['engine', 'topology', 'lb', 'outlier', 'metrics', 'model', 'xds', 'proxy', 'cost'],
  report: ['engine', 'topology', 'metrics', 'model', 'sim', 'cost', 'version.ts'],
  // Statistics of replications (Student t, intervals of a mean and of paired differences): pure math.
  stats: [],
  // CI gates: measure results (and rerun scenarios for the policy comparison) through the library.
  // Experiments over many runs, through the library (run.ts), never the simulator's insides.
  sweep: ['model', 'lb', 'engine', 'metrics', 'report', 'stats', 'analysis', 'run.ts', 'version.ts'],
  capacity: ['model', 'sweep', 'engine', 'stats', 'run.ts', 'version.ts'],
  check: ['engine', 'topology', 'metrics', 'model', 'sim', 'cost', 'report', 'lb', 'stats', 'run.ts', 'version.ts'],
  // Designs side by side on common random numbers: runs through the library, reads RunResult.
  compare: ['model', 'metrics', 'cost', 'report', 'stats', 'sim/result.ts', 'run.ts', 'version.ts'],
  // The analyzer (istioctl analyze for scenarios): reads the loaded scenario, routes calls with the xDS translation.
  analysis: ['engine', 'topology', 'model', 'istio', 'xds'],
};

describe('architecture', () => {
  const all = files(SRC);

  it('every folder of src/ has a rule', () => {
    const folders = [...new Set(all.map(folderOf))].filter((f) => f !== '' && f !== 'cli');
    expect(folders.filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  /** The imports of `file` its folder's rule forbids. */
  const offences = (file: string, imports: string[]): string[] => {
    const from = folderOf(file);
    const rule = ALLOWED[from];
    if (rule === undefined) return []; // cli/ and the top-level library entry points may import anything
    return imports.filter((i) => {
      const to = folderOf(i);
      return !(to === from || rule.includes(to) || rule.includes(relative(SRC, i)));
    });
  };

  it('each folder imports only from the folders it may', () => {
    expect(all.flatMap((f) => offences(f, importsOf(f)).map((i) => `${f} imports ${i}`))).toEqual([]);
  });

  it('the rules themselves point one way (no cycle between folders)', () => {
    // A single-file exception (istio may read model's input files) is a leaf: those files import
    // nothing of istio, which the file-level cycle check below holds them to.
    const deps = (f: string) => (ALLOWED[f] ?? []).filter((x) => !x.includes('/')).map((x) => x.replace(/\.ts$/, ''));
    const visit = (f: string, path: string[]): string[] | undefined => {
      if (path.includes(f)) return [...path.slice(path.indexOf(f)), f];
      for (const d of deps(f)) {
        const c = visit(d, [...path, f]);
        if (c) return c;
      }
      return undefined;
    };
    expect(Object.keys(ALLOWED).map((f) => visit(f, [])).filter((c) => c !== undefined)).toEqual([]);
  });

  it('no import cycle between files', () => {
    expect(cyclesOf(new Map(all.map((f) => [normalize(f), importsOf(f)])))).toEqual([]);
  });

  it('the cycle check can fail: a → b → c → a is found, a diamond is not a cycle', () => {
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a → b → c → a']);
    expect(cyclesOf(new Map([['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]]))).toEqual([]);
  });

  it('the import rule can fail: lb/ importing sim/, istio/ importing model/scenario.ts', () => {
    expect(offences('src/lb/policies/random.ts', ['src/sim/runner.ts', 'src/engine/random.ts'])).toEqual(['src/sim/runner.ts']);
    expect(offences('src/istio/route.ts', ['src/model/scenario.ts', 'src/model/diagnostics.ts'])).toEqual(['src/model/scenario.ts']);
  });

  it('no Math.random, Date.now or process in the library (src/ outside src/cli)', () => {
    const offenders = all
      .filter((f) => !f.startsWith(join('src', 'cli')))
      .filter((f) => /Math\.random|Date\.now|\bprocess\.|performance\.now/.test(code(f)));
    expect(offenders).toEqual([]);
  });
});
