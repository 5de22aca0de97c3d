/**
 * Fuzz cases for the commands besides `run` and `validate`: `check` (thresholds on the command
 * line and in a mutated thresholds file, a mutated baseline summary.json, a mutated results
 * folder, odd tolerances and report paths, a plug-in against a built-in policy), `sweep` (small
 * grids of --set values, some extreme or malformed), `report` (a mutated results folder) and
 * `compare` (the mutated scenario against its unmutated seed). A run case built by makeCase is
 * turned into one of these; every case stays small (a few thousand requests per run, at most a
 * dozen runs), so a slow case is a finding, not the generator's doing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  EXTREME_NUMBERS,
  EXTREME_UNIT_STRINGS,
  HOSTILE_STRINGS,
  mutateData,
  mutateText,
  OUT_PATHS,
  PLUGINS,
  type Deep,
  type Json,
  type Prng,
} from './mutate.js';

/** The files of a results folder meshsim wrote (the golden helloworld-failover run). */
export interface ResultSeed {
  files: Record<string, string>;
}

/** Reads the results folder the report and check cases mutate. */
export function loadResultSeed(root: string): ResultSeed {
  const dir = join(root, 'test', 'golden', 'helloworld-failover');
  return { files: Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')])) };
}

/** Thresholds a user writes (most hold or fail on the bundled scenarios; some name what is not there). */
const VALID_THRESHOLDS = [
  'p99 < 120ms',
  'p50 <= 1s',
  'errorRate < 0.1%',
  'mean > 0ms',
  'requests > 10',
  'throughput > 1/s',
  'ejections <= 2',
  'egressUsdPerMonth < 5000',
  'share(us-west1/*) > 50%',
  'p99(service=helloworld.sample) < 100ms',
  'errorRate(route=us-west1/* -> cluster2/*) < 1%',
  'share(cluster=cluster1) >= 0%',
];

/** Thresholds from valid to malformed. */
const THRESHOLDS = [
  ...VALID_THRESHOLDS,
  'p99(service=nope) < 1s',
  'p99 < 12xs',
  'p99 <',
  'p42 < 1s',
  '< 1s',
  '',
  'p99 < 1e400ms',
  'p99 < -1ms',
  'p99((service=a) < 1s',
  'errorRate < 200%',
  `p99 < ${'9'.repeat(400)}ms`,
  'share(\u001b[31m) > 1%',
  'p99(service=\u202eabc) < 1s',
  '=cmd|calc',
];

const TOLERANCES = ['0%', '2%', '0.02', '50%', 'abc', '-1%', '1e400%', '100', '', '.5%'];

/** Paths given to options that read a file: the case's own, or hostile ones. */
const INPUT_PATHS = ['/dev/zero', '/dev/null', '/proc/self/status', '{dir}', '{dir}/no-such-file', '/etc/passwd', '{dir}/huge.yaml', '{dir}/binary.yaml', ''];

/** Report files: the case's own, or odd ones. */
const REPORT_PATHS = ['/proc/x/j.xml', '/dev/null', '{dir}', '{dir}/', '/sys/x.md', '{dir}/no/such/folder/r.xml', '{dir}/\u001b[31mr.xml'];

/** Malformed or hostile --set flags. */
const ODD_SETS = [
  'seed=1..3',
  'seed=3..1',
  'seed=1..100000:0',
  'nope.x=1,2',
  'services[9].concurrency=1,2',
  'seed=',
  'seed=1,1',
  '=1',
  'seed',
  'traffic[name=none].rate=1/s',
  'traffic[name=].rate=1/s',
  'loadBalancing.plugin=a.js',
  'services[0].deployments[0].replicas=0,1',
  'services[0].deployments[0].replicas=-1,1e9',
  'traffic[0].rate=1e400/s,1/s',
  'duration=1ms,8760h',
  'seed=[1,2],{a: 1}',
  'seed="\u001b[2J",1',
  '__proto__.x=1,2',
  'services[0].__proto__=1',
  `${'a.'.repeat(500)}b=1`,
];

/** Every leaf path of `data` (strings and numbers), at most `limit`. */
function leafPaths(data: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], limit = 2000): (string | number)[][] {
  if (out.length >= limit) return out;
  if (Array.isArray(data)) data.forEach((v, i) => leafPaths(v, [...prefix, i], out, limit));
  else if (data !== null && typeof data === 'object') for (const k of Object.keys(data)) leafPaths(data[k], [...prefix, k], out, limit);
  else if (prefix.length > 0 && (typeof data === 'number' || typeof data === 'string')) out.push(prefix);
  return out;
}

