/**
 * Failure impact: for each fault of the timeline, what the requests that started while it was
 * active went through, against the requests of a quiet window just before it — failures by cause,
 * error rate, latency, where traffic was served, egress dollars, retries — and how long the mesh
 * took to notice (first ejection of one of its targets, first EDS update that moved one) and to
 * recover (the timeline's error rate back under the scenario's threshold for good).
 *
 * Requests are attributed by the time they started: a request that started before a fault and
 * failed during it counts for the quiet window. Faults that overlap each count the requests of
 * their whole window.
 */
import { costTable, type Pricing } from '../cost/index.js';
import { FAILURE_CAUSES } from '../metrics/failure-cause.js';
import { LatencyHistogram } from '../metrics/histogram.js';
import type { HopKey, HopRow } from '../metrics/hop-stats.js';
import type { TimelineRow } from '../metrics/timeline.js';
import type { FaultSpec } from '../model/scenario.js';
import type { HopTraffic } from '../cost/index.js';
import type { FaultImpact } from './result.js';

/** Where the recorder attributes a moment: during fault i, in its quiet window before, or neither. */
const DURING = 1;
const BEFORE = 2;

interface Window {
  requests: number;
  failed: number;
  failures: number[];
  retries: number;
  latency: LatencyHistogram;
  /** Requests served per destination locality (interned index). */
  served: number[];
  /** Per hop row: requests, request bytes, response bytes. */
  hopRequests: number[];
  hopRequestBytes: number[];
  hopResponseBytes: number[];
  /** Per source: requests, failed. */
  sourceRequests: number[];
  sourceFailed: number[];
}

function newWindow(): Window {
  return {
    requests: 0,
    failed: 0,
    failures: FAILURE_CAUSES.map(() => 0),
    retries: 0,
    latency: new LatencyHistogram(),
    served: [],
    hopRequests: [],
    hopRequestBytes: [],
    hopResponseBytes: [],
    sourceRequests: [],
    sourceFailed: [],
  };
}

function bump(a: number[], i: number, by = 1): void {
  a[i] = (a[i] ?? 0) + by;
}

export interface FaultImpactContext {
  warmupMs: number;
  /** Descriptions of what each fault hits (World.faultDescription). */
  descriptions: string[];
  /** How many targets each fault acts on. */
  targetCounts: number[];
  /** The targets fault `i` acts on. */
  targets: (fault: number) => readonly number[];
  localityName: (locality: number) => string;
  sources: { name: string; cluster: string }[];
  recoveryErrorRate: number;
}

export class FaultImpactRecorder {
  private readonly during: Window[];
  private readonly before: Window[];
  /** Start of each fault's quiet window: after warm-up and after the last fault that ended before it. */
  private readonly beforeFrom: Float64Array;
  private readonly detectedMs: Float64Array;
  private readonly detectedBy: ('ejection' | 'eds-update' | undefined)[];

  constructor(private readonly faults: readonly FaultSpec[], private readonly ctx: FaultImpactContext) {
    this.during = faults.map(newWindow);
    this.before = faults.map(newWindow);
    this.beforeFrom = Float64Array.from(faults, (f) => {
      let from = ctx.warmupMs;
      for (const g of faults) if (g !== f && g.endMs <= f.atMs) from = Math.max(from, g.endMs);
      return from;
    });
    this.detectedMs = new Float64Array(faults.length).fill(NaN);
    this.detectedBy = faults.map(() => undefined);
  }

  private where(i: number, t: number): number {
    const f = this.faults[i];
    if (t < this.ctx.warmupMs) return 0;
    if (f.atMs <= t && t < f.endMs) return DURING;
    if (this.beforeFrom[i] <= t && t < f.atMs) return BEFORE;
    return 0;
  }

  private window(i: number, t: number): Window | undefined {
    const w = this.where(i, t);
    return w === DURING ? this.during[i] : w === BEFORE ? this.before[i] : undefined;
  }

  /** A request that started at `startMs` ended: `cause` -1 for a success; `servedAt` the destination locality (-1: none). */
  onRequest(startMs: number, endMs: number, source: number, cause: number, servedAt: number): void {
    for (let i = 0; i < this.faults.length; i++) {
      const w = this.window(i, startMs);
      if (w === undefined) continue;
      w.requests++;
      bump(w.sourceRequests, source);
      if (cause >= 0) {
        w.failed++;
        w.failures[cause]++;
        bump(w.sourceFailed, source);
      } else {
        w.latency.record(endMs - startMs);
      }
      if (servedAt >= 0) bump(w.served, servedAt);
    }
  }

  /** A call that started at `startMs` crossed hop row `row` with these bytes. */
  onHop(startMs: number, row: number, requestBytes: number, responseBytes: number): void {
    for (let i = 0; i < this.faults.length; i++) {
      const w = this.window(i, startMs);
      if (w === undefined) continue;
      bump(w.hopRequests, row);
      bump(w.hopRequestBytes, row, requestBytes);
      bump(w.hopResponseBytes, row, responseBytes);
    }
  }

