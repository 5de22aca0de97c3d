/**
 * Envoy's outlier detector for one proxy's view of one upstream cluster, as a pure state machine.
 *
 * Hosts are cluster-local slots (stable host identities, see src/lb/host-set-index.ts): at first
 * 0..hostCount-1; `updateHosts` follows the cluster's membership as Envoy's member-update callback
 * does (a new host gets fresh state, a removed one is forgotten, ejected or not). The host count
 * (all priorities; ejected hosts stay counted) is the current membership. Results come in through `reportStatus` / `reportLocalOrigin`; a counter reaching its threshold
 * ejects the host at once, subject to the cluster-wide max-ejection-percent cap and the
 * `enforcing_*` roll. Hosts come back only on `onIntervalTick`, which the caller must invoke every
 * `config.interval` ms from creation: the detector never reads a clock and never schedules. So a
 * host is out for `min(base * k, max) + jitter` rounded *up* to the next tick, where k grows by
 * one per ejection and shrinks by one per interval spent healthy.
 *
 * Envoy posts ejections from workers to the main thread; meshsim has one thread, so a report's
 * detection, ejection and counter reset happen inside the report call (as in Envoy's unit tests,
 * whose dispatcher runs posts inline).
 *
 * Memory follows use: per-host counters are allocated on the first error, ejection state on the
 * first ejection, success-rate counts as a short log until an interval has enough reports to
 * matter (interval-counts.ts); a detector whose proxy sends nothing costs a few objects, and an
 * interval tick costs O(hosts ever ejected + hosts reported in the interval).
 *
 * Source: envoy source/common/upstream/outlier_detection_impl.cc (functions cited per rule);
 * source/common/runtime/runtime_impl.cc SnapshotImpl::featureEnabled for the enforcement roll.
 */
import type { Rng } from '../engine/random.js';
import type { OutlierDetectionConfig } from './config.js';
import { EjectionState } from './ejection-state.js';
import { IntervalCounts } from './interval-counts.js';
import {
  REASONS,
  R_5XX,
  R_FP,
  R_FP_LOCAL,
  R_GATEWAY,
  R_LOCAL,
  R_SR,
  R_SR_LOCAL,
  type EjectionReason,
  type LocalOriginEvent,
  type OutlierDetectorOptions,
  type OutlierEvent,
  type OutlierHostState,
  type OutlierStats,
} from './outlier-types.js';
import { evaluateInterval } from './success-rate.js';

export type { EjectionReason, LocalOriginEvent, OutlierDetectorOptions, OutlierEvent, OutlierHostState, OutlierStats } from './outlier-types.js';
export { successRateEjectionThreshold } from './success-rate.js';

const zeroByReason = (): Record<EjectionReason, number> =>
  Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<EjectionReason, number>;

export class OutlierDetector {
  onEvent?: (e: OutlierEvent) => void;
  readonly stats: OutlierStats = {
    ejectionsOverflow: 0,
    ejectionsEnforcedTotal: 0,
    detected: zeroByReason(),
    enforced: zeroByReason(),
  };
  /** Last success-rate statistics per monitor (-1 when not computed), as Envoy's admin shows. */
  readonly successRate = {
    external: { average: -1, threshold: -1 },
    localOrigin: { average: -1, threshold: -1 },
  };

  /** Hosts in the cluster (Envoy: host_monitors_.size()). */
  private n: number;
  /** Host slots: every slot index is below it. */
  private capacity: number;
  /** Membership by slot; null while it is exactly 0..n-1. */
  private present: Uint8Array | null = null;
  private readonly cfg: OutlierDetectionConfig;
  private readonly legacyPercent: boolean;
  /** enforcing_* percent per reason index (DetectorImpl::enforceEjection). */
  private readonly enforcing: readonly number[];
  private active = 0;

  /** Consecutive-error counters, allocated on the first error. */
  private c5xx: Uint32Array | null = null;
  private cGateway: Uint32Array | null = null;
  private cLocal: Uint32Array | null = null;
  /** Ejection state, allocated on the first ejection. */
  private ej: EjectionState | null = null;
  // Success-rate accumulators (SuccessRateAccumulator) of the current interval: external and local origin.
  private readonly extCounts: IntervalCounts;
  private locCounts: IntervalCounts | null = null;
  private readonly scratch = { hosts: new Int32Array(0), rates: new Float64Array(0) };
  private readonly isEjectedFn = (host: number): boolean => this.isEjected(host);

