/**
 * The outlier detector's vocabulary: local-origin events, ejection reasons, the events it emits,
 * its options, statistics and per-host view.
 */
export type LocalOriginEvent = 'connect-failure' | 'timeout' | 'reset' | 'success';

export type EjectionReason =
  | 'consecutive-5xx'
  | 'consecutive-gateway-failure'
  | 'consecutive-local-origin-failure'
  | 'success-rate'
  | 'success-rate-local-origin'
  | 'failure-percentage'
  | 'failure-percentage-local-origin';

export const REASONS: readonly EjectionReason[] = [
  'consecutive-5xx',
  'consecutive-gateway-failure',
  'consecutive-local-origin-failure',
  'success-rate',
  'success-rate-local-origin',
  'failure-percentage',
  'failure-percentage-local-origin',
];
// Indexes into REASONS (stored per host in a Uint8Array).
export const [R_5XX, R_GATEWAY, R_LOCAL, R_SR, R_SR_LOCAL, R_FP, R_FP_LOCAL] = [0, 1, 2, 3, 4, 5, 6] as const;

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
