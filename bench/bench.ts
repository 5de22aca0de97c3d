/**
 * `npm run bench`: meshsim's performance at scale, as one table (or JSON with --json), each run in
 * a fresh Node process so that peak RSS is that run's. Wall-clock and CPU time are measured here,
 * never in tests. The machine may be shared and noisy: every ratio is measured in one sitting,
 * its two sides alternating run by run, from medians of CPU time (other tenants stretch wall time
 * more than a process's own CPU time).
 *
 *   npm run bench [-- --cases canonical,minimal,endpoints,churn,proxies,multihop] [--runs N] [--json]
 *
 * Cases (issue 11 targets, issue 6 and 7 where named):
 *   canonical  scenarios/bench/canonical.yaml at 1M and 10M requests: requests/s (issue 6: ≥ 1M/s)
 *   minimal    meshsim's canonical requests/s over bench/minimal-loop.ts's, in process (≥ 0.8×)
 *   endpoints  the canonical scenario with 100× and 1000× the replicas and the rate (3,600 and
 *              36,000 endpoints, the same load per endpoint): requests/s over the 36-endpoint run (36,000: ≥ 0.5×),
 *              and the same ratio for bench/minimal-ladder.ts's hand-written loop of the model (level 3)
 *   churn      a zone outage in a cluster of 20,000 endpoints: run time over the same run without it (≤ 1.5×)
 *   proxies    10,000 calling sidecars × one 3,600-endpoint cluster with outlierDetection: peak RSS
 *              (≤ 1 GB) and time to the first event (≤ 5 s)
 *   multihop   scenarios/bench/bookinfo-multihop.yaml (4 calls per request, 2 clusters, an
 *              east-west gateway): events/s over the one-hop canonical's (issue 7: within 25%)
 */
import { spawnSync } from 'node:child_process';
import { V8_FLAGS } from '../src/cli/v8-tuning.js';
import { fileURLToPath } from 'node:url';

const CASES = ['canonical', 'minimal', 'endpoints', 'churn', 'proxies', 'multihop'] as const;
type CaseName = (typeof CASES)[number];

interface Row {
  case: CaseName;
  measure: string;
  value: number;
  unit: string;
  /** The target as text, '' when the row only informs. */
  target: string;
  met: boolean | null;
  /** How it was measured (runs, medians, the other side of a ratio). */
  detail: string;
}

function parseArgs(argv: string[]): { cases: CaseName[]; runs: number | undefined; json: boolean } {
  let cases: CaseName[] = [...CASES];
  let runs: number | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--cases' || a.startsWith('--cases=')) {
      const v = a === '--cases' ? argv[++i] : a.slice('--cases='.length);
      const names = (v ?? '').split(',').filter((x) => x !== '');
      const bad = names.filter((n) => !(CASES as readonly string[]).includes(n));
      if (bad.length > 0 || names.length === 0) usage(`unknown case ${bad.join(', ') || '(none)'}; cases: ${CASES.join(', ')}`);
      cases = CASES.filter((c) => names.includes(c));
    } else if (a === '--runs' || a.startsWith('--runs=')) {
      runs = Number(a === '--runs' ? argv[++i] : a.slice('--runs='.length));
      if (!(Number.isInteger(runs) && runs >= 1)) usage('--runs must be an integer >= 1');
    } else usage(`unknown option ${a}`);
  }
  return { cases, runs, json };
}

function usage(message: string): never {
  console.error(`bench: ${message}\nusage: npm run bench [-- --cases ${CASES.join(',')}] [--runs N] [--json]`);
  process.exit(2);
}

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));

/**
 * Runs one of the bench scripts in a fresh process, with the V8 flags the CLI runs with (every
 * case, the minimal loop included, so ratios compare like with like), and returns the JSON it
 * printed last.
 */
