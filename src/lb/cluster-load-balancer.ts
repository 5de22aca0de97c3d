/**
 * ClusterLoadBalancer: one calling proxy's load balancer for one upstream cluster, as Envoy's
 * ZoneAwareLoadBalancerBase does it.
 *
 * Per request (`chooseHost`):
 *   1. draw a random number; choose the priority and the healthy/degraded class from the
 *      per-priority loads (priority-load.ts);
 *   2. if that priority is in panic, pick among all its hosts;
 *   3. else, with locality weighting on, pick a locality by EDF over effective locality weights,
 *      then a host among that locality's eligible hosts;
 *   4. else, in P0 with a local cluster (`snapshot.zoneAware`), zone-aware routing picks the
 *      locality (zone-aware.ts; Istio 1.31 `zoneAwareLbSetting` with proxy self-discovery);
 *   5. else pick among the priority's eligible hosts.
 * The host itself is chosen by the cluster's policy (round robin, least request, random, plug-in).
 *
 * The balancer owns its hosts' health. Hosts are cluster-local slots (host-set-index.ts), stable
 * across updates. Two things change a balancer after construction, as Envoy's priority-set
 * callbacks do:
 *   - `setHealth(host, state)` (an outlier ejection or un-ejection): the host moves between the
 *     sources of its priority and locality (a binary search and an array shift, host-source.ts),
 *     the loads are recomputed from per-priority counts, and *every* priority is refreshed, as
 *     Envoy's ClusterImplBase::reloadHealthyHostsHelper updates every priority on a health
 *     change: pickers are rebuilt on their next pick (round robin keeps its index), and with
 *     locality weighting each priority draws a new scheduler seed, in priority order.
 *   - `updateHosts(snapshot)` (an EDS push): only priorities whose localities or hosts changed are
 *     rebuilt and reseeded (EdsClusterImpl::updateHostsPerLocality skips the others); host
 *     weights are applied in place, as Envoy changes a kept host's weight without a refresh.
 *     Hosts that stay keep their health and active-request counts; hosts that leave keep their
 *     active count until their last request ends; it returns the hosts added and removed (for
 *     the outlier detector, Envoy's member-update callback).
 * Nothing is built until the first use (a pick, a health change or an update): a proxy that
 * never sends costs a few objects, and the balancer's random stream sees the same draws in the
 * same order as if it had been built at construction.
 *
 * Deviation: a priority whose hosts were only reordered, or moved between its localities, counts
 * as changed here; Envoy matches hosts by address and may keep its old host list then.
 *
 * Source: envoy source/extensions/load_balancing_policies/common/load_balancer_impl.cc
 * (ZoneAwareLoadBalancerBase::hostSourceToUse, chooseHostOnce, the priority update callbacks),
 * source/common/upstream/upstream_impl.cc (ClusterImplBase::reloadHealthyHostsHelper,
 * BaseDynamicClusterImpl::updateDynamicHostList), source/extensions/clusters/eds/eds.cc.
 */
import type { Rng } from '../engine/random.js';
import { grown } from '../engine/typed-arrays.js';
import type { EdfScheduler } from './edf.js';
import { HEALTHY, type ClusterSnapshot, type HostHealth } from './host-set.js';
import { HostSetIndex, samePriorityLevel } from './host-set-index.js';
import type { HostSourceOwner } from './host-source.js';
import type { HostPicker, LoadBalancingPolicy, PickContext } from './policy.js';
import { PriorityHosts } from './priority-hosts.js';
import { choosePriority, computePriorityLoad, type HealthyAndDegradedLoad, type PriorityHostCounts, type PriorityLoad } from './priority-load.js';
import {
  compareLocality,
  envoyLocalityOrder,
  localClusterInPanic,
  NO_LOCALITY_ROUTING,
  tryChooseLocalLocalityHosts,
  zoneRouting,
  type ZoneAwareConfig,
  type ZoneRouting,
} from './zone-aware.js';

export interface ClusterLbStats {
  /** Picks that landed on a priority in panic (Envoy stat lb_healthy_panic). */
  healthyPanic: number;
  /** Requests for which no host could be chosen (Envoy: "no healthy upstream"). */
  noHealthyUpstream: number;
}

