import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { lognormalFromMedianP99, makeSampler, Z99 } from '../../src/engine/distributions.js';

describe('RandomStreams', () => {
  it('same seed and name ⇒ same sequence; a new stream does not shift another', () => {
    const a = new RandomStreams(42);
    const b = new RandomStreams(42);
    b.stream('other').next(); // creating and drawing another stream first
    const xs = Array.from({ length: 5 }, () => a.stream('traffic/x').next());
    const ys = Array.from({ length: 5 }, () => b.stream('traffic/x').next());
    expect(ys).toEqual(xs);
  });

  it('different seeds or names ⇒ different sequences', () => {
    const a = new RandomStreams(1).stream('s').next();
    expect(new RandomStreams(2).stream('s').next()).not.toBe(a);
    expect(new RandomStreams(1).stream('t').next()).not.toBe(a);
  });

  it("draws seedrandom's Alea numbers bit for bit (next and nextUint32, interleaved)", () => {
    for (const [seed, name] of [[1, 'traffic/clients'], [42, 'lb/proxy-3'], ['x', '']] as const) {
      const ours = new RandomStreams(seed).stream(name);
      const theirs = seedrandom.alea(`meshsim:${seed}:${name}`);
      for (let i = 0; i < 10_000; i++) {
        if (i % 3 === 0) expect(ours.nextUint32()).toBe(theirs.int32() >>> 0);
        else expect(ours.next()).toBe(theirs());
      }
    }
  });

  it('seed-pinned snapshot: the first draws never change (guards byte-identical outputs)', () => {
    const s = new RandomStreams(42).stream('traffic/sleep');
    const draws = [s.next(), s.next(), s.nextUint32()];
    expect(draws.map((d) => Number(d.toFixed(12)))).toMatchInlineSnapshot(`
      [
        0.274709447753,
        0.314229878364,
        843605539,
      ]
    `);
  });
});

describe('distributions', () => {
  const rng = new RandomStreams(3).stream('d');
  const mean = (d: Parameters<typeof makeSampler>[0], n = 200_000) => {
    const s = makeSampler(d);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += s.sample(rng);
    return { sample: sum / n, analytic: s.mean };
  };

  it.each([
    ['constant', { dist: 'constant', value: 3 } as const, 3],
    ['uniform', { dist: 'uniform', min: 2, max: 4 } as const, 3],
    ['exponential', { dist: 'exponential', mean: 10 } as const, 10],
    ['normal', { dist: 'normal', mean: 50, stddev: 5 } as const, 50],
    ['lognormal', { dist: 'lognormal', mu: 0, sigma: 0.5 } as const, Math.exp(0.125)],
    ['empirical', { dist: 'empirical', values: [1, 2, 10], weights: [1, 1, 2] } as const, 5.75],
  ])('%s: sample mean within 1%% of the analytic mean', (_name, d, expected) => {
    const m = mean(d);
    expect(m.analytic).toBeCloseTo(expected, 10);
    expect(Math.abs(m.sample - expected) / expected).toBeLessThan(0.01);
  });

  it('lognormal from median and p99: the quantiles come back', () => {
    const { mu, sigma } = lognormalFromMedianP99(0.2, 1);
    expect(Math.exp(mu)).toBeCloseTo(0.2, 12);
    expect(Math.exp(mu + Z99 * sigma)).toBeCloseTo(1, 12);
    const s = makeSampler({ dist: 'lognormal', mu, sigma });
    const xs = Array.from({ length: 100_000 }, () => s.sample(rng)).sort((a, b) => a - b);
    expect(xs[50_000]).toBeGreaterThan(0.195);
    expect(xs[50_000]).toBeLessThan(0.205);
    expect(xs[99_000]).toBeGreaterThan(0.95);
    expect(xs[99_000]).toBeLessThan(1.05);
  });
});
