/**
 * Where a request's instructions and cache misses go, by compiled function: runs the canonical
 * scenario (× `scale` endpoints and rate, as bench/endpoints-one.ts) under callgrind with its cache
 * simulation (32 KB L1 data and instruction caches, a 1 MB last level standing for this machine's
 * L2), at N and 2N requests, and names the JIT's code through V8's perf map (--perf-basic-prof).
 * Prints per request, as differences of the two runs (start-up and loading cancel out):
 * instructions, L1 data read misses, L1 instruction misses and last-level data read misses, per
 * function. Deterministic like bench/instructions.ts (V8 on one thread), so two builds or two
 * layouts compare without the noise of a shared machine; a simulated cache is not this CPU's (no
 * prefetchers, no op cache), so read it for where misses come from, not for their price.
 * Inlined callees count in the function they were compiled into.
 *
 *   node dist/bench/cache-profile.js [scale=1] [requests=200000] [rows=20]   (needs valgrind; ~4 min)
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { V8_FLAGS } from '../src/cli/v8-tuning.js';

const EVENTS = ['Ir', 'Dr', 'Dw', 'I1mr', 'D1mr', 'D1mw', 'ILmr', 'DLmr', 'DLmw'] as const;
const SHOWN: [string, (typeof EVENTS)[number], number][] = [
  ['instructions', 'Ir', 0],
  ['L1d read misses', 'D1mr', 1],
  ['L1i misses', 'I1mr', 1],
  ['LL read misses', 'DLmr', 2],
];

const [scaleArg, nArg, rowsArg] = process.argv.slice(2);
const scale = Number(scaleArg ?? 1);
const n = Number(nArg ?? 200_000);
const rows = Number(rowsArg ?? 20);
if (!(scale >= 1 && n >= 1 && rows >= 1)) {
  console.error('usage: node dist/bench/cache-profile.js [scale=1] [requests=200000] [rows=20]');
  process.exit(2);
}
const one = fileURLToPath(new URL('./endpoints-one.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'meshsim-cache-profile-'));

/** Costs per code address of one run, and the perf map naming the JIT's code. */
function run(requests: number): Promise<{ out: string; map: string }> {
  const out = join(work, `callgrind-${requests}.out`);
  const args = [
    '--tool=callgrind', '--cache-sim=yes', '--dump-instr=yes', '--D1=32768,8,64', '--I1=32768,8,64', '--LL=1048576,16,64', `--callgrind-out-file=${out}`,
    process.execPath, '--single-threaded', '--perf-basic-prof', ...V8_FLAGS, one, String(scale), String(requests),
  ];
  return new Promise((done, fail) => {
    const p = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', fail);
    p.on('close', (code) => {
      // V8 writes its perf map to /tmp/perf-<pid>.map, whatever TMPDIR says.
      const map = `/tmp/perf-${p.pid}.map`;
      if (code !== 0 || !existsSync(out) || !existsSync(map)) fail(new Error(`valgrind exited ${code}:\n${err.slice(-2000)}`));
      else done({ out, map });
    });
  });
}

interface CodeRange {
  start: number;
  end: number;
  name: string;
}

/** The perf map's code ranges, sorted; tier markers (*, ~, ^, +) dropped so tiers of a function add up. */
function readMap(file: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m) ranges.push({ start: parseInt(m[1], 16), end: parseInt(m[1], 16) + parseInt(m[2], 16), name: m[3].replace(/^JS:[*~^+-]?/, 'JS:').replace(/file:\/\/\S*\/dist\//, '') });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function nameOf(ranges: CodeRange[], addr: number): string {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= addr) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && addr < ranges[hi].end ? ranges[hi].name : '(native: Node, V8 runtime, GC)';
}

/**
 * Sums a callgrind file (positions: instr line; --dump-instr=yes) per function of the perf map.
 * Cost lines start with an address, absolute (0x…), relative (+n, -n) or the same (*); the line
 * after `calls=` is a call's inclusive cost, counted in the callee already.
 */
async function costsByFunction(file: string, ranges: CodeRange[]): Promise<Map<string, number[]>> {
  const byAddr = new Map<number, number[]>();
  let last = 0;
  let skip = false;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (line.startsWith('calls=')) {
      skip = true;
      continue;
    }
    const c = line.charCodeAt(0);
    if (!(c === 48 || c === 43 || c === 45 || c === 42)) continue; // 0 + - *
    const parts = line.split(' ');
    const a = parts[0];
    const addr = a.startsWith('0x') ? parseInt(a, 16) : a[0] === '+' ? last + Number(a.slice(1)) : a[0] === '-' ? last - Number(a.slice(1)) : a === '*' ? last : NaN;
    if (Number.isNaN(addr)) continue;
    last = addr;
    if (skip) {
      skip = false;
      continue;
    }
    let v = byAddr.get(addr);
    if (v === undefined) byAddr.set(addr, (v = new Array<number>(EVENTS.length).fill(0)));
    for (let i = 2; i < parts.length; i++) v[i - 2] += Number(parts[i]);
  }
  const out = new Map<string, number[]>();
  for (const [addr, v] of byAddr) {
    const name = nameOf(ranges, addr);
    let s = out.get(name);
    if (s === undefined) out.set(name, (s = new Array<number>(EVENTS.length).fill(0)));
    for (let i = 0; i < v.length; i++) s[i] += v[i];
  }
  return out;
}

try {
  const [a, b] = await Promise.all([run(n), run(2 * n)]);
  const [ca, cb] = [await costsByFunction(a.out, readMap(a.map)), await costsByFunction(b.out, readMap(b.map))];
  rmSync(a.map, { force: true });
  rmSync(b.map, { force: true });
  const perRequest = new Map<string, number[]>();
  for (const name of new Set([...ca.keys(), ...cb.keys()])) {
    const x = ca.get(name) ?? new Array<number>(EVENTS.length).fill(0);
    const y = cb.get(name) ?? new Array<number>(EVENTS.length).fill(0);
    perRequest.set(name, y.map((v, i) => (v - x[i]) / n));
  }
  const col = (e: (typeof EVENTS)[number]) => EVENTS.indexOf(e);
  const total = EVENTS.map((_, i) => [...perRequest.values()].reduce((s, v) => s + v[i], 0));
  const cell = (v: number[], [, e, digits]: (typeof SHOWN)[number]) => v[col(e)].toFixed(digits).padStart(16);
  console.log(`canonical ×${scale} (${(36 * scale).toLocaleString('en-US')} endpoints): per request, (run of ${2 * n} − run of ${n}) / ${n}; V8 flags: ${V8_FLAGS.join(' ')}`);
  console.log(`${SHOWN.map(([h]) => h.padStart(16)).join('')}  function`);
  console.log(`${SHOWN.map((s) => cell(total, s)).join('')}  (all)`);
  const order = [...perRequest.entries()].sort((x, y) => y[1][col('Ir')] - x[1][col('Ir')]);
  for (const [name, v] of order.slice(0, rows)) console.log(`${SHOWN.map((s) => cell(v, s)).join('')}  ${name}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
