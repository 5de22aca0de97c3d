/**
 * The run summary (summary.json): a versioned, documented data structure built from a RunResult.
 * Numbers are rounded to fixed precision so outputs are byte-stable. See README "Outputs".
 */
import { dirname, relative } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { escapeJsonText } from '../model/escape.js';
import type { Scenario } from '../model/scenario.js';
import type { LatencySummary } from '../metrics/histogram.js';
import type { RunResult } from '../sim/result.js';
import type { CostTable } from '../cost/index.js';
import { VERSION } from '../version.js';

export const SUMMARY_SCHEMA = 'meshsim.summary/v1';

/** Rounds to `digits` decimals; NaN/Infinity become null (JSON has no NaN). */
export function round(x: number, digits = 4): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * A file named in the outputs, relative to the scenario file's folder (`/` separators): the same
 * scenario gives the same bytes whichever folder it was run from and however its path was written.
 */
export function pathFromScenario(scenarioFile: string, file: string): string {
  return relative(dirname(scenarioFile), file).split('\\').join('/');
}

export interface RunMeta {
  scenario: Scenario;
  hash: string;
  warnings: Diagnostic[];
}

function latencyJson(l: LatencySummary) {
  return { count: l.count, mean: round(l.meanMs), p50: round(l.p50Ms), p90: round(l.p90Ms), p99: round(l.p99Ms), p999: round(l.p999Ms), max: round(l.maxMs) };
}

type Share<K extends string> = { [P in K]: string } & { requests: number; share: number | null };

function shares<K extends string>(entries: Map<string, number>, total: number, keyName: K): Share<K>[] {
  return [...entries.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, n]) => ({ [keyName]: k, requests: n, share: round(total > 0 ? n / total : 0, 6) }) as Share<K>);
}

/** Requests of the root calls (traffic sources' requests, not the calls services make), by `key`. */
function tally(r: RunResult, key: (row: RunResult['routes'][number]) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const row of r.routes) {
    if (!row.root) continue;
    const k = key(row);
    if (k === '') continue;
    m.set(k, (m.get(k) ?? 0) + row.requests);
  }
  return m;
}

/**
 * Where the time of a successful request went, as means over the counted successful requests (ms):
 * network (every hop both ways, retry back-off included), gateways, the endpoint's queue and its
 * service time, and waiting for the calls the service made. The parts sum to latencyMs.mean.
 */
function breakdownJson(r: RunResult) {
  const b = r.latencyBreakdown;
  const mean = (x: number) => round(b.calls > 0 ? x / b.calls : NaN);
  return { requests: b.calls, network: mean(b.networkMs), gateway: mean(b.gatewayMs), queue: mean(b.queueMs), service: mean(b.serviceMs), calls: mean(b.callsMs) };
}

