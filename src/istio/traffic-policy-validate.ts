/**
 * Istio's webhook rules for a DestinationRule TrafficPolicy (pkg/config/validation/validation.go
 * validateTrafficPolicy and helpers), run on a schema-valid spec, and its conversion to the
 * simulated model. Each rule cites its Istio function.
 */
import type { FieldPath } from '../model/diagnostics.js';
import { parseIstioDuration } from './duration.js';
import type { ClientTlsSpec, ConnectionPoolSpec, LoadBalancerSpec, OutlierDetectionSpec, TrafficPolicySpec } from './dr-schema.js';
import { validateLocalityLbSetting, type LocalityLbSetting } from './locality-setting.js';
import { isIpAddress, validateFqdn } from './names.js';
import type { Reporter } from './report.js';
import { validateZoneAwareLbSetting, zoneAwareModel } from './zone-aware-setting.js';
import type { IstioOutlierDetection, ConnectionPoolModel, LoadBalancerModel, PolicyLevel, TrafficPolicyModel } from './traffic-policy-model.js';

/** A duration field checked with agent.ValidateDuration; returns ms or undefined. */
export function durationField(text: string | undefined, path: FieldPath, report: Reporter, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const r = parseIstioDuration(text, { allowZero });
  if ('error' in r) {
    report.error(path, r.error);
    return undefined;
  }
  return r.ms;
}

/** validation.go ValidatePercent. */
function percent(v: number | undefined, path: FieldPath, report: Reporter): void {
  if (v !== undefined && (v < 0 || v > 100)) report.error(path, `percentage ${v} is not in range 0..100`);
}

function nonNegative(v: number | undefined, path: FieldPath, what: string, report: Reporter): void {
  if (v !== undefined && v < 0) report.error(path, `${what} must be non-negative`);
}

const positive = (v: number | undefined): number | undefined => (v !== undefined && v > 0 ? v : undefined);

