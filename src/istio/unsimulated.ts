/**
 * Fields of Istio's API that meshsim accepts but does not simulate. Each present one gives a
 * warning naming the field and what meshsim does instead, so nothing is ignored silently.
 * The lists are the single place to update when the simulator learns a feature.
 */
import type { FieldPath } from '../model/diagnostics.js';
import type { DestinationRuleSpec, TrafficPolicySpec } from './dr-schema.js';
import type { Reporter } from './report.js';
import type { HTTPRouteSpec, VirtualServiceSpec } from './vs-schema.js';

type Entry = readonly [path: readonly string[], effect: string];

/** Fields of a TrafficPolicy level (also port-level and subset policies). */
const TRAFFIC_POLICY: readonly Entry[] = [
  [['tls'], 'TLS is not modelled; connections carry no handshake cost'],
  [['tunnel'], 'tunnelling is not modelled'],
  [['proxyProtocol'], 'the PROXY protocol header is not modelled'],
  [['retryBudget'], 'the retry budget is not modelled; max_retries alone limits concurrent retries'],
  [['loadBalancer', 'consistentHash'], 'consistent hashing is not modelled; the default policy (LEAST_REQUEST) picks hosts'],
  [['loadBalancer', 'warmup', 'minimumPercent'], 'only the warmup duration is modelled'],
  [['loadBalancer', 'warmup', 'aggression'], 'only the warmup duration is modelled'],
  [['connectionPool', 'tcp', 'tcpKeepalive'], 'TCP keepalive is not modelled'],
  [['connectionPool', 'tcp', 'maxConnectionDuration'], 'connection lifetime is not modelled'],
  [['connectionPool', 'tcp', 'idleTimeout'], 'idle connections are not modelled'],
  [['connectionPool', 'http', 'idleTimeout'], 'idle connections are not modelled'],
  [['connectionPool', 'http', 'h2UpgradePolicy'], 'the HTTP protocol version is not modelled'],
  [['connectionPool', 'http', 'useClientProtocol'], 'the HTTP protocol version is not modelled'],
  [['connectionPool', 'http', 'maxConcurrentStreams'], 'HTTP/2 streams per connection are not modelled'],
  [['connectionPool', 'http', 'maxRequestsPerConnection'], 'connection reuse is not modelled'],
  // Not simulated yet (circuit breaking, slow start): planned; until then the limits are not enforced.
  [['loadBalancer', 'warmup'], 'slow start is not simulated yet; new hosts get their full weight'],
  [['loadBalancer', 'warmupDurationSecs'], 'slow start is not simulated yet; new hosts get their full weight'],
];

/** Fields of an HTTP route. */
const HTTP_ROUTE: readonly Entry[] = [
  [['redirect'], 'redirects are not modelled; this route is skipped'],
  [['directResponse'], 'direct responses are not modelled; this route is skipped'],
  [['delegate'], 'delegate VirtualServices are not modelled; this route is skipped'],
  [['rewrite'], 'URI/authority rewriting has no effect on simulated traffic'],
  [['headers'], 'header manipulation has no effect on simulated traffic'],
  [['corsPolicy'], 'CORS is not modelled'],
  [['mirror'], 'traffic mirroring is not modelled'],
  [['mirrors'], 'traffic mirroring is not modelled'],
  [['mirrorPercent'], 'traffic mirroring is not modelled'],
  [['mirror_percent'], 'traffic mirroring is not modelled'],
  [['mirrorPercentage'], 'traffic mirroring is not modelled'],
  [['fault', 'abort', 'grpcStatus'], 'gRPC status aborts are not modelled; no abort is injected'],
];

function present(obj: unknown, path: readonly string[]): boolean {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur !== undefined && cur !== null;
}

function warnEntries(obj: unknown, entries: readonly Entry[], base: FieldPath, report: Reporter): void {
  for (const [path, effect] of entries) {
    if (present(obj, path)) report.warning([...base, ...path], `"${path[path.length - 1]}" is not simulated by meshsim (${effect})`);
  }
}

function warnLevel(level: Record<string, unknown>, base: FieldPath, report: Reporter): void {
  warnEntries(level, TRAFFIC_POLICY, base, report);
  const lb = level.loadBalancer as { simple?: string } | undefined;
  if (lb?.simple === 'PASSTHROUGH') {
    report.warning([...base, 'loadBalancer', 'simple'], '"PASSTHROUGH" (original destination) is not simulated by meshsim; Istio\'s default LEAST_REQUEST picks hosts');
  }
}

function warnTrafficPolicy(tp: TrafficPolicySpec | undefined, base: FieldPath, report: Reporter): void {
  if (tp === undefined) return;
  warnLevel(tp as Record<string, unknown>, base, report);
  (tp.portLevelSettings ?? []).forEach((pls, i) => warnLevel(pls as Record<string, unknown>, [...base, 'portLevelSettings', i], report));
}

