/**
 * Patterns in check selectors.
 * - Names (services, sources): `*` matches any characters; a service may be named `name`,
 *   `name.namespace` or by its FQDN `name.namespace.svc.cluster.local`.
 * - Localities (`region/zone/subzone`, and `cluster/region/zone` for route destinations): segment
 *   by segment, `*` matches one whole segment, and a shorter pattern matches every locality
 *   under it — `us-west1/*` and `us-west1` both mean "anywhere in region us-west1", as in Istio's
 *   `distribute` and `failover` settings.
 */

export function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(text);
}

/** Service names as written in populations.csv (`name.namespace`). */
export function serviceMatch(pattern: string, service: string): boolean {
  const p = pattern.replace(/\.svc\.cluster\.local$/, '');
  return globMatch(p, service) || (!p.includes('.') && globMatch(`${p}.*`, service));
}

export function localityMatch(pattern: string, locality: string): boolean {
  const want = pattern.split('/');
  const have = locality.split('/');
  for (let i = 0; i < want.length; i++) {
    // Trailing "*" segments may match nothing (a locality without a subzone).
    if (i >= have.length) return want.slice(i).every((s) => s === '*');
    if (want[i] !== '*' && want[i] !== have[i]) return false;
  }
  return true; // a shorter pattern matches everything under it
}
