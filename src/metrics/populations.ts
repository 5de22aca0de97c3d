/**
 * PopulationStats: what the report and the CI gate need beyond the run totals — latency
 * distributions and failures per traffic source (a user population) and per service, and where
 * requests went interval by interval (destination cluster and locality). It also holds the run's
 * latency distribution: total() is the exact merge of its per-pair histograms, so recording a
 * success costs one histogram record here instead of one more in the runner.
 *
 * Service of a request: the service of the endpoint that answered it (a VirtualService may route
 * to another service than the one called); a request that reached no endpoint (no route, no
 * healthy upstream, stopped at a gateway) counts for the service its source calls. Requests are
 * root calls: a service's latency here is the end-to-end latency of the requests it answered
 * (calls services make to each other are in routes.csv).
 *
 * Recording is array arithmetic on small integers: the runner passes the request's slot and
 * outcome, and this reads the slot's source, endpoint and start (a call that passed doubles would
 * box them whenever V8 does not inline it). It reads the world, the request pool and the clock
 * through structural types so metrics/ does not import sim/.
 */
import { FAILURE_CAUSES } from './failure-cause.js';
import { LatencyHistogram, type LatencySummary } from './histogram.js';

/** The parts of a run's world this needs (the simulator's World has them). */
export interface PopulationWorld {
  scenario: { services: readonly { name: string; namespace: string }[] };
  sources: readonly { spec: { name: string; service: number } }[];
  endpoints: readonly { service: number; cluster: string; locality: number }[];
  localities: { name(i: number): string };
}

/** The call pool's slots this reads (through the pool, which regrows its arrays). */
export interface RequestSlots {
  /** The traffic source of the call's request. */
  sourceOf(call: number): number;
  /** When the call started (ms). */
  startMsOf(call: number): number;
  /** The last target the call reached (an endpoint id below the number of endpoints, else a gateway), or -1. */
  lastTarget(call: number): number;
}

/** The quantiles written for each population's latency CDF (latency.csv). */
export const CDF_QUANTILES: readonly number[] = [
  ...Array.from({ length: 100 }, (_, i) => i / 100),
  0.995, 0.999, 0.9999, 1,
];

export type PopulationGroup = 'all' | 'source' | 'service';

export interface PopulationRow {
  group: Exclude<PopulationGroup, 'all'>;
  /** Traffic source name, or service `name.namespace`. */
  name: string;
  requests: number;
  succeeded: number;
  failures: Record<string, number>;
  latency: LatencySummary;
}

export interface CdfRow {
  group: PopulationGroup;
  name: string;
  count: number;
  quantile: number;
  latencyMs: number;
}

export interface DestinationIntervalRow {
  startMs: number;
  endMs: number;
  destinationCluster: string;
  destinationLocality: string;
  requests: number;
  succeeded: number;
  failed: number;
}

const CAUSES = FAILURE_CAUSES.length;

export class PopulationStats {
  private readonly sources: string[];
  private readonly services: string[];
  private readonly calledService: Int32Array;
  private readonly endpointService: Int32Array;
  /** Destination (cluster, locality) index of each endpoint; destinations[0] is "none". */
  private readonly endpointDest: Int32Array;
  private readonly destinations: { cluster: string; locality: string }[] = [{ cluster: '', locality: '' }];
  /** Successes' latency per `source * services + service`, created on first use (its count is the successes). */
  private readonly histograms: (LatencyHistogram | undefined)[];
  /** Failures by cause per (source, service) pair. */
  private readonly failures: Float64Array;
  /** Per interval with a request ending in it: requests and failures by destination (2 numbers per destination). Sparse: memory follows the work, not simulated time. */
  private readonly intervals = new Map<number, Float64Array>();
  private currentBin: Float64Array = new Float64Array(0);
  private binStartMs = 0;
  private binEndMs = -1;
  /** Σ latency of successes in completion order, so total()'s mean is bit-identical to one histogram's. */
  private successSumMs = 0;

  constructor(
    world: PopulationWorld,
    private readonly intervalMs: number,
    private readonly requests: RequestSlots,
    private readonly clock: { readonly now: number },
  ) {
    this.sources = world.sources.map((s) => s.spec.name);
    this.services = world.scenario.services.map((s) => `${s.name}.${s.namespace}`);
    this.calledService = Int32Array.from(world.sources.map((s) => s.spec.service));
    this.endpointService = Int32Array.from(world.endpoints.map((e) => e.service));
    const destIndex = new Map<string, number>();
    this.endpointDest = Int32Array.from(world.endpoints.map((e) => {
      const locality = world.localities.name(e.locality);
      const key = `${e.cluster}|${locality}`;
      let d = destIndex.get(key);
      if (d === undefined) {
        d = this.destinations.length;
        this.destinations.push({ cluster: e.cluster, locality });
        destIndex.set(key, d);
      }
      return d;
    }));
    const pairs = this.sources.length * this.services.length;
    this.histograms = new Array<LatencyHistogram | undefined>(pairs).fill(undefined);
    this.failures = new Float64Array(pairs * CAUSES);
  }

  /** Counted request `req` ends now: `cause` < 0 for a success (its latency is now − its start). */
  record(req: number, cause: number): void {
    const target = this.requests.lastTarget(req);
    const endpoint = target < this.endpointService.length ? target : -1;
    this.recordAt(req, cause, endpoint >= 0 ? this.endpointService[endpoint] : -1, endpoint >= 0 ? this.endpointDest[endpoint] : 0);
  }

  /** The service and destination index a request ending at `target` counts for (-1 and 0: it reached no endpoint). */
  serviceOf(target: number): number {
    return target >= 0 && target < this.endpointService.length ? this.endpointService[target] : -1;
  }
  destinationOf(target: number): number {
    return target >= 0 && target < this.endpointService.length ? this.endpointDest[target] : 0;
  }

