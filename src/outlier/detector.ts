/**
 * Envoy's outlier detector for one proxy's view of one upstream cluster, as a pure state machine.
 *
 * Hosts are cluster-local indexes 0..hostCount-1 (all priorities; ejected hosts stay counted).
 * Results come in through `reportStatus` / `reportLocalOrigin`; a counter reaching its threshold
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
 * Source: envoy source/common/upstream/outlier_detection_impl.cc (functions cited per rule);
 * source/common/runtime/runtime_impl.cc SnapshotImpl::featureEnabled for the enforcement roll.
 */
import type { Rng } from '../engine/random.js';
import type { OutlierDetectionConfig } from './config.js';

export type LocalOriginEvent = 'connect-failure' | 'timeout' | 'reset' | 'success';

export type EjectionReason =
  | 'consecutive-5xx'
  | 'consecutive-gateway-failure'
  | 'consecutive-local-origin-failure'
  | 'success-rate'
  | 'success-rate-local-origin'
  | 'failure-percentage'
  | 'failure-percentage-local-origin';

const REASONS: readonly EjectionReason[] = [
  'consecutive-5xx',
  'consecutive-gateway-failure',
  'consecutive-local-origin-failure',
  'success-rate',
  'success-rate-local-origin',
  'failure-percentage',
  'failure-percentage-local-origin',
];
// Indexes into REASONS (stored per host in a Uint8Array).
const [R_5XX, R_GATEWAY, R_LOCAL, R_SR, R_SR_LOCAL, R_FP, R_FP_LOCAL] = [0, 1, 2, 3, 4, 5, 6] as const;

export interface OutlierEvent {
  time: number;
  host: number;
  action: 'eject' | 'uneject';
  /** For 'uneject': the reason of the ejection that ends. */
  reason: EjectionReason;
  /** 'eject' only: true iff the host was actually ejected (Envoy logEject `enforced`). */
  enforced?: boolean;
  /** 'eject' only: refused by the max-ejection-percent cap (Envoy stat ejections_overflow). */
  overflow?: boolean;
  /** Enforced 'eject' only: min(base * k, max) + jitter, before rounding up to the next tick. */
  ejectionDurationMs?: number;
}

export interface OutlierDetectorOptions {
  /**
   * Envoy ≤ 1.26 (before PRs #27624/#27909, 2023): the cap compared the share ejected *before*
   * this ejection, `100 * active / hostCount < maxEjectionPercent`, so the first ejection always
   * passed (if the percent is > 0) and the cap could be exceeded by one host (3 hosts at 50% ⇒ 2).
   * For "first ejection ignores the cap, strict afterwards" use config.alwaysEjectOneHost.
   */
  firstEjectionIgnoresMaxPercent?: boolean;
}

/** Counters mirroring Envoy's outlier_detection.* stats that the upstream tests assert. */
export interface OutlierStats {
  ejectionsOverflow: number;
  ejectionsEnforcedTotal: number;
  detected: Record<EjectionReason, number>;
  enforced: Record<EjectionReason, number>;
}

/** Per-host view for tests and reports (allocates; not for the hot path). */
export interface OutlierHostState {
  ejected: boolean;
  numEjections: number;
  ejectTimeBackoff: number;
  jitterMs: number;
  lastEjectionTime: number | undefined;
  lastUnejectionTime: number | undefined;
  consecutive5xx: number;
  consecutiveGatewayFailure: number;
  consecutiveLocalOriginFailure: number;
}

/**
 * Success-rate statistics of `count` rates (percent): mean and `mean - factor * stdev` with the
 * population stdev (DetectorImpl::successRateEjectionThreshold).
 * Example: {50, 100, 100, 100, 100}, factor 1.9 ⇒ mean 90, stdev 20, threshold 52.
 */