export function buildSummary(r: RunResult, meta: RunMeta) {
  const s = meta.scenario;
  const measuredS = r.measuredMs / 1000;
  const roots = r.routes.filter((x) => x.root);
  const routed = roots.filter((x) => x.destinationCluster !== '').reduce((a, x) => a + x.requests, 0);
  const counted = roots.reduce((a, x) => a + x.requests, 0);
  // Bytes on every hop crossed (a call through a gateway counts on both hops), by path class.
  const bytesByClass = new Map<string, { requests: number; requestBytes: number; responseBytes: number; usd?: number | null; usdPerMonth?: number | null }>();
  if (r.cost !== undefined) {
    // With a price table: the cost model's path classes (continents and clouds known) and their USD.
    for (const c of r.cost.byPathClass) {
      if (c.requests === 0) continue;
      bytesByClass.set(c.pathClass, { requests: c.requests, requestBytes: c.requestBytes, responseBytes: c.responseBytes, usd: round(c.usd, 6), usdPerMonth: round(c.usdPerMonth, 2) });
    }
  } else {
    for (const row of r.hops) {
      const b = bytesByClass.get(row.pathClass) ?? { requests: 0, requestBytes: 0, responseBytes: 0 };
      b.requests += row.requests;
      b.requestBytes += row.requestBytes;
      b.responseBytes += row.responseBytes;
      bytesByClass.set(row.pathClass, b);
    }
  }
  const services = new Map<string, { calls: number; failed: number }>();
  for (const row of r.routes) {
    const x = services.get(row.service) ?? { calls: 0, failed: 0 };
    x.calls += row.requests;
    x.failed += row.failed;
    services.set(row.service, x);
  }
  const extras = {
    // Present only where they say something: call graphs, gateways, prices, retries and timeouts.
    ...(r.routes.some((x) => !x.root) ? { calls: Object.fromEntries([...services.entries()].sort().map(([k, v]) => [k, { ...v, failedShare: round(v.calls > 0 ? v.failed / v.calls : 0, 6) }])) } : {}),
    ...(r.gateways.length > 0 ? { gateways: r.gateways.map((g) => ({ ...g, utilisation: round(g.utilisation, 6), meanInSystem: round(g.meanInSystem, 6) })) } : {}),
    ...(r.cost !== undefined ? { cost: costJson(r.cost) } : {}),
    ...(r.resilience.retries > 0 || r.resilience.timeouts > 0 || r.resilience.circuitBreakerOverflows > 0 ? { resilience: r.resilience } : {}),
  };
  const lambda = r.simulatedMs > 0 ? r.generated / (r.simulatedMs / 1000) : 0;
  return {
    schema: SUMMARY_SCHEMA,
    meshsim: VERSION,
    scenario: { name: s.name, hash: meta.hash, seed: r.seed, istio: s.istioVersion.join('.') },
    run: { simulatedMs: round(r.simulatedMs), warmupMs: s.warmupMs, measuredMs: round(r.measuredMs), events: r.events },
    requests: {
      generated: r.generated,
      counted,
      succeeded: counted - Object.values(r.failures).reduce((a, b) => a + b, 0),
      failed: Object.values(r.failures).reduce((a, b) => a + b, 0),
      throughputPerSecond: round(measuredS > 0 ? counted / measuredS : 0),
    },
    failures: r.failures,
    latencyMs: latencyJson(r.latency),
    latencyBreakdownMs: breakdownJson(r),
    littlesLaw: {
      meanInFlight: round(r.meanInFlight, 6),
      arrivalRatePerSecond: round(lambda, 6),
      meanTimeInSystemMs: round(r.generated > 0 ? r.latencySumAllMs / r.generated : 0, 6),
      lambdaW: round(lambda * (r.generated > 0 ? r.latencySumAllMs / r.generated / 1000 : 0), 6),
    },
    shares: {
      byDestinationCluster: shares(tally(r, (x) => x.destinationCluster), routed, 'cluster'),
      byDestinationLocality: shares(tally(r, (x) => (x.destinationCluster === '' ? '' : `${x.destinationCluster}/${x.destinationLocality}`)), routed, 'locality'),
      bySourceLocality: shares(tally(r, (x) => x.sourceLocality), counted, 'locality'),
    },
    bytesByPathClass: Object.fromEntries([...bytesByClass.entries()].sort().map(([k, v]) => [k, v])),
    endpoints: r.endpoints.map((e) => ({ ...e, utilisation: round(e.utilisation, 6), meanInSystem: round(e.meanInSystem, 6) })),
    loadBalancing: {
      /** The host-picking policy of each Envoy cluster (a plug-in's name when one was used). */
      policies: Object.fromEntries([...new Map(r.lbStats.map((x) => [x.cluster, x.policy])).entries()].sort()),
      healthyPanicPicks: r.lbStats.reduce((a, x) => a + x.healthyPanic, 0),
      noHealthyUpstream: r.lbStats.reduce((a, x) => a + x.noHealthyUpstream, 0),
      ejections: r.ejections.filter((e) => e.action === 'eject').length,
      ejectionOverflows: r.ejectionOverflows,
    },
    ...extras,
    faults: r.faults.map(faultJson),
    // `code`: the analyzer code of a check made while loading (IST0130, MS0110, ...), null for none.
    warnings: meta.warnings.map((w) => ({ file: pathFromScenario(s.file, w.file), line: w.line ?? null, path: w.path, message: w.message, code: w.code ?? null })),
  };
}

