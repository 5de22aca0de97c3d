/**
 * Istio's webhook rules for a VirtualService (pkg/config/validation/validation.go
 * ValidateVirtualService, virtualservice.go validateHTTPRoute and helpers), run on a
 * schema-valid spec. Paths are from the resource root.
 */
import type { FieldPath } from '../model/diagnostics.js';
import { validateExportTo } from './export-to.js';
import { hostsOverlap } from './hosts.js';
import { isDns1123Label, isIpAddress, isIpOrCidr, validateFqdn, validateLabels, validateWildcardDomain } from './names.js';
import type { Reporter } from './report.js';
import { validateHttpRetry } from './http-retry.js';
import { durationField } from './traffic-policy-validate.js';
import type { DestinationSpec, HTTPRouteSpec, VirtualServiceSpec } from './vs-schema.js';

// pkg/util/grpc SupportedGRPCStatus
const GRPC_STATUS = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);

/** agent.ValidatePort. */
function port(n: number | undefined, path: FieldPath, report: Reporter): void {
  if (n !== undefined && (n < 1 || n > 65535)) report.error(path, `port number ${n} must be in the range 1..65535`);
}

/** validation.go validatePercentage. */
function percentage(p: { value: number } | undefined, path: FieldPath, report: Reporter): void {
  if (p !== undefined && (p.value < 0 || p.value > 100 || (p.value > 0 && p.value < 0.0001))) {
    report.error([...path, 'value'], `percentage ${p.value} is neither 0.0, nor in range [0.0001, 100.0]`);
  }
}

/** validation.go validateDestination. */
export function validateDestination(d: DestinationSpec, path: FieldPath, report: Reporter): void {
  // validateDestination: "*" is not a destination; otherwise agent.ValidateWildcardDomain
  if (d.host === '*') report.error([...path, 'host'], `invalid destination host ${d.host}`);
  else {
    const e = validateWildcardDomain(d.host);
    if (e !== undefined) report.error([...path, 'host'], e);
  }
  // validateDestination → validateSubsetName, validatePortSelector
  if (d.subset !== undefined && d.subset !== '' && !isDns1123Label(d.subset)) report.error([...path, 'subset'], `subset name is invalid: ${d.subset}`);
  if (d.port !== undefined) port(d.port.number ?? 0, [...path, 'port', 'number'], report);
}

/** validation.go validateGatewayNames (mesh semantics). */
function gatewayNames(names: readonly string[], path: FieldPath, report: Reporter): void {
  names.forEach((g, i) => {
    if (g === 'mesh') return;
    const parts = g.split('/');
    const bad = parts.length === 2 ? !(isDns1123Label(parts[0]) && isDns1123Label(parts[1])) : validateFqdn(g) !== undefined;
    if (bad) report.error([...path, i], `invalid gateway name: "${g}"`);
  });
}

/** virtualservice.go validateHTTPRouteConflict. */
function conflicts(r: HTTPRouteSpec, path: FieldPath, report: Reporter): void {
  if (r.delegate !== undefined) {
    if (r.redirect !== undefined) report.error([...path, 'redirect'], `root HTTP route ${r.name ?? ''} must not specify redirect`);
    if (r.route !== undefined) report.error([...path, 'route'], `root HTTP route ${r.name ?? ''} must not specify route`);
    return;
  }
  const hasRoute = (r.route ?? []).length > 0;
  for (const [action, others] of [['redirect', ['route', 'fault', 'rewrite', 'directResponse']], ['directResponse', ['route', 'fault', 'rewrite']]] as const) {
    if (r[action] === undefined) continue;
    for (const o of others) {
      if ((o === 'route' ? hasRoute : r[o] !== undefined)) report.error([...path, o], `HTTP route cannot contain both ${o} and ${action}`);
    }
  }
  if (r.redirect === undefined && r.directResponse === undefined && !hasRoute) report.error(path, 'HTTP route, redirect or direct_response is required');
  if (r.mirror !== undefined && r.mirrors !== undefined) report.error([...path, 'mirrors'], 'HTTP route cannot contain both mirror and mirrors');
}

