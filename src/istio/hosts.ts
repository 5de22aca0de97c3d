/**
 * Host names as Istio resolves and compares them.
 *
 * Two resolutions exist and differ on purpose:
 * - `resolveConfigHost` is Istio's rule for hosts written in a resource (DestinationRule `host`,
 *   VirtualService `hosts` and `destination.host`): only a name without a dot is expanded, with
 *   the resource's namespace (model.ResolveShortnameToFQDN). `reviews.prod` stays `reviews.prod`
 *   and matches no Kubernetes service.
 * - `fqdn` is what a call to a name reaches through the Kubernetes DNS search path, used for call
 *   targets: `helloworld` → `helloworld.<ns>.svc.cluster.local`, `helloworld.sample` →
 *   `helloworld.sample.svc.cluster.local`.
 *
 * Wildcards (`*.sample.svc.cluster.local`, `*`) match by suffix; the most specific match wins
 * (pilot/pkg/model/config.go MostSpecificHostMatch, pkg/config/host/name.go).
 */

export const DEFAULT_DOMAIN_SUFFIX = 'cluster.local';
/** Istio's default root (config) namespace, MeshConfig `rootNamespace`. */
export const ROOT_NAMESPACE = 'istio-system';

/**
 * A call target as DNS resolves it from a pod in `namespace` (search path `<ns>.svc.<domain>`,
 * `svc.<domain>`, `<domain>`). Example: `fqdn('helloworld', 'sample')` →
 * `helloworld.sample.svc.cluster.local`; `fqdn('helloworld.sample', 'x')` → same.
 */
export function fqdn(host: string, namespace: string, domain = DEFAULT_DOMAIN_SUFFIX): string {
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  if (h === '*' || h.startsWith('*.') || h.endsWith(`.svc.${domain}`) || h.endsWith(`.${domain}`)) return h;
  const labels = h.split('.');
  if (labels.length === 1) return `${h}.${namespace}.svc.${domain}`;
  if (labels.length === 2) return `${h}.svc.${domain}`;
  if (labels.length === 3 && labels[2] === 'svc') return `${h}.${domain}`;
  return h;
}

/**
 * model.ResolveShortnameToFQDN: a host in a resource of `namespace`. Only dot-less names are
 * expanded; `*` and IP addresses stay as written.
 */
export function resolveConfigHost(host: string, namespace: string, domain = DEFAULT_DOMAIN_SUFFIX): string {
  // ResolveShortnameToFQDN: "*" is treated as fully qualified; any other name with a dot is an FQDN.
  if (host === '*' || host.includes('.') || host.includes(':')) return host;
  return `${host}.${namespace}.svc.${domain}`;
}

/** host.Name.IsWildCarded. */
export function isWildcardHost(h: string): boolean {
  return h.startsWith('*');
}

/** mostSpecificHostWildcardMatch: does `pattern` (exact or wildcard) cover the concrete `host`? */
export function hostMatches(pattern: string, host: string): boolean {
  return isWildcardHost(pattern) ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/** host.Name.Matches: do two patterns (either may be a wildcard) overlap? */
export function hostsOverlap(a: string, b: string): boolean {
  const aw = isWildcardHost(a);
  const bw = isWildcardHost(b);
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** host.MoreSpecific: a concrete name beats a wildcard; otherwise the longer name wins. */
export function moreSpecific(a: string, b: string): boolean {
  const aw = isWildcardHost(a);
  const bw = isWildcardHost(b);
  if (aw !== bw) return !aw;
  return a.length > b.length;
}

/**
 * config.go MostSpecificHostMatch: among `patterns`, the exact match, else the most specific
 * wildcard covering `host`. Returns the index of the winner (first on a tie), or -1.
 */
export function mostSpecificMatch(host: string, patterns: readonly string[]): number {
  const exact = patterns.indexOf(host);
  if (exact >= 0) return exact;
  let best = -1;
  patterns.forEach((p, i) => {
    if (isWildcardHost(p) && hostMatches(p, host) && (best < 0 || moreSpecific(p, patterns[best]))) best = i;
  });
  return best;
}

/** The namespace of a Kubernetes service FQDN (`name.ns.svc.<domain>`), if `host` is one. */
export function namespaceOfServiceFqdn(host: string, domain = DEFAULT_DOMAIN_SUFFIX): string | undefined {
  const suffix = `.svc.${domain}`;
  if (!host.endsWith(suffix)) return undefined;
  const labels = host.slice(0, -suffix.length).split('.');
  return labels.length === 2 ? labels[1] : undefined;
}