/** Envoy's zone-routing stats (lb_zone_*, lb_local_cluster_not_ok), kept apart from ClusterLbStats. */
export interface ZoneRoutingStats {
  /** lb_zone_routing_all_directly: picks sent to the local locality in direct mode. */
  allDirectly: number;
  /** lb_zone_routing_sampled: residual-mode picks kept in the local locality. */
  sampled: number;
  /** lb_zone_routing_cross_zone: residual-mode picks sent to another locality. */
  crossZone: number;
  /** lb_zone_no_capacity_left: cross-zone picks made at random because no spare capacity was left. */
  noCapacityLeft: number;
  /** lb_local_cluster_not_ok: the local cluster lacks our locality (per recomputation) or is in panic (per pick). */
  localClusterNotOk: number;
  /** lb_zone_cluster_too_small: recomputations that found fewer healthy P0 hosts than min_cluster_size. */
  clusterTooSmall: number;
}

/** Hosts that joined and left the cluster in an update (Envoy's member-update callback). */
export interface HostSetChange {
  added: number[];
  removed: number[];
}

/** Read-only picture of a balancer's derived state, for tests and diagnostics (allocates). */
export interface ClusterLbState {
  load: PriorityLoad;
  priorities: Array<{
    all: readonly number[];
    healthy: readonly number[];
    degraded: readonly number[];
    localities: Array<{ healthy: readonly number[]; degraded: readonly number[] }>;
    healthyLocalityWeights: number[];
    degradedLocalityWeights: number[];
  }>;
}

const NOT_BUILT = new Int32Array(0);

export class ClusterLoadBalancer implements PickContext, HostSourceOwner {
  /** Host weights by slot (shared with the snapshot's index; replaced by updateHosts). */
  weights: Float64Array;
  /** Every host of the cluster has the same weight (a shortcut for the policies). */
  uniformWeights: boolean;
  /** Active (outstanding) requests from this proxy by slot; allocated on the first pick. */
  active: Int32Array = NOT_BUILT;
  readonly stats: ClusterLbStats = { healthyPanic: 0, noHealthyUpstream: 0 };
  readonly zoneStats: ZoneRoutingStats = { allDirectly: 0, sampled: 0, crossZone: 0, noCapacityLeft: 0, localClusterNotOk: 0, clusterTooSmall: 0 };
  readonly reusesHostArrays: boolean;
  private index: HostSetIndex;
  /** Health by slot; null while every host is HEALTHY. */
  private health: Uint8Array | null = null;
  private levels: PriorityHosts[] = [];
  /** Host counts per priority, the input of the load computation (updated in place). */
  private counts: PriorityHostCounts[] = [];
  private load!: PriorityLoad;
  /**
   * levels[0] while it takes the whole healthy load (100) and is not in panic, else null: the
   * usual one-priority cluster, whose pick skips the load arrays (set with the load: recomputeLoad).
   */
  private soleLevel: PriorityHosts | null = null;
  /** The snapshot's localityWeighted and overprovisioningFactor, kept here for the pick (set with `index`). */
  private localityWeighted: boolean;
  private overprovisioningFactor: number;
  private built = false;
  /** Envoy draws one seed per load balancer (seed_ = random()) and uses it for every host source. */
  private seed = 0;
  /** P0's zone routing (Envoy's PerPriorityState of P0); null until computed, recomputed after every P0 change. */
  private zone: ZoneRouting | null = null;
  /** Envoy locality index → index of that locality in P0 (LocalityBucket order). */
  private zoneOrder: number[] = [];
  private readonly nextRandom = () => this.rng.nextUint32();

  /**
   * @param initialHealth optional health by slot (HEALTHY, DEGRADED or UNHEALTHY; default all
   *   HEALTHY), copied; afterwards the balancer owns health (setHealth).
   */
  constructor(
    snapshot: ClusterSnapshot,
    readonly policy: LoadBalancingPolicy,
    readonly rng: Rng,
    initialHealth?: ArrayLike<number>,
  ) {
    this.index = HostSetIndex.of(snapshot);
    this.localityWeighted = this.index.snapshot.localityWeighted;
    this.overprovisioningFactor = this.index.snapshot.overprovisioningFactor;
    this.weights = this.index.weights;
    this.uniformWeights = this.index.uniformWeights;
    this.reusesHostArrays = policy.reusesHostArrays === true;
    if (initialHealth !== undefined) {
      const n = this.index.capacity;
      if (initialHealth.length !== n) throw new Error(`ClusterLoadBalancer: health has ${initialHealth.length} entries for ${n} host slots`);
      for (let h = 0; h < n; h++) {
        if (initialHealth[h] !== HEALTHY) {
          this.health = Uint8Array.from(initialHealth);
          break;
        }
      }
    }
  }

  /** The snapshot the balancer currently holds. */
  get snapshot(): ClusterSnapshot {
    return this.index.snapshot;
  }