  /** Stretches during which a source's own pods were down, and its rate (per second). */
  private readonly silences: { fromMs: number; toMs: number; ratePerSecond: number }[] = [];

  /** A source's pods are down from `fromMs` to `toMs` (Infinity: for good): it sends nothing meanwhile. */
  onSourceDown(fromMs: number, toMs: number, ratePerSecond: number): void {
    this.silences.push({ fromMs, toMs, ratePerSecond });
  }

  /** Requests not sent during fault `i`: each silence's rate × its overlap with the fault (after warm-up). */
  private notSent(i: number, endMs: number): number {
    const f = this.faults[i];
    const from = Math.max(f.atMs, this.ctx.warmupMs);
    const to = Math.min(f.endMs, endMs);
    let n = 0;
    for (const s of this.silences) n += (s.ratePerSecond * Math.max(0, Math.min(to, s.toMs) - Math.max(from, s.fromMs))) / 1000;
    return Math.round(n);
  }

  onRetry(nowMs: number): void {
    for (let i = 0; i < this.faults.length; i++) {
      const w = this.window(i, nowMs);
      if (w !== undefined) w.retries++;
    }
  }

  /**
   * The mesh noticed something at `nowMs`: an ejection of a target, or an EDS update that changed
   * `targets` at a proxy — the detection of every active, not yet detected fault acting on one of
   * them (or of any such fault without targets: a partition, a degraded link) except a control-plane
   * outage.
   */
  onDetect(nowMs: number, targets: readonly number[], by: 'ejection' | 'eds-update'): void {
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (!(f.atMs <= nowMs && nowMs < f.endMs) || !Number.isNaN(this.detectedMs[i])) continue;
      // The data plane never notices a control plane that is down: proxies keep their last config.
      if (f.kind === 'control-plane-outage') continue;
      if (this.ctx.targetCounts[i] > 0) {
        const mine = (this.targetSets[i] ??= new Set(this.ctx.targets(i)));
        if (!targets.some((t) => mine.has(t))) continue;
      }
      this.detectedMs[i] = nowMs;
      this.detectedBy[i] = by;
    }
  }

  private readonly targetSets: (Set<number> | undefined)[] = [];

  impact(endMs: number, lastArrivalMs: number, timeline: readonly TimelineRow[], hopKey: (row: number) => HopKey, pricing: Pricing | undefined, hopTraffic: (h: HopRow) => HopTraffic): FaultImpact[] {
    return this.faults.map((f, i): FaultImpact => {
      const d = this.during[i];
      const b = this.before[i];
      const faultEnd = Math.min(f.endMs, endMs);
      const duringSeconds = Math.max(0, faultEnd - Math.max(f.atMs, this.ctx.warmupMs)) / 1000;
      const beforeSeconds = Math.max(0, f.atMs - this.beforeFrom[i]) / 1000;
      const rate = (w: Window) => (w.requests > 0 ? w.failed / w.requests : 0);
      return {
        kind: f.kind,
        target: this.ctx.descriptions[i],
        startMs: f.atMs,
        endMs: faultEnd,
        targets: this.ctx.targetCounts[i],
        requestsDuring: d.requests,
        notSentDuring: this.notSent(i, endMs),
        failedDuring: d.failed,
        errorRateDuring: rate(d),
        failuresDuring: Object.fromEntries(FAILURE_CAUSES.map((c, k) => [c, d.failures[k]])),
        requestsBefore: b.requests,
        errorRateBefore: rate(b),
        latencyBefore: b.latency.summary(),
        latencyDuring: d.latency.summary(),
        // (A control-plane update after the run's last request is no detection of anything the run saw.)
        detectedAfterMs: Number.isNaN(this.detectedMs[i]) || this.detectedMs[i] > endMs ? null : this.detectedMs[i] - f.atMs,
        detectedBy: Number.isNaN(this.detectedMs[i]) || this.detectedMs[i] > endMs ? null : (this.detectedBy[i] ?? null),
        recoveredAfterMs: this.recovery(i, lastArrivalMs, timeline),
        retriesDuring: d.retries,
        retriesPerRequest: d.requests > 0 ? d.retries / d.requests : 0,
        trafficShift: this.shift(b, d),
        egress: pricing === undefined ? undefined : this.egress(b, d, beforeSeconds, duringSeconds, hopKey, pricing, hopTraffic),
        affectedSources: this.ctx.sources.flatMap((s, k) =>
          (d.sourceFailed[k] ?? 0) > 0 ? [{ source: s.name, cluster: s.cluster, requests: d.sourceRequests[k] ?? 0, failed: d.sourceFailed[k], errorRate: d.sourceFailed[k] / (d.sourceRequests[k] ?? 1) }] : [],
        ),
      };
    });
  }

  /**
   * Time from the fault's start to the end of the last timeline interval whose error rate exceeds
   * the threshold, looking until the next fault starts or the traffic ends: 0 when none did; null
   * when the traffic ended still above it (the rows that only drain requests in flight do not count).
   */
  private recovery(i: number, lastArrivalMs: number, timeline: readonly TimelineRow[]): number | null {
    const f = this.faults[i];
    let until = lastArrivalMs;
    for (const g of this.faults) if (g.atMs > f.atMs && g.atMs < until) until = g.atMs;
    let lastBad: TimelineRow | undefined;
    let lastInWindow: TimelineRow | undefined;
    for (const r of timeline) {
      if (r.endMs <= f.atMs || r.startMs >= until) continue;
      lastInWindow = r;
      const ended = r.succeeded + r.failed;
      if (ended > 0 && r.failed / ended > this.ctx.recoveryErrorRate) lastBad = r;
    }
    if (lastBad === undefined) return 0;
    if (lastBad === lastInWindow && until === lastArrivalMs) return null;
    return lastBad.endMs - f.atMs;
  }

  private shift(b: Window, d: Window): FaultImpact['trafficShift'] {
    const total = (w: Window) => w.served.reduce((a, x) => a + (x ?? 0), 0);
    const tb = total(b);
    const td = total(d);
    const n = Math.max(b.served.length, d.served.length);
    const destinations: FaultImpact['trafficShift']['destinations'] = [];
    let moved = 0;
    for (let l = 0; l < n; l++) {
      const sb = tb > 0 ? (b.served[l] ?? 0) / tb : 0;
      const sd = td > 0 ? (d.served[l] ?? 0) / td : 0;
      if (sb === 0 && sd === 0) continue;
      destinations.push({ locality: this.ctx.localityName(l), beforeShare: sb, duringShare: sd });
      moved += Math.abs(sd - sb);
    }
    destinations.sort((x, y) => (x.locality < y.locality ? -1 : x.locality > y.locality ? 1 : 0));
    // Total-variation distance: the share of served requests that changed destination locality.
    return { movedShare: tb > 0 && td > 0 ? moved / 2 : 0, destinations };
  }

  /** Egress USD per hour before and during, and the extra dollars the fault's window cost. */
  private egress(b: Window, d: Window, beforeSeconds: number, duringSeconds: number, hopKey: (row: number) => HopKey, pricing: Pricing, hopTraffic: (h: HopRow) => HopTraffic): NonNullable<FaultImpact['egress']> {
    const usd = (w: Window, seconds: number) => {
      const rows: HopTraffic[] = [];
      w.hopRequests.forEach((n, r) => {
        if (n > 0) rows.push(hopTraffic({ ...hopKey(r), requests: n, requestBytes: w.hopRequestBytes[r], responseBytes: w.hopResponseBytes[r] }));
      });
      return costTable(pricing, rows, seconds).total.usd;
    };
    const perHour = (total: number, seconds: number) => (seconds > 0 ? (total * 3600) / seconds : 0);
    const beforePerHour = perHour(usd(b, beforeSeconds), beforeSeconds);
    const duringUsd = usd(d, duringSeconds);
    const duringPerHour = perHour(duringUsd, duringSeconds);
    return { usdPerHourBefore: beforePerHour, usdPerHourDuring: duringPerHour, extraUsd: duringUsd - (beforePerHour * duringSeconds) / 3600 };
  }
}

