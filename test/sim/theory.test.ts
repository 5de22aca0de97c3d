/**
 * Validation against queueing theory: the bundled M/M/1 and M/M/c scenarios must give the
 * analytic mean time in system (Erlang C) within 2% at 1M requests, and Little's law L = λW must
 * hold between two independent measurements: the endpoint's time-average number in system and
 * the requests' measured latencies.
 */
import { describe, expect, it } from 'vitest';
import { simulateFile } from '../../src/run.js';

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const last = (term * a) / c; // a^c / c!
  const rho = a / c;
  const top = last / (1 - rho);
  return top / (sum + top);
}

/** Mean time in system W (ms) for M/M/c with rates per second. */
function mmcW(c: number, lambda: number, mu: number): number {
  const pw = erlangC(c, lambda / mu);
  return (pw / (c * mu - lambda) + 1 / mu) * 1000;
}

describe('queueing theory', () => {
  it('Erlang C helper matches known values', () => {
    expect(mmcW(1, 80, 100)).toBeCloseTo(50, 10); // M/M/1: 1/(μ-λ)
    expect(erlangC(4, 3)).toBeCloseTo(0.50943, 4); // textbook M/M/4, a = 3
  });

  it.each([
    ['mm1', 'scenarios/theory/mm1.yaml', 1, 80, 100],
    ['mmc', 'scenarios/theory/mmc.yaml', 4, 300, 100],
  ])('%s: mean time in system within 2 percent of theory at 1M requests; Little\'s law holds', (_n, file, c, lambda, mu) => {
    const out = simulateFile(file);
    const r = out.result;
    expect(r.generated).toBe(1_000_000);
    const W = r.latency.meanMs;
    const theory = mmcW(c, lambda, mu);
    expect(Math.abs(W - theory) / theory).toBeLessThan(0.02);
    // Utilisation ρ = λ/(cμ)
    expect(r.endpoints[0].utilisation).toBeGreaterThan((lambda / (c * mu)) * 0.98);
    expect(r.endpoints[0].utilisation).toBeLessThan((lambda / (c * mu)) * 1.02);
    // Little: L (endpoint's own time average) = λ W (from request timestamps), λ measured.
    const lambdaMeasured = r.generated / (r.simulatedMs / 1000);
    const L = r.endpoints[0].meanInSystem;
    expect(Math.abs(L - lambdaMeasured * (W / 1000)) / L).toBeLessThan(0.005);
    // and against theory's L = λW
    expect(Math.abs(L - lambda * (theory / 1000)) / (lambda * theory / 1000)).toBeLessThan(0.03);
  });
});