  get priorityLoad(): Readonly<PriorityLoad> {
    this.ensureBuilt();
    return this.load;
  }

  /** The priority of a host of the cluster now; -1 for a slot not in it. */
  priorityOf(host: number): number {
    return this.index.priorityOf[host] ?? -1;
  }

  healthOf(host: number): HostHealth {
    return this.health === null ? HEALTHY : (this.health[host] as HostHealth);
  }

  /** @internal used by HostSource */
  newPicker(hosts: readonly number[], previous: HostPicker | undefined): HostPicker {
    return this.policy.newPicker(hosts, this, this.seed, previous);
  }

  /**
   * A host's health changes (outlier ejection: UNHEALTHY; un-ejection: HEALTHY). No change, no
   * refresh. A slot not in the cluster just records the value.
   */
  setHealth(host: number, state: HostHealth): void {
    this.ensureBuilt();
    const idx = this.index;
    if (!(host >= 0 && host < idx.capacity)) throw new Error(`ClusterLoadBalancer.setHealth: host ${host} outside 0..${idx.capacity - 1}`);
    const from = this.healthOf(host);
    if (from === state) return;
    if (this.health === null) this.health = new Uint8Array(idx.capacity);
    this.health[host] = state;
    const p = idx.priorityOf[host];
    if (p < 0) return;
    this.levels[p].move(host, idx.localityOf[host], from, state, idx.rank);
    this.recomputeLoad();
    // upstream_impl.cc ClusterImplBase::reloadHealthyHostsHelper: a health change updates every
    // priority (the priority update callbacks refresh each one, in order).
    const weighted = idx.snapshot.localityWeighted;
    for (const level of this.levels) {
      level.generation++;
      if (weighted) level.reseedLocalities(this.rng.nextUint32());
    }
    // load_balancer_impl.cc ZoneAwareLoadBalancerBase priority callback: P0 changed ⇒ regenerate (no draws).
    this.zone = null;
  }

  /**
   * Takes a new snapshot of the cluster (an EDS update). Returns the hosts added and removed,
   * ascending, for the outlier detector.
   */
  updateHosts(snapshot: ClusterSnapshot): HostSetChange {
    this.ensureBuilt();
    const before = this.index;
    const after = HostSetIndex.of(snapshot);
    const change: HostSetChange = { added: [], removed: [] };
    if (after === before) return change;
    const cap = Math.max(before.capacity, after.capacity);
    for (let h = 0; h < cap; h++) {
      const was = before.isPresent(h);
      const is = after.isPresent(h);
      if (is && !was) change.added.push(h);
      else if (was && !is) change.removed.push(h);
    }
    if (after.capacity > this.active.length) this.active = grown(this.active, after.capacity, Int32Array);
    if (this.health !== null) {
      if (after.capacity > this.health.length) this.health = grown(this.health, after.capacity, Uint8Array);
      // A host that (re)joins is a new Envoy Host: no health flags (EDS health is not modelled).
      for (const h of change.added) this.health[h] = HEALTHY;
    }
    const old = before.snapshot;
    // eds.cc updateHostsPerLocality: a new overprovisioning factor updates every priority.
    const everything = old.overprovisioningFactor !== snapshot.overprovisioningFactor || old.localityWeighted !== snapshot.localityWeighted;
    // Envoy's priority set never shrinks: a priority the update leaves out is emptied, not dropped.
    const n = Math.max(this.levels.length, snapshot.priorities.length);
    const changed: boolean[] = [];
    for (let p = 0; p < n; p++) changed.push(everything || !samePriorityLevel(old.priorities[p], snapshot.priorities[p]));
    if (weightsChanged(before, after)) {
      // upstream_impl.cc updateDynamicHostList: a kept host's weight changes in place, without a
      // refresh; Envoy built its schedulers at the last refresh with the old weights, so build now
      // the pickers of untouched priorities that were refreshed but not yet used.
      for (let p = 0; p < this.levels.length; p++) if (!changed[p]) this.levels[p].settle(this);
    }
    this.index = after;
    this.localityWeighted = after.snapshot.localityWeighted;
    this.overprovisioningFactor = after.snapshot.overprovisioningFactor;
    this.weights = after.weights;
    this.uniformWeights = after.uniformWeights;
    for (let p = 0; p < n; p++) {
      // A new, empty priority level gets no update (Envoy creates its host set without a callback).
      if (!changed[p] && p < this.levels.length) continue;
      this.levels[p] = PriorityHosts.build(snapshot.priorities[p], after.prioritySets[p] ?? [], this, this.health === null, this.levels[p]);
    }
    this.recomputeLoad();
    // ZoneAwareLoadBalancerBase priority callback: an updated P0 (or a new local cluster) regenerates zone routing.
    if (changed[0] || old.zoneAware !== snapshot.zoneAware) this.zone = null;
    if (snapshot.localityWeighted) {
      // load_balancer_impl.cc priority update callback: rebuildLocalityWrrForPriority(priority), per updated priority.
      for (let p = 0; p < n; p++) if (changed[p]) this.levels[p].reseedLocalities(this.rng.nextUint32());
    }
    return change;
  }

