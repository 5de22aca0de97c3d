/**
 * `distribute`: locality weights chosen by the operator (Istio `applyLocalityWeights`,
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go).
 *
 * The first rule whose `from` matches the proxy's locality applies (none matches ⇒ nothing changes).
 * Each `to` pattern claims the groups still unclaimed that it matches and shares its percentage W
 * among them in proportion to their current locality weight: `ceil(orig * W / total)`. Groups no
 * pattern claims get no endpoints — meshsim drops them. Because of `ceil`, weights need not sum
 * to 100: two groups of weight 2 and 1 sharing 50 get 34 and 17.
 *
 * DELIBERATE DEVIATION (the only one): Istio iterates `to` as a Go map, so when two patterns overlap
 * the one that claims a group is random per push. meshsim processes patterns from the most specific
 * (more pinned segments, see `patternSpecificity`) to the least specific, ties in the order written
 * (JavaScript object order: note integer-like keys would come first). Patterns that validation
 * accepts never overlap, except a `*` written after other patterns (`validateLocalities` checks
 * only earlier entries); so for valid settings meshsim differs from Istio only in that case, where
 * Istio's result is random.
 */
import { localityMatch, patternSpecificity } from './locality-match.js';
import type { Locality, LocalityLbSetting, WorkGroup } from './locality-types.js';

type DistributeRule = NonNullable<LocalityLbSetting['distribute']>[number];

/** `to` entries in meshsim's deterministic order: most specific first, stable otherwise. */
export function orderedTargets(to: Record<string, number>): [string, number][] {
  return Object.entries(to)
    .map((entry, i) => ({ entry, i, s: patternSpecificity(entry[0]) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.entry);
}

/** loadbalancer.go applyLocalityWeights: reweight claimed groups, drop the unclaimed ones. */
export function applyLocalityWeights(
  proxy: Locality,
  groups: WorkGroup[],
  distribute: DistributeRule[],
): WorkGroup[] {
  // loadbalancer.go applyLocalityWeights: only the first rule whose `from` matches the proxy is used.
  const rule = distribute.find((d) => localityMatch(proxy, d.from));
  if (rule === undefined) return groups;

  const out = groups.map((g) => ({ ...g }));
  const claimed = new Array<boolean>(groups.length).fill(false);
  for (const [pattern, w] of orderedTargets(rule.to)) {
    // loadbalancer.go applyLocalityWeights: a pattern claims only groups no earlier pattern claimed.
    const members = out
      .map((_, i) => i)
      .filter((i) => !claimed[i] && localityMatch(out[i].locality, pattern));
    members.forEach((i) => (claimed[i] = true));
    // loadbalancer.go applyLocalityWeights: an unset locality weight counts as 1.
    const orig = members.map((i) => out[i].weight ?? 1);
    const total = orig.reduce((a, b) => a + b, 0);
    members.forEach((i, k) => {
      const share = (orig[k] * w) / total;
      // loadbalancer.go applyLocalityWeights: ceil(orig*W/total), set only when > 0 (0 or NaN leaves the weight as is).
      if (share > 0) out[i].weight = Math.ceil(share);
    });
  }
  // loadbalancer.go applyLocalityWeights: unclaimed groups lose their endpoints; meshsim drops them entirely.
  return out.filter((_, i) => claimed[i]);
}