export function successRateEjectionThreshold(
  rates: ArrayLike<number>,
  count: number,
  stdevFactor: number,
): { average: number; threshold: number } {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += rates[i];
  const mean = sum / count;
  let variance = 0;
  for (let i = 0; i < count; i++) variance += (rates[i] - mean) * (rates[i] - mean);
  variance /= count;
  return { average: mean, threshold: mean - stdevFactor * Math.sqrt(variance) };
}

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

  private readonly n: number;
  private readonly cfg: OutlierDetectionConfig;
  private readonly legacyPercent: boolean;
  /** enforcing_* percent per reason index (DetectorImpl::enforceEjection). */
  private readonly enforcing: readonly number[];
  private active = 0;

  private readonly c5xx: Uint32Array;
  private readonly cGateway: Uint32Array;
  private readonly cLocal: Uint32Array;
  private readonly ejected: Uint8Array;
  private readonly reason: Uint8Array;
  private readonly numEjections: Uint32Array;
  private readonly backoff: Uint32Array;
  private readonly jitter: Float64Array;
  private readonly lastEjection: Float64Array;
  private readonly lastUnejection: Float64Array; // NaN = never un-ejected
  // Success-rate buckets (SuccessRateAccumulator): [external, local] x [current, previous interval].
  private readonly extTotal: Uint32Array;
  private readonly extOk: Uint32Array;
  private readonly locTotal: Uint32Array;
  private readonly locOk: Uint32Array;
  private readonly extPrevTotal: Uint32Array;
  private readonly extPrevOk: Uint32Array;
  private readonly locPrevTotal: Uint32Array;
  private readonly locPrevOk: Uint32Array;
  private readonly scratchHost: Uint32Array;
  private readonly scratchRate: Float64Array;

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
    const u32 = () => new Uint32Array(hostCount);
    this.c5xx = u32();
    this.cGateway = u32();
    this.cLocal = u32();
    this.numEjections = u32();
    this.backoff = u32();
    this.extTotal = u32();
    this.extOk = u32();
    this.locTotal = u32();
    this.locOk = u32();
    this.extPrevTotal = u32();
    this.extPrevOk = u32();
    this.locPrevTotal = u32();
    this.locPrevOk = u32();
    this.scratchHost = u32();
    this.ejected = new Uint8Array(hostCount);
    this.reason = new Uint8Array(hostCount);
    this.jitter = new Float64Array(hostCount);
    this.lastEjection = new Float64Array(hostCount);
    this.lastUnejection = new Float64Array(hostCount).fill(NaN);
    this.scratchRate = new Float64Array(hostCount);
  }

  get hostCount(): number {
    return this.n;
  }

  get activeEjections(): number {
    return this.active;
  }

  isEjected(host: number): boolean {
    return this.ejected[host] === 1;
  }

  /** Result of an upstream HTTP response. Returns true if the host was ejected by this call. */
  reportStatus(host: number, status: number, now: number): boolean {
    // DetectorHostMonitorImpl::putHttpResponseCode
    this.extTotal[host]++;
    if (status >= 500 && status < 600) {
      let out = false;
      // putHttpResponseCode: 502/503/504 (CodeUtility::isGatewayError) bump the gateway counter ...
      if (status >= 502 && status <= 504) {
        if (++this.cGateway[host] === this.cfg.consecutiveGatewayFailure) out = this.onConsecutive(host, R_GATEWAY, now);
      } else {
        this.cGateway[host] = 0; // ... and any other 5xx resets it
      }
      // putHttpResponseCode: every 5xx bumps consecutive_5xx (checked after the gateway counter)
      if (++this.c5xx[host] === this.cfg.consecutive5xx) out = this.onConsecutive(host, R_5XX, now) || out;
      return out;
    }
    // putHttpResponseCode: a non-5xx is a success and resets both counters
    this.extOk[host]++;
    this.c5xx[host] = 0;
    this.cGateway[host] = 0;
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
    switch (event) {
      case 'connect-failure':
      case 'timeout':
        // DetectorHostMonitorImpl::localOriginFailure
        this.locTotal[host]++;
        if (++this.cLocal[host] === this.cfg.consecutiveLocalOriginFailure) return this.onConsecutive(host, R_LOCAL, now);
        return false;
      case 'success':
        // DetectorHostMonitorImpl::localOriginNoFailure
        this.locTotal[host]++;
        this.locOk[host]++;
        this.cLocal[host] = 0;
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
    // DetectorImpl::onIntervalTimer: checkHostForUneject for every host, then swap SR buckets
    for (let h = 0; h < this.n; h++) {
      if (this.ejected[h] === 1) {
        // checkHostForUneject: min(base * backoff, max) + jitter <= now - last_ejection_time
        const ejectedFor = Math.min(cfg.baseEjectionTime * this.backoff[h], cfg.maxEjectionTime) + this.jitter[h];
        if (ejectedFor <= now - this.lastEjection[h]) {
          this.uneject(h, now);
          unejected.push(h);
        }
      }
    }
    // updateCurrentSuccessRateBucket: the interval just ended becomes the evaluated bucket
    this.extPrevTotal.set(this.extTotal);
    this.extPrevOk.set(this.extOk);
    this.locPrevTotal.set(this.locTotal);
    this.locPrevOk.set(this.locOk);
    this.extTotal.fill(0);
    this.extOk.fill(0);
    this.locTotal.fill(0);
    this.locOk.fill(0);
    // onIntervalTimer: external-origin then local-origin success-rate / failure-percentage ejection
    this.processSuccessRate(false, now);
    this.processSuccessRate(true, now);
    // onIntervalTimer: back-off -1 for hosts not ejected and un-ejected at least one interval ago
    for (let h = 0; h < this.n; h++) {
      if (this.ejected[h] === 0 && now - this.lastUnejection[h] >= cfg.interval && this.backoff[h] !== 0) {
        this.backoff[h]--;
      }
    }
    return unejected;
  }

  hostState(host: number): OutlierHostState {
    const lu = this.lastUnejection[host];
    return {
      ejected: this.ejected[host] === 1,
      numEjections: this.numEjections[host],
      ejectTimeBackoff: this.backoff[host],
      jitterMs: this.jitter[host],
      lastEjectionTime: this.numEjections[host] > 0 ? this.lastEjection[host] : undefined,
      lastUnejectionTime: Number.isNaN(lu) ? undefined : lu,
      consecutive5xx: this.c5xx[host],
      consecutiveGatewayFailure: this.cGateway[host],
      consecutiveLocalOriginFailure: this.cLocal[host],
    };
  }

  // DetectorImpl::onConsecutiveErrorWorker
  private onConsecutive(host: number, r: number, now: number): boolean {
    // onConsecutiveErrorWorker: an already ejected host is ignored and its counter NOT reset
    if (this.ejected[host] === 1) return false;
    this.stats.detected[REASONS[r]]++;
    const out = this.ejectHost(host, r, now);
    // onConsecutiveErrorWorker: reset the counter that fired (ejected or not)
    if (r === R_5XX) this.c5xx[host] = 0;
    else if (r === R_GATEWAY) this.cGateway[host] = 0;
    else this.cLocal[host] = 0;
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
    this.ejected[host] = 1;
    this.reason[host] = r;
    this.numEjections[host]++;
    this.lastEjection[host] = now;
    // ejectHost: jitter = random() % (max_ejection_time_jitter + 1), drawn per ejection
    const maxJitter = cfg.maxEjectionTimeJitter;
    this.jitter[host] = maxJitter > 0 ? this.rng.nextUint32() % (maxJitter + 1) : 0;
    // ejectHost: backoff++ only while backoff * base < max + base
    if (this.backoff[host] * cfg.baseEjectionTime < cfg.maxEjectionTime + cfg.baseEjectionTime) this.backoff[host]++;
    if (this.onEvent) {
      const ejectionDurationMs =
        Math.min(cfg.baseEjectionTime * this.backoff[host], cfg.maxEjectionTime) + this.jitter[host];
      this.onEvent({ time: now, host, action: 'eject', reason, enforced: true, overflow: false, ejectionDurationMs });
    }
    return true;
  }

  // DetectorImpl::unejectHost
  private uneject(host: number, now: number): void {
    this.active--;
    this.ejected[host] = 0;
    // unejectHost: reset all consecutive counters so a near-threshold counter cannot re-eject at once
    this.c5xx[host] = 0;
    this.cGateway[host] = 0;
    this.cLocal[host] = 0;
    this.lastUnejection[host] = now;
    this.onEvent?.({ time: now, host, action: 'uneject', reason: REASONS[this.reason[host]] });
  }

  // DetectorImpl::enforceEjection → runtime SnapshotImpl::featureEnabled(key, percent)
  private enforce(percent: number): boolean {
    const cutoff = Math.min(percent, 100);
    if (cutoff === 0) return false; // featureEnabled: no PRNG draw at 0 ...
    if (cutoff === 100) return true; // ... nor at 100
    return this.rng.nextUint32() % 100 < cutoff; // featureEnabled: random() % 100 < cutoff
  }

  // DetectorImpl::processSuccessRateEjections (one monitor type). Hosts are visited in index order;
  // Envoy walks a hash map, so which hosts win when the cap binds is unspecified there.
  private processSuccessRate(local: boolean, now: number): void {
    const cfg = this.cfg;
    const stat = local ? this.successRate.localOrigin : this.successRate.external;
    stat.average = -1;
    stat.threshold = -1;
    // processSuccessRateEjections: early exit when too few hosts for either method
    if (this.n < cfg.successRateMinimumHosts && this.n < cfg.failurePercentageMinimumHosts) return;
    const total = local ? this.locPrevTotal : this.extPrevTotal;
    const ok = local ? this.locPrevOk : this.extPrevOk;
    const srHosts = this.scratchHost;
    const srRates = this.scratchRate;
    let srValid = 0;
    let fpValid = 0;
    // processSuccessRateEjections: non-ejected hosts with enough volume for each method
    for (let h = 0; h < this.n; h++) {
      if (this.ejected[h] === 1 || total[h] === 0) continue;
      if (total[h] >= cfg.successRateRequestVolume) {
        srHosts[srValid] = h;
        srRates[srValid++] = (ok[h] * 100) / total[h]; // SuccessRateAccumulator::getSuccessRateAndVolume
      }
      if (total[h] >= cfg.failurePercentageRequestVolume) fpValid++;
    }
    if (srValid > 0 && srValid >= cfg.successRateMinimumHosts) {
      const t = successRateEjectionThreshold(srRates, srValid, cfg.successRateStdevFactor / 1000);
      stat.average = t.average;
      stat.threshold = t.threshold;
      // processSuccessRateEjections: eject hosts strictly below mean - factor * stdev
      for (let j = 0; j < srValid; j++) {
        if (srRates[j] < t.threshold) this.detectAndEject(srHosts[j], local ? R_SR_LOCAL : R_SR, now);
      }
    }
    if (fpValid > 0 && fpValid >= cfg.failurePercentageMinimumHosts) {
      // processSuccessRateEjections: eject when 100 - success rate >= failure_percentage_threshold
      // (validity was fixed before the SR pass: hosts it ejected are skipped in detectAndEject)
      for (let h = 0; h < this.n; h++) {
        if (total[h] === 0 || total[h] < cfg.failurePercentageRequestVolume) continue;
        if (100 - (ok[h] * 100) / total[h] >= cfg.failurePercentageThreshold) {
          this.detectAndEject(h, local ? R_FP_LOCAL : R_FP, now);
        }
      }
    }
  }

  private detectAndEject(host: number, r: number, now: number): void {
    // Envoy would call ejectHost again for a host the SR pass just ejected (an ASSERT in debug
    // builds, a double count in release); meshsim skips it.
    if (this.ejected[host] === 1) return;
    this.stats.detected[REASONS[r]]++;
    this.ejectHost(host, r, now);
  }
}
