/**
 * Samplers for the distributions scenarios use for service times, delays and sizes.
 *
 * A sampler is built once from its description and draws from a stream given at each call, so
 * the same sampler can serve many components without sharing their randomness.
 */
import type { Rng } from './random.js';

export type Distribution =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'normal'; mean: number; stddev: number; min?: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'empirical'; values: readonly number[]; weights?: readonly number[] };

export interface Sampler {
  sample(rng: Rng): number;
  /** Analytic mean of the distribution (for checks against queueing theory). */
  readonly mean: number;
}

/** z-score of the 99th percentile of the standard normal distribution. */
export const Z99 = 2.3263478740408408;

/** Lognormal parameters from a median and a 99th percentile: mu = ln(median), sigma = ln(p99/median)/z99. */
export function lognormalFromMedianP99(median: number, p99: number): { mu: number; sigma: number } {
  if (!(median > 0) || !(p99 >= median)) throw new Error(`lognormal needs 0 < median <= p99 (got ${median}, ${p99})`);
  return { mu: Math.log(median), sigma: Math.log(p99 / median) / Z99 };
}

class Constant implements Sampler {
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
}

class Uniform implements Sampler {
  readonly mean: number;
  constructor(private readonly min: number, private readonly max: number) {
    this.mean = (min + max) / 2;
  }
  sample(rng: Rng): number {
    return this.min + (this.max - this.min) * rng.next();
  }
}

class Exponential implements Sampler {
  constructor(readonly mean: number) {}
  sample(rng: Rng): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -this.mean * Math.log(1 - rng.next());
  }
}

/** Box-Muller without caching the second value: one sample costs two draws, but no hidden state. */
function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

class Normal implements Sampler {
  constructor(readonly mean: number, private readonly stddev: number, private readonly min: number) {}
  sample(rng: Rng): number {
    const x = this.mean + this.stddev * standardNormal(rng);
    return x < this.min ? this.min : x;
  }
}

class Lognormal implements Sampler {
  readonly mean: number;
  constructor(private readonly mu: number, private readonly sigma: number) {
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
  }
  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
}

class Empirical implements Sampler {
  readonly mean: number;
  private readonly cumulative: Float64Array;
  constructor(private readonly values: readonly number[], weights: readonly number[] | undefined) {
    const w = weights ?? values.map(() => 1);
    const total = w.reduce((a, b) => a + b, 0);
    this.cumulative = new Float64Array(values.length);
    let acc = 0;
    let mean = 0;
    for (let i = 0; i < values.length; i++) {
      acc += w[i] / total;
      this.cumulative[i] = acc;
      mean += (values[i] * w[i]) / total;
    }
    this.cumulative[values.length - 1] = 1;
    this.mean = mean;
  }
  sample(rng: Rng): number {
    const u = rng.next();
    // binary search for the first cumulative weight above u
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

export function makeSampler(d: Distribution): Sampler {
  switch (d.dist) {
    case 'constant':
      return new Constant(d.value);
    case 'uniform':
      return new Uniform(d.min, d.max);
    case 'exponential':
      return new Exponential(d.mean);
    case 'normal':
      return new Normal(d.mean, d.stddev, d.min ?? 0);
    case 'lognormal':
      return new Lognormal(d.mu, d.sigma);
    case 'empirical':
      return new Empirical(d.values, d.weights);
    default: {
      const never: never = d;
      throw new Error(`unknown distribution ${JSON.stringify(never)}`);
    }
  }
}
