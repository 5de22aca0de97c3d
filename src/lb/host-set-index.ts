/**
 * HostSetIndex: what a load balancer needs to know about one immutable ClusterSnapshot, computed
 * once per snapshot object and shared by every proxy holding that snapshot (the replicas of a
 * source, or every proxy an xDS push reaches with the same assignment).
 *
 * Hosts are cluster-local *slots*: the xDS layer gives an endpoint a slot the first time it
 * appears in the cluster and never reuses it, so a slot is a stable host identity across
 * updates. `hostWeights` is indexed by slot; its length is the slot capacity. For each present
 * slot the index records its priority, its locality (index inside the priority) and its *rank*:
 * its position in the priority's host list (localities in EDS order, hosts in order). Every host
 * list a load balancer keeps (healthy hosts of a priority or of a locality, ...) is sorted by
 * rank, which is the order a full rebuild would produce.
 */
import type { ClusterSnapshot, PriorityLevel } from './host-set.js';

export class HostSetIndex {
  /** Slot capacity: `hostWeights.length`. */
  readonly capacity: number;
  /** Hosts present in the snapshot, all priorities (Envoy: hosts of every host set). */
  readonly hostCount: number;
  /** Priority of each slot; -1 when the slot is not in the snapshot. */
  readonly priorityOf: Int32Array;
  /** Locality index (inside its priority) of each present slot. */
  readonly localityOf: Int32Array;
  /** Position of each present slot in its priority's host list. */
  readonly rank: Int32Array;
  /** Host weights by slot (EDS load_balancing_weight). */
  readonly weights: Float64Array;
  /** Every present host has the same weight, so every host source has equal weights. */
  readonly uniformWeights: boolean;
  /** Per priority: all its hosts in rank order (the panic-mode source, shared). */
  readonly prioritySets: readonly (readonly number[])[];

  private constructor(readonly snapshot: ClusterSnapshot) {
    const cap = snapshot.hostWeights.length;
    this.capacity = cap;
    this.priorityOf = new Int32Array(cap).fill(-1);
    this.localityOf = new Int32Array(cap);
    this.rank = new Int32Array(cap);
    this.weights = Float64Array.from(snapshot.hostWeights);
    let count = 0;
    let uniform = true;
    let firstWeight = NaN;
    this.prioritySets = snapshot.priorities.map((p, pi) => {
      const all: number[] = [];
      p.localities.forEach((l, li) => {
        for (const h of l.hosts) {
          if (!Number.isInteger(h) || h < 0 || h >= cap) throw new Error(`HostSetIndex: host slot ${h} outside 0..${cap - 1}`);
          if (this.priorityOf[h] !== -1) throw new Error(`HostSetIndex: host slot ${h} listed twice`);
          this.priorityOf[h] = pi;
          this.localityOf[h] = li;
          this.rank[h] = all.length;
          all.push(h);
          const w = this.weights[h];
          if (count === 0) firstWeight = w;
          else if (w !== firstWeight) uniform = false;
          count++;
        }
      });
      return all;
    });
    this.hostCount = count;
    this.uniformWeights = uniform;
  }

  private static readonly cache = new WeakMap<ClusterSnapshot, HostSetIndex>();

  /** The index of a snapshot, built on first request and shared afterwards. */
  static of(snapshot: ClusterSnapshot): HostSetIndex {
    let idx = HostSetIndex.cache.get(snapshot);
    if (idx === undefined) {
      idx = new HostSetIndex(snapshot);
      HostSetIndex.cache.set(snapshot, idx);
    }
    return idx;
  }

  isPresent(host: number): boolean {
    return host >= 0 && host < this.capacity && this.priorityOf[host] >= 0;
  }
}

/**
 * Whether two priority levels hold the same localities (name and weight) and the same hosts in
 * the same order: an update that leaves a priority like this does not touch it (Envoy's
 * EdsClusterImpl::updateHostsPerLocality skips priorities whose hosts and locality weights did
 * not change). Host weights are compared elsewhere: Envoy applies them in place.
 */
export function samePriorityLevel(a: PriorityLevel | undefined, b: PriorityLevel | undefined): boolean {
  const la = a?.localities ?? [];
  const lb = b?.localities ?? [];
  if (la === lb) return true;
  if (la.length !== lb.length) return false;
  for (let i = 0; i < la.length; i++) {
    const x = la[i];
    const y = lb[i];
    if (x === y) continue;
    if (x.locality !== y.locality || x.weight !== y.weight || x.hosts.length !== y.hosts.length) return false;
    for (let j = 0; j < x.hosts.length; j++) if (x.hosts[j] !== y.hosts[j]) return false;
  }
  return true;
}
