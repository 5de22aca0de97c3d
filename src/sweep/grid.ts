/**
 * The points of a sweep: every combination of the `--set` values, numbered like nested loops
 * with the first `--set` outermost (point 0 takes every first value; the last `--set` changes
 * fastest). A shard `i/n` takes the points whose number is i modulo n, so shards get a fair mix
 * of cheap and expensive points whatever the order of the grid.
 */

/** Number of points of a grid with these value counts (1 for no `--set`: the scenario as written). */
export function pointCount(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}

/** The value index of each `--set` at point `index` (mixed radix, first `--set` most significant). */
export function pointValues(sizes: readonly number[], index: number): number[] {
  const out = new Array<number>(sizes.length);
  let rest = index;
  for (let k = sizes.length - 1; k >= 0; k--) {
    out[k] = rest % sizes[k];
    rest = Math.floor(rest / sizes[k]);
  }
  return out;
}

export interface Shard {
  /** 0-based, as Kubernetes' JOB_COMPLETION_INDEX. */
  index: number;
  count: number;
}

/** Reads `i/n` (0 <= i < n); undefined if malformed. */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return count >= 1 && index < count ? { index, count } : undefined;
}

/** The point numbers of a shard (all points without one), ascending. */
export function shardPoints(total: number, shard?: Shard): number[] {
  const out: number[] = [];
  const [start, step] = shard ? [shard.index, shard.count] : [0, 1];
  for (let i = start; i < total; i += step) out.push(i);
  return out;
}