/** validation.go validateOutlierDetection, and the Istio-named model (durations in ms). */
function outlierDetection(od: OutlierDetectionSpec, path: FieldPath, report: Reporter): IstioOutlierDetection {
  // validateOutlierDetection: consecutiveErrors is deprecated (a warning); Istio ≥ 1.7 ignores it.
  if (od.consecutiveErrors !== undefined && od.consecutiveErrors !== 0) {
    report.warning([...path, 'consecutiveErrors'], 'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead (Istio ≥ 1.7 ignores it)');
  }
  // validateOutlierDetection: local-origin failures need splitExternalLocalOriginErrors
  if (!od.splitExternalLocalOriginErrors && (od.consecutiveLocalOriginFailures ?? 0) > 0) {
    report.error([...path, 'consecutiveLocalOriginFailures'], 'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false');
  }
  // validateOutlierDetection: ValidatePercent(maxEjectionPercent), ValidatePercent(minHealthPercent)
  percent(od.maxEjectionPercent, [...path, 'maxEjectionPercent'], report);
  percent(od.minHealthPercent, [...path, 'minHealthPercent'], report);
  const out: IstioOutlierDetection = {
    consecutive5xxErrors: od.consecutive5xxErrors ?? undefined,
    consecutiveGatewayErrors: od.consecutiveGatewayErrors ?? undefined,
    consecutiveErrors: od.consecutiveErrors,
    consecutiveLocalOriginFailures: od.consecutiveLocalOriginFailures ?? undefined,
    splitExternalLocalOriginErrors: od.splitExternalLocalOriginErrors,
    // validateOutlierDetection: ValidateDuration(interval), ValidateDuration(baseEjectionTime)
    interval: durationField(od.interval, [...path, 'interval'], report),
    baseEjectionTime: durationField(od.baseEjectionTime, [...path, 'baseEjectionTime'], report),
    maxEjectionPercent: od.maxEjectionPercent,
    minHealthPercent: od.minHealthPercent,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as IstioOutlierDetection;
}

/** validation.go validateConnectionPool; the model keeps what applyConnectionPool programs. */
function connectionPool(cp: ConnectionPoolSpec, path: FieldPath, report: Reporter): ConnectionPoolModel {
  // validateConnectionPool: "connection pool must have at least one field"
  if (cp.http === undefined && cp.tcp === undefined) report.error(path, 'connection pool must have at least one field');
  const model: ConnectionPoolModel = {};
  const h = cp.http;
  if (h !== undefined) {
    const hp = [...path, 'http'];
    nonNegative(h.http1MaxPendingRequests, [...hp, 'http1MaxPendingRequests'], 'http1 max pending requests', report);
    nonNegative(h.http2MaxRequests, [...hp, 'http2MaxRequests'], 'http2 max requests', report);
    nonNegative(h.maxRequestsPerConnection, [...hp, 'maxRequestsPerConnection'], 'max requests per connection', report);
    nonNegative(h.maxRetries, [...hp, 'maxRetries'], 'max retries', report);
    nonNegative(h.maxConcurrentStreams, [...hp, 'maxConcurrentStreams'], 'max concurrent streams', report);
    durationField(h.idleTimeout, [...hp, 'idleTimeout'], report);
    // validateConnectionPool: useClientProtocol with h2UpgradePolicy UPGRADE is rejected
    if (h.h2UpgradePolicy === 'UPGRADE' && h.useClientProtocol) {
      report.error([...hp, 'useClientProtocol'], 'use client protocol must not be true when H2UpgradePolicy is UPGRADE');
    }
    // applyConnectionPool: thresholds are programmed only when > 0
    model.http1MaxPendingRequests = positive(h.http1MaxPendingRequests);
    model.http2MaxRequests = positive(h.http2MaxRequests);
    model.maxRetries = positive(h.maxRetries);
  }
  const t = cp.tcp;
  if (t !== undefined) {
    const tp = [...path, 'tcp'];
    nonNegative(t.maxConnections, [...tp, 'maxConnections'], 'max connections', report);
    model.connectTimeoutMs = durationField(t.connectTimeout, [...tp, 'connectTimeout'], report);
    durationField(t.maxConnectionDuration, [...tp, 'maxConnectionDuration'], report);
    // validateConnectionPool: tcp.idleTimeout of 0s disables the timeout and is allowed
    durationField(t.idleTimeout, [...tp, 'idleTimeout'], report, true);
    durationField(t.tcpKeepalive?.time, [...tp, 'tcpKeepalive', 'time'], report);
    durationField(t.tcpKeepalive?.interval, [...tp, 'tcpKeepalive', 'interval'], report);
    model.maxConnections = positive(t.maxConnections);
  }
  return Object.fromEntries(Object.entries(model).filter(([, v]) => v !== undefined)) as ConnectionPoolModel;
}

/** Envoy utility.cc isPrime, as copied by validation.go. */
function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let f = 3; f * f <= x; f += 2) if (x % f === 0) return false;
  return true;
}

