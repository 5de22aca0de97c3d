/**
 * RouteIndex: maps a finished request (source locality, endpoint) to its route row in RouteStats,
 * interning routes lazily. Destinations are (cluster, locality) pairs, numbered once at setup, so
 * the lookup on the hot path is one typed-array read.
 */
import type { RouteStats } from '../metrics/routes.js';
import type { World } from './world.js';

export class RouteIndex {
  /** Destination key of each endpoint: its (cluster, locality) pair. */
  private readonly destKey: Int32Array;
  private readonly destKeys: { cluster: string; locality: number }[] = [];
  /** Route by `sourceLocality * destKeys + destKey`; -1 until interned. */
  private readonly routeIndex: Int32Array;
  /** Route of requests that never left a source locality (no route, no healthy upstream). */
  private readonly noDestRoute: Int32Array;

  constructor(private readonly world: World, private readonly routes: RouteStats) {
    const keyIndex = new Map<string, number>();
    this.destKey = new Int32Array(world.endpoints.length);
    for (const e of world.endpoints) {
      const k = `${e.cluster}|${e.locality}`;
      let i = keyIndex.get(k);
      if (i === undefined) {
        i = this.destKeys.length;
        this.destKeys.push({ cluster: e.cluster, locality: e.locality });
        keyIndex.set(k, i);
      }
      this.destKey[e.id] = i;
    }
    this.routeIndex = new Int32Array(world.localities.size * Math.max(1, this.destKeys.length)).fill(-1);
    this.noDestRoute = new Int32Array(world.localities.size).fill(-1);
  }

  /** The route of a request from `sourceLocality` that ended at `endpoint` (-1: it reached none). */
  of(sourceLocality: number, endpoint: number): number {
    const w = this.world;
    if (endpoint < 0) {
      let r = this.noDestRoute[sourceLocality];
      if (r < 0) {
        r = this.routes.route({ sourceLocality: w.localities.name(sourceLocality), destinationCluster: '', destinationLocality: '', pathClass: '' });
        this.noDestRoute[sourceLocality] = r;
      }
      return r;
    }
    const idx = sourceLocality * this.destKeys.length + this.destKey[endpoint];
    let r = this.routeIndex[idx];
    if (r < 0) {
      const dk = this.destKeys[this.destKey[endpoint]];
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
