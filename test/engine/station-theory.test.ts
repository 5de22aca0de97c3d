/**
 * The station against queueing theory, driven by the kernel alone: Poisson arrivals and
 * exponential service (seeded streams) through Simulation + Stations. M/M/c: mean time in system
 * within 2% of Erlang C; M/M/c/K (a queue limit): loss probability and mean time in system from
 * the birth-death solution; and Little's law between the station's own integral and the customers'
 * times. At these sizes the run-to-run spread of the mean is about 0.3%, so 2% is a real margin.
 */
import { describe, expect, it } from 'vitest';
import { makeSampler } from '../../src/engine/distributions.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { REJECTED, STARTED, Stations } from '../../src/engine/stations.js';

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ (a < c). */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const top = (term * a) / c / (1 - a / c); // a^c / c! / (1 - ρ)
  return top / (sum + top);
}

/** M/M/c/K stationary probabilities p_0..p_K (K = servers + queue places): p_n ∝ a^n/n! up to c, then × (a/c) per place. */
function mmcK(c: number, K: number, a: number): number[] {
  const w = [1];
  for (let n = 1; n <= K; n++) w.push((w[n - 1] * a) / Math.min(n, c));
  const total = w.reduce((x, y) => x + y, 0);
  return w.map((x) => x / total);
}

interface Run {
  customers: number;
  rejected: number;
  meanInSystemMs: number;
  /** Time average of the number at the station (∫(busy+queued)dt / T). */
  L: number;
  utilisation: number;
  endMs: number;
}

/** N Poisson customers (rate λ per ms) at one station with c servers and exponential service (rate μ per ms). */
function simulate(seed: number, c: number, queueLimit: number, lambda: number, mu: number, n: number): Run {
  const sim = new Simulation();
  const st = new Stations(1, 64);
  const s = st.add(c, queueLimit);
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  const interarrival = makeSampler({ dist: 'exponential', mean: 1 / lambda });
  const serviceTime = makeSampler({ dist: 'exponential', mean: 1 / mu });
  // Items are slots reused as customers leave, as the runner's request slots are.
  const free: number[] = [];
  let slots = 0;
  const arrivedAt: number[] = [];
  let served = 0;
  let rejected = 0;
  let timeInSystem = 0;
  const DONE = sim.register('done', (item) => {
    timeInSystem += sim.now - arrivedAt[item];
    served++;
    const next = st.finish(s, item, sim.now);
    free.push(item);
    if (next >= 0) sim.schedule(serviceTime.sample(service), DONE, next);
  });
  const ARRIVAL = sim.register('arrival', (k) => {
    const item = free.pop() ?? slots++;
    arrivedAt[item] = sim.now;
    const admitted = st.arrive(s, item, sim.now);
    if (admitted === STARTED) sim.schedule(serviceTime.sample(service), DONE, item);
    else if (admitted === REJECTED) {
      rejected++;
      free.push(item);
    }
    if (k + 1 < n) sim.schedule(interarrival.sample(arrivals), ARRIVAL, k + 1);
  });
  sim.schedule(interarrival.sample(arrivals), ARRIVAL, 0);
  sim.run();
  st.advance(s, sim.now);
  expect(served + rejected).toBe(n); // every customer left, served or turned away
  expect(st.servedOf(s)).toBe(served);
  return {
    customers: n,
    rejected,
    meanInSystemMs: timeInSystem / served,
    L: st.inSystemAreaOf(s) / sim.now,
    utilisation: st.busyAreaOf(s) / (c * sim.now),
    endMs: sim.now,
  };
}

const rel = (x: number, y: number) => Math.abs(x - y) / y;

describe('Stations against queueing theory', () => {
  it('Erlang C and M/M/c/K helpers match known values', () => {
    expect(erlangC(4, 3)).toBeCloseTo(0.50943, 4); // textbook M/M/4, a = 3
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
    // M/M/1/2, a = 1: three equally likely states
    expect(mmcK(1, 2, 1)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('M/M/4 at 75% load (λ = 300/s, μ = 100/s), 1M customers: W within 2% of Erlang C; Little; utilisation', () => {
    const c = 4;
    const lambda = 0.3; // per ms
    const mu = 0.1;
    const r = simulate(1, c, Infinity, lambda, mu, 1_000_000);
    const W = erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu; // 15.094 ms
    expect(r.rejected).toBe(0);
    expect(rel(r.meanInSystemMs, W)).toBeLessThan(0.02);
    expect(rel(r.utilisation, lambda / (c * mu))).toBeLessThan(0.02);
    // Little: the station's time-average L equals the measured λ times the customers' W
    expect(rel(r.L, (r.customers / r.endMs) * r.meanInSystemMs)).toBeLessThan(0.001);
  });

  it('M/M/2 with 3 queue places (K = 5) at offered load 2: loss probability and W from the birth-death solution', () => {
    const c = 2;
    const places = 3;
    const lambda = 0.2;
    const mu = 0.1;
    const p = mmcK(c, c + places, lambda / mu);
    const loss = p[c + places]; // PASTA: arrivals see the time-average state; 8/63 ≈ 0.127 here
    const L = p.reduce((acc, pn, n) => acc + n * pn, 0);
    const W = L / (lambda * (1 - loss)); // Little on the admitted customers
    const r = simulate(2, c, places, lambda, mu, 500_000);
    expect(rel(r.rejected / r.customers, loss)).toBeLessThan(0.02);
    expect(rel(r.meanInSystemMs, W)).toBeLessThan(0.02);
    expect(rel(r.L, L)).toBeLessThan(0.02);
  });
});
