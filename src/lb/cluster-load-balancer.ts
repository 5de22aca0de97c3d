/**
 * ClusterLoadBalancer: one calling proxy's load balancer for one upstream cluster, as Envoy's
 * ZoneAwareLoadBalancerBase does it, minus zone-aware routing (which Istio ≤1.30 never enables).
 *
 * Per request (`chooseHost`):
 *   1. draw a random number; choose the priority and the healthy/degraded class from the
 *      per-priority loads (priority-load.ts);
 *   2. if that priority is in panic, pick among all its hosts;
 *   3. else, with locality weighting on, pick a locality by EDF over effective locality weights,
 *      then a host among that locality's eligible hosts;
 *   4. else pick among the priority's eligible hosts.
 * The host itself is chosen by the cluster's policy (round robin, least request, random, plug-in).
 *
 * Everything derived from health (loads, panic flags, host sources, schedulers) is rebuilt by
 * `refresh()` when a host's health changes, so a pick does no more than a few array reads.
 *
 * Source: envoy source/extensions/load_balancing_policies/common/load_balancer_impl.cc
 * (ZoneAwareLoadBalancerBase::hostSourceToUse, chooseHostOnce, chooseHealthyLocality).
 */
import type { Rng } from '../engine/random.js';
import { EdfScheduler } from './edf.js';
import { DEGRADED, HEALTHY, type ClusterSnapshot } from './host-set.js';
import { effectiveLocalityWeight } from './locality-weight.js';
import type { HostPicker, LoadBalancingPolicy, PickContext } from './policy.js';
import { choosePriority, computePriorityLoad, type PriorityLoad } from './priority-load.js';

/**
 * One host source (Envoy's HostsSource: a priority, optionally a locality, and a host class): a
 * list of hosts and the policy's picker over them, created on first use. `previous` is the
 * picker the same source had before the last refresh, handed to the policy to carry state.
 */
class HostSource {
  picker: HostPicker | undefined;
  constructor(
    readonly hosts: number[],
    private readonly owner: ClusterLoadBalancer,
    private previous: HostPicker | undefined,
  ) {}
  pick(hash: number): number {
    if (this.hosts.length === 0) return -1;
    if (this.picker === undefined) {
      this.picker = this.owner.newPicker(this.hosts, this.previous);
      this.previous = undefined;
    }
    return this.picker.pick(hash);
  }
  /** The picker to hand to this source's successor. */
  get state(): HostPicker | undefined {
    return this.picker ?? this.previous;
  }
}

interface LocalityState {
  healthy: HostSource;
  degraded: HostSource;
  weight: number;
  total: number;
}

interface PriorityState {
  all: HostSource;
  healthy: HostSource;
  degraded: HostSource;
  localities: LocalityState[];
  /** EDF over locality indexes for the healthy / degraded class (undefined: no locality weighting). */
  healthyLocalities: EdfScheduler | undefined;
  degradedLocalities: EdfScheduler | undefined;
  healthyLocalityWeights: Float64Array;
  degradedLocalityWeights: Float64Array;
}

export interface ClusterLbStats {
  /** Picks that landed on a priority in panic (Envoy stat lb_healthy_panic). */
  healthyPanic: number;
  /** Requests for which no host could be chosen (Envoy: "no healthy upstream"). */
  noHealthyUpstream: number;
}

export class ClusterLoadBalancer implements PickContext {
  readonly weights: Float64Array;
  readonly active: Int32Array;
  readonly stats: ClusterLbStats = { healthyPanic: 0, noHealthyUpstream: 0 };
  private load!: PriorityLoad;
  private priorities: PriorityState[] = [];
  private readonly healthyWeightFn = (i: number) => this.currentPriority.healthyLocalityWeights[i];
  private readonly degradedWeightFn = (i: number) => this.currentPriority.degradedLocalityWeights[i];
  private currentPriority!: PriorityState;
  /** Envoy draws one seed per load balancer (seed_ = random()) and uses it for every host source. */
  private readonly seed: number;

  /**
   * @param health per cluster-local host: HEALTHY, DEGRADED or UNHEALTHY; owned by the caller,
   *   who calls refresh() after changing it.
   */
  constructor(
    readonly snapshot: ClusterSnapshot,
    readonly policy: LoadBalancingPolicy,
    readonly rng: Rng,
    readonly health: Uint8Array,
  ) {
    const n = snapshot.hostWeights.length;
    if (health.length !== n) throw new Error(`ClusterLoadBalancer: health has ${health.length} entries for ${n} hosts`);
    this.weights = Float64Array.from(snapshot.hostWeights);
    this.active = new Int32Array(n);
    this.seed = rng.nextUint32();
    this.refresh();
  }

  get priorityLoad(): Readonly<PriorityLoad> {
    return this.load;
  }

  /** @internal used by HostSource */
  newPicker(hosts: number[], previous: HostPicker | undefined): HostPicker {
    return this.policy.newPicker(hosts, this, this.seed, previous);
  }