  /**
   * Chooses a host for one request attempt; -1 when none is available (no healthy upstream).
   * `retryLoad`: the priority load a retry priority plug-in substituted for this pick
   * (load_balancer_impl.cc hostSourceToUse: context->determinePriorityLoad); panic stays the balancer's.
   */
  chooseHost(retryLoad?: HealthyAndDegradedLoad): number {
    if (!this.built) this.build();
    const hash = this.rng.nextUint32();
    let p = this.soleLevel;
    let degraded = false;
    let panic = false;
    if (p === null || retryLoad !== undefined) {
      // choosePriority (priority-load.ts), inlined: this runs once per request and must not allocate.
      // (With P0 at 100 and no retry load, h in 1..100 always lands on healthy P0: soleLevel.)
      const h = (hash % 100) + 1;
      const load = retryLoad ?? this.load;
      const healthyLoad = load.healthy;
      let priority = -1;
      let acc = 0;
      for (let i = 0; i < healthyLoad.length; i++) {
        acc += healthyLoad[i];
        if (h <= acc) {
          priority = i;
          break;
        }
      }
      if (priority < 0) {
        degraded = true;
        priority = choosePriority(load, hash).priority;
      }
      p = this.levels[priority];
      panic = this.load.panic[priority];
    }
    const gen = p.generation;
    let host: number;
    if (panic) {
      // load_balancer_impl.cc hostSourceToUse: a priority in panic balances over all its hosts.
      this.stats.healthyPanic++;
      host = p.all.pick(hash, this, gen);
    } else {
      const scheduler: EdfScheduler | undefined = this.localityWeighted ? p.localityScheduler(degraded, this.overprovisioningFactor) : undefined;
      if (scheduler !== undefined) {
        // The locality weights stay as the scheduler was built with until the level is refreshed
        // (which rebuilds it): re-add with them (pickAndAdd with the level's weight arrays).
        const loc = scheduler.pickAndReAdd();
        const l = p.localities[loc];
        host = (degraded ? l.degraded : l.healthy).pick(hash, this, gen);
      } else if (this.index.snapshot.zoneAware !== undefined && p === this.levels[0]) {
        // load_balancer_impl.cc hostSourceToUse: zone-aware routing, P0 only, needs a local cluster.
        host = this.zoneAwarePick(this.index.snapshot.zoneAware, p, degraded, hash, gen);
      } else {
        host = (degraded ? p.degraded : p.healthy).pick(hash, this, gen);
      }
    }
    if (host < 0) this.stats.noHealthyUpstream++;
    return host;
  }

  /** P0's zone routing as it stands now (computed if needed); undefined without a local cluster. */
  zoneRoutingState(): Readonly<ZoneRouting> | undefined {
    this.ensureBuilt();
    const z = this.index.snapshot.zoneAware;
    return z === undefined ? undefined : this.currentZoneRouting(z);
  }

  /**
   * load_balancer_impl.cc hostSourceToUse, after the locality-weighted step: the zone-routing
   * branch. Draws, in Envoy's order: the runtime `upstream.zone_routing.enabled` check only when
   * routing_enabled is strictly between 0 and 100 (runtime_impl.cc SnapshotImpl::featureEnabled
   * skips the PRNG at 0 and 100; Envoy's generators share one per-thread stream), then those of
   * tryChooseLocalLocalityHosts.
   */
  private zoneAwarePick(z: ZoneAwareConfig, p: PriorityHosts, degraded: boolean, hash: number, gen: number): number {
    const r = this.currentZoneRouting(z);
    const regular = degraded ? p.degraded : p.healthy;
    if (r.state === NO_LOCALITY_ROUTING) return regular.pick(hash, this, gen);
    if (z.routingEnabled <= 0 || (z.routingEnabled < 100 && this.rng.nextUint32() % 100 >= z.routingEnabled)) return regular.pick(hash, this, gen);
    if (localClusterInPanic(z.localCluster, this.index.snapshot.panicThreshold)) {
      // hostSourceToUse: the local Envoys are in panic ⇒ no zone routing (or no host at all).
      this.zoneStats.localClusterNotOk++;
      return z.failTrafficOnPanic ? -1 : regular.pick(hash, this, gen);
    }
    const li = tryChooseLocalLocalityHosts(r, this.zoneOrder.length, this.nextRandom, this.zoneStats);
    const l = p.localities[this.zoneOrder[li]];
    return (degraded ? l.degraded : l.healthy).pick(hash, this, gen);
  }

