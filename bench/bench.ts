/**
 * `npm run bench`: runs the canonical scenario at 1M and 10M requests, each in a fresh Node
 * process (so peak RSS is that run's), and prints simulated requests per second, events per
 * second and peak RSS. Wall-clock time is measured here, never in tests.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCENARIO = 'scenarios/bench/canonical.yaml';
const sizes = (process.argv[2] ?? '1000000,10000000').split(',').map(Number);
const one = fileURLToPath(new URL('./bench-one.js', import.meta.url));

console.log(`meshsim benchmark: ${SCENARIO} on Node ${process.version} (${process.arch})`);
console.log('requests      wall s   requests/s     events/s   peak RSS MB   mean latency ms');
for (const n of sizes) {
  const r = spawnSync(process.execPath, [one, SCENARIO, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const m = JSON.parse(r.stdout) as { requests: number; wallS: number; events: number; peakRssMb: number; meanMs: number };
  console.log(
    `${String(m.requests).padStart(8)}  ${m.wallS.toFixed(2).padStart(9)}  ${Math.round(m.requests / m.wallS).toLocaleString('en-US').padStart(11)}  ${Math.round(m.events / m.wallS).toLocaleString('en-US').padStart(11)}  ${m.peakRssMb.toFixed(0).padStart(12)}  ${m.meanMs.toFixed(3).padStart(16)}`,
  );
}
