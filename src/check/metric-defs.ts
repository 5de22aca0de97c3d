/**
 * The metrics `meshsim check` knows: their units, the selectors each accepts, and how a value is
 * written back. Adding a metric (say, per-gateway utilisation) is one entry here and one
 * measurement in measure.ts.
 */
import { fmt, fmtInt, fmtPct } from '../report/html/format.js';

/** Selector keys a threshold may name: `p99(service=reviews)`. */
export const SELECTOR_KEYS = ['service', 'source', 'route', 'from', 'cluster', 'locality'] as const;
export type SelectorKey = (typeof SELECTOR_KEYS)[number];

export type MetricKind = 'latency' | 'ratio' | 'rate' | 'count' | 'usd';

export interface MetricDef {
  name: string;
  kind: MetricKind;
  /** What it is, for messages ("a latency"). */
  what: string;
  keys: SelectorKey[];
  /** A bare pattern in the selector is a destination locality (share(us-west1/*)). */
  bareLocality: boolean;
  /** Units accepted after the number ('' = none). */
  units: string[];
  example: string;
  /** Lower values are better (latency, errors, cost): tells which way a baseline or a policy comparison regresses. */
  lowerIsBetter: boolean;
  toCanonical(value: number, unit: string): number | undefined;
}

const LATENCY_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, us: 0.001, 'µs': 0.001 };
const POPULATION: SelectorKey[] = ['service', 'source', 'route', 'from', 'cluster', 'locality'];

function latency(name: string, what: string): MetricDef {
  return {
    name, kind: 'latency', what, keys: POPULATION, bareLocality: false, units: ['ms', 's', 'us'], example: `${name} < 120ms`, lowerIsBetter: true,
    toCanonical: (v, u) => (u in LATENCY_UNITS ? v * LATENCY_UNITS[u] : undefined),
  };
}

export const METRICS: MetricDef[] = [
  latency('p50', 'a latency (the median)'),
  latency('p90', 'a latency (90th percentile)'),
  latency('p99', 'a latency (99th percentile)'),
  latency('p999', 'a latency (99.9th percentile)'),
  latency('max', 'a latency (the slowest request)'),
  latency('mean', 'a latency (the mean)'),
  {
    name: 'errorRate', kind: 'ratio', what: 'a share of requests', keys: POPULATION, bareLocality: false, units: ['%', ''], example: 'errorRate < 0.1%', lowerIsBetter: true,
    toCanonical: (v, u) => (u === '%' ? v / 100 : u === '' ? v : undefined),
  },
  {
    name: 'share', kind: 'ratio', what: 'a share of routed requests', keys: ['from', 'cluster', 'locality'], bareLocality: true, units: ['%', ''], example: 'share(us-west1/*) > 85%', lowerIsBetter: false,
    toCanonical: (v, u) => (u === '%' ? v / 100 : u === '' ? v : undefined),
  },
  {
    name: 'requests', kind: 'count', what: 'a number of requests', keys: POPULATION, bareLocality: false, units: [''], example: 'requests > 1000', lowerIsBetter: false,
    toCanonical: (v, u) => (u === '' ? v : undefined),
  },
  {
    name: 'throughput', kind: 'rate', what: 'a rate', keys: [], bareLocality: false, units: ['/s', ''], example: 'throughput > 150/s', lowerIsBetter: false,
    toCanonical: (v, u) => (u.replace(/\s+/g, '') === '/s' || u === '' ? v : u.replace(/\s+/g, '') === '/m' ? v / 60 : undefined),
  },
  {
    name: 'ejections', kind: 'count', what: 'a number of outlier ejections', keys: [], bareLocality: false, units: [''], example: 'ejections <= 2', lowerIsBetter: true,
    toCanonical: (v, u) => (u === '' ? v : undefined),
  },
  {
    name: 'egressUsdPerMonth', kind: 'usd', what: 'a cost in USD per month', keys: [], bareLocality: false, units: ['', 'USD'], example: 'egressUsdPerMonth < 5000', lowerIsBetter: true,
    toCanonical: (v, u) => (u === '' || u === 'USD' ? v : undefined),
  },
];

export function metricNames(): string[] {
  return METRICS.map((m) => m.name);
}

/** A value in the metric's own terms: `93.0 ms`, `0.1 %`, `150 /s`. */
export function formatValue(kind: MetricKind, v: number): string {
  switch (kind) {
    case 'latency':
      return `${fmt(v)} ms`;
    case 'ratio':
      return fmtPct(v, 4);
    case 'rate':
      return `${fmt(v)} /s`;
    case 'count':
      return fmtInt(v);
    case 'usd':
      return `${fmt(v)} USD`;
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}
