/**
 * The replica search on synthetic checks with known answers: the plan passes, no deployment can
 * lose a replica, symmetric layouts stay symmetric, no vector is evaluated twice, and a check that
 * never passes gives no plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchReplicas, type Checked } from '../../src/capacity/search.js';

/** Outage-like check: in case c, the deployments not down must sum to at least need[c]. */
function outageCheck(down: number[][], need: number[]) {
  const seen: string[] = [];
  const evaluate = async (x: number[]): Promise<Checked> => {
    seen.push(x.join(','));
    return { pass: down.every((d, c) => x.reduce((s, v, i) => s + (d.includes(i) ? 0 : v), 0) >= need[c]) };
  };
  return { evaluate, seen };
}

describe('searchReplicas', () => {
  it('three zones, survive any one: 12 needed by the two survivors -> 6 each', async () => {
    // none: sum >= 12; zone i down: the other two >= 12
    const { evaluate, seen } = outageCheck([[], [0], [1], [2]], [12, 12, 12, 12]);
    const out = await searchReplicas({ start: [2, 2, 2], min: 1, max: 256, evaluate });
    expect(out.replicas).toEqual([6, 6, 6]);
    expect(new Set(seen).size).toBe(seen.length); // cached: no vector twice
    expect(out.evaluations).toBe(seen.length);
    expect(out.binding.every((b) => b !== undefined && !b.pass)).toBe(true);
  });

  it('starts high and trims down; a deployment nobody needs goes to the minimum', async () => {
    // deployment 2 never counts
    const evaluate = async (x: number[]) => ({ pass: x[0] + x[1] >= 7 && x[0] >= 2 });
    const out = await searchReplicas({ start: [10, 10, 10], min: 1, max: 64, evaluate });
    expect(out.replicas![2]).toBe(1);
    expect(out.binding[2]).toBeUndefined();
    expect(out.replicas![0] + out.replicas![1]).toBe(7);
  });

  it('no plan when even max everywhere fails', async () => {
    const evaluate = async (x: number[]) => ({ pass: x[0] > 100 });
    const out = await searchReplicas({ start: [1], min: 1, max: 64, evaluate });
    expect(out.replicas).toBeUndefined();
    expect(out.result.pass).toBe(false);
  });

  it('any monotone check: the plan passes and no single deployment can lose a replica', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((n) =>
          fc.record({
            start: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
            weights: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 }),
            need: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 4, maxLength: 4 }),
          }),
        ),
        async ({ start, weights, need }) => {
          // pass iff for every case c: sum_i w[c][i] * x_i >= need[c] (monotone in every x_i)
          const holds = (x: number[]) => weights.every((w, c) => w.reduce((s, wi, i) => s + wi * x[i], 0) >= need[c]);
          const out = await searchReplicas({ start, min: 1, max: 128, evaluate: async (x) => ({ pass: holds(x) }) });
          const feasible = holds(start.map(() => 128));
          expect(out.replicas !== undefined).toBe(feasible);
          if (!out.replicas) return;
          expect(holds(out.replicas)).toBe(true);
          for (let i = 0; i < out.replicas.length; i++) {
            if (out.replicas[i] === 1) continue;
            const fewer = [...out.replicas];
            fewer[i]--;
            expect(holds(fewer)).toBe(false);
          }
        },
      ),
      { seed: 17, numRuns: 150 },
    );
  });
});