  /** regenerateLocalityRoutingStructures, done lazily: it draws nothing, so computing it at the next pick is equivalent. */
  private currentZoneRouting(z: ZoneAwareConfig): ZoneRouting {
    if (this.zone !== null) return this.zone;
    const level = this.levels[0];
    const bucketNames = (this.index.snapshot.priorities[0]?.localities ?? []).map((l) => l.locality);
    const order = envoyLocalityOrder(bucketNames, z.localLocality);
    const hasLocal = order.length > 0 && compareLocality(bucketNames[order[0]], z.localLocality) === 0;
    const healthy = order.map((i) => level?.localities[i]?.healthy.count ?? 0);
    const r = zoneRouting(z, { localities: order.map((i) => bucketNames[i]), healthy, hasLocalLocality: hasLocal });
    if (r.reason === 'local-cluster-not-ok') this.zoneStats.localClusterNotOk++;
    if (r.reason === 'cluster-too-small') this.zoneStats.clusterTooSmall++;
    this.zoneOrder = order;
    this.zone = r;
    return r;
  }

  /** The derived state (loads, host sources, effective locality weights), for tests; allocates. */
  inspect(): ClusterLbState {
    this.ensureBuilt();
    const opf = this.index.snapshot.overprovisioningFactor;
    const weighted = this.index.snapshot.localityWeighted;
    return {
      load: structuredClone(this.load),
      priorities: this.levels.map((p) => ({
        all: [...p.all.hosts(this)],
        healthy: [...p.healthy.hosts(this)],
        degraded: [...p.degraded.hosts(this)],
        localities: p.localities.map((l) => ({ healthy: [...l.healthy.hosts(this)], degraded: [...l.degraded.hosts(this)] })),
        healthyLocalityWeights: weighted ? [...p.effectiveLocalityWeights(false, opf)] : [],
        degradedLocalityWeights: weighted ? [...p.effectiveLocalityWeights(true, opf)] : [],
      })),
    };
  }

  private ensureBuilt(): void {
    if (!this.built) this.build();
  }

  /** What the constructor of Envoy's balancer does, deferred to the first use (same draws, same order). */
  private build(): void {
    this.built = true;
    const idx = this.index;
    this.active = new Int32Array(idx.capacity);
    this.seed = this.rng.nextUint32();
    this.levels = idx.snapshot.priorities.map((p, pi) => PriorityHosts.build(p, idx.prioritySets[pi], this, this.health === null));
    this.recomputeLoad();
    if (idx.snapshot.localityWeighted) {
      // locality_wrr.cc via rebuildLocalityWrrForPriority: a fresh seed per priority, in order.
      for (const level of this.levels) level.reseedLocalities(this.rng.nextUint32());
    }
  }

  private recomputeLoad(): void {
    const s = this.index.snapshot;
    const counts = this.counts;
    const levels = this.levels;
    for (let i = 0; i < levels.length; i++) {
      const l = levels[i];
      const c = counts[i] ?? (counts[i] = { hosts: 0, healthy: 0, degraded: 0, excluded: 0 });
      c.hosts = l.hostCount;
      c.healthy = l.healthy.count;
      c.degraded = l.degraded.count;
    }
    counts.length = levels.length;
    this.load = computePriorityLoad(counts, { overprovisioningFactor: s.overprovisioningFactor, panicThreshold: s.panicThreshold });
    this.soleLevel = levels.length > 0 && this.load.healthy[0] === 100 && !this.load.panic[0] ? levels[0] : null;
  }
}

/** Whether any host present in both indexes changed weight. */
function weightsChanged(a: HostSetIndex, b: HostSetIndex): boolean {
  const n = Math.min(a.capacity, b.capacity);
  for (let h = 0; h < n; h++) {
    if (a.priorityOf[h] >= 0 && b.priorityOf[h] >= 0 && a.weights[h] !== b.weights[h]) return true;
  }
  return false;
}
