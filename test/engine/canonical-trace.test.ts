/**
 * Seed-pinned trace of the canonical benchmark (issue 11): the kind, time and arguments of the
 * first 2,000 events the kernel dispatches are hashed and pinned, so work on the event queue (or
 * anything else) cannot silently change results. Any correct priority queue with the kernel's
 * total order (time, sequence) gives the same trace.
 *
 * The trace is taken through RunOptions.observer, which the kernel calls for every event.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/model/load.js';
import { runScenario } from '../../src/sim/runner.js';

const EVENTS = 2000;

class TraceComplete extends Error {}

describe('canonical trace (seed 1)', () => {
  it('the first 2,000 dispatched events are pinned', () => {
    const loaded = loadScenarioFile('scenarios/bench/canonical.yaml');
    const names = ['arrival', 'at-target', 'service-done', 'response', 'timeline', 'outlier-interval', 'fault', 'gateway-done'];
    const trace = { lines: [] as string[] };
    const observer = (time: number, kind: number, a: number, b: number) => {
      trace.lines.push(`${names[kind]} ${time} ${a} ${b}`);
      // The first EVENTS events are all the test needs: stop the run here.
      if (trace.lines.length === EVENTS) throw new TraceComplete();
    };
    expect(() => runScenario(loaded.scenario, { observer })).toThrow(TraceComplete);
    expect(trace.lines).toHaveLength(EVENTS);
    // Readable landmarks first (a failure here says where the trace went another way), then the hash.
    expect(trace.lines.slice(0, 4)).toEqual([
      'arrival 0.06803606258208751 4 0',
      'at-target 0.16803606258208753 0 0',
      'arrival 0.46970431235560156 5 0',
      'at-target 0.5697043123556016 1 0',
    ]);
    expect(trace.lines[EVENTS - 1]).toBe('arrival 59.509810363522675 2 0');
    const kinds: Record<string, number> = {};
    for (const l of trace.lines) {
      const k = l.split(' ')[0];
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    expect(kinds).toEqual({ arrival: 566, 'at-target': 548, 'service-done': 451, response: 435 });
    // Re-pin only for a change meant to alter results, and say so in the commit message. (Re-pinned
    // once when the event 'at-endpoint' was renamed 'at-target': with the old name the old hash holds.)
    const hash = createHash('sha256').update(trace.lines.join('\n')).digest('hex');
    expect(hash).toBe('332b2a38ae886ca8fc2233cf862a83190828b3912f90af76afd08f5ab632de9b');
  });
});
