/**
 * EjectionLog: applies outlier-detection events to the calling proxy's view of its cluster (an
 * ejected host becomes UNHEALTHY in the load balancer) and keeps the ejection log.
 */
import { HEALTHY, UNHEALTHY } from '../lb/host-set.js';
import type { OutlierEvent } from '../outlier/detector.js';
import type { EjectionRecord } from './result.js';
import type { ProxyClusterView, World } from './world.js';

export class EjectionLog {
  readonly records: EjectionRecord[] = [];
  /** Ejections detected but refused by maxEjectionPercent (Envoy stat ejections_overflow). */
  overflows = 0;
  /** Hosts ejected now, summed over proxies. */
  ejectedNow = 0;

  constructor(private readonly world: World) {}

  apply(view: ProxyClusterView, e: OutlierEvent): void {
    // A detected ejection refused by the cap or not enforced changes nothing (Envoy logs it only).
    if (e.action === 'eject' && !e.enforced) {
      if (e.overflow) this.overflows++;
      return;
    }
    view.lb.setHealth(e.host, e.action === 'eject' ? UNHEALTHY : HEALTHY);
    this.ejectedNow += e.action === 'eject' ? 1 : -1;
    this.records.push({
      timeMs: e.time,
      proxy: this.world.proxies[view.proxy].name,
      cluster: view.cluster.name,
      host: this.world.endpoints[view.hostEndpoint[e.host]].name,
      action: e.action,
      reason: e.reason,
      ejectionMs: e.ejectionDurationMs,
    });
  }
}