/** validation.go validateLoadBalancer (with agent.ValidateLocalityLbSetting). */
function loadBalancer(lb: LoadBalancerSpec, hasOutlier: boolean, path: FieldPath, report: Reporter): LoadBalancerModel {
  const ch = lb.consistentHash;
  if (ch !== undefined) {
    const cp = [...path, 'consistentHash'];
    // validateLoadBalancer: minimumRingSize is deprecated (warning) and exclusive with ringHash/maglev
    if (ch.minimumRingSize !== undefined && ch.minimumRingSize !== 0) {
      report.warning([...cp, 'minimumRingSize'], "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead");
      if (ch.ringHash !== undefined || ch.maglev !== undefined) report.error([...cp, 'minimumRingSize'], 'only one of MinimumRingSize or Maglev/Ringhash can be specified');
    }
    // validateLoadBalancer: maglev tableSize set, < 5000011 and prime
    if (ch.maglev !== undefined) {
      const size = ch.maglev.tableSize ?? 0;
      const mp = [...cp, 'maglev', 'tableSize'];
      if (size === 0) report.error(mp, 'tableSize must be set for maglev');
      if (size >= 5000011) report.error(mp, 'tableSize must be less than 5000011 for maglev');
      if (!isPrime(size)) report.error(mp, 'tableSize must be a prime number for maglev');
    }
    durationField(ch.httpCookie?.ttl, [...cp, 'httpCookie', 'ttl'], report, true);
  }
  const model: LoadBalancerModel = {};
  // networking.LoadBalancerSettings.SimpleLB: LEAST_CONN is "Deprecated. Use LEAST_REQUEST instead."
  if (lb.simple !== undefined) model.simple = lb.simple === 'LEAST_CONN' ? 'LEAST_REQUEST' : lb.simple;
  if (lb.simple === 'LEAST_CONN') report.warning([...path, 'simple'], 'LEAST_CONN is deprecated in Istio; it is LEAST_REQUEST');
  if (lb.localityLbSetting !== undefined) {
    const s = lb.localityLbSetting;
    const setting: LocalityLbSetting = {
      ...(s.enabled !== undefined && s.enabled !== null ? { enabled: s.enabled } : {}),
      ...(s.distribute ? { distribute: s.distribute.map((d) => ({ from: d.from ?? '', to: d.to ?? {} })) } : {}),
      ...(s.failover ? { failover: s.failover.map((f) => ({ from: f.from ?? '', to: f.to ?? '' })) } : {}),
      ...(s.failoverPriority ? { failoverPriority: s.failoverPriority } : {}),
    };
    // validateLoadBalancer → agent.ValidateLocalityLbSetting(settings.LocalityLbSetting, outlier)
    const v = validateLocalityLbSetting(setting, hasOutlier);
    const lp = [...path, 'localityLbSetting'];
    for (const e of v.errors) report.error([...lp, ...e.path], e.message);
    for (const w of v.warnings) report.warning([...lp, ...w.path], w.message);
    model.localityLbSetting = setting;
  }
  if (lb.zoneAwareLbSetting !== undefined) {
    const setting = zoneAwareModel(lb.zoneAwareLbSetting);
    const zp = [...path, 'zoneAwareLbSetting'];
    for (const e of validateZoneAwareLbSetting(setting).errors) report.error([...zp, ...e.path], e.message);
    model.zoneAwareLbSetting = setting;
  }
  if (lb.warmup !== undefined) {
    const wp = [...path, 'warmup'];
    // validateLoadBalancer: warmup.duration required and ValidateDuration; minimumPercent <= 100; aggression >= 1
    model.warmupDurationMs = durationField(lb.warmup.duration, [...wp, 'duration'], report);
    const minPct = lb.warmup.minimumPercent;
    if (minPct !== undefined && minPct !== null && (minPct > 100 || minPct < 0)) report.error([...wp, 'minimumPercent'], 'minimumPercent value should be between 0 and 100');
    const aggr = lb.warmup.aggression;
    if (aggr !== undefined && aggr !== null && aggr < 1) report.error([...wp, 'aggression'], 'aggression should be greater than or equal to 1');
  }
  const legacy = durationField(lb.warmupDurationSecs, [...path, 'warmupDurationSecs'], report);
  if (model.warmupDurationMs === undefined && legacy !== undefined) model.warmupDurationMs = legacy;
  return model;
}

