/**
 * Kernel micro-benchmark (the "hold model"): `pending` events circulate; each handler schedules
 * one more at an exponential delay, as requests do in the canonical scenario (about 150 pending
 * events there). Measures only Simulation.schedule + run (push, pop, dispatch), in one process.
 *
 * With `timeouts`, every event also arms a cancellable timer 30 time units ahead and cancels the
 * one it armed before (a route timeout disarmed by the response): the cost of timers.
 *
 *   node dist/bench/event-loop.js [pending=150] [events=20000000] [repeats=5] [timeouts]
 */
import { NO_TIMER, Simulation } from '../src/engine/simulation.js';

const pending = Number(process.argv[2] ?? 150);
const events = Number(process.argv[3] ?? 20_000_000);
const repeats = Number(process.argv[4] ?? 5);
const timeouts = process.argv[5] === 'timeouts';

// Exponential delays (mean 1) drawn once with xorshift32 and a fixed seed, so the loop measures
// the kernel and not the sampler: the same delays in every run and build.
const DELAYS = new Float64Array(1 << 16);
let x = 2463534242;
for (let i = 0; i < DELAYS.length; i++) {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  DELAYS[i] = -Math.log(((x >>> 0) + 1) / 4294967297);
}

function once(): { s: number; now: number } {
  const sim = new Simulation(1 << 12);
  let d = 0;
  const draw = () => DELAYS[d++ & (DELAYS.length - 1)];
  let left = events;
  const armed = new Float64Array(pending).fill(NO_TIMER);
  const timeout = sim.register('timeout', () => {
    throw new Error('a timeout fired: every one is cancelled first');
  });
  const k = sim.register('hold', (a, b) => {
    const more = --left > pending;
    if (timeouts) {
      sim.cancel(armed[a]);
      armed[a] = more ? sim.scheduleTimer(30, timeout, a, 0) : NO_TIMER;
    }
    if (more) sim.schedule(draw(), k, a, b + 1);
  });
  for (let i = 0; i < pending; i++) sim.schedule(draw(), k, i, 0);
  // CPU time of this process: on a shared machine other tenants stretch wall time, not this.
  const c0 = process.cpuUsage();
  sim.run();
  const c = process.cpuUsage(c0);
  return { s: (c.user + c.system) / 1e6, now: sim.now };
}

const times: number[] = [];
let now = 0;
for (let r = 0; r < repeats; r++) {
  const o = once();
  times.push(o.s);
  now = o.now;
}
times.sort((a, b) => a - b);
const med = times[times.length >> 1];
console.log(JSON.stringify({ pending, events, timeouts, medianS: med, meventsPerS: events / med / 1e6, bestMeventsPerS: events / times[0] / 1e6, endTime: now }));