  /**
   * record() with the answering endpoint's service and destination given (serviceOf and
   * destinationOf of its last target, which the caller may keep per target): `service` -1 counts
   * for the service the source calls.
   */
  recordAt(req: number, cause: number, service: number, dest: number): void {
    if (cause < 0) {
      const latencyMs = this.clock.now - this.requests.startMsOf(req);
      this.successAt(req, service, dest, LatencyHistogram.bucketOf(latencyMs), latencyMs);
      return;
    }
    const nowMs = this.clock.now;
    const source = this.requests.sourceOf(req);
    const pair = source * this.services.length + (service >= 0 ? service : this.calledService[source]);
    const bin = nowMs >= this.binStartMs && nowMs < this.binEndMs ? this.currentBin : this.bin(nowMs);
    bin[dest * 2]++;
    this.failures[pair * CAUSES + cause]++;
    bin[dest * 2 + 1]++;
  }

  /** A counted request succeeded with `latencyMs` (its histogram bucket given: LatencyHistogram.bucketOf). */
  successAt(req: number, service: number, dest: number, bucket: number, latencyMs: number): void {
    const nowMs = this.clock.now;
    const source = this.requests.sourceOf(req);
    const pair = source * this.services.length + (service >= 0 ? service : this.calledService[source]);
    const bin = nowMs >= this.binStartMs && nowMs < this.binEndMs ? this.currentBin : this.bin(nowMs);
    bin[dest * 2]++;
    this.successSumMs += latencyMs;
    (this.histograms[pair] ??= new LatencyHistogram()).recordAt(bucket, latencyMs);
  }

  /** The interval holding `nowMs` (requests end in time order: almost always the current one). */
  private bin(nowMs: number): Float64Array {
    const k = Math.floor(nowMs / this.intervalMs);
    let bin = this.intervals.get(k);
    if (bin === undefined) this.intervals.set(k, (bin = new Float64Array(this.destinations.length * 2)));
    this.binStartMs = k * this.intervalMs;
    this.binEndMs = (k + 1) * this.intervalMs;
    this.currentBin = bin;
    return bin;
  }

  /**
   * Every counted success in one histogram: the exact merge of the per-pair histograms (same
   * counts, min and max; the sum kept in completion order). The run's latency summary.
   */
  total(): LatencyHistogram {
    const h = this.merged(this.histograms.map((_, i) => i));
    h.sumMs = this.successSumMs;
    return h;
  }

  /** Per source, then per service (each in name order): counts and latency. */
  rows(): PopulationRow[] {
    return [...this.groups('source'), ...this.groups('service')].map(({ group, name, pairs }) => {
      const h = this.merged(pairs);
      const failures = FAILURE_CAUSES.map((_, i) => pairs.reduce((a, p) => a + this.failures[p * CAUSES + i], 0));
      return {
        group,
        name,
        requests: h.count + failures.reduce((a, b) => a + b, 0),
        succeeded: h.count,
        failures: Object.fromEntries(FAILURE_CAUSES.map((cause, i) => [cause, failures[i]])),
        latency: h.summary(),
      };
    });
  }

  /** Latency CDF points (CDF_QUANTILES) of all requests, each source and each service with successes. */
  cdf(): CdfRow[] {
    const out: CdfRow[] = [];
    for (const { group, name, pairs } of [{ group: 'all' as const, name: 'all', pairs: this.histograms.map((_, i) => i) }, ...this.groups('source'), ...this.groups('service')]) {
      const h = this.merged(pairs);
      if (h.count === 0) continue;
      for (const q of CDF_QUANTILES) out.push({ group, name, count: h.count, quantile: q, latencyMs: h.quantileMs(q) });
    }
    return out;
  }

  /** Requests ending in each interval by destination (cluster, locality); `endMs` closes the last one. */
  destinationRows(endMs: number): DestinationIntervalRow[] {
    const order = this.destinations.map((d, i) => ({ d, i })).sort((a, b) => cmp(a.d.cluster, b.d.cluster) || cmp(a.d.locality, b.d.locality));
    const out: DestinationIntervalRow[] = [];
    const keys = [...this.intervals.keys()].sort((a, b) => a - b);
    keys.forEach((k) => {
      const bin = this.intervals.get(k)!;
      const startMs = k * this.intervalMs;
      for (const { d, i } of order) {
        const requests = bin[i * 2];
        if (requests === 0) continue;
        const failed = bin[i * 2 + 1];
        out.push({ startMs, endMs: Math.min((k + 1) * this.intervalMs, Math.max(endMs, startMs)), destinationCluster: d.cluster, destinationLocality: d.locality, requests, succeeded: requests - failed, failed });
      }
    });
    return out;
  }

  private requestsOf(pair: number): number {
    let n = this.histograms[pair]?.count ?? 0;
    for (let i = 0; i < CAUSES; i++) n += this.failures[pair * CAUSES + i];
    return n;
  }

  private groups(group: 'source' | 'service'): { group: 'source' | 'service'; name: string; pairs: number[] }[] {
    const names = group === 'source' ? this.sources : this.services;
    const nServices = this.services.length;
    return names
      .map((name, i) => ({
        group,
        name,
        pairs: group === 'source'
          ? Array.from({ length: nServices }, (_, s) => i * nServices + s)
          : Array.from({ length: this.sources.length }, (_, s) => s * nServices + i),
      }))
      .filter(({ pairs }) => pairs.some((p) => this.requestsOf(p) > 0))
      .sort((a, b) => cmp(a.name, b.name));
  }

  private merged(pairs: number[]): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const p of pairs) {
      const x = this.histograms[p];
      if (x) h.merge(x);
    }
    return h;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
