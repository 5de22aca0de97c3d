/**
 * Validation of a LocalityLbSetting, as Istio's `ValidateLocalityLbSetting` and `validateLocalities`
 * (pkg/config/validation/agent/validation.go) do it, with the same messages and the same early
 * returns. Istio reports no field paths; meshsim adds a path relative to the setting to each message
 * (e.g. `['distribute', 0, 'to', 'a/b']`). Where Istio iterates a Go map (`distribute[i].to`),
 * meshsim uses the order written.
 *
 * Rules: `distribute` and `failover` are exclusive; `failover` forbids region/zone/subzone labels in
 * `failoverPriority`; each `to` weight is in [1, 100] and they sum to 100 per `from`; localities
 * have at most one `*`, at the end, no empty part, and do not overlap; `failover` names two
 * different plain regions; `failover`/`failoverPriority` without outlierDetection is only a warning.
 */
import { REGION_LABEL, SUBZONE_LABEL, ZONE_LABEL } from '../topology/locality.js';
import type { LocalityLbSetting } from './locality-types.js';

export type FieldPath = (string | number)[];
export interface LocalityIssue {
  path: FieldPath;
  message: string;
}
export interface LocalityValidation {
  errors: LocalityIssue[];
  warnings: LocalityIssue[];
}

const nonEmpty = <T>(xs: T[] | undefined): xs is T[] => xs !== undefined && xs.length > 0;

/** validation.go ValidateLocalityLbSetting. */
export function validateLocalityLbSetting(
  setting: LocalityLbSetting | undefined,
  hasOutlierDetection: boolean,
): LocalityValidation {
  const errors: LocalityIssue[] = [];
  const warnings: LocalityIssue[] = [];
  const done = () => ({ errors, warnings });
  if (setting === undefined) return done();
  const { distribute, failover, failoverPriority } = setting;

  // validation.go ValidateLocalityLbSetting: distribute and failover together is an error, checked first.
  if (nonEmpty(distribute) && nonEmpty(failover)) {
    errors.push({ path: [], message: "can not simultaneously specify 'distribute' and 'failover'" });
    return done();
  }
  // validation.go ValidateLocalityLbSetting: failover + region/zone/subzone label (exact string) in failoverPriority.
  if (nonEmpty(failover) && nonEmpty(failoverPriority)) {
    const bad = failoverPriority.findIndex((l) => [REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL].includes(l));
    if (bad >= 0) {
      const message = `can not simultaneously set 'failover' and topology label '${failoverPriority[bad]}' in 'failover_priority'`;
      errors.push({ path: ['failoverPriority', bad], message });
      return done();
    }
  }
  for (const [i, rule] of (distribute ?? []).entries()) {
    const entries = Object.entries(rule.to);
    // validation.go ValidateLocalityLbSetting: each weight in [1, 100] (first bad one returns).
    const bad = entries.find(([, w]) => !(Number.isInteger(w) && w >= 1 && w <= 100));
    if (bad !== undefined) {
      errors.push({ path: ['distribute', i, 'to', bad[0]], message: 'locality weight must be in range [1, 100]' });
      return done();
    }
    // validation.go ValidateLocalityLbSetting: weights of one `from` sum to exactly 100.
    const total = entries.reduce((s, [, w]) => s + w, 0);
    if (total !== 100) {
      errors.push({ path: ['distribute', i, 'to'], message: `total locality weight ${total} != 100` });
      return done();
    }
    // validation.go ValidateLocalityLbSetting: destination localities are well-formed and do not overlap.
    const dest = validateLocalities(entries.map(([loc]) => loc));
    if (dest !== null) errors.push({ path: ['distribute', i, 'to', entries[dest.index][0]], message: dest.message });
  }
  // validation.go ValidateLocalityLbSetting: source localities (all `from`) are well-formed and do not overlap.
  const src = validateLocalities((distribute ?? []).map((d) => d.from));
  if (src !== null) errors.push({ path: ['distribute', src.index, 'from'], message: src.message });

  // validation.go ValidateLocalityLbSetting: failover without outlier detection is only a warning.
  if ((nonEmpty(failover) || nonEmpty(failoverPriority)) && !hasOutlierDetection) {
    const path = [nonEmpty(failover) ? 'failover' : 'failoverPriority'];
    warnings.push({ path, message: 'outlier detection policy must be provided for failover' });
  }
  for (const [i, f] of (failover ?? []).entries()) {
    // validation.go ValidateLocalityLbSetting: from == to is rejected.
    if (f.from === f.to) {
      errors.push({ path: ['failover', i], message: 'locality lb failover settings must specify different regions' });
    }
    // validation.go ValidateLocalityLbSetting: failover names regions only.
    if (f.from.includes('/') || f.to.includes('/')) {
      errors.push({ path: ['failover', i], message: 'locality lb failover only specify region' });
    }
    // validation.go ValidateLocalityLbSetting: no wildcard in failover.
    if (f.from.includes('*') || f.to.includes('*')) {
      errors.push({ path: ['failover', i], message: "locality lb failover region should not contain '*' wildcard" });
    }
  }
  return done();
}

type Tree = Map<string, Map<string, Set<string>>>;

/**
 * validation.go validateLocalities: first problem in a list of locality patterns, with its index,
 * or null. Overlap is checked against earlier entries only (so `['*', 'a']` fails, `['a', '*']` passes,
 * as in Istio).
 */
export function validateLocalities(localities: string[]): { index: number; message: string } | null {
  const tree: Tree = new Map();
  for (const [index, loc] of localities.entries()) {
    const fail = (what: string) => ({ index, message: `locality ${loc} ${what}` });
    const stars = loc.split('*').length - 1;
    // validation.go validateLocalities: at most one '*', and only as the last character.
    if (stars > 1 || (stars === 1 && !loc.endsWith('*'))) {
      return fail("wildcard '*' number can not exceed 1 and must be in the end");
    }
    // validation.go validateLocalities: nothing may follow a region-level '*'.
    if (tree.has('*')) return fail('overlap with previous specified ones');
    // validation.go getLocalityParam: SplitN(loc, "/", 3); an empty part is an error.
    const parts = splitN3(loc);
    if (parts.some((p) => p === '')) return fail('must not contain empty region/zone/subzone info');
    if (overlaps(tree, parts)) return fail('overlap with previous specified ones');
  }
  return null;
}

/** Go strings.SplitN(s, "/", 3). */
function splitN3(s: string): string[] {
  const parts = s.split('/');
  return parts.length <= 3 ? parts : [parts[0], parts[1], parts.slice(2).join('/')];
}

/** validateLocalities: insert region[/zone[/subzone]] into the tree; true if it overlaps. */
function overlaps(tree: Tree, [region, zone, subzone]: string[]): boolean {
  const zones = tree.get(region);
  if (zone === undefined) {
    if (zones !== undefined) return true;
    tree.set(region, new Map([['*', new Set(['*'])]]));
    return false;
  }
  if (zones === undefined) {
    tree.set(region, new Map([[zone, new Set([subzone ?? '*'])]]));
    return false;
  }
  if (zones.has('*')) return true;
  const subzones = zones.get(zone);
  if (subzone === undefined) {
    if (subzones !== undefined) return true;
    zones.set(zone, new Set(['*']));
    return false;
  }
  if (subzones === undefined) {
    zones.set(zone, new Set([subzone]));
    return false;
  }
  if (subzones.has('*') || subzones.has(subzone)) return true;
  subzones.add(subzone);
  return false;
}
