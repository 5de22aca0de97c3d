/** --slo objectives and --peak factors: what is read, what is refused, and the conservative verdict. */
import { describe, expect, it } from 'vitest';
import { parsePeak, peakOverrides } from '../../src/capacity/peak.js';
import { judge, parseSlo, SloSyntaxError } from '../../src/capacity/slo.js';
import type { MetricRecord } from '../../src/sweep/metrics.js';

describe('parseSlo', () => {
  it.each([
    ['p99<200ms', { metric: 'p99', group: 'latency', key: 'p99', op: '<', threshold: 200, unit: 'ms' }],
    ['p99.9 <= 1.5s', { metric: 'p99.9', key: 'p999', op: '<=', threshold: 1500 }],
    ['mean<20', { metric: 'mean', key: 'mean', threshold: 20 }],
    ['errorRate<0.1%', { metric: 'errorRate', group: 'requests', key: 'error_rate', threshold: 0.001, unit: 'ratio' }],
    ['errorRate<0.02', { threshold: 0.02 }],
  ])('%s', (text, expected) => {
    expect(parseSlo([text])[0]).toMatchObject(expected);
  });

  it('several objectives: commas, "and", repeated flags', () => {
    expect(parseSlo(['p99<200ms, errorRate<1% and p50<20ms', 'max<2s']).map((o) => o.text)).toEqual(['p99<200ms', 'errorRate<1%', 'p50<20ms', 'max<2s']);
  });

  it.each([
    ['p99', /expected <metric><<value>/],
    ['p98<200ms', /unknown metric "p98".*did you mean "p9[09]"\?/],
    ['latency<200ms', /unknown metric "latency"/],
    ['p99>200ms', /an objective is an upper limit: use < or <=/],
    ['p99<fast', /p99 needs a duration such as 200ms or 1.5s, got "fast"/],
    ['p99<0ms', /needs a duration/],
    ['errorRate<150%', /errorRate needs a percentage/],
    ['', /no objective given/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSlo([text])).toThrow(SloSyntaxError);
    expect(() => parseSlo([text])).toThrow(message);
  });
});

describe('judge', () => {
  const runs = (p99s: (number | null)[]): MetricRecord[] => p99s.map((p99) => ({ latency: { p99 }, requests: { error_rate: 0 } }));
  const [p99] = parseSlo(['p99<17ms']);

  it('compares the 95% upper bound of the mean, not the mean', () => {
    // 10, 12, 14: mean 12, upper bound 12 + 4.3027 * 2 / sqrt(3) = 16.97 < 17 -> holds
    expect(judge([p99], runs([10, 12, 14]))[0]).toMatchObject({ pass: true, mean: 12 });
    // 8, 12, 16: mean 12, upper bound 12 + 4.3027 * 4 / sqrt(3) = 21.94 > 17 -> fails although the mean is far under
    const r = judge([p99], runs([8, 12, 16]))[0];
    expect(r.pass).toBe(false);
    expect(r.bound).toBeCloseTo(21.937, 3);
  });

  it('one replication: the value itself; a run without latency (nothing succeeded) fails', () => {
    expect(judge([p99], runs([16.9]))[0].pass).toBe(true);
    expect(judge([p99], runs([17]))[0].pass).toBe(false); // strict <
    expect(judge(parseSlo(['p99<=17ms']), runs([17]))[0].pass).toBe(true);
    expect(judge([p99], runs([5, null]))[0]).toMatchObject({ pass: false, bound: null });
  });
});

describe('--peak', () => {
  it.each([['2x', 2], ['1.5x', 1.5], ['150%', 1.5], ['3', 3], ['0x', undefined], ['x2', undefined], ['-1x', undefined]])('parsePeak(%j) = %s', (text, f) => {
    expect(parsePeak(text)).toBe(f);
  });

  it('multiplies each source rate, written in any unit, into requests per second', () => {
    expect(peakOverrides(['200/s', '600/m', 50], 2, '--peak 2x').map((o) => [o.path, o.value])).toEqual([
      [['traffic', 0, 'rate'], 400], [['traffic', 1, 'rate'], 20], [['traffic', 2, 'rate'], 100],
    ]);
  });
});
