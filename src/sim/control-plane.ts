/**
 * The control plane: how an endpoint's failure reaches the proxies' EDS views.
 *
 *   endpoint fails ─► Kubernetes marks it NotReady ─► istiod sees it (if it can reach that
 *   cluster's API server) ─► debounce ─► push ─► each proxy applies it after a push delay
 *
 * Kubernetes: a crashed container makes its pod NotReady after `containerExitDetection` (kubelet);
 * a hung one after `failureThreshold` failed readiness probes (the first at a uniform phase of
 * the probe period, each failing after the probe timeout); the pods of lost nodes (zone outage)
 * after `nodeMonitorGracePeriod` (node lifecycle controller). A recovered endpoint is Ready again
 * after `successThreshold` good probes. A cluster or region outage takes the cluster's API server
 * down with it: nothing there changes for anyone watching, and its endpoints stay in EDS as
 * istiod last saw them (informer caches keep them).
 *
 * Istio: every istiod watches every cluster of its mesh (remote secrets). Which proxies it
 * configures depends on the model: multi-primary — the proxies of its own cluster; primary-remote
 * — every proxy of the mesh, from the primary cluster; external — every proxy, from outside. An
 * istiod is down during a control-plane outage and while its cluster is down; its proxies keep the
 * last configuration they received (Envoy serves from its last xDS state), and it pushes the
 * current state when it is back. Changes are debounced (PILOT_DEBOUNCE_AFTER 100ms, at most
 * PILOT_DEBOUNCE_MAX 10s; pilot/pkg/xds/discovery.go debounce). A partition between istiod and a
 * cluster stops its watch of that cluster and its pushes to that cluster's proxies until it heals.
 *
 * VMs (`platform: vm`): no istiod runs among them; their WorkloadEntries live in the API server of
 * the cluster they are registered in (their cluster ID), and the istiod serving that cluster
 * configures them and writes their health. Their health follows sim/vm-health.ts (probes by
 * istio-agent, disconnects), and a change waits while that istiod is down (the agent re-sends its
 * health when it reconnects).
 *
 * Mechanism only: the runner tells it when faults start and end; World builds the views.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { RandomStreams, Rng } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Proxy } from '../proxy/proxy.js';
import type { FaultSpec, Scenario } from '../model/scenario.js';
import type { FaultState, LinkEnd } from './fault-state.js';
import { vmHealthyAfter, vmUnhealthyAfter } from './vm-health.js';
import { GlobalLbHealth } from './global-lb-health.js';
import type { ReadinessSnapshot, World } from './world.js';

interface Istiod {
  name: string;
  mesh: string;
  /** The cluster it runs in (undefined: an external control plane). */
  cluster: string | undefined;
  /** Proxies of which cluster it configures (undefined: every cluster of its mesh). */
  serves: string | undefined;
  /** Where it runs, for partitions (undefined: outside every partition). */
  end: LinkEnd | undefined;
  debounceMs: number;
  debounceMaxMs: number;
  pushDelay: Sampler;
  rng: Rng;
  /** Active reasons it is down (control-plane outages, its cluster's outage). */
  down: number;
  /** A change it has not pushed yet. */
  dirty: boolean;
  firstChangeMs: number;
  lastChangeMs: number;
  timerPending: boolean;
  /** The readiness it last pushed. */
  pushed: ReadinessSnapshot;
  /** Clusters of its mesh, by index into Scenario.clusters. */
  watches: number[];
}

/** An update that reached a proxy: the endpoints whose readiness changed for it. */
export type EdsUpdateListener = (nowMs: number, proxy: number, changed: number[]) => void;

export class ControlPlane {
  /** Readiness as Kubernetes publishes it, by endpoint. */
  readonly ready: Uint8Array;
  /** Endpoint updates pushed (one per istiod push) and applied at proxies. */
  pushes = 0;
  deliveries = 0;
  onUpdate: EdsUpdateListener | undefined;

  private readonly istiods: Istiod[] = [];
  private readonly snapshots: ReadinessSnapshot[] = [];
  /** Per proxy: the istiod configuring it (-2: not computed yet; -1: none) and the snapshot it holds. */
  private istiodOf = new Int32Array(0);
  private delivered = new Int32Array(0);
  /** Per endpoint: a pending readiness change (its generation, and the value it sets). */
  private readonly flipGen: Int32Array;
  private readonly flipTo: Uint8Array;
  /** Per cluster: active outages of its API server. */
  private readonly apiDown: Int32Array;
  private readonly endpointsOf: number[][];
  /** Per endpoint: the cluster whose API server holds it (a VM's: the cluster it is registered in). */
  private readonly registryOf: Int32Array;
  /** Per endpoint: the istiod that writes a VM's health (-1: a pod), and a change waiting for it. */
  private readonly vmIstiod: Int32Array;
  private readonly vmPending: Uint8Array;
  /** Istio cluster ID of each cluster's proxies (a VM group: the cluster it is registered in). */
  private readonly clusterIdOf = new Map<string, string>();
  private readonly clusterIndex = new Map<string, number>();
  private readonly clusterEnd: LinkEnd[];
  private readonly kubeRng: Rng;
  private readonly EV_READY: number;
  private readonly EV_DEBOUNCE: number;
  private readonly EV_DELIVER: number;
  /** The global load balancer's health checks of the ingress gateways (not an istiod's job, but told of the same faults). */
  private readonly globalLbHealth: GlobalLbHealth;

