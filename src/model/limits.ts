/**
 * Input limits: the bounds inside which meshsim promises a result or a clear error, never a crash,
 * a hang or runaway memory. Each limit is named in the error that enforces it and listed in the
 * README ("Input limits"); a test checks that every entry here appears there.
 *
 * The bounds are far beyond any realistic scenario (ten years of simulated time, a billion
 * requests) and well inside what a double-precision clock in milliseconds resolves.
 */

const HOUR_MS = 3_600_000;

export const LIMITS = {
  /** Bytes of a scenario file, a policy file or a plug-in module. */
  fileBytes: 2 * 1024 * 1024,
  /**
   * Bytes of one file meshsim reads back from what it wrote: a results folder's summary.json and
   * CSVs (report, check), a baseline summary.json, a sweep folder's manifest and point files.
   */
  resultFileBytes: 64 * 1024 * 1024,
  /** Points of one sweep: the product of its --set value counts (each point is `--replications` runs). */
  sweepPoints: 1_000_000,
  /** Bytes of all policy files of one scenario together. */
  totalInputBytes: 8 * 1024 * 1024,
  /** Values in one YAML/JSON file, estimated as its non-blank lines plus its commas. */
  yamlItems: 200_000,
  /** Levels of lists and mappings nested inside each other in one YAML/JSON document. */
  nesting: 64,
  /** Any duration in a scenario (duration, start, at, for, warmup, delays, service times): 87600h = 10 years. */
  durationMs: 87_600 * HOUR_MS,
  /** A request or response size: 1 TiB. */
  sizeBytes: 2 ** 40,
  /** A traffic source's rate, per second. */
  ratePerSecond: 1e9,
  /** Requests one run generates: the expected count from rates, sending windows and request counts. */
  requests: 1_000_000_000,
  /** Endpoints (replicas summed over every deployment of every service). */
  endpoints: 100_000,
  /** Endpoints of one service: the hosts of one Envoy cluster (a health change costs a binary search and an array shift per host source). */
  endpointsPerService: 50_000,
  /** Servers: replicas × concurrency summed over every deployment and gateway (each is a slot the simulator keeps). */
  servers: 10_000_000,
  /** Calling pods (traffic replicas summed over every source); each has its own sidecar state. */
  callingPods: 10_000,
  /** Load-balancer host slots: Σ over traffic sources of replicas × endpoints of the called service (issue 11: 10,000 sidecars × 3,600 endpoints). */
  hostSlots: 40_000_000,
  /** Shortest timeline row: 1ms. */
  timelineIntervalMs: 1,
  /** Rows of timeline.csv. */
  timelineRows: 200_000,
  /** Interval-timer ticks (timeline rows, outlier-detection intervals) a run may spend, plus `timerTicksPerRequest` per request. */
  timerTicks: 5_000_000,
  timerTicksPerRequest: 100,
  /** lognormal sigma (of ln milliseconds): the p99 is then at most e^(2.326·4) ≈ 11,000 times the median. */
  lognormalSigma: 4,
  /** lognormal mu (ln of the median in ms): a median of at most e^26 ms (about 6 years). */
  lognormalMu: 26,
  /** Items of one list: clusters, zones, networks, services, deployments, ports, traffic sources, faults, policies. */
  listItems: 1000,
  /** Values (and weights) of one empirical distribution. */
  distributionValues: 100_000,
  /** Istio resources (documents) in all policy files and inline entries together. */
  istioResources: 5000,
  /** Characters of a name (service, cluster, region, zone, label, ...): a DNS name's 253. */
  nameLength: 253,
  /** Characters of a description. */
  textLength: 65_536,
  /** Characters of a file path (policy file, plug-in). */
  pathLength: 4096,
  /** An empirical distribution's weight. */
  empiricalWeight: 1e9,
} as const;

/** The slowest rate: one request per 87600h. */
export const MIN_RATE_PER_SECOND = 1000 / LIMITS.durationMs;

/** The duration limit as users write it. */
export const MAX_DURATION_TEXT = '87600h (10 years)';
/** The size limit as users write it. */
export const MAX_SIZE_TEXT = '1TiB';

/** Marks a message as naming an input limit (schema-issues.ts keeps such messages as they are). */
export const LIMIT_NOTE = 'README "Input limits"';

/** `1234567` → `1,234,567` (no locale: outputs must not depend on the machine's settings). */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const [int, frac] = Math.abs(n).toString().split('.');
  if (/e/.test(int)) return `${sign}${int}`;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${frac}`;
}
