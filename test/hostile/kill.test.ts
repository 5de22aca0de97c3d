/**
 * kill -9 during writes never leaves a mixed or partial result set: a real `meshsim run` child is
 * killed (SIGKILL) at random moments while it writes its files — at least 20 times — and after
 * every kill the result folder holds exactly one complete set, the previous one or the new one.
 * The next run removes what the killed runs left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { simulateFile } from '../../src/run.js';
import { OUTPUT_FILES } from '../../src/run.js';

// Big outputs (30,000 endpoints: summary.json ~6.5 MB, endpoints.csv ~1.3 MB) for a cheap run: the
// write window is several milliseconds wide, so most kills aimed at it land in it.
const SCENARIO = `name: kill
seed: 1
duration: 2s
clusters:
  - {name: c1, region: r1, zones: [z1]}
services:
${Array.from({ length: 3 }, (_, i) => `  - name: s${i}\n    deployments: [{cluster: c1, replicas: 10000}]\n`).join('')}traffic:
  - {name: clients, from: {cluster: c1}, to: s0, rate: 200/s}
`;
const FILES = [...OUTPUT_FILES].sort();
const WANTED_WRITE_KILLS = 20;
const LANES = 2;
const MAX_RUNS_PER_LANE = 15;

function busyWaitMs(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** What the result folder holds: the name of its set and the five files, or a reason it is broken. */
function inspect(target: string): { files: Record<string, string> } | { broken: string } {
  if (!existsSync(target)) return { broken: 'no result folder' };
  if (!lstatSync(target).isSymbolicLink()) return { broken: 'not a link to a set' };
  const names = readdirSync(target).sort();
  if (JSON.stringify(names) !== JSON.stringify(FILES)) return { broken: `files ${names.join(',')}` };
  return { files: Object.fromEntries(FILES.map((f) => [f, readFileSync(join(target, f), 'utf8')])) };
}

/** One lane: its own result folder, killed runs until `wanted` kills landed during writes. */
async function lane(dir: string, scenario: string, sets: Record<string, string>[], wanted: number): Promise<{ writeKills: number; runs: number }> {
  const target = join(dir, 'results');
  const whichSet = (files: Record<string, string>) => sets.findIndex((s) => FILES.every((f) => s[f] === files[f]));
  const run = (seed: number) => spawn(process.execPath, ['dist/src/cli/main.js', 'run', scenario, '--out', target, '--seed', String(seed), '--json'], { stdio: 'ignore' });
  const exited = (child: ReturnType<typeof spawn>) => new Promise<void>((done) => child.once('exit', () => done()));

  await exited(run(1));
  expect(whichSet((inspect(target) as { files: Record<string, string> }).files)).toBe(0);
  let writeKills = 0;
  let runs = 0;
  let expected = 0; // the set the folder holds now
  while (writeKills < wanted && runs < MAX_RUNS_PER_LANE) {
    runs++;
    const seed = 2 - (runs % 2); // alternate 2, 1, 2, ...
    const child = run(seed);
    let ended = false;
    const done = exited(child).then(() => {
      ended = true;
    });
    const staging = new RegExp(`^\\.results\\.meshsim-${child.pid}-`);
    // Wait for this run's staging folder, then kill it a random moment later (0–4 ms) — or,
    // every sixth run, at a random moment of its whole life.
    if (runs % 6 === 0) {
      await new Promise((r) => setTimeout(r, Math.random() * 600));
    } else {
      while (!ended && !readdirSync(dir).some((n) => staging.test(n))) await new Promise((r) => setImmediate(r));
      busyWaitMs(Math.random() * 4);
    }
    child.kill('SIGKILL');
    await done;
    const now = inspect(target);
    expect('broken' in now ? now.broken : '', `${dir}, run ${runs}`).toBe('');
    const set = whichSet((now as { files: Record<string, string> }).files);
    // Exactly one complete set: the previous one, or this run's (if it finished before the kill).
    expect([expected, seed - 1], `${dir}, run ${runs}`).toContain(set);
    const killedWhileStaging = readdirSync(dir).some((n) => staging.test(n) && n !== readlinkSync(target));
    if (killedWhileStaging && set === expected) writeKills++;
    expected = set;
  }

  // Killed runs left set folders behind; the next run removes them (their processes are gone).
  const leftovers = () => readdirSync(dir).filter((n) => n.startsWith('.results.meshsim-') && n !== readlinkSync(target));
  await exited(run(1));
  expect(leftovers()).toEqual([]);
  expect(whichSet((inspect(target) as { files: Record<string, string> }).files)).toBe(0);
  return { writeKills, runs };
}

it('kill -9 at random moments during writes leaves the previous or the new complete set, never a mix', async () => {
  const root = mkdtempSync(join(tmpdir(), 'meshsim-kill-'));
  const scenario = join(root, 'kill.yaml');
  writeFileSync(scenario, SCENARIO);
  // The two sets the runs alternate between (seed 1 and seed 2): their exact bytes.
  const sets = [1, 2].map((seed) => simulateFile(scenario, { seed }).files);
  expect(sets[0]['timeline.csv']).not.toBe(sets[1]['timeline.csv']);
  // Lanes run side by side (each with its own folder) to keep the test's wall time down.
  const lanes = await Promise.all(
    Array.from({ length: LANES }, (_, i) => {
      const dir = join(root, `lane${i}`);
      mkdirSync(dir);
      return lane(dir, scenario, sets, Math.ceil(WANTED_WRITE_KILLS / LANES));
    }),
  );
  expect(lanes.reduce((a, l) => a + l.writeKills, 0)).toBeGreaterThanOrEqual(WANTED_WRITE_KILLS);
  rmSync(root, { recursive: true, force: true });
}, 120_000);
