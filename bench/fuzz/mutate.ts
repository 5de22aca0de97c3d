/**
 * Mutated scenarios for the fuzzer (`npm run fuzz`) and the property test: each case is a small
 * folder of files (a scenario, its policy files, maybe a plug-in) and the meshsim command line to
 * run on it, derived deterministically from a seed.
 *
 * Mutations are the ones a hand-editing or script-generating user produces, and the ones an
 * attacker tries: fields deleted, types swapped, extreme numbers and unit strings, unusual keys
 * (`__proto__`, `constructor`, thousands of unknown ones), hostile names (formula prefixes,
 * terminal escapes, bidi overrides, NUL, newlines), YAML aliases and deep nesting, broken text,
 * bad policy paths (`/dev/zero`, directories, `../`), plug-ins that misbehave, odd --out folders,
 * and extreme-but-valid scenarios (a year of simulated time, a 1 ms outlier interval).
 */
import { stringify } from 'yaml';
import { parse } from 'yaml';
import type { CommandCaseInput } from './commands.js';

/** A small seeded generator (mulberry32): cases must be reproducible from their seed. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A bundled scenario with its policy files, as texts (paths relative to the scenario). */
export interface SeedScenario {
  name: string;
  scenario: string;
  policies: Record<string, string>;
}

export interface FuzzCase {
  seed: number;
  /** Names of the mutations applied, for the report. */
  mutations: string[];
  /** Files of the case folder: relative path → content (a Buffer for raw bytes). */
  files: Record<string, string | Buffer>;
  /** The command line after `meshsim`; `{dir}` stands for the case folder. */
  argv: string[];
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const HOSTILE_STRINGS = [
  '=HYPERLINK("http://x","click")',
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\tlead-tab',
  '\rlead-cr',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;http://evil/\u0007link\u001b]8;;\u0007',
  'a\rb',
  'zone\nsplit',
  '\u202egnp.exe',
  'nul\u0000byte',
  '\u0085c1\u009b',
  '',
  ' ',
  'x'.repeat(300),
  'x'.repeat(20_000),
  '日本語',
  '💥',
  'constructor',
  '__proto__',
  'toString',
  'a.b/c<>d',
];

const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'a.b', '$schema', 'k\u001b[2J', '\u202ekey', 'x'.repeat(5000), '0', '-1'];

export const EXTREME_NUMBERS: Json[] = [0, -0, -1, 1, 0.5, 1e308, -1e308, 1e-320, 2 ** 53, 2 ** 53 + 2, 4294967296, 1e15, 1e9, 1e6, 99999, 1.5, -0.0001];

export const EXTREME_UNIT_STRINGS = [
  '1e400/s',
  '1e308/s',
  `${'9'.repeat(400)}s`,
  `${'9'.repeat(400)}`,
  '1e308ms',
  '99999999999999999999h',
  '8760h',
  '87601h',
  '0.0000000001/h',
  '1/h',
  '1e9/ms',
  '1e9/s',
  '0s',
  '0',
  '0.000001ms',
  '1ns',
  '1TiB',
  '2TiB',
  '1e308',
  '-5s',
  '5 s',
  '1h1h1h1h1h',
  `${'1'.repeat(50)}.${'1'.repeat(50)}ms`,
  'NaN',
  'Infinity',
  '.inf',
];

export const TYPE_SWAPS: (() => Json)[] = [
  () => null,
  () => true,
  () => false,
  () => 0,
  () => -1,
  () => '',
  () => 'x',
  () => [],
  () => ({}),
  () => [1, 2],
  () => ({ a: 1 }),
  () => '10s',
  () => '100/s',
  () => [[]],
];

const POLICY_PATHS = [
  '../../../../../../../../dev/zero',
  '/dev/zero',
  '/dev/null',
  '/dev/urandom',
  '/etc/passwd',
  '/proc/self/status',
  '/proc/self/mem',
  '/tmp',
  '',
  '.',
  '..',
  '/',
  'istio',
  'no-such-file.yaml',
  'x'.repeat(5000),
  'istio/../istio/policy-0.yaml',
  'nul\u0000.yaml',
  'huge.yaml',
  'binary.yaml',
];

export const OUT_PATHS = ['/proc/x', '/proc/x/y', '/dev/null', '/dev/full', '{dir}/scenario.yaml', '{dir}', '{dir}/out/nested/deeper', '/sys/kernel/x', '{dir}/\u001b[31mout'];

