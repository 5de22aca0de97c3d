/**
 * Envoy config defaults (outlier_detection_impl_test.cc DetectorStaticConfig*) and Istio's
 * translation (pilot/pkg/networking/core/cluster_test.go TestApplyOutlierDetection,
 * TestDisablePanicThresholdAsDefault, TestSidecarLocalityLB).
 */
import { describe, expect, it } from 'vitest';
import type { IstioOutlierDetection } from '../../src/istio/traffic-policy-model.js';
import type { IstioVersion } from '../../src/model/istio-version.js';
import { DEFAULT_OUTLIER_DETECTION, qualifyOutlierDetection, type OutlierDetectionConfig } from '../../src/outlier/config.js';
import { istioBehaviour } from '../../src/xds/istio-behaviour.js';
import { envoyOutlierDetection, envoyPanicThreshold } from '../../src/xds/outlier-detection.js';

const fromIstioOutlierDetection = (od: IstioOutlierDetection, o: { istioVersion: IstioVersion }) => envoyOutlierDetection(od, istioBehaviour(o.istioVersion));
const panicThresholdFromIstio = (od: IstioOutlierDetection | undefined, v: IstioVersion, opts?: { sendUnhealthyEndpoints?: boolean; autoSendUnhealthyEndpoints?: boolean }) =>
  envoyPanicThreshold(od, istioBehaviour(v), opts);

describe('Envoy DetectorConfig', () => {
  it('defaults match outlier_detection_impl.h', () => {
    expect(qualifyOutlierDetection()).toEqual(DEFAULT_OUTLIER_DETECTION);
    expect(DEFAULT_OUTLIER_DETECTION).toMatchObject({
      interval: 10_000,
      baseEjectionTime: 30_000,
      maxEjectionTime: 300_000,
      consecutive5xx: 5,
      enforcingConsecutive5xx: 100,
      consecutiveGatewayFailure: 5,
      enforcingConsecutiveGatewayFailure: 0,
      maxEjectionPercent: 10,
      successRateStdevFactor: 1900,
    });
  });

  it('DetectorStaticConfigMaxDefaultValue: base 10 s ⇒ max 300 s', () => {
    const c = qualifyOutlierDetection({ interval: 100, baseEjectionTime: 10_000 });
    expect([c.interval, c.baseEjectionTime, c.maxEjectionTime]).toEqual([100, 10_000, 300_000]);
  });

  it('DetectorStaticConfigBaseLargerThanMaxNoMax: base 400 s, max unset ⇒ max 400 s', () => {
    expect(qualifyOutlierDetection({ baseEjectionTime: 400_000 }).maxEjectionTime).toBe(400_000);
  });

  it('DetectorStaticConfigiInvalidMaxEjectTime: max 3 s < base 10 s is rejected', () => {
    expect(() => qualifyOutlierDetection({ baseEjectionTime: 10_000, maxEjectionTime: 3_000 })).toThrow(/maxEjectionTime/);
  });

  it('DetectorStaticConfig: explicit values are kept; DetectorStaticConfigDefaultMaxEjectionTimeJitter: 0', () => {
    const c = qualifyOutlierDetection({ interval: 100, baseEjectionTime: 10_000, consecutive5xx: 10, maxEjectionPercent: 50, maxEjectionTime: 400_000 });
    expect(c).toMatchObject({ consecutive5xx: 10, consecutiveGatewayFailure: 5, maxEjectionPercent: 50, maxEjectionTime: 400_000, maxEjectionTimeJitter: 0 });
  });

  it('rejects percentages above 100', () => {
    expect(() => qualifyOutlierDetection({ maxEjectionPercent: 101 })).toThrow(/percentage/);
  });
});

const V124: IstioVersion = [1, 24];
const istio = (od: IstioOutlierDetection, v: IstioVersion = V124) => fromIstioOutlierDetection(od, { istioVersion: v });
const envoy = (partial: Partial<OutlierDetectionConfig>) => qualifyOutlierDetection(partial);