/** agent.ValidateTLS (client side): the checks that do not need the cluster's secrets. */
function tls(t: ClientTlsSpec, path: FieldPath, report: Reporter): void {
  const skip = t.insecureSkipVerify === true;
  // ValidateTLS: InsecureSkipVerify with CA/credential/SANs is contradictory
  if (skip && t.mode === 'SIMPLE' && (t.caCertificates || t.credentialName || t.subjectAltNames)) {
    report.error([...path, 'insecureSkipVerify'], 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true');
  }
  if (skip && t.mode === 'MUTUAL' && (t.caCertificates || t.subjectAltNames)) {
    report.error([...path, 'insecureSkipVerify'], 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true');
  }
  const fetched = (t.mode === 'SIMPLE' || t.mode === 'MUTUAL') && !!t.credentialName;
  // ValidateTLS: credentialName excludes file-based certificates
  if (fetched && (t.clientCertificate || t.caCertificates || t.privateKey || t.caCrl)) {
    report.error([...path, 'credentialName'], 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set');
  }
  // ValidateTLS: MUTUAL without credentialName needs a client certificate and key
  if (!fetched && t.mode === 'MUTUAL') {
    if (!t.clientCertificate) report.error([...path, 'clientCertificate'], 'client certificate required for mutual tls');
    if (!t.privateKey) report.error([...path, 'privateKey'], 'private key required for mutual tls');
  }
}

/** The shared part of a policy level and of a port-level policy. */
function level(p: TrafficPolicySpec, path: FieldPath, report: Reporter): PolicyLevel {
  const out: PolicyLevel = {};
  if (p.outlierDetection !== undefined) out.outlierDetection = outlierDetection(p.outlierDetection, [...path, 'outlierDetection'], report);
  if (p.connectionPool !== undefined) out.connectionPool = connectionPool(p.connectionPool, [...path, 'connectionPool'], report);
  // validateTrafficPolicy: validateLoadBalancer(policy.LoadBalancer, policy.OutlierDetection) — same level
  if (p.loadBalancer !== undefined) out.loadBalancer = loadBalancer(p.loadBalancer, p.outlierDetection !== undefined, [...path, 'loadBalancer'], report);
  if (p.tls !== undefined) {
    tls(p.tls, [...path, 'tls'], report);
    out.hasTls = true;
  }
  return out;
}

/** validation.go validateTrafficPolicy (+ validatePortTrafficPolicies, validateTunnelSettings). */
export function validateTrafficPolicy(tp: TrafficPolicySpec, path: FieldPath, report: Reporter): TrafficPolicyModel {
  const fields = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'] as const;
  // validateTrafficPolicy: "traffic policy must have at least one field"
  if (fields.every((f) => tp[f] === undefined)) report.error(path, 'traffic policy must have at least one field');
  // validateTrafficPolicy: "tunnel and proxyProtocol must not be set together"
  if (tp.tunnel !== undefined && tp.proxyProtocol !== undefined) report.error([...path, 'tunnel'], 'tunnel and proxyProtocol must not be set together');
  const model: TrafficPolicyModel = { ...level(tp, path, report), portLevelSettings: [] };
  const seen = new Map<number, number>();
  (tp.portLevelSettings ?? []).forEach((pls, i) => {
    const pp = [...path, 'portLevelSettings', i];
    // validatePortTrafficPolicies: "portTrafficPolicy must have valid port"
    if (pls.port?.number === undefined) report.error([...pp, 'port'], 'portTrafficPolicy must have valid port');
    // validatePortTrafficPolicies: "port traffic policy must have at least one field"
    if (!pls.outlierDetection && !pls.connectionPool && !pls.loadBalancer && !pls.tls) {
      report.error(pp, 'port traffic policy must have at least one field');
    }
    const policy = level(pls, pp, report);
    const port = pls.port?.number;
    if (port === undefined) return;
    // util.go GetPortLevelTrafficPolicy: the first entry for a port wins (`break`)
    if (seen.has(port)) report.warning([...pp, 'port', 'number'], `port ${port} already has settings at portLevelSettings[${seen.get(port)}]; Istio uses the first and ignores this one`);
    else {
      seen.set(port, i);
      model.portLevelSettings.push({ port, policy });
    }
  });
  if (tp.tunnel !== undefined) {
    const t = tp.tunnel;
    // validateTunnelSettings: protocol CONNECT or POST; target host FQDN or IP; target port valid
    if (t.protocol !== undefined && t.protocol !== '' && t.protocol !== 'CONNECT' && t.protocol !== 'POST') {
      report.error([...path, 'tunnel', 'protocol'], 'tunnel protocol must be "CONNECT" or "POST"');
    }
    if (validateFqdn(t.targetHost) !== undefined && !isIpAddress(t.targetHost)) report.error([...path, 'tunnel', 'targetHost'], 'tunnel target host must be valid FQDN or IP address');
    if (t.targetPort < 1 || t.targetPort > 65535) report.error([...path, 'tunnel', 'targetPort'], `tunnel target port is invalid: port number ${t.targetPort} must be in the range 1..65535`);
  }
  return model;
}