  constructor(
    private readonly world: World,
    private readonly scenario: Scenario,
    private readonly sim: Simulation,
    streams: RandomStreams,
    private readonly faults: FaultState,
  ) {
    const n = world.endpoints.length;
    this.ready = new Uint8Array(n).fill(1);
    this.flipGen = new Int32Array(n);
    this.flipTo = new Uint8Array(n);
    this.snapshots.push({ id: 0, ready: this.ready.slice() });
    scenario.clusters.forEach((c, i) => this.clusterIndex.set(c.name, i));
    this.apiDown = new Int32Array(scenario.clusters.length);
    this.endpointsOf = scenario.clusters.map(() => []);
    for (const c of scenario.clusters) this.clusterIdOf.set(c.name, c.clusterId);
    this.registryOf = Int32Array.from(world.endpoints, (e) => this.clusterIndex.get(this.clusterIdOf.get(e.cluster) ?? e.cluster)!);
    for (const e of world.endpoints) this.endpointsOf[this.registryOf[e.id]].push(e.id);
    this.clusterEnd = scenario.clusters.map((c) => ({ network: c.network, region: c.region }));
    this.kubeRng = streams.stream('kubernetes');
    for (const m of scenario.meshes) {
      const cp = m.controlPlane;
      const watches = m.clusters.map((c) => this.clusterIndex.get(c)!);
      const add = (name: string, cluster: string | undefined, serves: string | undefined) =>
        this.istiods.push({
          name,
          mesh: m.name,
          cluster,
          serves,
          end: cluster === undefined ? undefined : this.clusterEnd[this.clusterIndex.get(cluster)!],
          debounceMs: cp.debounceMs,
          debounceMaxMs: cp.debounceMaxMs,
          pushDelay: makeSampler(cp.pushDelay),
          rng: streams.stream(`xds/${name}`),
          down: 0,
          dirty: false,
          firstChangeMs: 0,
          lastChangeMs: 0,
          timerPending: false,
          pushed: this.snapshots[0],
          watches,
        });
      if (cp.model === 'multi-primary') {
        // istiod never runs on VMs.
        for (const c of m.clusters) if (scenario.clusters[this.clusterIndex.get(c)!].platform === 'kubernetes') add(`istiod-${c}`, c, c);
      } else if (cp.model === 'primary-remote') add(`istiod-${cp.primary}`, cp.primary, undefined);
      else add(`istiod-${m.name}-external`, undefined, undefined);
    }
    this.vmIstiod = Int32Array.from(world.endpoints, (e) => {
      const c = scenario.clusters[this.clusterIndex.get(e.cluster)!];
      return c.platform === 'vm' ? this.istiods.findIndex((x) => x.mesh === c.mesh && (x.serves === undefined || x.serves === c.clusterId)) : -1;
    });
    this.vmPending = new Uint8Array(n);
    this.EV_READY = sim.register('readiness', this.onReady);
    this.EV_DEBOUNCE = sim.register('istiod-debounce', this.onDebounce);
    this.EV_DELIVER = sim.register('xds-push', this.onDeliver);
    world.readinessOf = (p) => this.readinessOf(p);
    this.globalLbHealth = new GlobalLbHealth(world, sim);
  }

  /** The readiness proxy `p` holds: the last push it applied, else its istiod's last push. */
  readinessOf(p: Proxy): ReadinessSnapshot | undefined {
    const i = this.istiodIndex(p.id);
    if (i < 0) return undefined;
    const d = this.delivered[p.id];
    const snap = d > 0 ? this.snapshots[d] : this.istiods[i].pushed;
    return snap.id === 0 ? undefined : snap;
  }

