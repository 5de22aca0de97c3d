/**
 * Per-route counters: traffic from one source locality to one destination (cluster, locality).
 * Routes are interned to small integers at setup; recording is array arithmetic.
 */
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { FAILURE_CAUSES } from './failure-cause.js';

export interface RouteKey {
  sourceLocality: string;
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
}

export class RouteStats {
  readonly keys: RouteKey[] = [];
  private readonly index = new Map<string, number>();
  private requests: number[] = [];
  private succeeded: number[] = [];
  private failures: number[][] = [];
  private requestBytes: number[] = [];
  private responseBytes: number[] = [];
  private histograms: LatencyHistogram[] = [];

  /** Interns a route; returns its index. */
  route(key: RouteKey): number {
    const k = `${key.sourceLocality}|${key.destinationCluster}|${key.destinationLocality}`;
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(k, i);
      this.requests.push(0);
      this.succeeded.push(0);
      this.failures.push(FAILURE_CAUSES.map(() => 0));
      this.requestBytes.push(0);
      this.responseBytes.push(0);
      this.histograms.push(new LatencyHistogram());
    }
    return i;
  }

  recordSuccess(route: number, latencyMs: number, reqBytes: number, respBytes: number): void {
    this.requests[route]++;
    this.succeeded[route]++;
    this.requestBytes[route] += reqBytes;
    this.responseBytes[route] += respBytes;
    this.histograms[route].record(latencyMs);
  }

  recordFailure(route: number, cause: number, reqBytes: number, respBytes: number): void {
    this.requests[route]++;
    this.failures[route][cause]++;
    this.requestBytes[route] += reqBytes;
    this.responseBytes[route] += respBytes;
  }

  rows(): RouteRow[] {
    const order = this.keys
      .map((k, i) => ({ k, i }))
      .sort((a, b) =>
        a.k.sourceLocality < b.k.sourceLocality ? -1 : a.k.sourceLocality > b.k.sourceLocality ? 1 :
        a.k.destinationCluster < b.k.destinationCluster ? -1 : a.k.destinationCluster > b.k.destinationCluster ? 1 :
        a.k.destinationLocality < b.k.destinationLocality ? -1 : a.k.destinationLocality > b.k.destinationLocality ? 1 : 0,
      );
    return order
      .filter(({ i }) => this.requests[i] > 0)
      .map(({ k, i }) => ({
        ...k,
        requests: this.requests[i],
        succeeded: this.succeeded[i],
        failed: this.requests[i] - this.succeeded[i],
        failures: Object.fromEntries(FAILURE_CAUSES.map((c, j) => [c, this.failures[i][j]])),
        requestBytes: this.requestBytes[i],
        responseBytes: this.responseBytes[i],
        latency: this.histograms[i].summary(),
      }));
  }
}
