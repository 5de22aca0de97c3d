/**
 * `npm run fuzz [-- --cases N --seed S --workers W --timeout-s T --memory-mb M --commands F]`:
 * runs N mutated scenarios (bench/fuzz/mutate.ts) through the real CLI code in worker processes
 * and classifies each outcome. A share F (default 0.4) of the cases runs another command than
 * `run`/`validate` on mutated inputs: check, sweep, report or compare (bench/fuzz/commands.ts).
 *
 *   ok       exit 0 with complete, sane outputs, exit 2 with a clear message, or (check) exit 1
 *            with a report of the failed checks
 *   crash    another exit code, a stack trace or internal text, a raw control character printed,
 *            an insane or incomplete result, or the worker process dying
 *   hang     more than the time limit (default 20 s) of CPU time on one case, or five times
 *            that in wall time; the worker is killed
 *   memory   the worker's resident memory passed the limit (default 2 GB); the worker is killed
 *
 * Every case runs with `--requests 20000` (a scenario's own total is kept when smaller), so a
 * mutated rate of a million per second costs 20,000 requests of work, not hours; anything that
 * still takes longer than the limit is a hang. Failing cases are kept under the printed folder
 * (files + command line) for replay. Not part of `npm test`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResultSeed, retarget } from './fuzz/commands.js';
import { makeCase, type FuzzCase } from './fuzz/mutate.js';
import { loadSeeds } from './fuzz/seeds.js';
import type { WorkerReply } from './fuzz/worker.js';

type Verdict = 'ok' | 'crash' | 'hang' | 'memory';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CASES = arg('cases', 10_000);
const SEED = arg('seed', 1);
const WORKERS = arg('workers', 2);
const TIMEOUT_MS = arg('timeout-s', 20) * 1000;
// In spawn mode (FUZZ_SPAWN) the worker limits each process itself; give it room to report.
const WATCHDOG_MS = process.env.FUZZ_SPAWN ? TIMEOUT_MS + 10_000 : TIMEOUT_MS;
const MEMORY_MB = arg('memory-mb', 2048);
/** Share of cases turned into check, sweep, report or compare cases (commands.ts); 0: run and validate only. */
const COMMANDS = arg('commands', 0.4);
const RECYCLE_AFTER = 250;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const workerFile = join(here, 'fuzz', 'worker.js');
const seeds = loadSeeds(root);
const results = loadResultSeed(root);
const work = mkdtempSync(join(tmpdir(), 'meshsim-fuzz-'));
const kept = join(work, 'failures');

const counts: Record<Verdict, number> = { ok: 0, crash: 0, hang: 0, memory: 0 };
const exits: Record<string, number> = {};
const byMutation = new Map<string, Record<Verdict, number>>();
const byCommand = new Map<string, Record<Verdict, number> & { exit0: number; slowestMs: number; slowestSeed: number }>();
const examples: { verdict: Verdict; c: FuzzCase; detail: string }[] = [];
let slowest = { ms: 0, seed: 0 };
let generatorErrors = 0;
let peakRss = 0;

