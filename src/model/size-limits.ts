/**
 * Limits on how big a scenario is: endpoints, calling pods, load-balancer state, and the number
 * of requests a run would generate. Memory and time grow with these, so each is checked before
 * anything is built, with an error naming the limit (README "Input limits").
 */
import { formatPath, type Diagnostic, type Diagnostics, type Locator } from './diagnostics.js';
import { groupDigits, LIMITS } from './limits.js';
import type { Scenario } from './scenario.js';

/** Checks endpoints, calling pods and load-balancer host slots against their limits. */
export function checkScenarioSize(s: Scenario, locate: Locator, diags: Diagnostics): void {
  const file = s.file;
  let endpoints = 0;
  const perService = s.services.map((svc, i) => {
    let n = 0;
    svc.deployments.forEach((d, j) => {
      n += d.replicas;
      endpoints += d.replicas;
      if (n > LIMITS.endpointsPerService && n - d.replicas <= LIMITS.endpointsPerService) {
        diags.error(file, locate, ['services', i, 'deployments', j, 'replicas'], `service ${svc.name} has more than ${groupDigits(LIMITS.endpointsPerService)} endpoints (replicas summed over its deployments); meshsim simulates at most ${groupDigits(LIMITS.endpointsPerService)} per service (README "Input limits")`);
      }
      if (endpoints > LIMITS.endpoints && endpoints - d.replicas <= LIMITS.endpoints) {
        diags.error(file, locate, ['services', i, 'deployments', j, 'replicas'], `the scenario has more than ${groupDigits(LIMITS.endpoints)} endpoints (replicas summed over all deployments); meshsim simulates at most ${groupDigits(LIMITS.endpoints)} (README "Input limits")`);
      }
    });
    return n;
  });
  let pods = 0;
  let slots = 0;
  s.traffic.forEach((t, i) => {
    pods += t.replicas;
    if (pods > LIMITS.callingPods && pods - t.replicas <= LIMITS.callingPods) {
      diags.error(file, locate, ['traffic', i, 'replicas'], `the scenario has more than ${groupDigits(LIMITS.callingPods)} calling pods (traffic replicas summed over all sources); meshsim simulates at most ${groupDigits(LIMITS.callingPods)} (README "Input limits")`);
    }
    const before = slots;
    slots += t.replicas * (perService[t.service] ?? 0);
    if (slots > LIMITS.hostSlots && before <= LIMITS.hostSlots && pods <= LIMITS.callingPods && endpoints <= LIMITS.endpoints) {
      diags.error(file, locate, ['traffic', i], `every calling pod keeps load-balancer state for each endpoint it may call: replicas × endpoints of the called service, summed over the sources, exceeds ${groupDigits(LIMITS.hostSlots)} here (README "Input limits"); use fewer replicas`);
    }
  });
}

/** Expected number of requests a run generates (Poisson sources: the mean), given the total cap. */
export function expectedRequests(s: Scenario, maxRequests: number): number {
  let total = 0;
  for (const t of s.traffic) {
    const windowS = Math.max(0, t.endMs - t.startMs) / 1000;
    total += Math.min(t.maxRequests, t.ratePerSecond * windowS);
  }
  return Math.min(total, maxRequests);
}

/**
 * The request-count limit, checked for the run as it will happen (`--requests` may lower the
 * scenario's total). Returns the error to report, if any.
 */
export function checkRunSize(s: Scenario, locate: Locator, maxRequests: number): Diagnostic | undefined {
  const expected = expectedRequests(s, maxRequests);
  if (!(expected > LIMITS.requests)) return undefined;
  let biggest = 0;
  s.traffic.forEach((t, i) => {
    const own = Math.min(t.maxRequests, (t.ratePerSecond * Math.max(0, t.endMs - t.startMs)) / 1000);
    const best = s.traffic[biggest];
    if (own > Math.min(best.maxRequests, (best.ratePerSecond * Math.max(0, best.endMs - best.startMs)) / 1000)) biggest = i;
  });
  const path = Number.isFinite(s.maxRequests) && s.maxRequests > LIMITS.requests ? ['requests'] : Number.isFinite(s.durationMs) ? ['duration'] : ['traffic', biggest];
  const pos = locate(path);
  const about = Number.isFinite(expected) ? `about ${expected.toPrecision(3)}` : 'an unbounded number of';
  return {
    severity: 'error',
    file: s.file,
    line: pos?.line,
    column: pos?.column,
    path: formatPath(path),
    message: `this run would generate ${about} requests (rates × sending time); one run generates at most ${groupDigits(LIMITS.requests)} (README "Input limits"): lower the rates, shorten the duration, or set requests (or --requests)`,
  };
}