function runJson<T>(script: string, args: (string | number)[]): T {
  const r = spawnSync(process.execPath, [...V8_FLAGS, here(script), ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error(`bench: ${script} ${args.join(' ')} failed:\n${r.stderr}`);
    process.exit(1);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Alternates `sides` run by run (the order flips every round) and returns each side's results. */
function alternate<T>(runs: number, sides: (() => T)[]): T[][] {
  const out: T[][] = sides.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = sides.map((_, k) => k);
    if (i % 2 === 1) order.reverse();
    for (const k of order) out[k].push(sides[k]());
  }
  return out;
}

interface OneRun {
  requests: number;
  events: number;
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  meanMs: number;
}

const CANONICAL = 'scenarios/bench/canonical.yaml';
const MULTIHOP = 'scenarios/bench/bookinfo-multihop.yaml';
const fmt = (x: number, digits = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function canonical(): Row[] {
  return [1_000_000, 10_000_000].map((n) => {
    const m = runJson<OneRun>('./bench-one.js', [CANONICAL, n]);
    const perS = m.requests / m.wallS;
    return {
      case: 'canonical',
      measure: `${fmt(n / 1e6)}M requests: requests/s (wall)`,
      value: Math.round(perS),
      unit: 'requests/s',
      target: '≥ 1,000,000 (issue 6)',
      met: perS >= 1e6,
      detail: `1 run: wall ${m.wallS.toFixed(2)} s, CPU ${m.cpuS.toFixed(2)} s (${fmt(m.requests / m.cpuS)} requests/s of CPU), ${fmt(m.events / m.wallS)} events/s, peak RSS ${fmt(m.peakRssMb)} MB, mean latency ${m.meanMs.toFixed(3)} ms`,
    };
  });
}

function minimal(runs: number): Row[] {
  const n = 1_000_000;
  const ladder = [0, 1, 2, 3];
  const [mesh, loop, ...steps] = alternate(runs, [
    () => runJson<OneRun>('./bench-one.js', [CANONICAL, n]),
    () => runJson<OneRun>('./minimal-loop.js', [n]),
    ...ladder.map((l) => () => runJson<OneRun>('./minimal-ladder.js', [l, n])),
  ]);
  const perS = (xs: OneRun[]): number => median(xs.map((m) => m.requests / m.cpuS));
  const a = perS(mesh);
  const b = perS(loop);
  const step = steps.map(perS);
  const rows: Row[] = [
    {
      case: 'minimal',
      measure: "canonical requests/s over the minimal loop's (in process, CPU)",
      value: Number((a / b).toFixed(2)),
      unit: '×',
      target: '≥ 0.8',
      met: a / b >= 0.8,
      detail: `${runs} alternating runs each, 1M requests: meshsim median ${fmt(a)}/s, minimal loop median ${fmt(b)}/s`,
    },
  ];
  const names = ['the yardstick\'s model', '+ least request (P2C, active counts)', '+ priority draw and locality EDF', "+ meshsim's per-request metrics"];
  for (const l of ladder.slice(1)) {
    rows.push({
      case: 'minimal',
      measure: `ladder ${l} (${names[l]}) over ladder 0 (${names[0]})`,
      value: Number((step[l] / step[0]).toFixed(2)),
      unit: '×',
      target: '',
      met: null,
      detail: `bench/minimal-ladder.ts, same sitting: ladder ${l} ${fmt(step[l])}/s, ladder 0 ${fmt(step[0])}/s`,
    });
  }
  rows.push({
    case: 'minimal',
    measure: 'canonical requests/s over ladder 3 (a hand-written loop of the same model and metrics)',
    value: Number((a / step[3]).toFixed(2)),
    unit: '×',
    target: '',
    met: null,
    detail: `meshsim ${fmt(a)}/s, ladder 3 ${fmt(step[3])}/s`,
  });
  return rows;
}

function endpoints(runs: number): Row[] {
  const n = 1_000_000;
  const scales = [1, 100, 1000];
  // The hand-written loop of the same model and metrics (bench/minimal-ladder.ts level 3) at 36 and
  // 36,000 endpoints, alternating with meshsim's runs: how much of the slow-down at scale any loop of
  // this model pays (~125,000 requests in flight spread over memory) and how much is meshsim's own.
  const handScales = [1, 1000];
  const sides = [
    ...scales.map((s) => () => runJson<OneRun & { endpoints: number }>('./endpoints-one.js', [s, n])),
    ...handScales.map((s) => () => runJson<OneRun & { endpoints: number }>('./minimal-ladder.js', [3, n, s])),
  ];
  const results = alternate(runs, sides);
  const perS = results.map((rs) => median(rs.map((m) => m.requests / m.cpuS)));
  const rows: Row[] = scales.slice(1).map((s, i) => {
    const ratio = perS[i + 1] / perS[0];
    const e = results[i + 1][0].endpoints;
    return {
      case: 'endpoints',
      measure: `${fmt(e)} endpoints: requests/s over 36 endpoints' (same load per endpoint)`,
      value: Number(ratio.toFixed(2)),
      unit: '×',
      target: s === 1000 ? '≥ 0.5' : '',
      met: s === 1000 ? ratio >= 0.5 : null,
      detail: `${runs} alternating runs of 1M requests each, CPU medians: 36 endpoints ${fmt(perS[0])}/s, ${fmt(e)} ${fmt(perS[i + 1])}/s (peak RSS ${fmt(results[i + 1][0].peakRssMb)} MB)`,
    };
  });
  const [hand36, hand36k] = perS.slice(scales.length);
  rows.push(
    {
      case: 'endpoints',
      measure: "ladder 3 (hand-written loop, same model and metrics): 36,000 endpoints' requests/s over 36's",
      value: Number((hand36k / hand36).toFixed(2)),
      unit: '×',
      target: '',
      met: null,
      detail: `bench/minimal-ladder.ts 3 <requests> <scale>, alternating with the runs above: 36 endpoints ${fmt(hand36)}/s, 36,000 ${fmt(hand36k)}/s`,
    },
    {
      case: 'endpoints',
      measure: 'meshsim over ladder 3 at 36,000 endpoints (at 36: see the minimal case)',
      value: Number((perS[scales.length - 1] / hand36k).toFixed(2)),
      unit: '×',
      target: '',
      met: null,
      detail: `meshsim ${fmt(perS[scales.length - 1])}/s, ladder 3 ${fmt(hand36k)}/s; at 36 endpoints in this sitting: meshsim ${fmt(perS[0])}/s, ladder 3 ${fmt(hand36)}/s (${(perS[0] / hand36).toFixed(2)}×)`,
    },
  );
  return rows;
}

function churn(runs: number): Row[] {
  const e = 20_000;
  const n = 400_000;
  type ChurnRun = OneRun & { ejections: number };
  const [none, outage] = alternate(runs, [() => runJson<ChurnRun>('./churn-one.js', [e, n, 'none']), () => runJson<ChurnRun>('./churn-one.js', [e, n, 'outage'])]);
  const a = median(none.map((m) => m.cpuS));
  const b = median(outage.map((m) => m.cpuS));
  return [
    {
      case: 'churn',
      measure: 'zone outage, 20,000 endpoints: run time over the run without it',
      value: Number((b / a).toFixed(2)),
      unit: '×',
      target: '≤ 1.5',
      met: b / a <= 1.5,
      detail: `${runs} alternating runs of 400k requests each, CPU medians: ${a.toFixed(2)} s without, ${b.toFixed(2)} s with the outage (${outage[0].ejections} ejection records)`,
    },
  ];
}

function proxies(): Row[] {
  const m = runJson<{ firstEventMs: number; peakRssMb: number; runMs: number; loadMs: number }>('./proxies.js', [10_000, 3600, 2]);
  const detail = `1 run, 2 requests per proxy: load ${fmt(m.loadMs)} ms, whole run ${fmt(m.runMs)} ms`;
  return [
    { case: 'proxies', measure: '10,000 sidecars × 3,600 endpoints: peak RSS', value: m.peakRssMb, unit: 'MB', target: '≤ 1,024', met: m.peakRssMb <= 1024, detail },
    { case: 'proxies', measure: '10,000 sidecars × 3,600 endpoints: time to first event', value: m.firstEventMs, unit: 'ms', target: '≤ 5,000', met: m.firstEventMs <= 5000, detail },
  ];
}

function multihop(runs: number): Row[] {
  const [multi, one] = alternate(runs, [() => runJson<OneRun>('./bench-one.js', [MULTIHOP, 300_000]), () => runJson<OneRun>('./bench-one.js', [CANONICAL, 1_000_000])]);
  const a = median(multi.map((m) => m.events / m.cpuS));
  const b = median(one.map((m) => m.events / m.cpuS));
  return [
    {
      case: 'multihop',
      measure: 'Bookinfo, 4 calls per request over 2 clusters: events/s over one-hop canonical\'s',
      value: Number((a / b).toFixed(2)),
      unit: '×',
      target: '≥ 0.75 (issue 7)',
      met: a / b >= 0.75,
      detail: `${runs} alternating runs (300k Bookinfo requests = ${fmt(multi[0].events)} events; 1M canonical), CPU medians: ${fmt(a)} vs ${fmt(b)} events/s; Bookinfo ${fmt(median(multi.map((m) => m.requests / m.cpuS)))} requests/s`,
    },
  ];
}

const { cases, runs, json } = parseArgs(process.argv.slice(2));
const rows: Row[] = [];
for (const c of cases) {
  if (!json) process.stderr.write(`bench: ${c}...\n`);
  if (c === 'canonical') rows.push(...canonical());
  else if (c === 'minimal') rows.push(...minimal(runs ?? 5));
  else if (c === 'endpoints') rows.push(...endpoints(runs ?? 3));
  else if (c === 'churn') rows.push(...churn(runs ?? 3));
  else if (c === 'proxies') rows.push(...proxies());
  else rows.push(...multihop(runs ?? 3));
}

if (json) {
  process.stdout.write(JSON.stringify({ node: process.version, arch: process.arch, rows }, null, 2) + '\n');
} else {
  const cells = rows.map((r) => [r.case, r.measure, `${r.unit === '×' ? r.value.toFixed(2) : fmt(r.value)} ${r.unit}`, r.target, r.met === null ? '' : r.met ? 'yes' : 'NO']);
  const head = ['case', 'measure', 'value', 'target', 'met'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(width[i])).join('  ').trimEnd();
  console.log(`meshsim benchmark on Node ${process.version} (${process.arch}); ratios: alternating runs in one sitting, CPU-time medians`);
  console.log(line(head));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const c of cells) console.log(line(c));
  console.log('');
  for (const r of rows) console.log(`${r.case}: ${r.measure}: ${r.detail}`);
}