/** Warnings for a DestinationRule spec (paths from the resource root). */
export function warnUnsimulatedDestinationRule(spec: DestinationRuleSpec, report: Reporter): void {
  warnTrafficPolicy(spec.trafficPolicy, ['spec', 'trafficPolicy'], report);
  (spec.subsets ?? []).forEach((s, i) => warnTrafficPolicy(s.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy'], report));
  if (spec.workloadSelector !== undefined) {
    report.warning(['spec', 'workloadSelector'], '"workloadSelector" is not simulated by meshsim (the rule applies to every caller that sees it)');
  }
}

/** Keys of an HTTPMatchRequest that are not conditions. */
const NOT_CONDITIONS = new Set(['name', 'statPrefix', 'ignoreUriCase']);
/** Conditions on the caller, which meshsim knows, and on the port the caller addresses: they are simulated. */
const SOURCE_CONDITIONS = new Set(['sourceLabels', 'sourceNamespace', 'gateways', 'port']);

type MatchEntry = NonNullable<HTTPRouteSpec['match']>[number];

/**
 * How a match entry's caller conditions judge sidecar traffic, as Istio's sourceMatchHTTP
 * (pilot/pkg/networking/core/route/route.go): with a non-empty `gateways`, the entry applies where
 * a listed gateway is — `mesh` for sidecars — and `sourceLabels`/`sourceNamespace` are not looked
 * at; without it, they are. 'never': no sidecar matches; 'any': every sidecar does; 'caller': the
 * entry's sourceLabels and sourceNamespace decide.
 */
function sidecarSource(r: MatchEntry): 'never' | 'any' | 'caller' {
  if ((r.gateways ?? []).length > 0) return r.gateways!.includes('mesh') ? 'any' : 'never';
  return r.sourceLabels !== undefined || r.sourceNamespace !== undefined ? 'caller' : 'any';
}

/** The request conditions of an entry (URI, headers, method, ...): meshsim traffic carries none, so they never match it. */
function requestConditions(r: MatchEntry): string[] {
  return Object.keys(r).filter((k) => !NOT_CONDITIONS.has(k) && !SOURCE_CONDITIONS.has(k));
}

/** Does a match list let header-less mesh traffic through, on every port (absent, empty, or one entry every sidecar passes)? */
export function matchesAllTraffic(route: HTTPRouteSpec): boolean {
  const m = route.match;
  if (m === undefined || m.length === 0) return true;
  // An HTTPMatchRequest without conditions matches every request; `name`, `statPrefix` and `ignoreUriCase` are not conditions.
  return m.some((r) => requestConditions(r).length === 0 && sidecarSource(r) === 'any' && r.port === undefined);
}

/** A match entry simulated traffic can satisfy: on the caller (absent: any caller) and the port it addresses (absent: any port). */
export interface CallerMatch {
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  port?: number;
}

/**
 * The match entries that test only the caller (`sourceLabels`, `sourceNamespace`, `gateways`)
 * and the port it addresses: simulated traffic can satisfy them. Entries with request conditions
 * (URI, headers, ...) never match it, nor do entries bound to gateways other than `mesh`.
 */
export function callerMatches(route: HTTPRouteSpec): CallerMatch[] {
  return (route.match ?? [])
    .filter((r) => requestConditions(r).length === 0 && sidecarSource(r) !== 'never' && (sidecarSource(r) === 'caller' || r.port !== undefined))
    .map((r) => {
      const caller = sidecarSource(r) === 'caller';
      return {
        ...(caller && r.sourceLabels ? { sourceLabels: r.sourceLabels } : {}),
        ...(caller && r.sourceNamespace ? { sourceNamespace: r.sourceNamespace } : {}),
        ...(r.port !== undefined ? { port: r.port } : {}),
      };
    });
}

/** Warnings for a VirtualService spec (paths from the resource root). */
export function warnUnsimulatedVirtualService(spec: VirtualServiceSpec, report: Reporter): void {
  const gateways = spec.gateways ?? [];
  if (gateways.some((g) => g !== 'mesh')) {
    const effect = gateways.includes('mesh') ? 'only its sidecar (mesh) traffic is simulated' : 'it does not bind to "mesh", so it has no effect on sidecar traffic';
    report.warning(['spec', 'gateways'], `gateways are not simulated by meshsim (${effect})`);
  }
  if ((spec.hosts ?? []).length === 0) report.warning(['spec', 'hosts'], 'a VirtualService without hosts is a delegate; delegation is not simulated by meshsim');
  if (spec.tcp !== undefined) report.warning(['spec', 'tcp'], '"tcp" routes are not simulated by meshsim (HTTP traffic only)');
  if (spec.tls !== undefined) report.warning(['spec', 'tls'], '"tls" routes are not simulated by meshsim (HTTP traffic only)');
  (spec.http ?? []).forEach((r, i) => {
    const base = ['spec', 'http', i];
    warnEntries(r, HTTP_ROUTE, base, report);
    (r.route ?? []).forEach((d, j) => {
      if (d.headers !== undefined) report.warning([...base, 'route', j, 'headers'], '"headers" is not simulated by meshsim (header manipulation has no effect on simulated traffic)');
    });
    (r.match ?? []).forEach((m, j) => {
      const request = requestConditions(m);
      if (request.length > 0) {
        report.warning(
          [...base, 'match', j],
          `match on ${request.join(', ')} is not simulated: meshsim traffic carries no URI or headers, so this condition never matches (sourceLabels, sourceNamespace, gateways and port are simulated)`,
        );
      }
      const gw = m.gateways ?? [];
      if (gw.length > 0 && !gw.includes('mesh')) {
        report.warning([...base, 'match', j, 'gateways'], 'this match entry applies at the gateways it names, not at sidecars (no "mesh"): sidecar traffic never matches it (gateway routing is not simulated)');
      } else if (gw.length > 0 && (m.sourceLabels !== undefined || m.sourceNamespace !== undefined)) {
        // route.go sourceMatchHTTP: with gateways set, the source conditions are not evaluated.
        report.warning([...base, 'match', j], 'sourceLabels and sourceNamespace are ignored when the entry names gateways (Istio checks only the gateways then): every sidecar matches it');
      }
    });
  });
}
