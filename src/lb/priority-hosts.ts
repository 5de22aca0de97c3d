/**
 * PriorityHosts: one priority level of a load balancer (Envoy's HostSet as the LB sees it): its
 * host sources (all hosts, healthy, degraded, and healthy/degraded per locality), their counts,
 * the refresh generation of its pickers, and its locality scheduler (Envoy's LocalityWrr).
 *
 * A health change moves one host between sources (`move`); the level never walks its hosts for
 * it. The locality scheduler is rebuilt from counts: the seed is drawn when the level is
 * refreshed (`reseed`, in the order Envoy draws it) and the EDF is built on the first pick that
 * needs it, from the counts of that moment, which are the counts at the refresh (any later
 * change refreshes the level again).
 *
 * Sources: envoy source/extensions/load_balancing_policies/common/load_balancer_impl.cc
 * (ZoneAwareLoadBalancerBase::rebuildLocalityWrrForPriority, EdfLoadBalancerBase::refresh) and
 * locality_wrr.cc (LocalityWrr::rebuildLocalityScheduler).
 */
import { EdfScheduler } from './edf.js';
import { DEGRADED, HEALTHY, type PriorityLevel } from './host-set.js';
import { CLASS_ALL, HostSource, type HostSourceOwner } from './host-source.js';
import { effectiveLocalityWeight } from './locality-weight.js';

const NO_HOSTS: readonly number[] = Object.freeze([]);

export class LocalityHosts {
  constructor(
    /** EDS locality weight. */
    readonly weight: number,
    /** The locality's hosts (rank order), shared with the snapshot. */
    readonly hosts: readonly number[],
    readonly healthy: HostSource,
    readonly degraded: HostSource,
  ) {}
}

export class PriorityHosts {
  /** Moves on at every refresh of this level; a source whose picker is older rebuilds it. */
  generation: number;
  healthyLocalityWeights: Float64Array;
  degradedLocalityWeights: Float64Array;
  private healthyLocalities: EdfScheduler | undefined;
  private degradedLocalities: EdfScheduler | undefined;
  private localitySeed = 0;
  private localitiesStale = false;

  private constructor(
    readonly all: HostSource,
    readonly healthy: HostSource,
    readonly degraded: HostSource,
    readonly localities: LocalityHosts[],
    generation: number,
  ) {
    this.generation = generation;
    this.healthyLocalityWeights = new Float64Array(localities.length);
    this.degradedLocalityWeights = new Float64Array(localities.length);
  }

  get hostCount(): number {
    return this.all.count;
  }

  /**
   * The level for `level`'s hosts with the owner's current health. `allHosts` is the priority's
   * host list (rank order, shared); `previous` is the level this one replaces at the same
   * priority, whose pickers the new sources inherit position by position (Envoy keys its
   * round-robin indexes by priority, source type and locality index).
   */
  static build(level: PriorityLevel | undefined, allHosts: readonly number[], owner: HostSourceOwner, allHealthy: boolean, previous?: PriorityHosts): PriorityHosts {
    const locs = level?.localities ?? [];
    let healthyTotal = 0;
    let degradedTotal = 0;
    const localities = locs.map((l, li) => {
      let h = l.hosts.length;
      let d = 0;
      if (!allHealthy) {
        h = 0;
        for (const host of l.hosts) {
          const s = owner.healthOf(host);
          if (s === HEALTHY) h++;
          else if (s === DEGRADED) d++;
        }
      }
      healthyTotal += h;
      degradedTotal += d;
      const prev = previous?.localities[li];
      return new LocalityHosts(
        l.weight,
        l.hosts,
        new HostSource(l.hosts, HEALTHY, h, h === l.hosts.length ? l.hosts : null, prev?.healthy.picker),
        new HostSource(l.hosts, DEGRADED, d, d === 0 ? NO_HOSTS : null, prev?.degraded.picker),
      );
    });
    const n = allHosts.length;
    return new PriorityHosts(
      new HostSource(allHosts, CLASS_ALL, n, allHosts, previous?.all.picker),
      new HostSource(allHosts, HEALTHY, healthyTotal, healthyTotal === n ? allHosts : null, previous?.healthy.picker),
      new HostSource(allHosts, DEGRADED, degradedTotal, degradedTotal === 0 ? NO_HOSTS : null, previous?.degraded.picker),
      localities,
      previous === undefined ? 0 : previous.generation + 1,
    );
  }

  /** A host of this level changes health class: it leaves one set of sources and joins another. */
  move(host: number, locality: number, from: number, to: number, rank: Int32Array): void {
    const loc = this.localities[locality];
    if (from === HEALTHY) {
      this.healthy.remove(host, rank);
      loc.healthy.remove(host, rank);
    } else if (from === DEGRADED) {
      this.degraded.remove(host, rank);
      loc.degraded.remove(host, rank);
    }
    if (to === HEALTHY) {
      this.healthy.add(host, rank);
      loc.healthy.add(host, rank);
    } else if (to === DEGRADED) {
      this.degraded.add(host, rank);
      loc.degraded.add(host, rank);
    }
  }

  /**
   * The level was refreshed and the cluster is locality-weighted: a new scheduler seed, drawn now.
   * load_balancer_impl.cc rebuildLocalityWrrForPriority: LocalityWrr(host_set, random_.random()).
   */
  reseedLocalities(seed: number): void {
    this.localitySeed = seed;
    this.localitiesStale = true;
  }

  /** The healthy or degraded locality scheduler (undefined: no locality has an eligible host). */
  localityScheduler(degraded: boolean, overprovisioningFactor: number): EdfScheduler | undefined {
    if (this.localitiesStale) {
      this.localitiesStale = false;
      this.healthyLocalities = this.buildScheduler(false, overprovisioningFactor);
      this.degradedLocalities = this.buildScheduler(true, overprovisioningFactor);
    }
    return degraded ? this.degradedLocalities : this.healthyLocalities;
  }

  /** Effective weight of each locality for the healthy or degraded class (locality_wrr.cc effectiveLocalityWeight). */
  effectiveLocalityWeights(degraded: boolean, overprovisioningFactor: number, out: Float64Array = new Float64Array(this.localities.length)): Float64Array {
    this.localities.forEach((l, i) => {
      out[i] = effectiveLocalityWeight(l.weight, (degraded ? l.degraded : l.healthy).count, l.hosts.length, 0, overprovisioningFactor);
    });
    return out;
  }

  /** Builds now the pickers of sources refreshed but not yet picked from (see ClusterLoadBalancer.updateHosts). */
  settle(owner: HostSourceOwner): void {
    const g = this.generation;
    this.all.settle(owner, g);
    this.healthy.settle(owner, g);
    this.degraded.settle(owner, g);
    for (const l of this.localities) {
      l.healthy.settle(owner, g);
      l.degraded.settle(owner, g);
    }
  }

  private buildScheduler(degraded: boolean, overprovisioningFactor: number): EdfScheduler | undefined {
    const out = this.effectiveLocalityWeights(degraded, overprovisioningFactor, degraded ? this.degradedLocalityWeights : this.healthyLocalityWeights);
    const items: number[] = [];
    const weights: number[] = [];
    // locality_wrr.cc LocalityWrr::rebuildLocalityScheduler: only localities with effective weight > 0.
    for (let i = 0; i < out.length; i++) {
      if (out[i] > 0) {
        items.push(i);
        weights.push(out[i]);
      }
    }
    if (items.length === 0) return undefined;
    // locality_wrr.cc LocalityWrr::rebuildLocalityScheduler: createWithPicks(entries, weight, seed).
    return EdfScheduler.createWithPicks(items, weights, this.localitySeed);
  }
}