/** virtualservice.go validateHTTPRoute (the parts that need no header-name grammar). */
function httpRoute(r: HTTPRouteSpec, path: FieldPath, report: Reporter): void {
  conflicts(r, path, report);
  (r.match ?? []).forEach((m, i) => {
    const mp = [...path, 'match', i];
    // validateHTTPRouteMatchRequest: port, sourceLabels, sourceNamespace, non-empty prefixes
    port(m.port === 0 ? undefined : m.port, [...mp, 'port'], report);
    for (const msg of validateLabels(m.sourceLabels ?? {})) report.error([...mp, 'sourceLabels'], msg);
    if (m.sourceNamespace !== undefined && m.sourceNamespace !== '' && !isDns1123Label(m.sourceNamespace)) report.error([...mp, 'sourceNamespace'], `sourceNamespace match ${m.sourceNamespace} is invalid`);
    for (const key of ['scheme', 'method', 'authority'] as const) {
      if (m[key]?.prefix === '') report.error([...mp, key, 'prefix'], `"${key}": prefix string match should not be empty`);
    }
    gatewayNames(m.gateways ?? [], [...mp, 'gateways'], report);
  });
  if (r.corsPolicy?.maxAge !== undefined) {
    const ms = durationField(r.corsPolicy.maxAge, [...path, 'corsPolicy', 'maxAge'], report);
    // validateCORSPolicy: max_age is accurate only to seconds
    if (ms !== undefined && ms % 1000 !== 0) report.error([...path, 'corsPolicy', 'maxAge'], 'max_age duration is accurate only to seconds precision');
  }
  const f = r.fault;
  if (f !== undefined) {
    const fp = [...path, 'fault'];
    // validateHTTPFaultInjection: "must have an abort and/or a delay"
    if (f.abort === undefined && f.delay === undefined) report.error(fp, 'HTTP fault injection must have an abort and/or a delay');
    if (f.abort !== undefined) {
      const ap = [...fp, 'abort'];
      percentage(f.abort.percentage, [...ap, 'percentage'], report);
      // validateHTTPFaultInjectionAbort: by error type
      if (f.abort.http2Error !== undefined) report.error([...ap, 'http2Error'], 'HTTP/2 abort fault injection not supported yet');
      else if (f.abort.grpcStatus !== undefined) {
        if (!GRPC_STATUS.has(f.abort.grpcStatus)) report.error([...ap, 'grpcStatus'], `gRPC status "${f.abort.grpcStatus}" is not supported (for example 'NOT_FOUND')`);
      } else if (f.abort.httpStatus !== undefined) {
        if (f.abort.httpStatus < 200 || f.abort.httpStatus > 600) report.error([...ap, 'httpStatus'], `HTTP status ${f.abort.httpStatus} is not in range 200-599`);
      } else report.warning(ap, 'abort configured, but error type not set');
    }
    if (f.delay !== undefined) {
      const dp = [...fp, 'delay'];
      percentage(f.delay.percentage, [...dp, 'percentage'], report);
      // validateHTTPFaultInjectionDelay: exponentialDelay is rejected; fixedDelay is ValidateDuration
      if (f.delay.exponentialDelay !== undefined) report.error([...dp, 'exponentialDelay'], 'exponentialDelay not supported yet');
      else if (f.delay.fixedDelay === undefined) report.error([...dp, 'fixedDelay'], 'required field is missing (virtual_service.proto: fixed_delay is REQUIRED)');
      durationField(f.delay.fixedDelay, [...dp, 'fixedDelay'], report);
    }
  }
  for (const key of ['mirrorPercent', 'mirror_percent'] as const) {
    const v = r[key];
    if (v === undefined || v === null) continue;
    // validateHTTPRoute: mirror_percent <= 100, and deprecated
    if (v > 100) report.error([...path, key], `mirror_percent must have a max value of 100 (it has ${v})`);
    report.warning([...path, key], 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead');
  }
  const mp = r.mirrorPercentage?.value;
  if (mp !== undefined && (mp < 0 || mp > 100)) report.error([...path, 'mirrorPercentage', 'value'], `mirror_percentage must be in [0, 100] (it has ${mp})`);
  if (r.mirror !== undefined) validateDestination(r.mirror, [...path, 'mirror'], report);
  (r.mirrors ?? []).forEach((m, i) => {
    validateDestination(m.destination, [...path, 'mirrors', i, 'destination'], report);
    const v = m.percentage?.value;
    if (v !== undefined && (v < 0 || v > 100)) report.error([...path, 'mirrors', i, 'percentage', 'value'], `mirror percentage must be in [0, 100] (it has ${v})`);
  });
  const rd = r.redirect;
  if (rd !== undefined) {
    // validateHTTPRedirect
    if (!rd.uri && !rd.authority && rd.port === undefined && rd.derivePort === undefined && !rd.scheme) report.error([...path, 'redirect'], 'redirect must specify URI, authority, scheme, or port');
    if (rd.redirectCode !== undefined && rd.redirectCode !== 0 && (rd.redirectCode < 300 || rd.redirectCode > 399)) report.error([...path, 'redirect', 'redirectCode'], `${rd.redirectCode} is not a valid redirect code, must be 3xx`);
    if (rd.scheme && rd.scheme !== 'http' && rd.scheme !== 'https') report.error([...path, 'redirect', 'scheme'], 'invalid redirect scheme, must be "http" or "https"');
    if (rd.port !== undefined && rd.port > 0) port(rd.port, [...path, 'redirect', 'port'], report);
  }
  // validateHTTPDirectResponse: validateHTTPStatus
  const ds = r.directResponse?.status;
  if (ds !== undefined && (ds < 200 || ds > 600)) report.error([...path, 'directResponse', 'status'], `HTTP status ${ds} is not in range 200-599`);
  // validateHTTPRoute: validateHTTPRetry(http.Retries)
  if (r.retries !== undefined) validateHttpRetry(r.retries, [...path, 'retries'], report);
  const rw = r.rewrite;
  if (rw !== undefined) {
    // validateHTTPRewrite
    if (rw.uri && rw.uriRegexRewrite) report.error([...path, 'rewrite'], 'rewrite may only contain one of URI or UriRegexRewrite');
    if (!rw.uri && !rw.uriRegexRewrite && !rw.authority) report.error([...path, 'rewrite'], 'rewrite must specify at least one of URI, UriRegexRewrite, or authority');
    if (rw.uriRegexRewrite && (!rw.uriRegexRewrite.match || !rw.uriRegexRewrite.rewrite)) report.error([...path, 'rewrite', 'uriRegexRewrite'], 'UriRegexRewrite requires both Rewrite and Match fields to be specified');
  }
  // validateHTTPRouteDestinations: each destination; weight >= 0; total > 0 when several
  let total = 0;
  (r.route ?? []).forEach((d, i) => {
    validateDestination(d.destination, [...path, 'route', i, 'destination'], report);
    if ((d.weight ?? 0) < 0) report.error([...path, 'route', i, 'weight'], `weight ${d.weight} < 0`);
    total += d.weight ?? 0;
  });
  if ((r.route ?? []).length > 1 && total === 0) report.error([...path, 'route'], 'total destination weight = 0');
  // istio/istio#39544 (1.15) dropped the sum-to-100 rule: weights are relative since then
  if ((r.route ?? []).length > 1 && total > 0 && total !== 100) report.warning([...path, 'route'], `destination weights sum to ${total}; they are relative shares (Istio before 1.15 required a sum of 100)`);
  durationField(r.timeout, [...path, 'timeout'], report);
}

/** validation.go ValidateVirtualService. */
export function validateVirtualService(spec: VirtualServiceSpec, namespace: string, report: Reporter): void {
  const hosts = spec.hosts ?? [];
  const gateways = spec.gateways ?? [];
  if (hosts.length === 0) {
    // ValidateVirtualService: a delegate VirtualService has no gateways, tls or tcp
    if (gateways.length > 0) report.error(['spec', 'gateways'], 'delegate virtual service must have no gateways specified');
    if ((spec.tls ?? []).length > 0) report.error(['spec', 'tls'], 'delegate virtual service must have no tls route specified');
    if ((spec.tcp ?? []).length > 0) report.error(['spec', 'tcp'], 'delegate virtual service must have no tcp route specified');
  }
  gatewayNames(gateways, ['spec', 'gateways'], report);
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
  let allValid = true;
  hosts.forEach((h, i) => {
    const e = validateWildcardDomain(h);
    if (e !== undefined && !isIpAddress(h)) {
      report.error(['spec', 'hosts', i], e);
      allValid = false;
    } else if (appliesToMesh && h === '*') {
      // ValidateVirtualService: "*" is not allowed when bound to the mesh gateway
      report.error(['spec', 'hosts', i], 'wildcard host * is not allowed for virtual services bound to the mesh gateway');
      allValid = false;
    }
  });
  // ValidateVirtualService: duplicate hosts, literal or by wildcard overlap
  if (allValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        if (hostsOverlap(hosts[i], hosts[j])) report.error(['spec', 'hosts', j], `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
      }
    }
  }
  if ((spec.http ?? []).length === 0 && (spec.tcp ?? []).length === 0 && (spec.tls ?? []).length === 0) {
    report.error(['spec'], 'http, tcp or tls must be provided in virtual service');
  }
  (spec.http ?? []).forEach((r, i) => httpRoute(r, ['spec', 'http', i], report));
  for (const kind of ['tcp', 'tls'] as const) {
    (spec[kind] ?? []).forEach((r, i) => {
      const p = ['spec', kind, i];
      // validateTCPRoute / validateTLSRoute: a route is required; TLS needs a match
      if ((r.route ?? []).length === 0) report.error(p, `${kind.toUpperCase()} route is required`);
      if (kind === 'tls' && (r.match ?? []).length === 0) report.error([...p, 'match'], 'TLS route must have at least one match condition');
      (r.match ?? []).forEach((m, j) => (m.destinationSubnets ?? []).forEach((s, k) => {
        if (!isIpOrCidr(s)) report.error([...p, 'match', j, 'destinationSubnets', k], `${s} is not a valid IP or CIDR block`);
      }));
      (r.route ?? []).forEach((d, j) => validateDestination(d.destination, [...p, 'route', j, 'destination'], report));
    });
  }
  validateExportTo(spec.exportTo, namespace, ['spec', 'exportTo'], report);
}
