/**
 * A fuzz worker: a child process that runs cases in-process through the real CLI entry
 * (`runCli`, the code behind `meshsim`), with output captured, and reports each outcome to the
 * parent over IPC. The parent enforces time and memory limits by killing this process.
 */
import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/cli/cli.js';
import { checkCommandOutputs, checkOutcome } from './check.js';

export interface WorkerRequest {
  dir: string;
  argv: string[];
}

export interface WorkerReply {
  code: number;
  problems: string[];
  ms: number;
  rssMb: number;
  stderrHead: string;
}

const CAPTURE = 5_000_000;

/**
 * With FUZZ_SPAWN=<path of a meshsim main.js>, each case runs as its own `node main.js ...`
 * process instead (slower; it also fuzzes builds that lack runCli, e.g. an older commit). Time
 * and memory are then limited per process: FUZZ_TIMEOUT_MS, and V8's heap at FUZZ_MEMORY_MB.
 */
const SPAWN = process.env.FUZZ_SPAWN;

function runSpawned(argv: string[]): { code: number; stdout: string; stderr: string; verdict?: 'hang' | 'memory' } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${process.env.FUZZ_MEMORY_MB ?? 2048}`, SPAWN!, ...argv], {
    encoding: 'utf8',
    timeout: Number(process.env.FUZZ_TIMEOUT_MS ?? 20_000),
    maxBuffer: CAPTURE,
    killSignal: 'SIGKILL',
  });
  const stderr = r.stderr ?? '';
  if (r.error && /ETIMEDOUT/.test(String(r.error))) return { code: -1, stdout: '', stderr, verdict: 'hang' };
  if (/heap out of memory|Allocation failed/.test(stderr)) return { code: -1, stdout: '', stderr, verdict: 'memory' };
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr };
}

process.on('message', (msg: WorkerRequest) => {
  void (async () => {
    const argv = msg.argv.map((a) => a.split('{dir}').join(msg.dir));
    let stdout = '';
    let stderr = '';
    const t0 = performance.now();
    let code: number;
    let verdict: 'hang' | 'memory' | undefined;
    if (SPAWN) {
      ({ code, stdout, stderr, verdict } = runSpawned(argv));
    } else {
      code = await runCli(argv, {
        out: (t) => {
          if (stdout.length < CAPTURE) stdout += t;
        },
        err: (t) => {
          if (stderr.length < CAPTURE) stderr += t;
        },
      });
    }
    const ms = performance.now() - t0;
    const problems = verdict ? [`spawned run: ${verdict}`] : [...checkOutcome({ code, stdout, stderr }, argv[0]), ...checkCommandOutputs(argv, { code, stdout, stderr })];
    const reply: WorkerReply = { code, problems, ms, rssMb: process.memoryUsage().rss / 1e6, stderrHead: stderr.slice(0, 600) };
    process.send!(reply);
  })().catch((e: unknown) => {
    process.send!({ code: -1, problems: [`worker failure: ${(e as Error)?.stack ?? String(e)}`], ms: 0, rssMb: 0, stderrHead: '' } satisfies WorkerReply);
  });
});
