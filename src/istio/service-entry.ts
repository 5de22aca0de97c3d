/**
 * A ServiceEntry, read and validated as Istio does (se-schema.ts for the CRD, then
 * validation.go ValidateServiceEntry), and kept for later use: the simulation does not consume
 * ServiceEntries yet, which the loader says once per resource.
 */
import type { FieldPath } from '../model/diagnostics.js';
import type { ResourceMeta } from './envelope.js';
import { validateExportTo } from './export-to.js';
import { isDns1123Label, isIpAddress, validateFqdn, validateLabels, validateWildcardDomain } from './names.js';
import { reportZodIssues, type Reporter } from './report.js';
import { ServiceEntrySpecSchema, type ServiceEntrySpec } from './se-schema.js';

export interface LoadedServiceEntry extends ResourceMeta {
  kind: 'ServiceEntry';
  spec: ServiceEntrySpec;
  /** `spec.hosts` as written (ServiceEntry hosts are not namespace-expanded). */
  hosts: string[];
  exportTo: string[];
}

// pkg/config/protocol Parse: the protocols Istio recognises (case-insensitive)
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql', 'hbone']);
const HTTP_OR_TLS = new Set(['grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls']);

/** validation.go validateWorkloadEntry (as used for STATIC endpoints). */
function staticEndpoint(ep: NonNullable<ServiceEntrySpec['endpoints']>[number], path: FieldPath, report: Reporter): void {
  const addr = ep.address ?? '';
  if (addr === '') {
    if (!ep.network) report.error([...path, 'address'], 'address is required');
    else report.warning([...path, 'address'], `address is unset with network "${ep.network}"`);
  } else if (addr.startsWith('unix://')) {
    if (Object.keys(ep.ports ?? {}).length > 0) report.error([...path, 'ports'], `unix endpoint ${addr} must not include ports`);
  } else if (!isIpAddress(addr)) {
    report.error([...path, 'address'], `endpoint address "${addr}" is not a valid IP address`);
  }
}

/** Reads one ServiceEntry; undefined when its spec does not pass the CRD schema. */
export function loadServiceEntry(meta: ResourceMeta, rawSpec: Record<string, unknown>, report: Reporter): LoadedServiceEntry | undefined {
  const parsed = ServiceEntrySpecSchema.safeParse(rawSpec, { reportInput: true });
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, ['spec'], ServiceEntrySpecSchema, report);
    return undefined;
  }
  const se = parsed.data;
  const resolution = se.resolution ?? 'NONE';
  const selector = se.workloadSelector?.labels;
  if (se.workloadSelector !== undefined) {
    // ValidateAlphaWorkloadSelector: no empty keys, no wildcards; no labels is a warning
    for (const [k, v] of Object.entries(selector ?? {})) {
      if (k === '' || k.includes('*') || v.includes('*')) report.error(['spec', 'workloadSelector', 'labels'], `invalid selector "${k}=${v}" (no empty key, no wildcard)`);
    }
    if (Object.keys(selector ?? {}).length === 0) report.warning(['spec', 'workloadSelector'], 'service entry: workload selector specified without labels, will be applied to all services in namespace');
  }
  se.hosts.forEach((h, i) => {
    // ValidateServiceEntry: agent.ValidateWildcardDomain(host); a partial wildcard is a warning
    const e = validateWildcardDomain(h);
    if (e !== undefined) report.error(['spec', 'hosts', i], e);
    else if (h.includes('*') && !h.startsWith('*.')) report.warning(['spec', 'hosts', i], `partial wildcard "${h}" not allowed`);
  });
  const portNames = new Set<string>();
  (se.ports ?? []).forEach((p, i) => {
    const path = ['spec', 'ports', i];
    // ValidateServiceEntry: port names unique, DNS-1123 labels; protocol known
    if (portNames.has(p.name)) report.error([...path, 'name'], `service entry port name "${p.name}" already defined`);
    portNames.add(p.name);
    if (!isDns1123Label(p.name)) report.error([...path, 'name'], `invalid port name: ${p.name}`);
    if (p.protocol && !PROTOCOLS.has(p.protocol.toLowerCase())) report.error([...path, 'protocol'], `unsupported protocol: ${p.protocol}`);
  });
  const endpoints = se.endpoints ?? [];
  endpoints.forEach((ep, i) => {
    const path: FieldPath = ['spec', 'endpoints', i];
    for (const m of validateLabels(ep.labels ?? {})) report.error([...path, 'labels'], m);
    for (const name of Object.keys(ep.ports ?? {})) {
      // ValidateServiceEntry / validateWorkloadEntry: endpoint ports name a service port
      if (!portNames.has(name)) report.error([...path, 'ports', name], `endpoint port ${ep.ports?.[name]} is not defined by the service entry`);
    }
    if (resolution === 'STATIC') staticEndpoint(ep, path, report);
    // ValidateServiceEntry (DNS): an endpoint address is an IP or an FQDN
    else if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && ep.address && !isIpAddress(ep.address) && validateFqdn(ep.address) !== undefined) {
      report.error([...path, 'address'], `endpoint address "${ep.address}" is not a valid FQDN or an IP address`);
    }
  });
  if (resolution === 'NONE' && se.workloadSelector !== undefined) report.warning(['spec', 'workloadSelector'], 'workloadSelector should not be set when resolution mode is NONE');
  // ValidateServiceEntry (DNS): without endpoints the hosts are resolved, so they must be FQDNs
  if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && endpoints.length === 0) {
    se.hosts.forEach((h, i) => {
      if (validateFqdn(h) !== undefined) report.error(['spec', 'hosts', i], `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution}`);
    });
  }
  // ValidateServiceEntry: several hosts need HTTP or TLS ports unless resolution is NONE
  if (resolution !== 'NONE' && se.hosts.length > 1 && (se.ports ?? []).some((p) => !HTTP_OR_TLS.has((p.protocol ?? '').toLowerCase()))) {
    report.error(['spec', 'hosts'], 'multiple hosts provided with non-HTTP, non-TLS ports');
  }
  validateExportTo(se.exportTo, meta.namespace, ['spec', 'exportTo'], report, { serviceEntry: true });
  report.warning(['kind'], 'ServiceEntry is read and validated, but meshsim does not simulate ServiceEntries yet (its hosts and endpoints are not used)');
  return { ...meta, kind: 'ServiceEntry', spec: se, hosts: se.hosts, exportTo: se.exportTo ?? [] };
}
