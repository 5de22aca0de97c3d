/**
 * Host lists kept sorted by rank (a host's position in its priority's EDS order, see
 * host-set-index.ts), so that adding or removing one host gives exactly the list a full rebuild
 * would give: the same order, hence the same round-robin and random picks. Binary search finds
 * the place; the array shifts by one (a memmove), no other host is looked at.
 */

/** Where `host` is, or would go, in `list` (sorted by `rank`). */
export function rankPosition(list: readonly number[], rank: Int32Array, host: number): number {
  const r = rank[host];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rank[list[mid]] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `host` at its rank position (it must not be in the list). */
export function insertByRank(list: number[], rank: Int32Array, host: number): void {
  const i = rankPosition(list, rank, host);
  if (i === list.length) list.push(host);
  else list.splice(i, 0, host);
}

/** Removes `host` from the list; false if it was not there. */
export function removeByRank(list: number[], rank: Int32Array, host: number): boolean {
  const i = rankPosition(list, rank, host);
  if (list[i] !== host) return false;
  if (i === list.length - 1) list.pop();
  else list.splice(i, 1);
  return true;
}
