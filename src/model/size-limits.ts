/**
 * Limits on how big a scenario is: endpoints, calling pods, load-balancer state, and the number
 * of requests a run would generate. Memory and time grow with these, so each is checked before
 * anything is built, with an error naming the limit (README "Input limits").
 */
import { formatPath, type Diagnostic, type Diagnostics, type Locator } from './diagnostics.js';
import { groupDigits, LIMITS } from './limits.js';
import type { Scenario } from './scenario.js';

/** Checks endpoints, servers, calling pods and load-balancer host slots against their limits. */
export function checkScenarioSize(s: Omit<Scenario, 'istio'>, locate: Locator, diags: Diagnostics): void {
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
  // Every replica serves `concurrency` requests at once: a slot each in the simulator's stations.
  let servers = 0;
  const tooMany = (before: number) => servers > LIMITS.servers && before <= LIMITS.servers;
  const serversMessage = `replicas × concurrency, summed over every deployment and gateway, exceeds ${groupDigits(LIMITS.servers)} here; meshsim simulates at most ${groupDigits(LIMITS.servers)} servers (README "Input limits", servers): lower concurrency or replicas`;
  s.services.forEach((svc, i) =>
    svc.deployments.forEach((d, j) => {
      const before = servers;
      servers += d.replicas * d.concurrency;
      if (tooMany(before)) diags.error(file, locate, ['services', i, 'deployments', j], serversMessage);
    }),
  );
  s.gateways.forEach((g, i) => {
    const before = servers;
    servers += g.replicas * g.concurrency;
    if (tooMany(before)) diags.error(file, locate, ['gateways', i], serversMessage);
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

/** Requests source `t` sends on its own (Poisson sources: the mean). */
function ownRequests(t: Scenario['traffic'][number]): number {
  return Math.min(t.maxRequests, (t.ratePerSecond * Math.max(0, t.endMs - t.startMs)) / 1000);
}

/** Expected number of requests a run generates (Poisson sources: the mean), given the total cap. */
export function expectedRequests(s: Scenario, maxRequests: number): number {
  let total = 0;
  for (const t of s.traffic) total += ownRequests(t);
  return Math.min(total, maxRequests);
}

/**
 * A lower estimate of the simulated time the sources send for: each source until its end, its
 * own request count, or (all together) the run's total at their combined rate.
 */
function sendingSpanMs(s: Scenario, maxRequests: number): number {
  let span = 0;
  let rate = 0;
  let firstStart = Infinity;
  for (const t of s.traffic) {
    span = Math.max(span, t.startMs + Math.min(t.endMs - t.startMs, (t.maxRequests / t.ratePerSecond) * 1000));
    rate += t.ratePerSecond;
    firstStart = Math.min(firstStart, t.startMs);
  }
  return Math.min(span, firstStart + (maxRequests / rate) * 1000);
}

function diagnostic(s: Scenario, locate: Locator, path: (string | number)[], message: string): Diagnostic {
  const pos = locate(path);
  return { severity: 'error', file: s.file, line: pos?.line, column: pos?.column, path: formatPath(path), message };
}

/**
 * Limits that depend on the run as it will happen (`--requests` may lower the scenario's total):
 * the requests it generates and the rows of its timeline. Returns the errors to report.
 */
export function checkRunSize(s: Scenario, locate: Locator, maxRequests: number): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const expected = expectedRequests(s, maxRequests);
  if (expected > LIMITS.requests) {
    let biggest = 0;
    s.traffic.forEach((t, i) => {
      if (ownRequests(t) > ownRequests(s.traffic[biggest])) biggest = i;
    });
    const path = Number.isFinite(s.maxRequests) && s.maxRequests > LIMITS.requests ? ['requests'] : Number.isFinite(s.durationMs) ? ['duration'] : ['traffic', biggest];
    const about = Number.isFinite(expected) ? `about ${expected.toPrecision(3)}` : 'an unbounded number of';
    errors.push(diagnostic(s, locate, path, `this run would generate ${about} requests (rates × sending time); one run generates at most ${groupDigits(LIMITS.requests)} (README "Input limits"): lower the rates, shorten the duration, or set requests (or --requests)`));
    return errors;
  }
  // Quiet intervals merge, so rows are at most the intervals sent in and about two per request.
  const span = sendingSpanMs(s, maxRequests);
  const rows = Math.min(span / s.timelineIntervalMs, 2 * expected + 1);
  if (rows > LIMITS.timelineRows) {
    const needed = Math.ceil(span / LIMITS.timelineRows);
    errors.push(
      diagnostic(s, locate, ['timeline', 'interval'], `sources send for about ${(span / 1000).toPrecision(3)}s, which makes about ${rows.toPrecision(3)} timeline rows of ${s.timelineIntervalMs}ms; timeline.csv may have at most ${groupDigits(LIMITS.timelineRows)} rows (README "Input limits"): set timeline.interval to at least ${needed}ms`),
    );
  }
  return errors;
}
