/**
 * The route retry policy Istio writes, case by case from istio
 * pilot/pkg/networking/core/route/retry/retry_test.go (TestRetry; names kept), plus the 1.24
 * change of the default retriable status codes (istio/istio#52111).
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedRetries } from '../../src/istio/virtual-service.js';
import { istioBehaviour } from '../../src/xds/istio-behaviour.js';
import { defaultRetryPolicy, envoyRetryPolicy } from '../../src/xds/retry-policy.js';

const V130 = istioBehaviour([1, 30]);
const convert = (r: ResolvedRetries | undefined) => envoyRetryPolicy(r, V130);
const on = (s: string) => s.split(',');

describe('retry.go ConvertPolicy (TestRetry)', () => {
  it('TestNilRetryShouldReturnDefault', () => {
    expect(convert(undefined)).toEqual(defaultRetryPolicy(V130));
    expect(convert(undefined)).toMatchObject({
      numRetries: 2,
      retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
      retriableStatusCodes: [],
      previousHostsPredicate: true,
      hostSelectionRetryMaxAttempts: 5,
      previousPriorities: undefined,
      perTryTimeoutMs: undefined,
    });
  });

  it('TestZeroAttemptsShouldReturnNilPolicy', () => {
    expect(convert({ attempts: 0 })).toBeUndefined();
  });

  it('TestRetryWithAllFieldsSet', () => {
    const p = convert({ attempts: 2, retryOn: on('some,fake,conditions'), perTryTimeoutMs: 3000, backoffMs: 2000 })!;
    expect(p.retryOn).toEqual(['some', 'fake', 'conditions']);
    expect(p.perTryTimeoutMs).toBe(3000);
    expect(p.numRetries).toBe(2);
    expect(p.retriableStatusCodes).toEqual([]);
    expect(p.previousPriorities).toBeUndefined();
    expect(p.hostSelectionRetryMaxAttempts).toBe(5);
    expect(p.previousHostsPredicate).toBe(true);
    expect(p.backoffBaseMs).toBe(2000);
  });

  it('TestRetryOnWithEmptyParts', () => {
    const p = convert({ attempts: 2, retryOn: on('some,fake,conditions,,,') })!;
    expect(p.retryOn).toEqual(['some', 'fake', 'conditions']);
    expect(p.retriableStatusCodes).toEqual([]);
  });

  it('TestRetryOnWithRetriableStatusCodes', () => {
    const p = convert({ attempts: 2, retryOn: on('gateway-error,retriable-status-codes,503') })!;
    expect(p.retryOn).toEqual(['gateway-error', 'retriable-status-codes']);
    expect(p.retriableStatusCodes).toEqual([503]);
  });

  it('TestRetryOnWithResetBeforeRequest', () => {
    expect(convert({ attempts: 2, retryOn: on('reset-before-request') })!.retryOn).toEqual(['reset-before-request']);
  });

  it('TestRetryOnWithWhitespace', () => {
    const p = convert({ attempts: 2, retryOn: on(' some,\t,fake ,\tconditions, ,') })!;
    expect(p.retryOn).toEqual(['some', 'fake', 'conditions']);
    expect(p.retriableStatusCodes).toEqual([]);
  });

  it('TestRetryOnContainingStatusCodes', () => {
    const p = convert({ attempts: 2, retryOn: on('some,fake,5xx,404,conditions,503') })!;
    expect(p.retryOn).toEqual(['some', 'fake', '5xx', 'conditions', 'retriable-status-codes']);
    expect(p.retriableStatusCodes).toEqual([404, 503]);
  });

  it('TestRetryOnWithInvalidStatusCodesShouldAddToRetryOn', () => {
    const p = convert({ attempts: 2, retryOn: on('some,fake,conditions,1000') })!;
    expect(p.retryOn).toEqual(['some', 'fake', 'conditions', '1000']);
    expect(p.retriableStatusCodes).toEqual([]);
  });

  it('TestMissingRetryOnShouldReturnDefaults / TestMissingPerTryTimeoutShouldReturnNil', () => {
    const p = convert({ attempts: 2 })!;
    expect(p.retryOn).toEqual(defaultRetryPolicy(V130).retryOn);
    expect(p.retriableStatusCodes).toEqual(defaultRetryPolicy(V130).retriableStatusCodes);
    expect(p.perTryTimeoutMs).toBeUndefined();
  });

  it('TestRetryRemoteLocalities', () => {
    const p = convert({ attempts: 2, retryRemoteLocalities: true })!;
    // retry.go buildPreviousPrioritiesConfig: UpdateFrequency 2.
    expect(p.previousPriorities).toEqual({ updateFrequency: 2 });
    expect(p.retryOn).toEqual(defaultRetryPolicy(V130).retryOn);
  });

  it('TestRetryPreviousHostsDefault / TestRetryPreviousHostsDisabled', () => {
    expect(convert({ attempts: 2 })!.previousHostsPredicate).toBe(true);
    expect(convert({ attempts: 2, retryIgnorePreviousHosts: false })!.previousHostsPredicate).toBe(false);
  });
});

describe('default retriable status codes by version (retry.go defaultPolicy, istio/istio#52111)', () => {
  it('[503] up to 1.23, none from 1.24', () => {
    expect(defaultRetryPolicy(istioBehaviour([1, 23])).retriableStatusCodes).toEqual([503]);
    expect(defaultRetryPolicy(istioBehaviour([1, 24])).retriableStatusCodes).toEqual([]);
  });

  it('a retryOn of its own replaces the default codes, even in 1.23', () => {
    expect(envoyRetryPolicy({ attempts: 3, retryOn: ['connect-failure'] }, istioBehaviour([1, 23]))!.retriableStatusCodes).toEqual([]);
    expect(envoyRetryPolicy({ attempts: 3 }, istioBehaviour([1, 23]))!.retriableStatusCodes).toEqual([503]);
  });
});
