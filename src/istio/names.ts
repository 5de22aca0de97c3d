/**
 * Name syntax checks Istio applies to hosts, subset names, namespaces and labels, as pure
 * predicates returning an error message (or undefined when valid). Messages follow Istio's.
 *
 * Sources: pkg/config/validation/agent/validation.go (ValidateWildcardDomain, ValidateFQDN,
 * CheckDNS1123Preconditions, ValidateDNS1123Labels) and pkg/config/labels (IsDNS1123Label,
 * IsWildcardDNS1123Label, Instance.Validate).
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// pkg/config/labels: wildcardPrefix = `\*|(\*|\*-)?` + DNS1123LabelFmt
const WILDCARD_DNS1123_LABEL = /^(\*|(\*|\*-)?[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;
// pkg/config/labels: qualifiedNameFmt and value format (Kubernetes label syntax)
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** labels.IsDNS1123Label: lower-case RFC 1123 label, at most 63 characters. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** agent.ValidateIPAddress (netip.ParseAddr): IPv4 dotted quad or an IPv6 address. */
export function isIpAddress(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) return v4.slice(1).every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s) && s.split('::').length <= 2;
}

/** agent.ValidateIPSubnet: an address or a CIDR block. */
export function isIpOrCidr(s: string): boolean {
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined) return false;
  if (bits === undefined) return isIpAddress(addr);
  const max = addr.includes(':') ? 128 : 32;
  return isIpAddress(addr) && /^\d+$/.test(bits) && Number(bits) <= max;
}

/** agent.CheckDNS1123Preconditions. */
function dnsPreconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name "${name}" too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

/** agent.ValidateDNS1123Labels: every label valid, the last may be empty (`istio.io.`), TLD not numeric. */
function dns1123Labels(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(tld)) return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  for (const [i, label] of parts.entries()) {
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDns1123Label(label)) return `domain name "${domain}" invalid (label "${label}" invalid)`;
  }
  return undefined;
}

/** agent.ValidateFQDN. */
export function validateFqdn(fqdn: string): string | undefined {
  return dnsPreconditions(fqdn) ?? dns1123Labels(fqdn);
}

/** agent.ValidateWildcardDomain: an FQDN whose first label may be a wildcard (`*`, `*.x.y`, `*foo.x`). */
export function validateWildcardDomain(domain: string): string | undefined {
  const pre = dnsPreconditions(domain);
  if (pre !== undefined) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!(first.length <= 63 && WILDCARD_DNS1123_LABEL.test(first))) {
    return `domain name "${domain}" invalid (label "${first}" invalid)`;
  }
  return dot < 0 ? undefined : dns1123Labels(domain.slice(dot + 1));
}

/** labels.Instance.Validate: keys are qualified names (optional DNS prefix), values label values. */
export function validateLabels(labels: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
    if (!prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) out.push(`invalid tag key: ${k}`);
    if (v.length > 63 || !LABEL_VALUE.test(v)) out.push(`invalid tag value: ${v}`);
  }
  return out;
}

/** visibility.Instance.Validate: `.`, `*`, `~` (ServiceEntry only) or a namespace name. */
export function isValidExportTo(value: string, allowNone: boolean): boolean {
  return value === '.' || value === '*' || (allowNone && value === '~') || isDns1123Label(value);
}
