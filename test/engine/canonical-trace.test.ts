/**
 * Seed-pinned trace of the canonical benchmark (issue 11): the kind, time and arguments of the
 * first 2,000 events the kernel dispatches are hashed and pinned, so work on the event queue (or
 * anything else) cannot silently change results. Any correct priority queue with the kernel's
 * total order (time, sequence) gives the same trace.
 *
 * The runner builds its Simulation privately, so the test substitutes a subclass that attaches an
 * observer (Simulation.observer) to every instance; nothing in src/ is test-aware.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { Simulation as SimulationType } from '../../src/engine/simulation.js';
import { loadScenarioFile } from '../../src/model/load.js';
import { prepare } from '../../src/run.js';
import { runScenario } from '../../src/sim/runner.js';

const EVENTS = 2000;

const trace = vi.hoisted(() => ({ lines: [] as string[], sims: [] as unknown[] }));

vi.mock('../../src/engine/simulation.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/engine/simulation.js')>();
  class TracedSimulation extends mod.Simulation {
    constructor(initialCapacity?: number) {
      super(initialCapacity);
      trace.sims.push(this);
      this.observer = (time, kind, a, b) => {
        trace.lines.push(`${this.kindName(kind)} ${time} ${a} ${b}`);
        // The first EVENTS events are all the test needs: stop the run here.
        if (trace.lines.length === EVENTS) throw new TraceComplete();
      };
    }
  }
  return { ...mod, Simulation: TracedSimulation };
});

class TraceComplete extends Error {}

describe('canonical trace (seed 1)', () => {
  it('the first 2,000 dispatched events are pinned', () => {
    const loaded = loadScenarioFile('scenarios/bench/canonical.yaml');
    const { mesh } = prepare(loaded);
    expect(() => runScenario(loaded.scenario, mesh)).toThrow(TraceComplete);
    expect(trace.sims).toHaveLength(1);
    expect((trace.sims[0] as SimulationType).dispatched).toBe(EVENTS);
    expect(trace.lines).toHaveLength(EVENTS);
    // Readable landmarks first (a failure here says where the trace went another way), then the hash.
    expect(trace.lines.slice(0, 4)).toEqual([
      'arrival 0.06803606258208751 4 0',
      'at-endpoint 0.16803606258208753 0 0',
      'arrival 0.46970431235560156 5 0',
      'at-endpoint 0.5697043123556016 1 0',
    ]);
    expect(trace.lines[EVENTS - 1]).toBe('arrival 59.509810363522675 2 0');
    const kinds: Record<string, number> = {};
    for (const l of trace.lines) {
      const k = l.split(' ')[0];
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    expect(kinds).toEqual({ arrival: 566, 'at-endpoint': 548, 'service-done': 451, response: 435 });
    // Re-pin only for a change meant to alter results, and say so in the commit message.
    const hash = createHash('sha256').update(trace.lines.join('\n')).digest('hex');
    expect(hash).toBe('78797bfdefecdc50bff00cba28080b9f6ba0021e730a3233cece70e54ce2e191');
  });
});