  constructor(
    hostCount: number,
    config: OutlierDetectionConfig,
    private readonly rng: Rng,
    options: OutlierDetectorOptions = {},
  ) {
    if (!Number.isInteger(hostCount) || hostCount < 0) {
      throw new Error(`OutlierDetector: hostCount must be an integer >= 0, got ${hostCount}`);
    }
    this.n = hostCount;
    this.capacity = hostCount;
    this.cfg = config;
    this.legacyPercent = options.firstEjectionIgnoresMaxPercent ?? false;
    const c = config;
    this.enforcing = [
      c.enforcingConsecutive5xx,
      c.enforcingConsecutiveGatewayFailure,
      c.enforcingConsecutiveLocalOriginFailure,
      c.enforcingSuccessRate,
      c.enforcingLocalOriginSuccessRate,
      c.enforcingFailurePercentage,
      c.enforcingFailurePercentageLocalOrigin,
    ];
    this.extCounts = new IntervalCounts(hostCount, this.evaluableReports());
  }

  /** Hosts in the cluster now (all priorities, ejected ones included). */
  get hostCount(): number {
    return this.n;
  }

  get activeEjections(): number {
    return this.active;
  }

  isEjected(host: number): boolean {
    return this.ej !== null && host < this.capacity && this.ej.ejected[host] === 1;
  }

  /** Whether `host` is in the cluster. */
  isPresent(host: number): boolean {
    if (!(host >= 0 && host < this.capacity)) return false;
    return this.present === null || this.present[host] === 1;
  }

  /**
   * The cluster's membership changed (Envoy's member-update callback): `added` hosts get fresh
   * monitors, `removed` hosts are forgotten; a removed host that was ejected no longer counts as
   * an active ejection, and reports for it are ignored from now on. Hosts that stay keep their
   * counters, ejection and back-off.
   */
  updateHosts(added: readonly number[], removed: readonly number[]): void {
    let cap = this.capacity;
    for (const h of added) {
      if (!Number.isInteger(h) || h < 0) throw new Error(`OutlierDetector.updateHosts: bad host slot ${h}`);
      if (h >= cap) cap = h + 1;
    }
    this.grow(cap);
    if (this.present === null) {
      this.present = new Uint8Array(this.capacity);
      this.present.fill(1, 0, this.n);
    }
    // outlier_detection_impl.cc DetectorImpl::initialize, member update callback: hosts_removed ...
    for (const h of removed) {
      if (!this.isPresent(h)) continue;
      // ... an ejected host (FAILED_OUTLIER_CHECK) leaves ejections_active; host_monitors_.erase(host)
      if (this.isEjected(h)) this.active--;
      this.forget(h);
      this.present[h] = 0;
      this.n--;
    }
    // ... hosts_added: addHostMonitor (a fresh monitor)
    for (const h of added) {
      if (this.present[h] === 1) continue;
      this.forget(h);
      this.present[h] = 1;
      this.n++;
    }
  }

  /** Result of an upstream HTTP response. Returns true if the host was ejected by this call. */
  reportStatus(host: number, status: number, now: number): boolean {
    // DetectorImpl::onConsecutiveErrorWorker ignores hosts no longer in host_monitors_ (removed).
    if (!this.isPresent(host)) return false;
    // DetectorHostMonitorImpl::putHttpResponseCode
    const isError = status >= 500 && status < 600;
    this.extCounts.record(host, !isError);
    if (isError) {
      if (this.c5xx === null) this.allocateCounters();
      let out = false;
      // putHttpResponseCode: 502/503/504 (CodeUtility::isGatewayError) bump the gateway counter ...
      if (status >= 502 && status <= 504) {
        if (++this.cGateway![host] === this.cfg.consecutiveGatewayFailure) out = this.onConsecutive(host, R_GATEWAY, now);
      } else {
        this.cGateway![host] = 0; // ... and any other 5xx resets it
      }
      // putHttpResponseCode: every 5xx bumps consecutive_5xx (checked after the gateway counter)
      if (++this.c5xx![host] === this.cfg.consecutive5xx) out = this.onConsecutive(host, R_5XX, now) || out;
      return out;
    }
    // putHttpResponseCode: a non-5xx is a success and resets both counters
    if (this.c5xx !== null) {
      this.c5xx[host] = 0;
      this.cGateway![host] = 0;
    }
    return false;
  }