/** Plug-ins, from well-behaved to hostile, as module sources. */
export const PLUGINS: Record<string, string> = {
  good: `export default { name: 'FIRST', newPicker: (hosts) => ({ pick: () => hosts[0] }) };\n`,
  'out-of-range': `export default { name: 'BAD_HOST', newPicker: (hosts) => ({ pick: () => 9999 }) };\n`,
  negative: `export default { name: 'NEG', newPicker: (hosts) => ({ pick: () => -1 }) };\n`,
  nothing: `export default { name: 'NOTHING', newPicker: () => ({ pick: () => undefined }) };\n`,
  string: `export default { name: 'STR', newPicker: (hosts) => ({ pick: () => String(hosts[0]) }) };\n`,
  fraction: `export default { name: 'FRAC', newPicker: (hosts) => ({ pick: () => hosts[0] + 0.5 }) };\n`,
  throws: `export default { name: 'THROWS', newPicker: () => ({ pick() { throw new Error('boom'); } }) };\n`,
  'throws-in-newpicker': `export default { name: 'NP', newPicker() { throw new RangeError('no'); } };\n`,
  'null-picker': `export default { name: 'NULLP', newPicker: () => null };\n`,
  'exit-in-pick': `export default { name: 'EXIT', newPicker: (hosts) => ({ pick() { process.exit(0); } }) };\n`,
  'exit-swallowed': `export default { name: 'SWALLOW', newPicker: (hosts) => ({ pick() { try { process.exit(0); } catch {} return hosts[0]; } }) };\n`,
  'exit-at-import': `process.exit(0);\nexport default { name: 'X', newPicker: (hosts) => ({ pick: () => hosts[0] }) };\n`,
  'no-default': `export const policy = 1;\n`,
  'syntax-error': `export default {{{;\n`,
  'throws-at-import': `throw new Error('import failed');\n`,
  'name-hostile': `export default { name: '\\u001b[31m=evil', newPicker: (hosts) => ({ pick: () => hosts[hosts.length - 1] }) };\n`,
};

/** Every path (to objects, arrays and leaves) in `data`. */
function paths(data: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  out.push(prefix);
  if (depth > 30 || out.length > 50_000) return out;
  if (Array.isArray(data)) data.forEach((v, i) => paths(v, [...prefix, i], out, depth + 1));
  else if (data !== null && typeof data === 'object') for (const k of Object.keys(data)) paths(data[k], [...prefix, k], out, depth + 1);
  return out;
}

function getAt(data: Json, path: (string | number)[]): Json | undefined {
  let v: Json | undefined = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, Json>)[p as string];
  }
  return v;
}

function setAt(data: Json, path: (string | number)[], value: Json | undefined): void {
  if (path.length === 0) return;
  const parent = getAt(data, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  const key = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete (parent as Record<string, Json>)[key as string];
  } else if (Array.isArray(parent)) parent[key as number] = value;
  else Object.defineProperty(parent, key as string, { value, enumerable: true, writable: true, configurable: true });
}

const isLeaf = (v: Json | undefined) => v === null || typeof v !== 'object';

