/** Metric columns: groups in a fixed order, keyed names sorted (failure causes in meshsim's order), absent keyed metrics 0. */
import { describe, expect, it } from 'vitest';
import { columnsOf, valueOf, type MetricRecord } from '../../src/sweep/metrics.js';

const record = (clusters: Record<string, number>): MetricRecord => ({
  requests: { requests_generated: 10, requests_counted: 10, succeeded: 10, failed: 0, error_rate: 0, throughput_per_s: 1 },
  failed: { overflow: 0, no_route: 0 },
  latency: { mean: 1, p50: 1, p90: 1, p99: null, p999: 1, max: 1 },
  endpoints: { replicas_total: 3, utilisation_mean: 0.5, utilisation_max: 0.7 },
  share_cluster: clusters,
  share_locality: {},
  request_bytes: {},
  response_bytes: {},
});

describe('sweep metric columns', () => {
  it('are the union of the runs, in group order, sorted within a keyed group', () => {
    const cols = columnsOf([record({ zeta: 1 }), record({ alpha: 0.5, zeta: 0.5 })]).map((c) => c.name);
    expect(cols).toEqual([
      'requests_generated', 'requests_counted', 'succeeded', 'failed', 'error_rate', 'throughput_per_s',
      'failed_no_route', 'failed_overflow', // meshsim's cause order, not the record's
      'latency_mean_ms', 'latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'latency_p999_ms', 'latency_max_ms',
      'replicas_total', 'utilisation_mean', 'utilisation_max',
      'share_cluster_alpha', 'share_cluster_zeta',
    ]);
  });

  it('a keyed metric a run does not report is 0; a fixed one without a value is null', () => {
    const cols = columnsOf([record({ zeta: 1 }), record({ alpha: 0.5, zeta: 0.5 })]);
    const alpha = cols.find((c) => c.name === 'share_cluster_alpha')!;
    const p99 = cols.find((c) => c.name === 'latency_p99_ms')!;
    expect(valueOf(record({ zeta: 1 }), alpha)).toBe(0);
    expect(valueOf(record({ alpha: 0.25 }), alpha)).toBe(0.25);
    expect(valueOf(record({}), p99)).toBeNull();
  });
});