  /**
   * Locally originated result. Not split (DetectorHostMonitorImpl::resultToHttpCode):
   * connect-failure → 503, timeout → 504, reset (ExtOriginRequestFailed) → 500, success → ignored.
   * Split (putResultWithLocalExternalSplit): connect-failure/timeout → local-origin counter,
   * success → resets it, reset → HTTP 503. Note: Envoy's router reports an upstream stream reset as
   * LocalOriginConnectFailed, i.e. as 'connect-failure' here. Returns true if ejected.
   */
  reportLocalOrigin(host: number, event: LocalOriginEvent, now: number): boolean {
    if (!this.cfg.splitExternalLocalOriginErrors) {
      switch (event) {
        case 'connect-failure':
          return this.reportStatus(host, 503, now);
        case 'timeout':
          return this.reportStatus(host, 504, now);
        case 'reset':
          return this.reportStatus(host, 500, now);
        case 'success':
          return false; // resultToHttpCode: LocalOriginConnectSuccess maps to no code
      }
    }
    if (!this.isPresent(host)) return false;
    switch (event) {
      case 'connect-failure':
      case 'timeout':
        // DetectorHostMonitorImpl::localOriginFailure
        this.localCounts().record(host, false);
        if (this.c5xx === null) this.allocateCounters();
        if (++this.cLocal![host] === this.cfg.consecutiveLocalOriginFailure) return this.onConsecutive(host, R_LOCAL, now);
        return false;
      case 'success':
        // DetectorHostMonitorImpl::localOriginNoFailure
        this.localCounts().record(host, true);
        if (this.cLocal !== null) this.cLocal[host] = 0;
        return false;
      case 'reset':
        // putResultWithLocalExternalSplit: ExtOriginRequestFailed is reported as HTTP 503
        return this.reportStatus(host, 503, now);
    }
  }

  /** Interval timer: un-ejects hosts whose time has elapsed, runs success-rate ejection,
   *  decrements back-off; returns the hosts un-ejected (ascending). */
  onIntervalTick(now: number): number[] {
    const cfg = this.cfg;
    const unejected: number[] = [];
    const ej = this.ej;
    // DetectorImpl::onIntervalTimer: checkHostForUneject for every host (only ever-ejected hosts can be ejected) ...
    if (ej !== null) {
      for (const h of ej.tracked) {
        if (ej.ejected[h] === 1) {
          // checkHostForUneject: min(base * backoff, max) + jitter <= now - last_ejection_time
          const ejectedFor = Math.min(cfg.baseEjectionTime * ej.backoff[h], cfg.maxEjectionTime) + ej.jitter[h];
          if (ejectedFor <= now - ej.lastEjection[h]) {
            this.uneject(h, now);
            unejected.push(h);
          }
        }
      }
    }
    // ... updateCurrentSuccessRateBucket: the interval just ended is evaluated, a new one starts;
    // external-origin then local-origin success-rate / failure-percentage ejection
    this.processSuccessRate(false, now);
    this.processSuccessRate(true, now);
    this.extCounts.reset();
    this.locCounts?.reset();
    // onIntervalTimer: back-off -1 for hosts not ejected and un-ejected at least one interval ago
    if (this.ej !== null) {
      const e = this.ej;
      for (const h of e.tracked) {
        if (e.ejected[h] === 0 && now - e.lastUnejection[h] >= cfg.interval && e.backoff[h] !== 0) e.backoff[h]--;
      }
    }
    return unejected;
  }