export type Summary = ReturnType<typeof buildSummary>;

/** One fault's impact (README "Faults and resilience"). */
function faultJson(f: RunResult['faults'][number]) {
  return {
    kind: f.kind,
    target: f.target,
    startMs: round(f.startMs),
    endMs: round(f.endMs),
    targets: f.targets,
    requestsDuring: f.requestsDuring,
    ...(f.notSentDuring > 0 ? { notSentDuring: f.notSentDuring } : {}),
    failedDuring: f.failedDuring,
    errorRateDuring: round(f.errorRateDuring, 6),
    failuresDuring: Object.fromEntries(Object.entries(f.failuresDuring).filter(([, n]) => n > 0)),
    requestsBefore: f.requestsBefore,
    errorRateBefore: round(f.errorRateBefore, 6),
    latencyBeforeMs: latencyJson(f.latencyBefore),
    latencyDuringMs: latencyJson(f.latencyDuring),
    detectedAfterMs: f.detectedAfterMs === null ? null : round(f.detectedAfterMs),
    detectedBy: f.detectedBy,
    recoveredAfterMs: f.recoveredAfterMs === null ? null : round(f.recoveredAfterMs),
    retriesDuring: f.retriesDuring,
    retriesPerRequest: round(f.retriesPerRequest, 6),
    trafficShift: {
      movedShare: round(f.trafficShift.movedShare, 6),
      destinations: f.trafficShift.destinations.map((d) => ({ locality: d.locality, beforeShare: round(d.beforeShare, 6), duringShare: round(d.duringShare, 6) })),
    },
    ...(f.egress === undefined ? {} : { egress: { usdPerHourBefore: round(f.egress.usdPerHourBefore, 6), usdPerHourDuring: round(f.egress.usdPerHourDuring, 6), extraUsd: round(f.egress.extraUsd, 6) } }),
    affectedSources: f.affectedSources.map((a) => ({ ...a, errorRate: round(a.errorRate, 6) })),
  };
}

/** The egress cost section: totals, by path class, by route (source cluster → destination, per service), by device. */
function costJson(c: CostTable) {
  const line = (x: { requests: number; requestBytes: number; responseBytes: number; usd: number; usdPerMonth: number }) => ({
    requests: x.requests,
    requestBytes: x.requestBytes,
    responseBytes: x.responseBytes,
    usd: round(x.usd, 6),
    usdPerMonth: round(x.usdPerMonth, 2),
  });
  return {
    egressUsd: round(c.total.usd, 6),
    egressUsdPerMonth: round(c.total.usdPerMonth, 2),
    /** Seconds of simulated traffic the month is extrapolated from (30 days = 2,592,000 s). */
    measuredSeconds: round(c.measuredSeconds, 3),
    byPathClass: c.byPathClass.filter((x) => x.requests > 0).map((x) => ({ pathClass: x.pathClass, ...line(x) })),
    byRoute: c.byRoute.map((x) => ({ source: x.source, destination: x.destination, service: x.service, ...line(x) })),
    byDevice: c.byDevice.map((x) => ({ ...x, usd: round(x.usd, 6), usdPerMonth: round(x.usdPerMonth, 2) })),
    prices: c.prices,
  };
}

/** summary.json's text: JSON, with the characters JSON leaves raw (bidi controls, C1) escaped. */
export function summaryJson(s: Summary): string {
  return escapeJsonText(JSON.stringify(s, null, 2)) + '\n';
}
