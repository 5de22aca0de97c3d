/**
 * A VirtualService read as Istio reads it: CRD schema (vs-schema.ts), the webhook's
 * ValidateVirtualService (vs-validate.ts, with its unreachable-rule analysis), then the simulated
 * model of each HTTP route: destinations with resolved hosts, timeout, retries, fault.
 */
import { canonicalJson } from '../model/canonical-json.js';
import { warnDottedShortName } from './destination-rule.js';
import type { ResourceMeta } from './envelope.js';
import { durationMs } from './duration.js';
import { resolveRetries, type ResolvedRetries } from './http-retry.js';
import { resolveConfigHost } from './hosts.js';
import { reportZodIssues, type Reporter } from './report.js';
import { callerMatches, matchesAllTraffic, warnUnsimulatedVirtualService, type CallerMatch } from './unsimulated.js';
import { VirtualServiceSpecSchema, type HTTPRouteSpec, type VirtualServiceSpec } from './vs-schema.js';
import { validateVirtualService } from './vs-validate.js';

/** A VirtualService `retries`, durations in ms. Absent fields take Istio's default (retry.go DefaultPolicy). */
export type { ResolvedRetries } from './http-retry.js';

/** A VirtualService `fault`; `percent` is 0..100 of requests (unset in Istio ⇒ 0). */
export interface ResolvedFault {
  delay?: { fixedDelayMs: number; percent: number };
  abort?: { httpStatus: number; percent: number };
}

export interface RouteDestinationModel {
  /** `destination.host` resolved with the VirtualService's namespace. */
  host: string;
  subset?: string;
  port?: number;
  /** As written (0 when unset); a route with one destination sends it everything. */
  weight: number;
  /** Index in `route`. */
  index: number;
}

export interface HttpRouteModel {
  /** Index in `spec.http`. */
  index: number;
  name?: string;
  /** No match condition: header-less mesh traffic takes this route, on every port. */
  matchesAll: boolean;
  /** Match entries on the caller (sourceLabels, sourceNamespace) and the port it addresses; any one satisfied selects the route. */
  sourceMatches: CallerMatch[];
  /** Forwards to destinations (not a redirect, direct response or delegate). */
  forwards: boolean;
  destinations: RouteDestinationModel[];
  timeoutMs?: number;
  retries?: ResolvedRetries;
  fault?: ResolvedFault;
}

export interface LoadedVirtualService extends ResourceMeta {
  kind: 'VirtualService';
  spec: VirtualServiceSpec;
  /** `spec.hosts` resolved with the VirtualService's namespace. */
  hosts: string[];
  exportTo: string[];
  /** Bound to sidecars: `gateways` empty or containing `mesh`. */
  appliesToMesh: boolean;
  http: HttpRouteModel[];
}


const routeName = (r: HTTPRouteSpec, i: number) => (r.name ? `"${r.name}"` : `#${i}`);

// istioctl analyze reports these webhook warnings as VirtualServiceUnreachableRule and
// VirtualServiceIneffectiveMatch (analyzers/schema/validation.go morePreciseMessage).
const IST0130 = { code: 'IST0130' };
const IST0131 = { code: 'IST0131' };

/** validation.go analyzeUnreachableHTTPRules: rules and matches that can never be used (warnings). */
function analyzeUnreachable(http: readonly HTTPRouteSpec[], report: Reporter): void {
  const seen = new Map<string, number>();
  let emptyAt = -1;
  http.forEach((r, i) => {
    const match = r.match ?? [];
    if (match.length === 0) {
      if (emptyAt >= 0) report.warning(['spec', 'http', i], `virtualService rule ${routeName(r, i)} not used (only the last rule can have no matches)`, IST0130);
      emptyAt = i;
      return;
    }
    let duplicates = 0;
    match.forEach((m, j) => {
      if (emptyAt >= 0) {
        report.warning(['spec', 'http', i, 'match', j], `virtualService rule ${routeName(r, i)} not used (route without matches defined before)`, IST0130);
        return;
      }
      const { name: _name, ...conditions } = m;
      const key = canonicalJson(conditions);
      const prior = seen.get(key);
      if (prior !== undefined) {
        duplicates++;
        const mName = m.name ? `"${m.name}"` : `#${j}`;
        report.warning(['spec', 'http', i, 'match', j], `virtualService rule ${routeName(r, i)} match ${mName} is not used (duplicate/overlapping match in rule ${routeName(http[prior], prior)})`, IST0131);
      } else seen.set(key, i);
    });
    if (duplicates === match.length) report.warning(['spec', 'http', i], `virtualService rule ${routeName(r, i)} not used (all matches used by prior rules)`, IST0130);
  });
}

