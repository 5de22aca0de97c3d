/**
 * EjectionLog: the outlier-detection log of a run (ejections.csv) and its counters. A log only:
 * the proxy's view applies the decision to its load balancer (proxy/cluster-view.ts).
 */
import type { OutlierEvent } from '../outlier/detector.js';
import type { ProxyClusterView } from '../proxy/cluster-view.js';
import type { EjectionRecord } from './result.js';
import type { World } from './world.js';

export class EjectionLog {
  readonly records: EjectionRecord[] = [];
  /** Ejections detected but refused by maxEjectionPercent (Envoy stat ejections_overflow). */
  overflows = 0;
  /** Hosts ejected now, summed over proxies. */
  ejectedNow = 0;

  constructor(private readonly world: World) {}

  /** Records a detector's decision; `applied` says whether it changed the view (enforced). */
  record(view: ProxyClusterView, e: OutlierEvent, applied: boolean): void {
    if (!applied) {
      if (e.overflow) this.overflows++;
      return;
    }
    this.ejectedNow += e.action === 'eject' ? 1 : -1;
    this.records.push({
      timeMs: e.time,
      proxy: this.world.proxies[view.proxy].name,
      cluster: view.cluster.name,
      host: this.world.targets[view.hostTarget[e.host]].name,
      action: e.action,
      reason: e.reason,
      ejectionMs: e.ejectionDurationMs,
    });
  }
}