  private istiodIndex(p: number): number {
    if (p >= this.istiodOf.length) {
      const n = Math.max(p + 1, this.world.proxies.length);
      const of = new Int32Array(n).fill(-2);
      of.set(this.istiodOf);
      this.istiodOf = of;
      const d = new Int32Array(n);
      d.set(this.delivered);
      this.delivered = d;
    }
    if (this.istiodOf[p] === -2) {
      const proxy = this.world.proxies[p];
      const id = this.clusterIdOf.get(proxy.node.cluster) ?? proxy.node.cluster;
      this.istiodOf[p] = proxy.role === 'global-lb' ? -1 : this.istiods.findIndex((x) => x.mesh === proxy.mesh && (x.serves === undefined || x.serves === id));
    }
    return this.istiodOf[p];
  }

  // ── faults ─────────────────────────────────────────────────────────────────────────────────────
  /** A fault of the timeline starts or ends; `targets` are the targets it acts on. */
  onFault(f: FaultSpec, targets: readonly number[], starting: boolean): void {
    const k = this.scenario.kubernetes;
    // Pods below; VMs by their WorkloadEntry health (sim/vm-health.ts), whatever the kind of outage.
    const endpoints = targets.filter((t) => t < this.world.endpoints.length && this.vmIstiod[t] < 0);
    this.onVmFault(f, targets, starting);
    for (const t of targets) if (t >= this.world.endpoints.length) this.globalLbHealth.onChange(t, this.faults.down[t] > 0, this.faults.modeOf(t) === 'blackhole');
    switch (f.kind) {
      case 'endpoint-crash':
        for (const e of endpoints) {
          // kubelet: a dead container at once (PLEG); a hung one after failureThreshold failed probes.
          if (starting) this.flip(e, 0, f.mode === 'refuse' ? k.containerExitMs : this.probePhase() + (k.failureThreshold - 1) * k.readinessPeriodMs + k.readinessTimeoutMs);
          else this.flip(e, 1, this.recoveryDelay());
        }
        return;
      case 'zone-outage':
        // The node lifecycle controller marks the pods of unreachable nodes NotReady after the grace period.
        for (const e of endpoints) this.flip(e, starting ? 0 : 1, starting ? k.nodeMonitorGraceMs : this.recoveryDelay());
        return;
      case 'cluster-outage':
      case 'region-outage':
        for (let c = 0; c < this.scenario.clusters.length; c++) {
          const spec = this.scenario.clusters[c];
          if ((f.cluster !== undefined && spec.name !== f.cluster) || (f.region !== undefined && spec.region !== f.region)) continue;
          this.setApiDown(c, starting);
        }
        return;
      case 'control-plane-outage':
        this.istiods.forEach((x, i) => {
          if (x.mesh === f.mesh && (f.cluster === undefined || x.cluster === f.cluster)) this.setIstiodDown(i, starting);
        });
        return;
      case 'network-partition':
        // A healed partition: every istiod resyncs what it could not see or send.
        if (!starting) this.istiods.forEach((_, i) => this.markDirty(i));
        return;
      default:
        return; // gateways stay in EDS by address; injected errors and slowness do not fail probes
    }
  }

  private onVmFault(f: FaultSpec, targets: readonly number[], starting: boolean): void {
    const phase = (periodMs: number) => this.kubeRng.next() * periodMs;
    for (const e of targets) {
      if (e >= this.world.endpoints.length || this.vmIstiod[e] < 0) continue;
      const after = starting ? vmUnhealthyAfter(f, this.scenario.vm, phase) : vmHealthyAfter(f, this.scenario.vm, phase);
      if (after !== undefined) this.flip(e, starting ? 0 : 1, after);
    }
  }

  /** Uniform phase of the next readiness probe. */
  private probePhase(): number {
    return this.kubeRng.next() * this.scenario.kubernetes.readinessPeriodMs;
  }

  /** From an endpoint's recovery to Ready: successThreshold good probes, the first at a uniform phase. */
  private recoveryDelay(): number {
    const k = this.scenario.kubernetes;
    return this.probePhase() + (k.successThreshold - 1) * k.readinessPeriodMs;
  }

  private flip(e: number, value: 0 | 1, delayMs: number): void {
    this.flipGen[e]++;
    this.flipTo[e] = value;
    this.sim.schedule(delayMs, this.EV_READY, e, this.flipGen[e]);
  }

  private readonly onReady = (e: number, gen: number): void => {
    if (this.flipGen[e] !== gen) return; // superseded by a later change
    const vm = this.vmIstiod[e];
    // A VM's health reaches the API server through its istiod: it waits while that istiod is down.
    if (vm >= 0 && this.istiods[vm].down > 0) {
      this.vmPending[e] = 1;
      return;
    }
    this.applyReady(e);
  };

  private applyReady(e: number): void {
    const c = this.registryOf[e];
    // Nothing updates the API server of a cluster that is down.
    if (this.apiDown[c] > 0 || this.ready[e] === this.flipTo[e]) return;
    this.ready[e] = this.flipTo[e];
    this.istiods.forEach((x, i) => {
      if (x.watches.includes(c)) this.markDirty(i);
    });
  }

