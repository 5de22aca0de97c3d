/** The data a run produces; formatters (report/) turn it into JSON, CSV and text. */
import type { LatencySummary } from '../metrics/histogram.js';
import type { RouteRow, ServiceCallRow } from '../metrics/routes.js';
import type { PopulationStats } from '../metrics/populations.js';
import type { TimelineRow } from '../metrics/timeline.js';
import type { HopRow } from '../metrics/hop-stats.js';
import type { CostTable } from '../cost/index.js';
import type { LatencyBreakdown } from './run-metrics.js';

export interface EjectionRecord {
  timeMs: number;
  proxy: string;
  cluster: string;
  host: string;
  action: 'eject' | 'uneject';
  reason: string;
  ejectionMs?: number;
}

/**
 * What one fault did (sim/fault-impact.ts): the requests that started while it was active against
 * those of the quiet window before it; how long until the mesh noticed and recovered.
 */
export interface FaultImpact {
  kind: string;
  /** What it hits, in words (e.g. `zone us-east-1a`, `eastwest gateways in cluster west`). */
  target: string;
  startMs: number;
  /** The fault's end, or the run's end for a fault that lasts to it. */
  endMs: number;
  /** Endpoints and gateway replicas it acts on (0 for partitions, degraded links, control-plane outages). */
  targets: number;
  requestsDuring: number;
  /** Requests in-mesh sources would have sent while an outage held their own pods down (rate × time down). */
  notSentDuring: number;
  failedDuring: number;
  errorRateDuring: number;
  failuresDuring: Record<string, number>;
  requestsBefore: number;
  errorRateBefore: number;
  latencyBefore: LatencySummary;
  latencyDuring: LatencySummary;
  /** From the start to the first ejection of one of its targets or first EDS update at a proxy that changed one; null: never. */
  detectedAfterMs: number | null;
  detectedBy: 'ejection' | 'eds-update' | null;
  /** From the start until the timeline's error rate stayed under `faultImpact.recoveryErrorRate`; 0: never above; null: not by the end. */
  recoveredAfterMs: number | null;
  retriesDuring: number;
  /** Retries per request started during the fault (retry amplification − 1). */
  retriesPerRequest: number;
  /** Where requests were served, by destination locality; movedShare: the share that changed locality. */
  trafficShift: { movedShare: number; destinations: { locality: string; beforeShare: number; duringShare: number }[] };
  /** Egress dollars (with `pricing`): rate before and during, and what the fault's window cost beyond the rate before. */
  egress: { usdPerHourBefore: number; usdPerHourDuring: number; extraUsd: number } | undefined;
  /** Traffic sources with failed requests during the fault. */
  affectedSources: { source: string; cluster: string; requests: number; failed: number; errorRate: number }[];
}

export interface EndpointRow {
  name: string;
  service: string;
  cluster: string;
  locality: string;
  served: number;
  /** Busy server-time / (concurrency × simulated time). */
  utilisation: number;
  /** Time-average number of requests at the endpoint (queued + in service). */
  meanInSystem: number;
  maxQueue: number;
}

export interface GatewayRow {
  name: string;
  kind: string;
  cluster: string;
  locality: string;
  served: number;
  utilisation: number;
  meanInSystem: number;
  maxQueue: number;
}

export interface RunResult {
  seed: number;
  simulatedMs: number;
  measuredMs: number;
  lastArrivalMs: number;
  events: number;
  generated: number;
  succeeded: number;
  failed: number;
  failures: Record<string, number>;
  latency: LatencySummary;
  /** Time-average number of requests in flight (Little's L). */
  meanInFlight: number;
  /** Σ latency of all finished requests (ms), warm-up and failures included. */
  latencySumAllMs: number;
  routes: RouteRow[];
  /** Calls services made to each service (call graphs), latency merged over their routes; empty without call graphs. */
  serviceCalls: ServiceCallRow[];
  /** Requests and bytes per hop kind (origin locality → target locality); one-hop calls give one row per route. */
  hops: HopRow[];
  /** Egress USD priced from the hop rows (undefined without `pricing`). */
  cost: CostTable | undefined;
  /** Network, gateway, queue and service time of the successful counted calls, summed. */
  latencyBreakdown: LatencyBreakdown;
  timeline: TimelineRow[];
  endpoints: EndpointRow[];
  /** The callers' routers: attempts retried (retry amplification), attempts abandoned by a timeout, circuit-breaker overflows. */
  resilience: { retries: number; timeouts: number; circuitBreakerOverflows: number };
  /** Gateway replicas: requests forwarded, utilisation of their processing slots, queues. */
  gateways: GatewayRow[];
  ejections: EjectionRecord[];
  /** Ejections detected but refused by maxEjectionPercent (Envoy stat ejections_overflow). */
  ejectionOverflows: number;
  /** Impact of each fault: requests started and requests failed while it was active. */
  faults: FaultImpact[];
  /** Per source and per service counts and latency, and destinations per interval (latency.csv, populations.csv, timeline-destinations.csv). */
  populations: PopulationStats;
  lbStats: { proxy: string; cluster: string; policy: string; healthyPanic: number; noHealthyUpstream: number }[];
}
