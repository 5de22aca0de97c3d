/**
 * RouteIndex: maps a finished call (its caller, the last target it reached) to its row in
 * RouteStats, interning lazily. A caller is (who calls, from which cluster and locality, which
 * service); a destination is a target's (cluster, locality). Both are numbered once, so the lookup
 * on the hot path is one typed-array read.
 */
import type { RouteStats } from '../metrics/routes.js';
import type { World } from './world.js';

interface Caller {
  caller: string;
  root: boolean;
  cluster: string;
  locality: number;
  service: string;
}

export class RouteIndex {
  private readonly callers: Caller[] = [];
  private readonly callerIndex = new Map<string, number>();
  /** Destination key of each target: its (cluster, locality) pair. */
  private destKey = new Int32Array(0);
  private readonly destKeys: { cluster: string; locality: number }[] = [];
  private readonly destIndex = new Map<string, number>();
  /** Route by `caller * stride + destKey`; -1 until interned. */
  private table = new Int32Array(0);
  private stride = 1;
  /** Route of calls that never reached a target (no route, no healthy upstream), by caller. */
  private noDest = new Int32Array(0);

  constructor(private readonly world: World, private readonly routes: RouteStats) {
    this.refresh();
  }

  /** The caller key of `caller` (a source name or a calling service) from `cluster`/`locality` to `service`. */
  caller(caller: string, root: boolean, cluster: string, locality: number, service: string): number {
    const k = `${caller}|${root}|${cluster}|${locality}|${service}`;
    let i = this.callerIndex.get(k);
    if (i === undefined) {
      i = this.callers.length;
      this.callers.push({ caller, root, cluster, locality, service });
      this.callerIndex.set(k, i);
      this.resize();
    }
    return i;
  }

  /** Takes in targets added since the last call (gateways are added after build). */
  refresh(): void {
    const w = this.world;
    if (this.destKey.length === w.targets.length) return;
    const keys = new Int32Array(w.targets.length);
    keys.set(this.destKey);
    for (let t = this.destKey.length; t < w.targets.length; t++) {
      const target = w.targets[t];
      const k = `${target.cluster}|${target.locality}`;
      let i = this.destIndex.get(k);
      if (i === undefined) {
        i = this.destKeys.length;
        this.destKeys.push({ cluster: target.cluster, locality: target.locality });
        this.destIndex.set(k, i);
      }
      keys[t] = i;
    }
    this.destKey = keys;
    this.resize();
  }

  /** Rows are interned by key in RouteStats: a reset table finds the same rows again. */
  private resize(): void {
    const stride = Math.max(1, this.destKeys.length);
    if (stride === this.stride && this.table.length === this.callers.length * stride) return;
    this.stride = stride;
    this.table = new Int32Array(this.callers.length * stride).fill(-1);
    const noDest = new Int32Array(this.callers.length).fill(-1);
    noDest.set(this.noDest.subarray(0, Math.min(this.noDest.length, noDest.length)));
    this.noDest = noDest;
  }

  /** The route of a call by `caller` that ended at `target` (-1: it reached none). */
  of(caller: number, target: number): number {
    if (target < 0) {
      let r = this.noDest[caller];
      if (r < 0) r = this.noDest[caller] = this.intern(caller, undefined);
      return r;
    }
    return this.ofDest(caller, this.destKey[target]);
  }

  /** The destination key of target `t` (its cluster and locality), for ofDest. */
  destKeyOf(t: number): number {
    return this.destKey[t];
  }

  /** of() with the target's destination key given (destKeyOf, kept per target by the caller). */
  ofDest(caller: number, destKey: number): number {
    const idx = caller * this.stride + destKey;
    let r = this.table[idx];
    if (r < 0) r = this.table[idx] = this.intern(caller, this.destKeys[destKey]);
    return r;
  }

  private intern(caller: number, dest: { cluster: string; locality: number } | undefined): number {
    const w = this.world;
    const c = this.callers[caller];
    return this.routes.route({
      caller: c.caller,
      root: c.root,
      sourceCluster: c.cluster,
      sourceLocality: w.localities.name(c.locality),
      service: c.service,
      destinationCluster: dest?.cluster ?? '',
      destinationLocality: dest ? w.localities.name(dest.locality) : '',
      pathClass: dest ? w.pathClassOf[c.locality * w.localities.size + dest.locality] : '',
    });
  }
}