  private setApiDown(c: number, down: boolean): void {
    this.apiDown[c] += down ? 1 : -1;
    const name = this.scenario.clusters[c].name;
    this.istiods.forEach((x, i) => {
      if (x.cluster === name) this.setIstiodDown(i, down);
      // Its API server back: every istiod watching it relists.
      else if (!down && x.watches.includes(c)) this.markDirty(i);
    });
  }

  private setIstiodDown(i: number, down: boolean): void {
    const x = this.istiods[i];
    x.down += down ? 1 : -1;
    if (down || x.down > 0) return;
    // Back: the proxies reconnect and get the current state; VM agents re-send their health.
    for (let e = 0; e < this.vmPending.length; e++) {
      if (this.vmPending[e] === 0 || this.vmIstiod[e] !== i) continue;
      this.vmPending[e] = 0;
      this.applyReady(e);
    }
    this.markDirty(i);
  }

  // ── istiod ─────────────────────────────────────────────────────────────────────────────────────
  private markDirty(i: number): void {
    const x = this.istiods[i];
    const now = this.sim.now;
    if (!x.dirty) x.firstChangeMs = now;
    x.dirty = true;
    x.lastChangeMs = now;
    if (x.down > 0 || x.timerPending) return;
    x.timerPending = true;
    this.sim.schedule(x.debounceMs, this.EV_DEBOUNCE, i, 0);
  }

  /** discovery.go debounce: push once quiet for debounceAfter, or once the first change waited debounceMax. */
  private readonly onDebounce = (i: number): void => {
    const x = this.istiods[i];
    x.timerPending = false;
    if (x.down > 0 || !x.dirty) return;
    const now = this.sim.now;
    const quietAt = x.lastChangeMs + x.debounceMs;
    const maxAt = x.firstChangeMs + x.debounceMaxMs;
    if (now < quietAt && now < maxAt) {
      x.timerPending = true;
      this.sim.scheduleAt(Math.min(quietAt, maxAt), this.EV_DEBOUNCE, i, 0);
      return;
    }
    this.push(i);
  };

  private push(i: number): void {
    const x = this.istiods[i];
    x.dirty = false;
    // What it sees: the current readiness of every cluster whose API server it reaches; the rest as before.
    const next = x.pushed.ready.slice();
    for (const c of x.watches) {
      if (this.apiDown[c] > 0 || this.cutOff(x, this.clusterEnd[c])) continue;
      for (const e of this.endpointsOf[c]) next[e] = this.ready[e];
    }
    if (!sameBytes(next, x.pushed.ready)) {
      x.pushed = { id: this.snapshots.length, ready: next };
      this.snapshots.push(x.pushed);
    }
    this.pushes++;
    const w = this.world;
    for (let p = 0; p < w.proxies.length; p++) {
      if (this.istiodIndex(p) !== i || this.delivered[p] === x.pushed.id) continue;
      if (w.proxies[p].role === 'global-lb') continue;
      this.sim.schedule(x.pushDelay.sample(x.rng), this.EV_DELIVER, p, x.pushed.id);
    }
  }

  /** Whether an active partition separates istiod `x` from `end`. */
  private cutOff(x: Istiod, end: LinkEnd): boolean {
    return x.end !== undefined && this.faults.linkFaultsActive > 0 && this.faults.partitioned(x.end, end);
  }

  /** Endpoints whose readiness differs between two snapshots (most proxies share the pair: computed once). */
  private changedBetween(a: ReadinessSnapshot, b: ReadinessSnapshot): number[] {
    const key = a.id * 0x100000 + b.id;
    let changed = this.changes.get(key);
    if (changed === undefined) {
      changed = [];
      for (let e = 0; e < b.ready.length; e++) if (b.ready[e] !== a.ready[e]) changed.push(e);
      this.changes.set(key, changed);
    }
    return changed;
  }

  private readonly changes = new Map<number, number[]>();

  private readonly onDeliver = (p: number, snapshot: number): void => {
    const i = this.istiodIndex(p);
    const x = this.istiods[i];
    const proxy = this.world.proxies[p];
    if (this.delivered[p] >= snapshot) return; // a newer push got there first
    const before = this.snapshots[this.delivered[p]];
    // A proxy cut off from its istiod misses the push; the istiod resends when the partition heals.
    if (this.cutOff(x, { network: proxy.node.network, region: this.world.localities.places[proxy.locality].region })) return;
    this.delivered[p] = snapshot;
    this.deliveries++;
    for (const v of this.world.viewsOf(p)) this.world.refreshView(v);
    this.onUpdate?.(this.sim.now, p, this.changedBetween(before, this.snapshots[snapshot]));
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