/** One data-level mutation; returns its name. */
export function mutateData(rng: Prng, data: Json, placeholders: Map<string, Deep>): string {
  const all = paths(data).filter((p) => p.length > 0);
  const objects = paths(data).filter((p) => {
    const v = getAt(data, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const leaves = all.filter((p) => isLeaf(getAt(data, p)));
  const op = rng.int(12);
  switch (op) {
    case 0: {
      if (all.length === 0) return 'noop';
      setAt(data, rng.pick(all), undefined);
      return 'delete-field';
    }
    case 1: {
      if (all.length === 0) return 'noop';
      setAt(data, rng.pick(all), rng.pick(TYPE_SWAPS)());
      return 'swap-type';
    }
    case 2:
    case 3: {
      if (leaves.length === 0) return 'noop';
      const numeric = leaves.filter((p) => {
        const v = getAt(data, p);
        return typeof v === 'number' || (typeof v === 'string' && /^\d/.test(v));
      });
      const target = rng.pick(numeric.length > 0 ? numeric : leaves);
      setAt(data, target, rng.chance(0.5) ? rng.pick(EXTREME_NUMBERS) : rng.pick(EXTREME_UNIT_STRINGS));
      return 'extreme-number';
    }
    case 4: {
      if (objects.length === 0) return 'noop';
      const obj = getAt(data, rng.pick(objects)) as Record<string, Json>;
      const key = rng.pick(HOSTILE_KEYS);
      Object.defineProperty(obj, key, { value: rng.pick(TYPE_SWAPS)(), enumerable: true, writable: true, configurable: true });
      return 'unusual-key';
    }
    case 5: {
      const strings = leaves.filter((p) => typeof getAt(data, p) === 'string');
      if (strings.length === 0) return 'noop';
      setAt(data, rng.pick(strings), rng.pick(HOSTILE_STRINGS));
      return 'hostile-name';
    }
    case 6: {
      // Share one subtree in two places: the YAML text gets an anchor and an alias.
      if (objects.length < 2) return 'noop';
      const fromPath = rng.pick(objects);
      const from = getAt(data, fromPath);
      const to = rng.pick(all);
      // Never inside itself (a cycle): the text mutation 'alias-cycle' covers those.
      const inside = to.length >= fromPath.length && fromPath.every((p, i) => to[i] === p);
      if (from !== undefined && !inside && JSON.stringify(from).length < 100_000) setAt(data, to, from);
      return 'alias';
    }
    case 7: {
      const depth = rng.pick([10, 63, 65, 200, 300, 1000, 5000, 100_000]);
      const token = `@@deep${placeholders.size}@@`;
      const open = rng.chance(0.5) ? '[' : '{a: ';
      placeholders.set(token, { open, close: open === '[' ? ']' : '}', depth });
      setAt(data, rng.pick(all.length > 0 ? all : [['description']]), token);
      return 'deep-nesting';
    }
    case 8: {
      if (objects.length === 0) return 'noop';
      const obj = getAt(data, rng.pick(objects)) as Record<string, Json>;
      const n = rng.pick([50, 500, 3000]);
      for (let i = 0; i < n; i++) obj[`unknownField${i}`] = i;
      return 'many-unknown-fields';
    }
    case 11: {
      // A long list: an array's items repeated (lists of thousands of clusters, ports, values).
      const arrays = all.filter((p) => Array.isArray(getAt(data, p)) && (getAt(data, p) as Json[]).length > 0);
      if (arrays.length === 0) return 'noop';
      const arr = getAt(data, rng.pick(arrays)) as Json[];
      const items = [...arr];
      // Bounded by the text it makes (~8 MB at most), so the generator itself stays small.
      const itemBytes = Math.max(1, ...items.map((x) => JSON.stringify(x ?? null).length));
      const n = Math.min(rng.pick([999, 1001, 5000, 30_000]), arr.length + Math.floor(8e6 / itemBytes));
      for (let i = arr.length; i < n; i++) arr.push(JSON.parse(JSON.stringify(items[i % items.length] ?? null)) as Json);
      return 'long-list';
    }
    case 9: {
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
        const policies = Array.isArray(data.policies) ? data.policies : (data.policies = []);
        policies.splice(rng.int(policies.length + 1), 0, rng.pick(POLICY_PATHS));
      }
      return 'bad-policy-path';
    }
    default: {
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
        data.loadBalancing = { plugin: rng.pick(['./plugin.js', '/etc/passwd', '../../x.js', 'plugin.js']) };
      }
      return 'plugin-in-scenario';
    }
  }
}

/** Extreme but valid: long runs, tiny rates, short intervals, many replicas. */
function extremeValid(rng: Prng, data: Record<string, Json>, policies: Record<string, Json>[]): string {
  switch (rng.int(7)) {
    case 0:
      data.duration = '8760h';
      for (const t of (data.traffic as Record<string, Json>[]) ?? []) if (t && typeof t === 'object') t.rate = rng.pick(['1/h', '0.001/s', '1e-3']);
      delete data.requests;
      return 'year-long-run';
    case 1:
      data.timeline = { interval: '1ms' };
      return 'timeline-1ms';
    case 2:
      for (const p of policies) {
        const spec = (p.spec ?? {}) as Record<string, Json>;
        const tp = (spec.trafficPolicy ?? (spec.trafficPolicy = {})) as Record<string, Json>;
        tp.outlierDetection = { consecutive5xxErrors: 1, interval: '1ms', baseEjectionTime: '1ms', maxEjectionPercent: 100 };
      }
      data.duration = rng.pick(['8760h', '1h', '60s']);
      return 'outlier-interval-1ms';
    case 3:
      for (const s of (data.services as Record<string, Json>[]) ?? []) {
        for (const d of (s?.deployments as Record<string, Json>[]) ?? []) if (d && typeof d === 'object') d.replicas = rng.pick([500, 5000, 40_000]);
      }
      return 'many-replicas';
    case 4:
      for (const t of (data.traffic as Record<string, Json>[]) ?? []) if (t && typeof t === 'object') t.replicas = rng.pick([100, 2000, 9000]);
      return 'many-calling-pods';
    case 5:
      for (const s of (data.services as Record<string, Json>[]) ?? []) if (s && typeof s === 'object') s.serviceTime = rng.pick<Json>(['8760h', { dist: 'lognormal', mu: 26, sigma: 10 }, { dist: 'exponential', mean: '8760h' }]);
      return 'huge-service-time';
    default:
      data.faults = [{ kind: 'zone-outage', zone: 'us-west1-a', at: '0s', mode: 'blackhole' }];
      data.connectTimeout = '8760h';
      return 'blackhole-forever';
  }
}

/** Text-level damage to a serialised file. */
export function mutateText(rng: Prng, text: string): { text: string | Buffer; name: string } {
  const lines = text.split('\n');
  switch (rng.int(12)) {
    case 0:
      return { text: text.slice(0, rng.int(text.length + 1)), name: 'truncated' };
    case 1: {
      const at = rng.int(text.length + 1);
      const junk = rng.pick(['\u0000', '\u001b[2J', '\t', '"', "'", ':', '- ', '{', ']', '&a', '*a', '!!binary', '%YAML 1.1', '?', '|', '>', '\r']);
      return { text: text.slice(0, at) + junk + text.slice(at), name: 'inserted-char' };
    }
    case 2: {
      const i = rng.int(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return { text: lines.join('\n'), name: 'duplicated-line' };
    }
    case 3:
      lines.splice(rng.int(lines.length), 1);
      return { text: lines.join('\n'), name: 'deleted-line' };
    case 4: {
      const i = rng.int(lines.length);
      lines[i] = ' '.repeat(rng.int(7)) + lines[i];
      return { text: lines.join('\n'), name: 'indented-line' };
    }
    case 5:
      return { text: text.replace(/\n/g, '\r\n'), name: 'crlf' };
    case 6:
      return { text: '\ufeff' + text, name: 'bom' };
    case 7:
      return { text: text + '\n---\n' + text, name: 'two-documents' };
    case 8: {
      const bytes = Buffer.from(text, 'utf8');
      for (let k = 0; k < 5; k++) bytes[rng.int(bytes.length)] = rng.int(256);
      return { text: bytes, name: 'random-bytes' };
    }
    case 9:
      return { text: '', name: 'empty-file' };
    case 10: {
      // A billion-laughs attempt.
      const lol = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
      return { text: text + lol, name: 'alias-bomb' };
    }
    default:
      return { text: text + 'cyclic: &cy [1, *cy]\n', name: 'alias-cycle' };
  }
}

/** Deep nesting is written into the text last (`open` repeated `depth` times around a 1). */
export type Deep = { open: string; close: string; depth: number };

export function serialise(rng: Prng, data: Json, placeholders: Map<string, Deep>, json: boolean): string {
  let text = json ? JSON.stringify(data, null, rng.chance(0.5) ? 2 : 0) : stringify(data, { aliasDuplicateObjects: true, lineWidth: 0 });
  for (const [token, d] of placeholders) {
    const parts = text.split(json ? JSON.stringify(token) : token);
    // A placeholder copied many times (a long list, an alias) gets shallower: texts stay under ~16 MB.
    const depth = Math.max(1, Math.min(d.depth, Math.floor(8e6 / (Math.max(1, parts.length - 1) * (d.open.length + 1)))));
    text = parts.join(d.open.repeat(depth) + '1' + d.close.repeat(depth));
  }
  return text;
}

/** The scenario text a compare case runs against: the seed's own, its policy files renamed as in the case. */
function pristineScenario(text: string, renamed: ReadonlyMap<string, string>): string {
  const data = parse(text) as Record<string, Json>;
  if (Array.isArray(data.policies)) data.policies = data.policies.map((p) => (typeof p === 'string' && renamed.has(p) ? renamed.get(p)! : p));
  return stringify(data, { lineWidth: 0 });
}

/**
 * Builds fuzz case `seed` from the seed scenarios. `extend`, when given, may turn the finished
 * run case into another command's (commands.ts retarget); it draws from the same generator, after
 * every draw of the run case, so the run cases of a seed do not change with it.
 */
export function makeCase(seeds: SeedScenario[], seed: number, extend?: (rng: Prng, c: CommandCaseInput) => void): FuzzCase {
  const rng = new Prng(seed);
  const base = rng.pick(seeds);
  const mutations: string[] = [base.name];
  const files: Record<string, string | Buffer> = {};
  const data = parse(base.scenario) as Record<string, Json>;
  const placeholders = new Map<string, Deep>();

  // Policy files: re-point the scenario at copies named policy-<i>.yaml (some mutated).
  const policyData: Record<string, Json>[] = [];
  const policyNames = Object.keys(base.policies);
  const renamed = new Map<string, string>();
  policyNames.forEach((name, i) => renamed.set(name, `istio/policy-${i}.yaml`));
  if (Array.isArray(data.policies)) {
    data.policies = data.policies.map((p) => (typeof p === 'string' && renamed.has(p) ? renamed.get(p)! : p));
    for (const p of data.policies) if (p !== null && typeof p === 'object' && !Array.isArray(p)) policyData.push(p as Record<string, Json>);
  }
  const policyDocs = policyNames.map((name) => parse(base.policies[name]) as Record<string, Json>);
  policyData.push(...policyDocs.filter((d) => d !== null && typeof d === 'object'));

  // The command line, chosen first: a scenario-named plug-in must point at the case's plug-in.
  const scenarioName = rng.chance(0.15) ? 'scenario.json' : 'scenario.yaml';
  const argv = ['run', `{dir}/${scenarioName}`, '--out', '{dir}/out', '--requests', '20000'];
  const roll = rng.next();
  if (roll < 0.1) {
    argv.splice(0, argv.length, 'validate', `{dir}/${scenarioName}`);
    mutations.push('cli:validate');
  } else if (roll < 0.2) {
    const plugin = rng.pick(Object.keys(PLUGINS));
    files['plugin.js'] = PLUGINS[plugin];
    if (rng.chance(0.5)) {
      argv.push('--allow-plugins');
      data.loadBalancing = { plugin: './plugin.js' };
    } else {
      argv.push('--lb-plugin', '{dir}/plugin.js');
    }
    mutations.push(`plugin:${plugin}`);
  } else if (roll < 0.25) {
    argv[3] = rng.pick(OUT_PATHS);
    mutations.push('cli:odd-out');
  } else if (roll < 0.3) {
    argv.push('--seed', rng.pick(['0', '-1', '1e308', '9007199254740993', 'abc', '4294967296']));
    mutations.push('cli:seed');
  } else if (roll < 0.35) {
    argv.push('--json');
  } else if (roll < 0.4) {
    argv.push(...rng.pick([['--out', '{dir}/again'], ['--seed', '1', '--seed', '2'], ['--requests'], ['--out'], ['--lb-plugin'], ['--requests', '0'], ['--requests', '1e400'], ['--nope'], ['--', 'x'], ['--json', '--no-json'], ['--allow-plugins=maybe']]));
    mutations.push('cli:odd-flags');
  }

  if (rng.chance(0.25)) mutations.push(extremeValid(rng, data, policyData));
  const dataMutations = rng.chance(0.3) ? 0 : 1 + rng.int(3);
  for (let k = 0; k < dataMutations; k++) {
    // Mostly the scenario; sometimes an Istio resource.
    if (policyData.length > 0 && rng.chance(0.3)) mutations.push(`istio:${mutateData(rng, rng.pick(policyData), placeholders)}`);
    else mutations.push(mutateData(rng, data, placeholders));
  }
  let scenarioText: string | Buffer = serialise(rng, data, placeholders, scenarioName.endsWith('.json'));
  if (rng.chance(0.2)) {
    const t = mutateText(rng, scenarioText);
    scenarioText = t.text;
    mutations.push(`text:${t.name}`);
  }
  files[scenarioName] = scenarioText;
  policyNames.forEach((name, i) => {
    let text: string | Buffer = serialise(rng, policyDocs[i], placeholders, false);
    if (rng.chance(0.1)) {
      const t = mutateText(rng, text);
      text = t.text;
      mutations.push(`istio-text:${t.name}`);
    }
    files[renamed.get(name)!] = text;
  });
  files['huge.yaml'] = rng.chance(0.05) ? `# ${'x'.repeat(5 * 1024 * 1024)}\n` : 'apiVersion: v1\n';
  files['binary.yaml'] = Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x80]);
  extend?.(rng, { argv, files, mutations, scenario: `{dir}/${scenarioName}`, data, pristine: pristineScenario(base.scenario, renamed) });
  return { seed, mutations, files, argv };
}
