/**
 * The global load balancer's health checks of the ingress gateways. The load balancer in front of
 * the ingress gateways (a cloud anycast / DNS load balancer, World.addGlobalLoadBalancer) probes
 * every gateway replica: a replica that fails `unhealthyThreshold` checks in a row leaves its pool
 * (so users fail over to the next region by RTT once a region's replicas are all out), and one
 * that passes `healthyThreshold` checks comes back. Without this, a dead region's users would be
 * sent to its dead gateways for as long as it is down.
 *
 * Timings are Google Cloud's health-check defaults (gcloud compute health-checks create: check
 * interval 5 s, timeout 5 s, unhealthy threshold 2, healthy threshold 2). Every replica is checked
 * at each multiple of the interval (one phase for all, no random draw). A refused connection fails
 * its check at once; a blackholed replica fails it when the timeout is over.
 */
import type { Simulation } from '../engine/simulation.js';
import type { World } from './world.js';

export const GLOBAL_LB_HEALTH_CHECK = { intervalMs: 5_000, timeoutMs: 5_000, unhealthyThreshold: 2, healthyThreshold: 2 };

/**
 * When a replica whose state changed at `nowMs` is marked down (`down`) or up again: at the check
 * that makes the threshold-th result in a row (the first check at or after the change, then one
 * per interval), plus the timeout for a check that fails by timing out.
 */
export function healthFlipAt(nowMs: number, down: boolean, blackhole: boolean, hc = GLOBAL_LB_HEALTH_CHECK): number {
  const first = Math.ceil(nowMs / hc.intervalMs) * hc.intervalMs;
  const threshold = down ? hc.unhealthyThreshold : hc.healthyThreshold;
  return first + (threshold - 1) * hc.intervalMs + (down && blackhole ? Math.min(hc.timeoutMs, hc.intervalMs) : 0);
}

export class GlobalLbHealth {
  /** Per target: generation of its pending change, and whether the global load balancer holds it down. */
  private gen = new Int32Array(0);
  private markedDown = new Uint8Array(0);
  private readonly EV_FLIP: number;

  constructor(private readonly world: World, private readonly sim: Simulation) {
    this.EV_FLIP = sim.register('global-lb-health', this.onFlip);
  }

  /** Ingress gateway `t` went down (or came back): the checks notice it later. */
  onChange(t: number, down: boolean, blackhole: boolean): void {
    const gw = this.world.targets[t]?.gateway;
    if (gw === undefined || gw.kind !== 'ingress') return;
    if (t >= this.gen.length) {
      const n = this.world.targets.length;
      const g = new Int32Array(n);
      g.set(this.gen);
      this.gen = g;
      const m = new Uint8Array(n);
      m.set(this.markedDown);
      this.markedDown = m;
    }
    this.gen[t]++;
    if ((this.markedDown[t] === 1) === down) return; // back before the checks noticed, or down again
    this.sim.scheduleAt(healthFlipAt(this.sim.now, down, blackhole), this.EV_FLIP, t, this.gen[t]);
  }

  private readonly onFlip = (t: number, gen: number): void => {
    if (this.gen[t] !== gen) return; // superseded by a later change
    const down = this.markedDown[t] === 0;
    this.markedDown[t] = down ? 1 : 0;
    const w = this.world;
    // The global load balancer's views are built with it (World.addGlobalLoadBalancer), not per route.
    for (const view of w.views) {
      if (w.proxies[view.proxy].role !== 'global-lb') continue;
      const targets = view.hostTarget;
      for (let slot = 0; slot < targets.length; slot++) if (targets[slot] === t) view.setEdsHealth(slot, down);
    }
  };
}
