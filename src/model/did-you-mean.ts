/**
 * "Did you mean ...?" for a misspelt name: the closest known name by edit distance, when it is
 * close enough to be a typo (at most 2 edits, and at most a third of the name). One copy for the
 * schema messages' unknown fields and enum values (scenario and Istio resources), `--set` paths,
 * check's metrics and selectors and capacity's SLOs.
 */

/** Longer names are no typos of a known name (and the distance would cost their length squared). */
const MAX_TYPO_LENGTH = 40;

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The known name closest to `name` (case-insensitive), if it is a plausible typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  if (name.length > MAX_TYPO_LENGTH) return undefined;
  return known
    .map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.min(2, Math.floor(Math.max(k.length, name.length) / 3)))
    .sort((x, y) => x.d - y.d)[0]?.k;
}

/** `; did you mean "x"?` or `; valid here: a, b, c` (or nothing when nothing is known). */
export function suggestion(name: string, known: readonly string[]): string {
  const near = closest(name, known);
  if (near !== undefined) return `; did you mean "${near}"?`;
  return known.length > 0 ? `; valid here: ${known.join(', ')}` : '';
}
