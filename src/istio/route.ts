/**
 * Where a call goes: the VirtualService route a caller's sidecar applies to a service.
 *
 * meshsim calls carry no URI, headers or source labels, so the route taken is the first HTTP
 * route without match conditions (Envoy evaluates routes in order; Istio puts them in VirtualService
 * order, route.go BuildHTTPRoutesForVirtualService). Routes that do not forward (redirect, direct
 * response, delegate) are not simulated and skipped. Without a VirtualService the call goes to
 * the service itself (Istio's default route, route.go BuildDefaultHTTPOutboundRoute).
 */
import { Diagnostics, InputError } from '../model/diagnostics.js';
import type { IstioResources } from './istio-resources.js';
import { findDestinationRule, findVirtualService } from './lookup.js';
import type { ResolvedFault, ResolvedRetries } from './virtual-service.js';
import type { CallerMatch } from './unsimulated.js';

export interface ResolvedDestination {
  /** Service FQDN. */
  host: string;
  subset?: string;
  port?: number;
  /** Relative share (a lone destination has 100); 0 receives nothing. */
  weight: number;
}

export interface ResolvedRoute {
  /** Empty when no route forwards header-less traffic: Envoy answers 404 (NR). */
  destinations: ResolvedDestination[];
  /** Route timeout; absent ⇒ none (Istio disables Envoy's 15 s default). */
  timeoutMs?: number;
  /** Absent ⇒ Istio's default retry policy (retry.go DefaultPolicy); `attempts: 0` ⇒ no retries. */
  retries?: ResolvedRetries;
  fault?: ResolvedFault;
  /** The VirtualService and `spec.http` index used; absent for the default route. */
  source?: { namespace: string; name: string; file: string; routeIndex: number };
}

/** The port a call addresses (what a VirtualService `match.port` tests): the one the caller names, else the service's first. */
export function addressedPort(named: number | undefined, servicePorts: readonly number[]): number | undefined {
  return named ?? servicePorts[0];
}

/**
 * The route for a call from `callerNamespace` to `serviceFqdn`. A destination subset that the
 * DestinationRule applying to the caller does not define is an error (Envoy would have no such
 * cluster, 503 NC): it is added to `diags`, or thrown as InputError when no `diags` is given.
 * `port`: the port the caller addresses, which a match entry's `port` must equal (undefined: only
 * entries without a port can match).
 */
export function resolveRoute(
  resources: IstioResources,
  serviceFqdn: string,
  callerNamespace: string,
  diags?: Diagnostics,
  callerLabels: Record<string, string> = {},
  port?: number,
): ResolvedRoute {
  const found = findVirtualService(resources, serviceFqdn, callerNamespace);
  if (found === undefined) return { destinations: [{ host: serviceFqdn, weight: 100 }] };
  const vs = found.virtualService;
  // virtual_service.proto HTTPMatchRequest: sourceLabels must all be on the caller, sourceNamespace is the caller's;
  // routes are tried in order and the first match wins.
  // match.port: the route applies on the listener of that port only (the port the caller addresses).
  const callerMatches = (m: CallerMatch) =>
    (m.port === undefined || m.port === port) &&
    (m.sourceNamespace === undefined || m.sourceNamespace === callerNamespace) &&
    Object.entries(m.sourceLabels ?? {}).every(([k, v]) => callerLabels[k] === v);
  const route = vs.http.find((r) => r.forwards && (r.matchesAll || r.sourceMatches.some(callerMatches)));
  if (route === undefined) return { destinations: [], source: { namespace: vs.namespace, name: vs.name, file: vs.file, routeIndex: -1 } };
  const problems = new Diagnostics();
  for (const d of route.destinations) {
    if (d.subset === undefined) continue;
    const dr = findDestinationRule(resources, d.host, callerNamespace);
    if (dr?.subsets.some((s) => s.name === d.subset)) continue;
    const where = dr ? `the DestinationRule ${dr.namespace}/${dr.name} that applies to callers in ${callerNamespace}` : `no DestinationRule for ${d.host} applies to callers in ${callerNamespace}`;
    problems.error(vs.file, vs.locate, [...vs.prefix, 'spec', 'http', route.index, 'route', d.index, 'destination', 'subset'], `subset "${d.subset}" is not defined: ${where} (Envoy has no such cluster and answers 503)`, { code: 'IST0101' });
  }
  if (problems.hasErrors) {
    if (diags === undefined) throw new InputError(problems.items);
    diags.items.push(...problems.items);
  }
  return {
    destinations: route.destinations.map((d) => ({
      host: d.host,
      ...(d.subset !== undefined ? { subset: d.subset } : {}),
      ...(d.port !== undefined ? { port: d.port } : {}),
      weight: d.weight,
    })),
    ...(route.timeoutMs !== undefined ? { timeoutMs: route.timeoutMs } : {}),
    ...(route.retries !== undefined ? { retries: route.retries } : {}),
    ...(route.fault !== undefined ? { fault: route.fault } : {}),
    source: { namespace: vs.namespace, name: vs.name, file: vs.file, routeIndex: route.index },
  };
}
