/** The threshold language: what parses to what, and what each mistake says (with its column). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, parseThreshold, ThresholdSyntaxError } from '../../src/check/grammar.js';
import { METRICS } from '../../src/check/metric-defs.js';

describe('threshold grammar', () => {
  it.each([
    // text, metric, selector, op, limit (canonical: ms, fraction, /s, count, USD)
    ['p99 < 120ms', 'p99', {}, '<', 120],
    ['p99<0.12s', 'p99', {}, '<', 120],
    ['p50 <= 800us', 'p50', {}, '<=', 0.8],
    ['mean < 25', 'mean', {}, '<', 25], // a bare latency is ms, as durations are
    ['errorRate < 0.1%', 'errorRate', {}, '<', 0.001],
    ['errorRate < 0.001', 'errorRate', {}, '<', 0.001],
    ['share(us-west1/*) > 85%', 'share', { locality: 'us-west1/*' }, '>', 0.85],
    ['share(cluster=cluster2, from=us-west1/us-west1-a) >= 5 %', 'share', { cluster: 'cluster2', from: 'us-west1/us-west1-a' }, '>=', 0.05],
    ['p99(service=helloworld.sample) < 100ms', 'p99', { service: 'helloworld.sample' }, '<', 100],
    ['p999( source = sleep ) < 1s', 'p999', { source: 'sleep' }, '<', 1000],
    ['errorRate(route=us-west1/* -> cluster2/*) < 1%', 'errorRate', { route: { from: 'us-west1/*', to: 'cluster2/*' } }, '<', 0.01],
    ['requests(locality=us-central1) > 1000', 'requests', { locality: 'us-central1' }, '>', 1000],
    ['throughput > 150/s', 'throughput', {}, '>', 150],
    ['throughput > 9000/m', 'throughput', {}, '>', 150],
    ['ejections <= 2', 'ejections', {}, '<=', 2],
    ['egressUsdPerMonth < 5000', 'egressUsdPerMonth', {}, '<', 5000],
  ])('%s', (text, metric, selector, op, limit) => {
    const t = parseThreshold(text);
    expect(t.metric.name).toBe(metric);
    expect(t.selector).toEqual(selector);
    expect(t.op).toBe(op);
    expect(t.limit).toBeCloseTo(limit as number, 12);
  });

  it.each([
    // text, message, column
    ['', /expected a metric name/, 1],
    ['P99 < 120ms', /unknown metric "P99" \(did you mean "p99"\?\)/, 1],
    ['errorate < 1%', /unknown metric "errorate" \(did you mean "errorRate"\?\)/, 1],
    ['p99 120ms', /expected a comparison \(<, <=, > or >=\) after "p99"/, 5],
    ['p99 = 120ms', /"=" alone is not one/, 5],
    ['p99 < fast', /expected a number with a unit \(p99 < 120ms\)/, 7],
    ['p99 < 12xs', /"xs" is not a unit for it; expected ms, s, us/, 9],
    ['p99 < 0.1%', /"%" is not a unit for it/, 10],
    ['errorRate < 2ms', /"ms" is not a unit for it; expected %, a plain number/, 14],
    ['p99(servce=x) < 1ms', /unknown selector "servce" \(did you mean "service"\?\)/, 5],
    ['p99(us-west1/*) < 1ms', /expected key=pattern/, 5],
    ['throughput(service=x) > 1', /throughput cannot be selected by service; it takes no selector/, 12],
    ['share(service=x) > 1%', /share cannot be selected by service; it takes from, cluster, locality/, 7],
    ['p99(service=a, route=x -> y) < 1ms', /cannot be combined/, 5],
    ['p99(route=us-west1) < 1ms', /route= expects "<source locality> -> <cluster>\/<locality>"/, 5],
    ['p99(service=a < 1ms', /expected "\)"/, 4],
    ['p99(service=) < 1ms', /service= needs a pattern/, 5],
  ])('%j is an error', (text, message, column) => {
    try {
      parseThreshold(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ThresholdSyntaxError);
      expect((e as Error).message).toMatch(message);
      expect((e as ThresholdSyntaxError).column).toBe(column);
    }
  });

  it('any metric, comparator and number written with the metric\'s first unit parses back to the same limit', () => {
    const ops = ['<', '<=', '>', '>='] as const;
    fc.assert(
      fc.property(fc.constantFrom(...METRICS), fc.constantFrom(...ops), fc.double({ min: 0, max: 1e6, noNaN: true }), (m, op, v) => {
        const unit = m.units[0];
        const text = `${m.name} ${op} ${v}${unit}`;
        const t = parseThreshold(text);
        expect(t.op).toBe(op);
        expect(t.limit).toBe(m.toCanonical(v, unit));
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('compare follows the comparator at the boundary', () => {
    expect([compare(1, '<', 1), compare(1, '<=', 1), compare(1, '>', 1), compare(1, '>=', 1)]).toEqual([false, true, false, true]);
  });
});