function percentOf(p: { value: number } | undefined, legacy: number | undefined, path: (string | number)[], report: Reporter): number {
  if (p !== undefined) return p.value;
  if (legacy !== undefined) {
    report.warning([...path, 'percent'], 'integer "percent" is deprecated; use "percentage: {value: …}"');
    return legacy;
  }
  // route.go translateFault sets Envoy's percentage only from the spec; unset ⇒ Envoy's 0%
  report.warning(path, 'no "percentage": Istio injects this fault into no request (write percentage: {value: 100} for all)');
  return 0;
}

function routeModel(r: HTTPRouteSpec, i: number, namespace: string, report: Reporter, domain: string): HttpRouteModel {
  const path = ['spec', 'http', i];
  const routes = r.route ?? [];
  const destinations = routes.map((d, j): RouteDestinationModel => {
    warnDottedShortName(d.destination.host, [...path, 'route', j, 'destination', 'host'], report, domain);
    return {
      host: resolveConfigHost(d.destination.host, namespace, domain),
      ...(d.destination.subset ? { subset: d.destination.subset } : {}),
      ...(d.destination.port?.number !== undefined ? { port: d.destination.port.number } : {}),
      // virtual_service.proto HTTPRouteDestination.weight: "If there is only one destination in a rule, it will receive all traffic"
      weight: routes.length === 1 ? 100 : (d.weight ?? 0),
      index: j,
    };
  });
  const model: HttpRouteModel = {
    index: i,
    ...(r.name ? { name: r.name } : {}),
    matchesAll: matchesAllTraffic(r),
    sourceMatches: callerMatches(r),
    forwards: routes.length > 0 && r.redirect === undefined && r.directResponse === undefined && r.delegate === undefined,
    destinations,
  };
  const timeoutMs = durationMs(r.timeout);
  if (timeoutMs !== undefined) model.timeoutMs = timeoutMs;
  if (r.retries !== undefined) model.retries = resolveRetries(r.retries);
  const f = r.fault;
  if (f !== undefined) {
    const fault: ResolvedFault = {};
    const fixed = durationMs(f.delay?.fixedDelay);
    if (f.delay !== undefined && fixed !== undefined) {
      fault.delay = { fixedDelayMs: fixed, percent: percentOf(f.delay.percentage, f.delay.percent, [...path, 'fault', 'delay'], report) };
    }
    if (f.abort?.httpStatus !== undefined) {
      fault.abort = { httpStatus: f.abort.httpStatus, percent: percentOf(f.abort.percentage, undefined, [...path, 'fault', 'abort'], report) };
    }
    if (fault.delay || fault.abort) model.fault = fault;
  }
  return model;
}

/** Reads one VirtualService; undefined when its spec does not pass the CRD schema. */
export function loadVirtualService(meta: ResourceMeta, rawSpec: Record<string, unknown>, report: Reporter, domain: string): LoadedVirtualService | undefined {
  const parsed = VirtualServiceSpecSchema.safeParse(rawSpec, { reportInput: true });
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, ['spec'], VirtualServiceSpecSchema, report);
    return undefined;
  }
  const spec = parsed.data;
  validateVirtualService(spec, meta.namespace, report);
  analyzeUnreachable(spec.http ?? [], report);
  warnUnsimulatedVirtualService(spec, report);
  (spec.hosts ?? []).forEach((h, i) => warnDottedShortName(h, ['spec', 'hosts', i], report, domain));
  const http = (spec.http ?? []).map((r, i) => routeModel(r, i, meta.namespace, report, domain));
  const gateways = spec.gateways ?? [];
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
  // A route whose only condition is a port forwards all header-less traffic to that port.
  const forwardsAll = (r: HttpRouteModel) => r.forwards && (r.matchesAll || r.sourceMatches.some((m) => m.sourceLabels === undefined && m.sourceNamespace === undefined));
  if (appliesToMesh && http.length > 0 && !http.some(forwardsAll)) {
    report.warning(['spec', 'http'], 'no HTTP route forwards header-less traffic (all have match conditions or are not simulated): calls to these hosts get 404 (no route), as Envoy answers unmatched requests');
  }
  return {
    ...meta,
    kind: 'VirtualService',
    spec,
    hosts: (spec.hosts ?? []).map((h) => resolveConfigHost(h, meta.namespace, domain)),
    exportTo: spec.exportTo ?? [],
    appliesToMesh,
    http,
  };
}