  hostState(host: number): OutlierHostState {
    const ej = this.ej !== null && host < this.capacity ? this.ej : null;
    const lu = ej === null ? NaN : ej.lastUnejection[host];
    const num = ej === null ? 0 : ej.numEjections[host];
    return {
      ejected: ej !== null && ej.ejected[host] === 1,
      numEjections: num,
      ejectTimeBackoff: ej === null ? 0 : ej.backoff[host],
      jitterMs: ej === null ? 0 : ej.jitter[host],
      lastEjectionTime: num > 0 ? ej!.lastEjection[host] : undefined,
      lastUnejectionTime: Number.isNaN(lu) ? undefined : lu,
      consecutive5xx: this.c5xx === null || host >= this.capacity ? 0 : this.c5xx[host],
      consecutiveGatewayFailure: this.cGateway === null || host >= this.capacity ? 0 : this.cGateway[host],
      consecutiveLocalOriginFailure: this.cLocal === null || host >= this.capacity ? 0 : this.cLocal[host],
    };
  }

  // DetectorImpl::onConsecutiveErrorWorker
  private onConsecutive(host: number, r: number, now: number): boolean {
    // onConsecutiveErrorWorker: an already ejected host is ignored and its counter NOT reset
    if (this.isEjected(host)) return false;
    this.stats.detected[REASONS[r]]++;
    const out = this.ejectHost(host, r, now);
    // onConsecutiveErrorWorker: reset the counter that fired (ejected or not)
    if (r === R_5XX) this.c5xx![host] = 0;
    else if (r === R_GATEWAY) this.cGateway![host] = 0;
    else this.cLocal![host] = 0;
    return out;
  }

  // DetectorImpl::ejectHost
  private ejectHost(host: number, r: number, now: number): boolean {
    const cfg = this.cfg;
    const maxPct = Math.min(100, cfg.maxEjectionPercent);
    let allowed: boolean;
    if (this.legacyPercent) {
      // ejectHost before envoy PR #27624: share ejected *before* this one, strictly below the cap
      allowed = (100 * this.active) / this.n < maxPct;
    } else {
      // ejectHost: 100 * (active + 1) / |hosts of all priorities| <= max_ejection_percent
      allowed = (100 * (this.active + 1)) / this.n <= maxPct;
      // ejectHost: always_eject_one_host allows the first ejection regardless (PR #34796)
      if (cfg.alwaysEjectOneHost) allowed = this.active === 0 || allowed;
    }
    const reason = REASONS[r];
    if (!allowed) {
      this.stats.ejectionsOverflow++; // ejectHost: stats_.ejections_overflow_
      this.onEvent?.({ time: now, host, action: 'eject', reason, enforced: false, overflow: true });
      return false;
    }
    if (!this.enforce(this.enforcing[r])) {
      this.onEvent?.({ time: now, host, action: 'eject', reason, enforced: false, overflow: false });
      return false;
    }
    this.active++;
    this.stats.ejectionsEnforcedTotal++;
    this.stats.enforced[reason]++;
    // DetectorHostMonitorImpl::eject
    const ej = (this.ej ??= new EjectionState(this.capacity));
    ej.track(host);
    ej.ejected[host] = 1;
    ej.reason[host] = r;
    ej.numEjections[host]++;
    ej.lastEjection[host] = now;
    // ejectHost: jitter = random() % (max_ejection_time_jitter + 1), drawn per ejection
    const maxJitter = cfg.maxEjectionTimeJitter;
    ej.jitter[host] = maxJitter > 0 ? this.rng.nextUint32() % (maxJitter + 1) : 0;
    // ejectHost: backoff++ only while backoff * base < max + base
    if (ej.backoff[host] * cfg.baseEjectionTime < cfg.maxEjectionTime + cfg.baseEjectionTime) ej.backoff[host]++;
    if (this.onEvent) {
      const ejectionDurationMs = Math.min(cfg.baseEjectionTime * ej.backoff[host], cfg.maxEjectionTime) + ej.jitter[host];
      this.onEvent({ time: now, host, action: 'eject', reason, enforced: true, overflow: false, ejectionDurationMs });
    }
    return true;
  }

  // DetectorImpl::unejectHost
  private uneject(host: number, now: number): void {
    const ej = this.ej!;
    this.active--;
    ej.ejected[host] = 0;
    // unejectHost: reset all consecutive counters so a near-threshold counter cannot re-eject at once
    if (this.c5xx !== null) {
      this.c5xx[host] = 0;
      this.cGateway![host] = 0;
      this.cLocal![host] = 0;
    }
    ej.lastUnejection[host] = now;
    this.onEvent?.({ time: now, host, action: 'uneject', reason: REASONS[ej.reason[host]] });
  }

