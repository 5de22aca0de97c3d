/**
 * Churn benchmark (issue 11): a zone outage in a cluster of many endpoints, against the same run
 * without the outage. Every dead host is ejected by every calling proxy and comes back later, so
 * the load balancers see tens of thousands of health changes; the ratio of the two wall times is
 * what health-change handling costs.
 *
 *   node dist/bench/churn.js [endpoints=20000] [requests=400000] [repeats=3]
 *
 * Each run is a fresh Node process (bench/churn-one.ts); the two variants alternate and the
 * medians are printed, because the machine is shared and noisy.
 */
import { spawnSync } from 'node:child_process';
import { V8_FLAGS } from '../src/cli/v8-tuning.js';
import { fileURLToPath } from 'node:url';

const [endpoints = 20000, requests = 400000, repeats = 3] = process.argv.slice(2).map(Number);
const one = fileURLToPath(new URL('./churn-one.js', import.meta.url));

interface One {
  wallS: number;
  cpuS: number;
  requests: number;
  ejections: number;
  failed: number;
  peakRssMb: number;
}

function run(outage: boolean): One {
  const r = spawnSync(process.execPath, [...V8_FLAGS, one, String(endpoints), String(requests), outage ? 'outage' : 'none'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return JSON.parse(r.stdout) as One;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const with_: One[] = [];
const without: One[] = [];
for (let i = 0; i < repeats; i++) {
  without.push(run(false));
  with_.push(run(true));
}
const a = median(without.map((r) => r.wallS));
const b = median(with_.map((r) => r.wallS));
const ca = median(without.map((r) => r.cpuS));
const cb = median(with_.map((r) => r.cpuS));
console.log(`churn: ${endpoints} endpoints, ${requests} requests, ${repeats} runs each (medians; CPU time is steadier on a shared machine)`);
console.log(`  no outage: wall ${a.toFixed(3)} s, cpu ${ca.toFixed(3)} s   (${without[0].ejections} ejection records, ${without[0].failed} failed)`);
console.log(`  outage:    wall ${b.toFixed(3)} s, cpu ${cb.toFixed(3)} s   (${with_[0].ejections} ejection records, ${with_[0].failed} failed)`);
console.log(`  ratio:     wall ${(b / a).toFixed(2)}x, cpu ${(cb / ca).toFixed(2)}x`);