/** CPU seconds (user + system) process `pid` has used; Linux /proc, clock ticks of 1/100 s. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function writeCase(dir: string, c: FuzzCase): void {
  for (const [name, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

function record(c: FuzzCase, verdict: Verdict, detail: string, dir: string, ms = 0, code?: number): void {
  counts[verdict]++;
  const command = byCommand.get(c.argv[0]) ?? { ok: 0, crash: 0, hang: 0, memory: 0, exit0: 0, slowestMs: 0, slowestSeed: 0 };
  command[verdict]++;
  if (code === 0) command.exit0++;
  if (ms > command.slowestMs) [command.slowestMs, command.slowestSeed] = [ms, c.seed];
  byCommand.set(c.argv[0], command);
  for (const m of new Set(c.mutations.map((x) => x.replace(/^[^:]*:/, (p) => p)))) {
    const row = byMutation.get(m) ?? { ok: 0, crash: 0, hang: 0, memory: 0 };
    row[verdict]++;
    byMutation.set(m, row);
  }
  if (verdict !== 'ok') {
    if (examples.filter((e) => e.verdict === verdict).length < 8) examples.push({ verdict, c, detail });
    const keep = join(kept, `${verdict}-${c.seed}`);
    mkdirSync(keep, { recursive: true });
    writeCase(keep, c);
    writeFileSync(join(keep, 'case.json'), JSON.stringify({ seed: c.seed, mutations: c.mutations, argv: c.argv, detail }, null, 2));
  }
  rmSync(dir, { recursive: true, force: true });
}

class Slot {
  private child: ChildProcess | undefined;
  private handled = 0;

  private spawn(): ChildProcess {
    const cwd = mkdtempSync(join(work, 'cwd-'));
    const child = fork(workerFile, [], {
      cwd,
      env: { ...process.env, FUZZ_TIMEOUT_MS: String(TIMEOUT_MS), FUZZ_MEMORY_MB: String(MEMORY_MB) }, execArgv: ['--max-old-space-size=4096'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.resume();
    this.handled = 0;
    return child;
  }

  private kill(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }

  run(c: FuzzCase): Promise<void> {
    if (!this.child || this.handled >= RECYCLE_AFTER) {
      this.kill();
      this.child = this.spawn();
    }
    const child = this.child;
    this.handled++;
    const dir = mkdtempSync(join(work, 'case-'));
    writeCase(dir, c);
    return new Promise((done) => {
      let settled = false;
      let caseMs = 0;
      let caseCode: number | undefined;
      const finish = (verdict: Verdict, detail: string, killWorker: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (killWorker) this.kill();
        record(c, verdict, detail, dir, caseMs, caseCode);
        done();
      };
      const onMessage = (r: WorkerReply) => {
        exits[String(r.code)] = (exits[String(r.code)] ?? 0) + 1;
        if (r.ms > slowest.ms) slowest = { ms: r.ms, seed: c.seed };
        caseMs = r.ms;
        caseCode = r.code;
        peakRss = Math.max(peakRss, r.rssMb);
        if (r.problems.some((p) => p === 'spawned run: hang')) finish('hang', r.stderrHead, false);
        else if (r.problems.some((p) => p === 'spawned run: memory')) finish('memory', r.stderrHead, false);
        else if (r.problems.length > 0) finish('crash', `${r.problems.join('; ')}\n${r.stderrHead}`, false);
        else finish('ok', '', false);
        // A worker that grew large is replaced before the next case.
        if (r.rssMb > 1024) this.kill();
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        finish('crash', `worker died (exit ${code}, signal ${signal})`, false);
      };
      // A hang is the worker spending more than the limit in CPU time on this case: on a shared
      // machine wall time says more about the neighbours (a wall-time backstop catches a stall).
      const cpu0 = cpuSeconds(child.pid);
      const timer = setTimeout(() => finish('hang', `no answer within ${(5 * WATCHDOG_MS) / 1000} s of wall time`, true), 5 * WATCHDOG_MS);
      const poll = setInterval(() => {
        const mb = rssMb(child.pid);
        peakRss = Math.max(peakRss, mb);
        if (mb > MEMORY_MB) finish('memory', `resident memory ${mb.toFixed(0)} MB`, true);
        const cpu = cpuSeconds(child.pid) - cpu0;
        if (cpu * 1000 > WATCHDOG_MS) finish('hang', `more than ${WATCHDOG_MS / 1000} s of CPU time`, true);
      }, 100);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ dir, argv: c.argv });
    });
  }

  stop(): void {
    this.kill();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`meshsim fuzz: ${CASES} cases from seed ${SEED}, ${WORKERS} workers, limits ${TIMEOUT_MS / 1000} s and ${MEMORY_MB} MB; work folder ${work}`);
  let next = 0;
  const slots = Array.from({ length: WORKERS }, () => new Slot());
  await Promise.all(
    slots.map(async (slot) => {
      while (next < CASES) {
        const i = next++;
        let c: FuzzCase;
        try {
          c = makeCase(seeds, SEED * 1_000_003 + i, (rng, input) => {
            if (rng.chance(COMMANDS)) retarget(rng, input, results);
          });
        } catch (e) {
          // The generator's own failure is not meshsim's: reported, never counted as a case outcome.
          generatorErrors++;
          console.log(`  generator failed on case ${SEED * 1_000_003 + i}: ${(e as Error).message}`);
          continue;
        }
        await slot.run(c);
        const done = Object.values(counts).reduce((a, b) => a + b, 0);
        if (done % 500 === 0) console.log(`  ${done}/${CASES}: ${JSON.stringify(counts)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
      slot.stop();
    }),
  );
  console.log('');
  console.log(`cases ${CASES - generatorErrors}: ok ${counts.ok}, crash ${counts.crash}, hang ${counts.hang}, runaway memory ${counts.memory}${generatorErrors ? ` (${generatorErrors} not generated)` : ''}`);
  console.log(`exit codes: ${Object.entries(exits).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  console.log(`slowest case ${(slowest.ms / 1000).toFixed(2)} s (seed ${slowest.seed}); peak worker RSS ${peakRss.toFixed(0)} MB; wall ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log('\ncommand       ok  crash  hang  memory  (exit 0)  slowest');
  for (const [k, r] of [...byCommand.entries()].sort()) console.log(`${k.slice(0, 10).padEnd(10)} ${String(r.ok).padStart(5)} ${String(r.crash).padStart(6)} ${String(r.hang).padStart(5)} ${String(r.memory).padStart(7)} ${String(r.exit0).padStart(9)}  ${(r.slowestMs / 1000).toFixed(2)} s (seed ${r.slowestSeed})`);
  console.log('\nmutation                          ok  crash  hang  memory');
  for (const [m, r] of [...byMutation.entries()].sort()) console.log(`${m.slice(0, 32).padEnd(32)} ${String(r.ok).padStart(4)} ${String(r.crash).padStart(6)} ${String(r.hang).padStart(5)} ${String(r.memory).padStart(7)}`);
  for (const e of examples) console.log(`\n[${e.verdict}] seed ${e.c.seed} ${e.c.mutations.join(', ')}\n  ${e.c.argv.join(' ')}\n  ${e.detail.split('\n').slice(0, 6).join('\n  ')}`);
  if (counts.crash + counts.hang + counts.memory > 0) console.log(`\nfailing cases kept in ${kept}`);
  else rmSync(work, { recursive: true, force: true });
  process.exitCode = counts.crash + counts.hang + counts.memory > 0 ? 1 : 0;
}

void main();