/** A path as --set writes it: `services[0].deployments[1].replicas`. */
function setPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A value as --set text (YAML flow): half the time a plausible one (the value, doubled, plus one), else an extreme number, a unit string or a hostile text. */
function setValue(rng: Prng, original: Json | undefined): string {
  if (rng.chance(0.5)) {
    if (typeof original === 'number') return String(rng.pick([original, original * 2, original + 1]));
    return JSON.stringify(original ?? 1);
  }
  const v = rng.pick<Json>([original ?? 1, rng.pick(EXTREME_NUMBERS), rng.pick(EXTREME_UNIT_STRINGS), rng.pick(HOSTILE_STRINGS).slice(0, 40), 2, '2s', '50/s']);
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function getAt(data: Json, path: readonly (string | number)[]): Json | undefined {
  let v: Json | undefined = data;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, Json>)[p as string] : undefined;
  return v;
}

function parsedOrUndefined(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined; // already damaged as text: damaged further as text
  }
}

/** A summary.json or CSV of the results seed, mutated (or left as it is). */
function mutatedResults(rng: Prng, seed: ResultSeed, mutations: string[]): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = { ...seed.files };
  const names = Object.keys(seed.files);
  const n = rng.int(3);
  for (let k = 0; k < n; k++) {
    const name = rng.pick(names);
    const text = typeof out[name] === 'string' ? (out[name] as string) : seed.files[name];
    const data = name.endsWith('.json') && typeof out[name] === 'string' ? parsedOrUndefined(text) : undefined;
    if (data !== undefined && rng.chance(0.6)) {
      const what = mutateData(rng, data, new Map<string, Deep>());
      out[name] = JSON.stringify(data, null, 2);
      mutations.push(`results:${name}:${what}`);
    } else if (rng.chance(0.2)) {
      delete out[name];
      mutations.push(`results:${name}:deleted`);
    } else {
      const t = mutateText(rng, text);
      out[name] = t.text;
      mutations.push(`results:${name}:${t.name}`);
    }
  }
  return out;
}

/** The part of a case a command is made from. */
export interface CommandCaseInput {
  argv: string[];
  files: Record<string, string | Buffer>;
  mutations: string[];
  /** The scenario file of the case, as `{dir}/<name>`. */
  scenario: string;
  /** The scenario as data (after the data mutations). */
  data: Json;
  /** The seed scenario's text with the case's policy file names (unmutated), for compare. */
  pristine: string;
}

/**
 * Turns the case into one of check, sweep, report or compare (argv replaced, files added).
 * Without a results seed, report and the results-folder forms of check are not made.
 */
export function retarget(rng: Prng, c: CommandCaseInput, results: ResultSeed | undefined): void {
  // Half of them on the seed's own scenario, so the command's own inputs are what is hostile.
  if (rng.chance(0.5)) {
    const name = c.scenario.replace('{dir}/', '');
    const data = parse(c.pristine) as Json;
    c.files[name] = name.endsWith('.json') ? JSON.stringify(data) : c.pristine;
    c.data = data;
    c.mutations.push('scenario:pristine');
  }
  const roll = rng.next();
  const plugin = 'plugin.js' in c.files;
  if (roll < 0.35) check(rng, c, results);
  else if (roll < 0.65) sweep(rng, c);
  else if (roll < 0.8 && results) report(rng, c, results);
  else compare(rng, c);
  // A case whose scenario names a plug-in sometimes allows it (the rule itself is fuzzed too).
  if (plugin && c.argv[0] !== 'compare' && c.argv[0] !== 'report' && rng.chance(0.5)) c.argv.push('--allow-plugins');
}

