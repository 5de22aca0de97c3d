/**
 * Invariants of the outlier detector over random event sequences (fast-check, seed-pinned).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { qualifyOutlierDetection } from '../../src/outlier/config.js';
import { OutlierDetector, type LocalOriginEvent, type OutlierEvent } from '../../src/outlier/detector.js';

type Mode = 'strict' | 'always-eject-one' | 'pre-2023';
type Step =
  | { kind: 'status'; host: number; status: number; dt: number }
  | { kind: 'local'; host: number; event: LocalOriginEvent; dt: number };

const scenario = fc.record({
  hosts: fc.integer({ min: 1, max: 25 }),
  maxEjectionPercent: fc.integer({ min: 0, max: 100 }),
  mode: fc.constantFrom<Mode>('strict', 'always-eject-one', 'pre-2023'),
  split: fc.boolean(),
  enforcing5xx: fc.constantFrom(0, 37, 100),
  enforcingGateway: fc.constantFrom(0, 50, 100),
  enforcingSuccessRate: fc.constantFrom(0, 100),
  threshold: fc.integer({ min: 1, max: 3 }),
  interval: fc.constantFrom(1_000, 10_000),
  baseEjectionTime: fc.integer({ min: 1_000, max: 60_000 }),
  jitter: fc.constantFrom(0, 999, 5_000),
  seed: fc.integer(),
  steps: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('status' as const),
        host: fc.nat(),
        status: fc.constantFrom(200, 404, 500, 502, 503, 504),
        dt: fc.integer({ min: 0, max: 3_000 }),
      }),
      fc.record({
        kind: fc.constant('local' as const),
        host: fc.nat(),
        event: fc.constantFrom<LocalOriginEvent>('connect-failure', 'timeout', 'reset', 'success'),
        dt: fc.integer({ min: 0, max: 3_000 }),
      }),
    ),
    { minLength: 20, maxLength: 400, size: 'large' },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function assert(ok: boolean, msg: string): asserts ok {
  if (!ok) throw new Error(msg);
}

/** Upper bound on simultaneous ejections for each max-ejection-percent rule. */
function cap(s: Scenario): number {
  const strict = Math.floor((s.maxEjectionPercent * s.hosts) / 100);
  if (s.mode === 'strict') return strict;
  if (s.mode === 'always-eject-one') return Math.max(1, strict);
  // pre-2023: ejects while 100 * active / n < max ⇒ at most ceil(max * n / 100)
  return Math.ceil((s.maxEjectionPercent * s.hosts) / 100);
}

/** Replays a scenario, ticking every `interval` ms from t = 0, and checks invariants on the way. */
function run(s: Scenario) {
  const config = qualifyOutlierDetection({
    interval: s.interval,
    baseEjectionTime: s.baseEjectionTime,
    maxEjectionTimeJitter: s.jitter,
    maxEjectionPercent: s.maxEjectionPercent,
    alwaysEjectOneHost: s.mode === 'always-eject-one',
    splitExternalLocalOriginErrors: s.split,
    consecutive5xx: s.threshold,
    consecutiveGatewayFailure: s.threshold,
    consecutiveLocalOriginFailure: s.threshold,
    enforcingConsecutive5xx: s.enforcing5xx,
    enforcingConsecutiveGatewayFailure: s.enforcingGateway,
    enforcingSuccessRate: s.enforcingSuccessRate,
    successRateRequestVolume: 5,
    successRateMinimumHosts: 2,
  });
  const d = new OutlierDetector(s.hosts, config, new RandomStreams(s.seed).stream('outlier'), {
    firstEjectionIgnoresMaxPercent: s.mode === 'pre-2023',
  });
  const log: OutlierEvent[] = [];
  let inTick = false;
  const tickTimes = new Set<number>();
  d.onEvent = (e) => {
    if (e.action === 'uneject') assert(inTick && tickTimes.has(e.time), `un-ejection outside a tick at ${e.time}`);
    log.push(e);
  };
  const bound = cap(s);
  const check = () => {
    assert(d.activeEjections <= bound, `${d.activeEjections} active ejections > cap ${bound}`);
    let n = 0;
    for (let h = 0; h < s.hosts; h++) if (d.isEjected(h)) n++;
    assert(n === d.activeEjections, `activeEjections ${d.activeEjections} but ${n} hosts ejected`);
  };
  let now = 0;
  let nextTick = s.interval;
  for (const step of s.steps as Step[]) {
    now += step.dt;
    while (nextTick <= now) {
      tickTimes.add(nextTick);
      inTick = true;
      const back = d.onIntervalTick(nextTick);
      inTick = false;
      for (let i = 0; i < back.length; i++) {
        assert(!d.isEjected(back[i]) && (i === 0 || back[i - 1] < back[i]), `bad un-eject list ${back}`);
      }
      nextTick += s.interval;
      check();
    }
    const host = step.host % s.hosts;
    const wasEjected = d.isEjected(host);
    const ejected =
      step.kind === 'status' ? d.reportStatus(host, step.status, now) : d.reportLocalOrigin(host, step.event, now);
    assert(ejected === (!wasEjected && d.isEjected(host)), 'return value disagrees with isEjected');
    assert(!wasEjected || d.isEjected(host), 'a report un-ejected a host');
    check();
  }
  return log;
}

describe('OutlierDetector properties', () => {
  it('active ejections never exceed the max-ejection-percent cap; un-ejections happen only at ticks', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        run(s);
      }),
      { seed: 20260822, numRuns: 300 },
    );
  });

  it('same seed and same events ⇒ same ejections', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(run(s)).toEqual(run(s));
      }),
      { seed: 7, numRuns: 150 },
    );
  });

  it('with the default 10% nothing is ever ejected in a cluster of fewer than 10 hosts', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const log = run({ ...s, hosts: Math.min(s.hosts, 9), maxEjectionPercent: 10, mode: 'strict' });
        expect(log.filter((e) => e.enforced)).toEqual([]);
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