  // DetectorImpl::enforceEjection → runtime SnapshotImpl::featureEnabled(key, percent)
  private enforce(percent: number): boolean {
    const cutoff = Math.min(percent, 100);
    if (cutoff === 0) return false; // featureEnabled: no PRNG draw at 0 ...
    if (cutoff === 100) return true; // ... nor at 100
    return this.rng.nextUint32() % 100 < cutoff; // featureEnabled: random() % 100 < cutoff
  }

  // DetectorImpl::processSuccessRateEjections (one monitor type). Hosts are visited in slot order;
  // Envoy walks a hash map, so which hosts win when the cap binds is unspecified there.
  private processSuccessRate(local: boolean, now: number): void {
    const cfg = this.cfg;
    const stat = local ? this.successRate.localOrigin : this.successRate.external;
    stat.average = -1;
    stat.threshold = -1;
    // processSuccessRateEjections: early exit when too few hosts for either method
    if (this.n < cfg.successRateMinimumHosts && this.n < cfg.failurePercentageMinimumHosts) return;
    const counts = local ? this.locCounts : this.extCounts;
    // Fewer reports than minimum_hosts × request_volume (either method): no host set can qualify.
    if (counts === null || !counts.evaluate) return;
    const verdict = evaluateInterval(counts.hosts(), counts.volume, counts.successes, this.isEjectedFn, cfg, this.scratch);
    if (verdict.stat !== undefined) {
      stat.average = verdict.stat.average;
      stat.threshold = verdict.stat.threshold;
    }
    for (const h of verdict.successRate) this.detectAndEject(h, local ? R_SR_LOCAL : R_SR, now);
    // (validity was fixed before the SR pass: hosts it ejected are skipped in detectAndEject)
    for (const h of verdict.failurePercentage) this.detectAndEject(h, local ? R_FP_LOCAL : R_FP, now);
  }

  private detectAndEject(host: number, r: number, now: number): void {
    // Envoy would call ejectHost again for a host the SR pass just ejected (an ASSERT in debug
    // builds, a double count in release); meshsim skips it.
    if (this.isEjected(host)) return;
    this.stats.detected[REASONS[r]]++;
    this.ejectHost(host, r, now);
  }

  /** Fewest reports in an interval with which success rate or failure percentage could eject. */
  private evaluableReports(): number {
    const c = this.cfg;
    const sr = Math.max(1, c.successRateMinimumHosts) * Math.max(1, c.successRateRequestVolume);
    const fp = Math.max(1, c.failurePercentageMinimumHosts) * Math.max(1, c.failurePercentageRequestVolume);
    return Math.min(sr, fp);
  }

  private localCounts(): IntervalCounts {
    return (this.locCounts ??= new IntervalCounts(this.capacity, this.evaluableReports()));
  }

  private allocateCounters(): void {
    this.c5xx = new Uint32Array(this.capacity);
    this.cGateway = new Uint32Array(this.capacity);
    this.cLocal = new Uint32Array(this.capacity);
  }

  /** A host's monitor state goes (it left, or it joins afresh). */
  private forget(host: number): void {
    if (this.c5xx !== null) {
      this.c5xx[host] = 0;
      this.cGateway![host] = 0;
      this.cLocal![host] = 0;
    }
    this.ej?.clear(host);
    this.extCounts.forget(host);
    this.locCounts?.forget(host);
  }

  private grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    const more = (a: Uint32Array) => {
      const b = new Uint32Array(capacity);
      b.set(a);
      return b;
    };
    if (this.c5xx !== null) {
      this.c5xx = more(this.c5xx);
      this.cGateway = more(this.cGateway!);
      this.cLocal = more(this.cLocal!);
    }
    if (this.present !== null) {
      const p = new Uint8Array(capacity);
      p.set(this.present);
      this.present = p;
    }
    this.ej?.grow(capacity);
    this.extCounts.grow(capacity);
    this.locCounts?.grow(capacity);
    this.capacity = capacity;
  }
}