  /** Pickers of the current sources by key, so a refresh can hand each source's state on. */
  private previousPickers(): Map<string, HostPicker> {
    const m = new Map<string, HostPicker>();
    const keep = (key: string, src: HostSource) => {
      const st = src.state;
      if (st !== undefined) m.set(key, st);
    };
    this.priorities.forEach((p, pi) => {
      keep(`${pi}/all`, p.all);
      keep(`${pi}/h`, p.healthy);
      keep(`${pi}/d`, p.degraded);
      p.localities.forEach((l, li) => {
        keep(`${pi}/${li}/h`, l.healthy);
        keep(`${pi}/${li}/d`, l.degraded);
      });
    });
    return m;
  }

  /** Rebuilds loads, panic flags, host sources and locality schedulers from the current health. */
  refresh(): void {
    const s = this.snapshot;
    const health = this.health;
    const counts = s.priorities.map((p) => {
      let hosts = 0;
      let healthy = 0;
      let degraded = 0;
      for (const l of p.localities) {
        for (const h of l.hosts) {
          hosts++;
          if (health[h] === HEALTHY) healthy++;
          else if (health[h] === DEGRADED) degraded++;
        }
      }
      return { hosts, healthy, degraded, excluded: 0 };
    });
    this.load = computePriorityLoad(counts, { overprovisioningFactor: s.overprovisioningFactor, panicThreshold: s.panicThreshold });
    const prev = this.previousPickers();
    this.priorities = s.priorities.map((p, pi) => {
      const all: number[] = [];
      const healthy: number[] = [];
      const degraded: number[] = [];
      const localities = p.localities.map((l, li): LocalityState => {
        const lh: number[] = [];
        const ld: number[] = [];
        for (const h of l.hosts) {
          all.push(h);
          if (health[h] === HEALTHY) lh.push(h);
          else if (health[h] === DEGRADED) ld.push(h);
        }
        healthy.push(...lh);
        degraded.push(...ld);
        return {
          healthy: new HostSource(lh, this, prev.get(`${pi}/${li}/h`)),
          degraded: new HostSource(ld, this, prev.get(`${pi}/${li}/d`)),
          weight: l.weight,
          total: l.hosts.length,
        };
      });
      const state: PriorityState = {
        all: new HostSource(all, this, prev.get(`${pi}/all`)),
        healthy: new HostSource(healthy, this, prev.get(`${pi}/h`)),
        degraded: new HostSource(degraded, this, prev.get(`${pi}/d`)),
        localities,
        healthyLocalities: undefined,
        degradedLocalities: undefined,
        healthyLocalityWeights: new Float64Array(localities.length),
        degradedLocalityWeights: new Float64Array(localities.length),
      };
      if (s.localityWeighted) {
        // locality_wrr.cc LocalityWrr: effective weights, scheduler over localities with weight > 0.
        // load_balancer_impl.cc rebuildLocalityWrrForPriority: LocalityWrr(host_set, random_.random()),
        // a fresh seed at every rebuild (the host schedulers keep the LB's seed_).
        const seed = this.rng.nextUint32();
        state.healthyLocalities = this.localityScheduler(localities, state.healthyLocalityWeights, (l) => l.healthy.hosts.length, seed);
        state.degradedLocalities = this.localityScheduler(localities, state.degradedLocalityWeights, (l) => l.degraded.hosts.length, seed);
      }
      return state;
    });
  }

  private localityScheduler(localities: LocalityState[], out: Float64Array, eligible: (l: LocalityState) => number, seed: number): EdfScheduler | undefined {
    const items: number[] = [];
    const weights: number[] = [];
    localities.forEach((l, i) => {
      out[i] = effectiveLocalityWeight(l.weight, eligible(l), l.total, 0, this.snapshot.overprovisioningFactor);
      if (out[i] > 0) {
        items.push(i);
        weights.push(out[i]);
      }
    });
    if (items.length === 0) return undefined;
    // locality_wrr.cc LocalityWrr::rebuildLocalityScheduler: createWithPicks(entries, weight, seed).
    return EdfScheduler.createWithPicks(items, weights, seed);
  }

  /** Chooses a host for one request attempt; -1 when none is available (no healthy upstream). */
  chooseHost(): number {
    const hash = this.rng.nextUint32();
    // choosePriority (priority-load.ts), inlined: this runs once per request and must not allocate.
    const h = (hash % 100) + 1;
    const healthyLoad = this.load.healthy;
    let priority = -1;
    let degraded = false;
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
      priority = choosePriority(this.load, hash).priority;
    }
    const p = this.priorities[priority];
    let host: number;
    if (this.load.panic[priority]) {
      // load_balancer_impl.cc hostSourceToUse: a priority in panic balances over all its hosts.
      this.stats.healthyPanic++;
      host = p.all.pick(hash);
    } else {
      const scheduler = degraded ? p.degradedLocalities : p.healthyLocalities;
      if (scheduler !== undefined) {
        this.currentPriority = p;
        const loc = scheduler.pickAndAdd(degraded ? this.degradedWeightFn : this.healthyWeightFn);
        const l = p.localities[loc];
        host = (degraded ? l.degraded : l.healthy).pick(hash);
      } else {
        host = (degraded ? p.degraded : p.healthy).pick(hash);
      }
    }
    if (host < 0) this.stats.noHealthyUpstream++;
    return host;
  }
}
