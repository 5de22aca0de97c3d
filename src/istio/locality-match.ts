/**
 * Locality strings and locality matching, exactly as Istio parses, prints and compares them.
 *
 * Patterns (`distribute.from`/`to`): `region[/zone[/subzone]]`; the region must equal the
 * locality's or be `*`; zone and subzone must be equal, `*`, or absent/empty (⇒ any).
 * Example: `region1/zone1` matches `region1/zone1/sz9`; `*` matches everything; `''` matches only
 * localities whose region is ''.
 */
import type { Locality } from './locality-types.js';

/** pilot/pkg/model SplitLocalityLabel: 1 part → region, 2 → region+zone, ≥3 → the first three. */
export function parseLocality(s: string): Locality {
  const items = s.split('/');
  return { region: items[0] ?? '', zone: items[1] ?? '', subzone: items[2] ?? '' };
}

/**
 * pilot/pkg/networking/util LocalityToString: `region[/zone[/subzone]]`, stopping at the first
 * empty part (so `{r, '', sz}` prints as `r`, as Istio writes it).
 */
export function localityKey(l: Locality): string {
  if (l.zone === '') return l.region;
  if (l.subzone === '') return `${l.region}/${l.zone}`;
  return `${l.region}/${l.zone}/${l.subzone}`;
}

/** pilot/pkg/networking/util LocalityMatch: does `locality` fall under the rule pattern? */
export function localityMatch(locality: Locality, rule: string): boolean {
  const r = parseLocality(rule);
  const regionMatch = r.region === '*' || locality.region === r.region;
  const zoneMatch = r.zone === '*' || r.zone === '' || locality.zone === r.zone;
  const subzoneMatch = r.subzone === '*' || r.subzone === '' || locality.subzone === r.subzone;
  return regionMatch && zoneMatch && subzoneMatch;
}

/**
 * pilot/pkg/networking/util LbPriority: 0 same region/zone/subzone, 1 same region/zone,
 * 2 same region, 3 otherwise.
 */
export function lbPriority(proxy: Locality, endpoints: Locality): 0 | 1 | 2 | 3 {
  if (proxy.region !== endpoints.region) return 3;
  if (proxy.zone !== endpoints.zone) return 2;
  if (proxy.subzone !== endpoints.subzone) return 1;
  return 0;
}

/**
 * Number of segments of a pattern that pin a value (region unless `*`; zone/subzone unless `*` or
 * empty). meshsim-only: orders `distribute.to` patterns deterministically (see locality-distribute.ts).
 */
export function patternSpecificity(rule: string): number {
  const r = parseLocality(rule);
  let n = r.region === '*' ? 0 : 1;
  if (r.zone !== '*' && r.zone !== '') n++;
  if (r.subzone !== '*' && r.subzone !== '') n++;
  return n;
}