function check(rng: Prng, c: CommandCaseInput, results: ResultSeed | undefined): void {
  const argv = ['check'];
  if (results && rng.chance(0.3)) {
    for (const [name, text] of Object.entries(mutatedResults(rng, results, c.mutations))) c.files[`results/${name}`] = text;
    argv.push(rng.chance(0.8) ? '{dir}/results' : '{dir}/results/summary.json');
    c.mutations.push('cli:check-results');
  } else {
    argv.push(c.scenario, '--requests', '3000');
    c.mutations.push('cli:check-scenario');
  }
  const options = 1 + rng.int(3);
  for (let k = 0; k < options; k++) {
    switch (rng.int(8)) {
      case 0:
        argv.push('--threshold', rng.pick(VALID_THRESHOLDS));
        break;
      case 1:
        argv.push('--threshold', rng.pick(THRESHOLDS));
        break;
      case 2: {
        if (rng.chance(0.8)) {
          const list = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(THRESHOLDS));
          const data: Json = rng.chance(0.5) ? list : { checks: list };
          const what = rng.chance(0.4) ? mutateData(rng, data, new Map<string, Deep>()) : 'as-is';
          let text: string | Buffer = stringify(data);
          if (rng.chance(0.2)) text = mutateText(rng, text).text;
          c.files['thresholds.yaml'] = text;
          argv.push('--thresholds', '{dir}/thresholds.yaml');
          c.mutations.push(`thresholds:${what}`);
        } else {
          argv.push('--thresholds', rng.pick(INPUT_PATHS));
          c.mutations.push('thresholds:odd-path');
        }
        break;
      }
      case 3: {
        if (results && rng.chance(0.8)) {
          c.files['baseline.json'] = mutatedResults(rng, { files: { 'summary.json': results.files['summary.json'] } }, c.mutations)['summary.json'] ?? '';
          argv.push('--baseline', '{dir}/baseline.json');
        } else {
          argv.push('--baseline', rng.pick(INPUT_PATHS));
          c.mutations.push('baseline:odd-path');
        }
        break;
      }
      case 4:
        argv.push('--tolerance', rng.pick(TOLERANCES));
        break;
      case 5:
        argv.push(rng.pick(['--junit', '--markdown']), rng.chance(0.6) ? '{dir}/report.out' : rng.pick(REPORT_PATHS));
        break;
      case 6: {
        const name = rng.pick(Object.keys(PLUGINS));
        c.files['under-test.js'] = PLUGINS[name];
        argv.push('--against-policy', rng.pick(['RANDOM', 'ROUND_ROBIN', 'LEAST_REQUEST', 'FASTEST']), '--replications', rng.pick(['2', '3', '1', 'x']), '--lb-plugin', '{dir}/under-test.js', '--metric', rng.pick(['p99', 'mean', 'errorRate', 'p42']));
        c.mutations.push(`check-plugin:${name}`);
        break;
      }
      default:
        argv.push('--strict');
    }
  }
  c.argv.splice(0, c.argv.length, ...argv);
}

function sweep(rng: Prng, c: CommandCaseInput): void {
  const leaves = leafPaths(c.data).filter((p) => p[0] !== 'loadBalancing' && p[0] !== 'policies' && p[0] !== 'name' && p[0] !== 'description');
  const argv = ['sweep', c.scenario, '--workers', '1', '--requests', '2000', '--replications', rng.pick(['1', '1', '2']), '--out', rng.chance(0.9) ? '{dir}/sweep' : rng.pick(OUT_PATHS)];
  const sets = 1 + rng.int(2);
  for (let k = 0; k < sets; k++) {
    if (leaves.length > 0 && rng.chance(0.75)) {
      const path = rng.pick(leaves);
      const original = getAt(c.data, path);
      const values = Array.from({ length: 1 + rng.int(3) }, () => setValue(rng, original));
      argv.push('--set', `${setPath(path)}=${[...new Set(values)].join(',')}`);
    } else {
      argv.push('--set', rng.pick(ODD_SETS));
    }
  }
  if (rng.chance(0.1)) argv.push('--shard', rng.pick(['0/2', '1/2', '2/2', 'x']));
  if (rng.chance(0.1)) argv.push('--strict');
  c.argv.splice(0, c.argv.length, ...argv);
  c.mutations.push('cli:sweep');
}

function report(rng: Prng, c: CommandCaseInput, results: ResultSeed): void {
  for (const [name, text] of Object.entries(mutatedResults(rng, results, c.mutations))) c.files[`results/${name}`] = text;
  const argv = ['report', '{dir}/results'];
  if (rng.chance(0.2)) {
    for (const [name, text] of Object.entries(mutatedResults(rng, results, c.mutations))) c.files[`results2/${name}`] = text;
    argv.push('{dir}/results2');
  }
  if (rng.chance(0.1)) argv.push(rng.pick(INPUT_PATHS));
  argv.push('--out', rng.chance(0.85) ? '{dir}/report/report.html' : rng.pick(REPORT_PATHS));
  c.argv.splice(0, c.argv.length, ...argv);
  c.mutations.push('cli:report');
}

function compare(rng: Prng, c: CommandCaseInput): void {
  c.files['design-b.yaml'] = c.pristine;
  const designs = rng.chance(0.8) ? [c.scenario, '{dir}/design-b.yaml'] : rng.pick([[c.scenario], [c.scenario, c.scenario, '{dir}/design-b.yaml'], [c.scenario, '/dev/zero']]);
  const argv = ['compare', ...designs, '--requests', '2000', '--replications', rng.pick(['1', '2', '0', '1001']), '--out', rng.chance(0.9) ? '{dir}/compare' : rng.pick(OUT_PATHS)];
  if (rng.chance(0.2)) argv.push('--streams', rng.pick(['independent', 'common', 'none']));
  if (rng.chance(0.1)) argv.push('--strict');
  c.argv.splice(0, c.argv.length, ...argv);
  c.mutations.push('cli:compare');
}

