/**
 * RouteIndex: maps a finished call (source locality, last target) to its route row in RouteStats,
 * interning routes lazily. Destinations are (cluster, locality) pairs, numbered once per target,
 * so the lookup on the hot path is one typed-array read.
 */
import type { RouteStats } from '../metrics/routes.js';
import type { World } from './world.js';

export class RouteIndex {
  /** Destination key of each target: its (cluster, locality) pair. */
  private destKey = new Int32Array(0);
  private readonly destKeys: { cluster: string; locality: number }[] = [];
  private readonly keyIndex = new Map<string, number>();
  /** Route by `sourceLocality * stride + destKey`; -1 until interned. */
  private routeIndex = new Int32Array(0);
  private stride = 1;
  /** Route of calls that never left a source locality (no route, no healthy upstream). */
  private noDestRoute = new Int32Array(0);

  constructor(private readonly world: World, private readonly routes: RouteStats) {
    this.refresh();
  }

  /** Takes in targets and localities added since the last call (gateways are added after build). */
  refresh(): void {
    const w = this.world;
    if (this.destKey.length === w.targets.length && this.noDestRoute.length === w.localities.size) return;
    const keys = new Int32Array(w.targets.length);
    keys.set(this.destKey.subarray(0, Math.min(this.destKey.length, keys.length)));
    for (let t = this.destKey.length; t < w.targets.length; t++) {
      const target = w.targets[t];
      const k = `${target.cluster}|${target.locality}`;
      let i = this.keyIndex.get(k);
      if (i === undefined) {
        i = this.destKeys.length;
        this.destKeys.push({ cluster: target.cluster, locality: target.locality });
        this.keyIndex.set(k, i);
      }
      keys[t] = i;
    }
    this.destKey = keys;
    // Rows are interned by key in RouteStats: a reset index finds the same rows again.
    const stride = Math.max(1, this.destKeys.length);
    const index = new Int32Array(w.localities.size * stride).fill(-1);
    this.routeIndex = index;
    this.stride = stride;
    const noDest = new Int32Array(w.localities.size).fill(-1);
    noDest.set(this.noDestRoute);
    this.noDestRoute = noDest;
  }

  /** The route of a call from `sourceLocality` that ended at `target` (-1: it reached none). */
  of(sourceLocality: number, target: number): number {
    const w = this.world;
    if (target < 0) {
      let r = this.noDestRoute[sourceLocality];
      if (r < 0) {
        r = this.routes.route({ sourceLocality: w.localities.name(sourceLocality), destinationCluster: '', destinationLocality: '', pathClass: '' });
        this.noDestRoute[sourceLocality] = r;
      }
      return r;
    }
    const idx = sourceLocality * this.stride + this.destKey[target];
    let r = this.routeIndex[idx];
    if (r < 0) {
      const dk = this.destKeys[this.destKey[target]];
      r = this.routes.route({
        sourceLocality: w.localities.name(sourceLocality),
        destinationCluster: dk.cluster,
        destinationLocality: w.localities.name(dk.locality),
        pathClass: w.pathClassOf[sourceLocality * w.localities.size + dk.locality],
      });
      this.routeIndex[idx] = r;
    }
    return r;
  }
}
