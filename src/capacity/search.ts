/**
 * The search for the fewest replicas per deployment that pass a check (the SLO in every outage
 * case), over a vector of replica counts. It assumes monotonicity: adding a replica anywhere
 * never turns a pass into a fail. Under that assumption the result is locally minimal: no single
 * deployment can lose a replica (the confirm phase checks it, and keeps trimming if a check says
 * otherwise). It is not guaranteed to be the global minimum of the total (that would take a
 * search over every vector); the scale phase keeps the plan balanced in the shape the user gave.
 *
 * 1. grow: from the current counts, double every deployment until the check passes (or every
 *    count reached `max`: no plan);
 * 2. scale: binary-search the smallest m such that counts scaled by m / max(counts), rounded up,
 *    still pass (keeps symmetric layouts symmetric);
 * 3. trim: for each deployment in order, binary-search its smallest passing count, others fixed;
 * 4. confirm: try one replica fewer for each deployment; these failing checks say what binds.
 * Evaluations are cached by vector, so no vector is run twice.
 */

export interface Checked {
  pass: boolean;
}

export type Phase = 'check' | 'grow' | 'scale' | 'trim' | 'confirm';

export interface SearchStep<E extends Checked> {
  phase: Phase;
  replicas: number[];
  result: E;
  /** True when the result came from the cache. */
  cached: boolean;
}

export interface SearchOptions<E extends Checked> {
  start: readonly number[];
  /** Fewest replicas a deployment may have (1: every deployment the user wrote keeps a replica). */
  min: number;
  max: number;
  evaluate: (replicas: number[]) => Promise<E>;
  onStep?: (step: SearchStep<E>) => void;
}

export interface SearchOutcome<E extends Checked> {
  /** The plan, or undefined when even `max` everywhere fails. */
  replicas: number[] | undefined;
  /** The plan's own evaluation (or the last failing one). */
  result: E;
  /** Per deployment: the failing evaluation with one replica fewer (undefined at `min`). */
  binding: (E | undefined)[];
  evaluations: number;
}

export async function searchReplicas<E extends Checked>(o: SearchOptions<E>): Promise<SearchOutcome<E>> {
  const cache = new Map<string, E>();
  const check = async (phase: Phase, x: number[]): Promise<E> => {
    const key = x.join(',');
    const hit = cache.get(key);
    const result = hit ?? (await o.evaluate([...x]));
    if (!hit) cache.set(key, result);
    o.onStep?.({ phase, replicas: [...x], result, cached: hit !== undefined });
    return result;
  };
  const clamp = (v: number) => Math.min(o.max, Math.max(o.min, v));

  // 1. grow
  let x = o.start.map(clamp);
  let r = await check('check', x);
  while (!r.pass) {
    if (x.every((v) => v >= o.max)) return { replicas: undefined, result: r, binding: x.map(() => undefined), evaluations: cache.size };
    x = x.map((v) => clamp(Math.max(1, v) * 2));
    r = await check('grow', x);
  }

  // 2. scale: smallest m in [1, M] with ceil(x * m / M) passing; m = M is x itself.
  const top = Math.max(...x);
  const scaled = (m: number) => x.map((v) => clamp(Math.ceil((v * m) / top)));
  let [lo, hi] = [1, top];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await check('scale', scaled(mid))).pass) hi = mid;
    else lo = mid + 1;
  }
  x = scaled(hi);

  // 3. trim, one deployment at a time.
  for (let d = 0; d < x.length; d++) {
    let [a, b] = [o.min, x[d]];
    while (a < b) {
      const mid = Math.floor((a + b) / 2);
      const y = [...x];
      y[d] = mid;
      if ((await check('trim', y)).pass) b = mid;
      else a = mid + 1;
    }
    x[d] = b;
  }

  // 4. confirm: one fewer anywhere fails; if it does not (noise, non-monotone), take it and retry.
  const binding: (E | undefined)[] = x.map(() => undefined);
  for (let changed = true; changed; ) {
    changed = false;
    for (let d = 0; d < x.length; d++) {
      if (x[d] <= o.min) {
        binding[d] = undefined;
        continue;
      }
      const y = [...x];
      y[d]--;
      const e = await check('confirm', y);
      if (e.pass) {
        x = y;
        changed = true;
      } else binding[d] = e;
    }
  }
  return { replicas: x, result: await check('confirm', x), binding, evaluations: cache.size };
}