describe('Istio applyOutlierDetection (cluster_test.go TestApplyOutlierDetection)', () => {
  it.each<[string, IstioOutlierDetection, Partial<OutlierDetectionConfig>]>([
    ['No outlier detection is set', {}, { enforcingSuccessRate: 0 }],
    [
      'Consecutive gateway and 5xx errors are set',
      { consecutive5xxErrors: 4, consecutiveGatewayErrors: 3 },
      { consecutive5xx: 4, enforcingConsecutive5xx: 100, consecutiveGatewayFailure: 3, enforcingConsecutiveGatewayFailure: 100, enforcingSuccessRate: 0 },
    ],
    ['Only consecutive gateway is set', { consecutiveGatewayErrors: 3 }, { consecutiveGatewayFailure: 3, enforcingConsecutiveGatewayFailure: 100, enforcingSuccessRate: 0 }],
    ['Only consecutive 5xx is set', { consecutive5xxErrors: 3 }, { consecutive5xx: 3, enforcingConsecutive5xx: 100, enforcingSuccessRate: 0 }],
    ['Consecutive gateway is set to 0', { consecutiveGatewayErrors: 0 }, { consecutiveGatewayFailure: 0, enforcingConsecutiveGatewayFailure: 0, enforcingSuccessRate: 0 }],
    ['Consecutive 5xx is set to 0', { consecutive5xxErrors: 0 }, { consecutive5xx: 0, enforcingConsecutive5xx: 0, enforcingSuccessRate: 0 }],
    [
      'Local origin errors is enabled',
      { splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 10 },
      {
        enforcingSuccessRate: 0,
        splitExternalLocalOriginErrors: true,
        consecutiveLocalOriginFailure: 10,
        enforcingLocalOriginSuccessRate: 0,
        enforcingConsecutiveLocalOriginFailure: 100,
      },
    ],
  ])('%s', (_name, od, expected) => {
    expect(istio(od)).toEqual(envoy(expected));
  });

  it('split mode without consecutiveLocalOriginFailures keeps Envoy 5 @ 100%', () => {
    expect(istio({ splitExternalLocalOriginErrors: true })).toMatchObject({ consecutiveLocalOriginFailure: 5, enforcingConsecutiveLocalOriginFailure: 100 });
  });

  it('maxEjectionPercent is copied only if > 0 (else Envoy 10%); interval and baseEjectionTime copied', () => {
    expect(istio({ maxEjectionPercent: 0 }).maxEjectionPercent).toBe(10);
    expect(istio({ maxEjectionPercent: 50 }).maxEjectionPercent).toBe(50);
    const c = istio({ interval: 1_000, baseEjectionTime: 400_000 });
    expect([c.interval, c.baseEjectionTime, c.maxEjectionTime]).toEqual([1_000, 400_000, 400_000]);
  });

  it('Deprecated consecutive errors is set (1.5 cluster_test.go): gateway 3 @100%, 5xx @0%', () => {
    expect(istio({ consecutiveErrors: 3 }, [1, 5])).toMatchObject({
      enforcingConsecutive5xx: 0,
      consecutiveGatewayFailure: 3,
      enforcingConsecutiveGatewayFailure: 100,
    });
    // consecutive5xxErrors / consecutiveGatewayErrors override it
    expect(istio({ consecutiveErrors: 3, consecutive5xxErrors: 7 }, [1, 6])).toMatchObject({ consecutive5xx: 7, enforcingConsecutive5xx: 100, consecutiveGatewayFailure: 3 });
  });

  it('consecutiveErrors: ≤1.0 means consecutive_5xx; ignored from 1.7 (istio/istio#24087)', () => {
    expect(istio({ consecutiveErrors: 3 }, [1, 0])).toMatchObject({ consecutive5xx: 3, enforcingConsecutive5xx: 100 });
    expect(istio({ consecutiveErrors: 3 }, [1, 7])).toEqual(istio({}, [1, 7]));
  });

  it('success-rate ejection stays on (Envoy default 100%) before 1.5 (istio/istio#25534)', () => {
    expect(istio({}, [1, 4]).enforcingSuccessRate).toBe(100);
    expect(istio({}, [1, 5]).enforcingSuccessRate).toBe(0);
  });
});

describe('Istio panic threshold (minHealthPercent)', () => {
  it('TestDisablePanicThresholdAsDefault: unset or 0 ⇒ 0 whenever outlierDetection exists (≥1.3)', () => {
    expect(panicThresholdFromIstio({}, V124)).toBe(0);
    expect(panicThresholdFromIstio({ minHealthPercent: 0 }, V124)).toBe(0);
    expect(panicThresholdFromIstio({}, [1, 3])).toBe(0);
  });

  it('TestSidecarLocalityLB: minHealthPercent 10 ⇒ 10', () => {
    expect(panicThresholdFromIstio({ minHealthPercent: 10 }, V124)).toBe(10);
  });

  it('1.1–1.2: only when > 0, else Envoy 50; before 1.1 always 50', () => {
    expect(panicThresholdFromIstio({}, [1, 2])).toBe(50);
    expect(panicThresholdFromIstio({ minHealthPercent: 10 }, [1, 1])).toBe(10);
    expect(panicThresholdFromIstio({ minHealthPercent: 10 }, [1, 0])).toBe(50);
  });

  it('without outlierDetection: Envoy 50, or 0 when unhealthy endpoints are sent', () => {
    expect(panicThresholdFromIstio(undefined, V124)).toBe(50);
    expect(panicThresholdFromIstio(undefined, V124, { sendUnhealthyEndpoints: true })).toBe(0);
    expect(panicThresholdFromIstio({ minHealthPercent: 10 }, V124, { sendUnhealthyEndpoints: true })).toBe(0);
  });

  it('1.31 auto-send-unhealthy default: 0 for every service unless a DR sets minHealthPercent > 0', () => {
    expect(panicThresholdFromIstio(undefined, [1, 31])).toBe(0);
    expect(panicThresholdFromIstio({}, [1, 31])).toBe(0);
    expect(panicThresholdFromIstio({ minHealthPercent: 20 }, [1, 31])).toBe(20);
    expect(panicThresholdFromIstio(undefined, [1, 31], { autoSendUnhealthyEndpoints: false })).toBe(50);
  });
});
