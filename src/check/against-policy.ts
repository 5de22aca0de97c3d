/**
 * "Does my load-balancing plug-in beat the built-in policy?" Runs the scenario R times with the
 * plug-in and R times with a built-in policy (every cluster's host pick replaced), replication
 * k with seed + k for both: common random numbers — every draw comes from a named stream, so both
 * runs of a replication see the same arrivals, routing draws and service times. The gate is the
 * paired difference (plug-in − built-in) of one metric: its 95 % confidence interval (t
 * distribution, R − 1 df) must lie below `tolerance` × the built-in's mean (the plug-in is not
 * worse by more than the tolerance, with 95 % confidence).
 */
import type { LoadedScenario } from '../model/load.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { resolvePolicy } from '../lb/policies/registry.js';
import { simulate } from '../run.js';
import { fmt } from '../report/html/format.js';
import type { Summary } from '../report/summary.js';
import { formatValue, type MetricKind } from './metric-defs.js';
import type { CheckSuite } from './outcome.js';
import { pairedInterval } from '../stats/interval.js';

/** Metrics a policy comparison can gate on (lower is better for each). */
export const POLICY_METRICS: Record<string, { kind: MetricKind; get: (s: Summary) => number }> = {
  p50: { kind: 'latency', get: (s) => s.latencyMs.p50 ?? NaN },
  p90: { kind: 'latency', get: (s) => s.latencyMs.p90 ?? NaN },
  p99: { kind: 'latency', get: (s) => s.latencyMs.p99 ?? NaN },
  p999: { kind: 'latency', get: (s) => s.latencyMs.p999 ?? NaN },
  mean: { kind: 'latency', get: (s) => s.latencyMs.mean ?? NaN },
  errorRate: { kind: 'ratio', get: (s) => (s.requests.counted > 0 ? s.requests.failed / s.requests.counted : NaN) },
};

export interface PolicyComparisonOptions {
  plugin: LoadBalancingPolicy;
  /** Built-in policy name (Istio `loadBalancer.simple`: LEAST_REQUEST, ROUND_ROBIN, RANDOM). */
  builtin: string;
  replications: number;
  metric: string;
  tolerance: number;
  seed?: number;
  requests?: number;
}

export interface Replication {
  seed: number;
  plugin: number;
  builtin: number;
}

export function runReplications(loaded: LoadedScenario, o: PolicyComparisonOptions): Replication[] {
  const builtin = resolvePolicy(o.builtin);
  const metric = POLICY_METRICS[o.metric];
  const first = o.seed ?? loaded.scenario.seed;
  return Array.from({ length: o.replications }, (_, k) => {
    const seed = first + k;
    const withPlugin = simulate(loaded, { seed, requests: o.requests, plugin: o.plugin }).summary;
    const withBuiltin = simulate(loaded, { seed, requests: o.requests, plugin: builtin }).summary;
    return { seed, plugin: metric.get(withPlugin), builtin: metric.get(withBuiltin) };
  });
}

export function judgeReplications(reps: Replication[], o: PolicyComparisonOptions): CheckSuite {
  const metric = POLICY_METRICS[o.metric];
  const f = (v: number) => formatValue(metric.kind, v);
  const ci = pairedInterval(reps.map((r) => r.plugin - r.builtin));
  const builtinMean = reps.reduce((a, r) => a + r.builtin, 0) / reps.length;
  const allowed = o.tolerance * builtinMean;
  const passed = ci.high <= allowed + 1e-12;
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${f(Math.abs(v))}`;
  const interval = `${signed(ci.mean)} [95 % CI ${signed(ci.low)} … ${signed(ci.high)}]`;
  const verdict = passed
    ? ci.high < 0
      ? `${o.plugin.name} is better than ${o.builtin}`
      : `${o.plugin.name} is not worse than ${o.builtin} by more than ${fmt(o.tolerance * 100)} %`
    : ci.low > allowed
      ? `${o.plugin.name} is worse than ${o.builtin}`
      : `cannot show ${o.plugin.name} is within ${fmt(o.tolerance * 100)} % of ${o.builtin} (interval too wide: more replications?)`;
  return {
    name: `policy: ${o.plugin.name} vs ${o.builtin} (${o.metric}, ${reps.length} replications, common random numbers)`,
    cases: [{
      name: `${o.metric}: ${o.plugin.name} − ${o.builtin} ≤ ${fmt(o.tolerance * 100)} % of ${o.builtin}`,
      passed,
      value: interval,
      limit: `upper bound ≤ ${signed(allowed)}`,
      message: `${verdict}: difference ${interval}, allowed ${signed(allowed)}`,
    }],
    detail: {
      header: ['replication', 'seed', o.plugin.name, o.builtin, 'difference'],
      rows: [
        ...reps.map((r, k) => [String(k + 1), String(r.seed), f(r.plugin), f(r.builtin), signed(r.plugin - r.builtin)]),
        ['mean', '', f(reps.reduce((a, r) => a + r.plugin, 0) / reps.length), f(builtinMean), interval],
      ],
    },
  };
}

export function comparePolicies(loaded: LoadedScenario, o: PolicyComparisonOptions): CheckSuite {
  return judgeReplications(runReplications(loaded, o), o);
}
