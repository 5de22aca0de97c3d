/**
 * Result rows of the run's stations: per endpoint and per gateway replica, requests served,
 * utilisation (busy server time / servers / time) and the time-average number at the station.
 */
import type { Stations } from '../engine/stations.js';
import type { EndpointRow, GatewayRow } from './result.js';
import type { World } from './world.js';

export function endpointRows(st: Stations, w: World, endMs: number): EndpointRow[] {
  return w.endpoints.map((ep) => {
    st.advance(ep.id, endMs);
    const svc = w.scenario.services[ep.service];
    return {
      name: ep.name,
      service: `${svc.name}.${svc.namespace}`,
      cluster: ep.cluster,
      locality: w.localities.name(ep.locality),
      served: st.servedOf(ep.id),
      utilisation: endMs > 0 ? st.busyAreaOf(ep.id) / (ep.concurrency * endMs) : 0,
      meanInSystem: endMs > 0 ? st.inSystemAreaOf(ep.id) / endMs : 0,
      maxQueue: st.maxQueueOf(ep.id),
    };
  });
}

export function gatewayRows(st: Stations, w: World, endMs: number): GatewayRow[] {
  const out: GatewayRow[] = [];
  for (const t of w.targets) {
    const g = t.gateway;
    if (g === undefined) continue;
    st.advance(t.id, endMs);
    out.push({
      name: t.name,
      kind: g.kind,
      cluster: g.cluster,
      locality: w.localities.name(t.locality),
      served: st.servedOf(t.id),
      utilisation: endMs > 0 ? st.busyAreaOf(t.id) / (g.concurrency * endMs) : 0,
      meanInSystem: endMs > 0 ? st.inSystemAreaOf(t.id) / endMs : 0,
      maxQueue: st.maxQueueOf(t.id),
    });
  }
  return out;
}