/** What a fault hits, in words, for the impact table. */
export function describeFault(f: FaultSpec, serviceName: (i: number) => string): string {
  const where = [f.region && `region ${f.region}`, f.cluster && `cluster ${f.cluster}`, f.zone && `zone ${f.zone}`].filter(Boolean).join(', ');
  const of = f.service >= 0 ? serviceName(f.service) : 'any service';
  const scope = (s: string) => (where ? `${s} in ${where}` : s);
  const count = Number.isFinite(f.count) ? `${f.count} ` : 'all ';
  switch (f.kind) {
    case 'zone-outage':
    case 'cluster-outage':
    case 'region-outage':
      return f.service >= 0 ? `${where} (${of})` : where;
    case 'endpoint-crash':
      return scope(`${count}endpoint${f.count === 1 ? '' : 's'} of ${of}`);
    case 'gateway-outage':
      return scope(`${f.gateway} gateways`);
    case 'network-partition':
      return `${f.between![0].name} <-> ${f.between![1].name}`;
    case 'link-degradation': {
      const parts = [f.addLatency && '+latency', f.loss > 0 && `loss ${f.loss}`].filter(Boolean).join(', ');
      return `${f.between![0].name} <-> ${f.between![1].name} (${parts})`;
    }
    case 'error-injection':
      return scope(`${count}endpoints of ${of}: ${f.errorRate} x ${f.errorStatus}`);
    case 'slow-endpoints':
      return scope(`${count}endpoints of ${of}: service time x${f.serviceTimeFactor}`);
    case 'control-plane-outage':
      // A cluster is in one mesh: naming it is enough, and the same istiod reads the same across designs (meshsim compare).
      return f.cluster ? `istiod of cluster ${f.cluster}` : `control plane of mesh ${f.mesh}`;
  }
}
