/**
 * Per-route counters: the calls one caller (a traffic source, or a service calling another) made to
 * one service, by where they ended (destination cluster and locality). Routes are interned to
 * small integers; recording is array arithmetic.
 */
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { FAILURE_CAUSES } from './failure-cause.js';
import { grown } from '../engine/typed-arrays.js';

const CAUSES = FAILURE_CAUSES.length;

export interface RouteKey {
  /** The traffic source's name, or `<service>.<namespace>` for calls a service makes. */
  caller: string;
  /** true for a traffic source's calls (requests' root calls). */
  root: boolean;
  sourceCluster: string;
  sourceLocality: string;
  /** The service called (`<name>.<namespace>`). */
  service: string;
  destinationCluster: string;
  destinationLocality: string;
  pathClass: string;
}

export interface RouteRow extends RouteKey {
  requests: number;
  succeeded: number;
  failed: number;
  failures: Record<string, number>;
  requestBytes: number;
  responseBytes: number;
  latency: LatencySummary;
  /** Where the time of the route's successful calls went: means in ms (see LatencyBreakdownMs). */
  breakdownMs: LatencyBreakdownMs;
}

/**
 * Mean time of a successful call by component (ms): network (every hop both ways, and any retry
 * back-off: the rest of the latency), gateways (queue and processing), the endpoint's queue, its
 * service time, and waiting for the calls the service made.
 */
export interface LatencyBreakdownMs {
  networkMs: number;
  gatewayMs: number;
  queueMs: number;
  serviceMs: number;
  callsMs: number;
}

/** Calls services made to one service (the call graph's inner calls), over every route to it. */
export interface ServiceCallRow {
  /** The called service, `name.namespace`. */
  service: string;
  requests: number;
  succeeded: number;
  failed: number;
  latency: LatencySummary;
}

export class RouteStats {
  readonly keys: RouteKey[] = [];
  private readonly index = new Map<string, number>();
  /** Per route: requests, successes, request and response bytes (typed arrays, grown as routes are interned). */
  private requests = new Float64Array(16);
  private succeeded = new Float64Array(16);
  private requestBytes = new Float64Array(16);
  private responseBytes = new Float64Array(16);
  /** Failures by cause, FAILURE_CAUSES.length per route. */
  private failures = new Float64Array(16 * CAUSES);
  private histograms: LatencyHistogram[] = [];
  /** Σ per successful call of gateway, queue, service and calls time (ms), 4 per route. */
  private parts: number[] = [];

  /** Interns a route; returns its index. */
  route(key: RouteKey): number {
    const k = `${key.caller}|${key.sourceCluster}|${key.sourceLocality}|${key.service}|${key.destinationCluster}|${key.destinationLocality}`;
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(k, i);
      if (i >= this.requests.length) {
        const n = 2 * this.requests.length;
        this.requests = grown(this.requests, n, Float64Array);
        this.succeeded = grown(this.succeeded, n, Float64Array);
        this.requestBytes = grown(this.requestBytes, n, Float64Array);
        this.responseBytes = grown(this.responseBytes, n, Float64Array);
        this.failures = grown(this.failures, n * CAUSES, Float64Array);
      }
      this.histograms.push(new LatencyHistogram());
      this.parts.push(0, 0, 0, 0);
    }
    return i;
  }

  /** The latency histogram of a route (the runner records into it with the bucket it computed once). */
  histogram(route: number): LatencyHistogram {
    return this.histograms[route];
  }

  /** A successful call on `route`: its latency and the parts of it spent in gateways, queue, service and calls. */
  recordSuccess(route: number, latencyMs: number, reqBytes: number, respBytes: number, gatewayMs: number, queueMs: number, serviceMs: number, callsMs: number): void {
    this.addParts(route, gatewayMs, queueMs, serviceMs, callsMs);
    this.countSuccess(route, reqBytes, respBytes);
    this.histograms[route].record(latencyMs);
  }

  /** Where a successful call's time went, besides the network (the rest of its latency). */
  addParts(route: number, gatewayMs: number, queueMs: number, serviceMs: number, callsMs: number): void {
    const p = this.parts;
    const j = 4 * route;
    p[j] += gatewayMs;
    p[j + 1] += queueMs;
    p[j + 2] += serviceMs;
    p[j + 3] += callsMs;
  }

  /** recordSuccess without the latency and its parts (recorded by the caller). */
  countSuccess(route: number, reqBytes: number, respBytes: number): void {
    this.requests[route]++;
    this.succeeded[route]++;
    this.requestBytes[route] += reqBytes;
    this.responseBytes[route] += respBytes;
  }

  recordFailure(route: number, cause: number, reqBytes: number, respBytes: number): void {
    this.requests[route]++;
    this.failures[route * CAUSES + cause]++;
    this.requestBytes[route] += reqBytes;
    this.responseBytes[route] += respBytes;
  }

  rows(): RouteRow[] {
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const order = this.keys
      .map((k, i) => ({ k, i }))
      .sort((a, b) =>
        cmp(a.k.sourceLocality, b.k.sourceLocality) || cmp(a.k.destinationCluster, b.k.destinationCluster) || cmp(a.k.destinationLocality, b.k.destinationLocality) ||
        cmp(a.k.caller, b.k.caller) || cmp(a.k.sourceCluster, b.k.sourceCluster) || cmp(a.k.service, b.k.service),
      );
    return order
      .filter(({ i }) => this.requests[i] > 0)
      .map(({ k, i }) => ({
        ...k,
        requests: this.requests[i],
        succeeded: this.succeeded[i],
        failed: this.requests[i] - this.succeeded[i],
        failures: Object.fromEntries(FAILURE_CAUSES.map((c, j) => [c, this.failures[i * CAUSES + j]])),
        requestBytes: this.requestBytes[i],
        responseBytes: this.responseBytes[i],
        latency: this.histograms[i].summary(),
        breakdownMs: this.breakdownOf(i),
      }));
  }

  /** Calls made by services (not by traffic sources), per called service: their latencies merged exactly. */
  serviceCalls(): ServiceCallRow[] {
    const by = new Map<string, { requests: number; succeeded: number; histogram: LatencyHistogram }>();
    this.keys.forEach((k, i) => {
      if (k.root || this.requests[i] === 0) return;
      let x = by.get(k.service);
      if (x === undefined) by.set(k.service, (x = { requests: 0, succeeded: 0, histogram: new LatencyHistogram() }));
      x.requests += this.requests[i];
      x.succeeded += this.succeeded[i];
      x.histogram.merge(this.histograms[i]);
    });
    return [...by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([service, x]) => ({ service, requests: x.requests, succeeded: x.succeeded, failed: x.requests - x.succeeded, latency: x.histogram.summary() }));
  }

  private breakdownOf(i: number): LatencyBreakdownMs {
    const n = this.succeeded[i];
    const h = this.histograms[i];
    const p = this.parts;
    if (n === 0) return { networkMs: NaN, gatewayMs: NaN, queueMs: NaN, serviceMs: NaN, callsMs: NaN };
    const [g, q, s, c] = [p[4 * i], p[4 * i + 1], p[4 * i + 2], p[4 * i + 3]];
    return { networkMs: (h.sumMs - g - q - s - c) / n, gatewayMs: g / n, queueMs: q / n, serviceMs: s / n, callsMs: c / n };
  }
}
