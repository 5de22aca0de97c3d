/**
 * Host slots of a cluster: a target (endpoint or gateway) gets a slot the first time an assignment
 * lists it, in ascending target order, and keeps it. Load balancers and detectors index their
 * per-host state by slot, so an assignment that changes the endpoint set keeps the state of the
 * hosts that stay. Proxies that receive the same endpoints share one slot table and, when their
 * assignments are equal, one snapshot (the load balancer's host-set index is computed once per
 * snapshot object).
 */
import type { ClusterSnapshot } from '../lb/host-set.js';
import type { ClusterLoadAssignment } from '../xds/eds.js';

export class ClusterSlots {
  /** Slot → target id. */
  hostTarget = new Int32Array(0);
  private readonly slotOf = new Map<number, number>();

  get size(): number {
    return this.slotOf.size;
  }

  slot(target: number): number | undefined {
    return this.slotOf.get(target);
  }

  /** The load balancer's snapshot of an assignment, giving slots to targets it has not seen. */
  snapshotOf(a: ClusterLoadAssignment): ClusterSnapshot {
    const fresh: number[] = [];
    for (const p of a.priorities) for (const l of p) for (const e of l.endpoints) if (!this.slotOf.has(e.target)) fresh.push(e.target);
    if (fresh.length > 0) {
      fresh.sort((x, y) => x - y);
      for (const t of fresh) if (!this.slotOf.has(t)) this.slotOf.set(t, this.slotOf.size);
      const grown = new Int32Array(this.slotOf.size);
      grown.set(this.hostTarget);
      for (const [t, s] of this.slotOf) grown[s] = t;
      this.hostTarget = grown;
    }
    const hostWeights = new Array<number>(this.slotOf.size).fill(1);
    const priorities = a.priorities.map((p) => ({
      localities: p.map((l) => ({
        locality: l.locality,
        weight: l.weight,
        hosts: l.endpoints.map((e) => {
          const slot = this.slotOf.get(e.target)!;
          hostWeights[slot] = e.weight;
          return slot;
        }),
      })),
    }));
    return { priorities, hostWeights, localityWeighted: a.localityWeighted, overprovisioningFactor: a.overprovisioningFactor, panicThreshold: a.panicThreshold, ...(a.zoneAware ? { zoneAware: a.zoneAware } : {}) };
  }
}
