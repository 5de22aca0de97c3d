/**
 * The hosts a mesh knows (the service registry as istioctl analyze builds it: Kubernetes Services
 * and ServiceEntry hosts, util/service_lookup.go @ 0f81715cac4cdaf12ebf5e59b2d030b99c883ba7
 * InitServiceEntryHostMap and GetDestinationHost), and the nearest known
 * name to a mistyped one for "did you mean" hints.
 */
import { hostMatches, hostsOverlap, isWildcardHost } from '../istio/hosts.js';
import { editDistance } from '../model/did-you-mean.js';
import type { Scenario } from '../model/scenario.js';

export interface RegistryHosts {
  /** Service FQDNs of the scenario. */
  services: readonly string[];
  /** ServiceEntry hosts, as written (exact or wildcard). */
  serviceEntries: readonly string[];
}

export function registryHosts(s: Scenario): RegistryHosts {
  return { services: s.services.map((x) => x.fqdn), serviceEntries: s.istio.serviceEntries.flatMap((se) => se.hosts) };
}

/**
 * Does `host` (exact or wildcard, as a resource names it) cover some known host?
 * util.GetDestinationHost: exact registry hosts, then ServiceEntry wildcards by suffix; meshsim
 * also lets a wildcard resource host cover the services under it (Istio applies such rules to
 * them, although its analyzer looks only for a ServiceEntry wildcard).
 */
export function isKnownHost(host: string, known: RegistryHosts): boolean {
  if (isWildcardHost(host)) return [...known.services, ...known.serviceEntries].some((h) => hostsOverlap(host, h));
  return known.services.includes(host) || known.serviceEntries.some((h) => hostMatches(h, host));
}


/** ` (did you mean X?)` when a known host is within a few edits of `host`, or has the same first label (a wrong namespace), else ''. */
export function didYouMean(host: string, known: RegistryHosts): string {
  const candidates = [...known.services, ...known.serviceEntries.filter((h) => !isWildcardHost(h))];
  let best: { h: string; d: number } | undefined;
  for (const h of candidates) {
    const d = Math.min(editDistance(host, h), editDistance(host.split('.')[0], h.split('.')[0]));
    if (best === undefined || d < best.d) best = { h, d };
  }
  if (best === undefined || best.d > Math.max(2, Math.floor(host.length / 5))) return '';
  return ` (did you mean ${best.h}?)`;
}
