/**
 * MS0108 OverCapacity: a service (or a subset of it) offered at least as much work as it can do.
 *
 *   ρ = λ · E[S] / (Σ replicas × concurrency)   (per deployment: Σ replicas·concurrency / E[S_d])
 *
 * λ is the arrival rate reaching it at the scenario's rates: traffic sources (and user populations)
 * split by their route's weights, plus the calls of the services they reach (fan-out × probability,
 * down the call graph, which is acyclic), each call routed from the calling deployment as its
 * sidecar routes it. Sources that send at different times are not added up: λ is the largest sum
 * of the sources active together (at some source's start). E[S] is the service-time
 * distribution's mean (engine/distributions.ts). ρ ≥ 1 means the queues grow for as long as the
 * load lasts (M/M/c is unstable); retries, errors and failovers, which add or move load, are left
 * out, so this is a floor of the real load.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { makeSampler } from '../../engine/distributions.js';
import { canonicalJson } from '../../model/canonical-json.js';
import { finding, selects, type AnalysisContext } from '../context.js';
import { ownEndMs } from '../sending.js';

interface Group {
  service: number;
  subset: string | undefined;
  labels: Record<string, string>;
}

/** The clusters of a route (with their weights), as the calling proxy gets them. */
type Route = AnalysisContext['callers'][number]['route']['clusters'];

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const perSecond = (r: number) => `${Number(r.toPrecision(3))}/s`;

/** Services in call order: callers before callees (the call graph is acyclic, model/qualify.ts). */
function callOrder(ctx: AnalysisContext): number[] {
  const s = ctx.scenario;
  const order: number[] = [];
  const state = new Uint8Array(s.services.length);
  const visit = (i: number) => {
    if (state[i] !== 0) return;
    state[i] = 1;
    for (const c of s.services[i].calls) if (c.service >= 0) visit(c.service);
    state[i] = 2;
    order.push(i);
  };
  for (let i = 0; i < s.services.length; i++) visit(i);
  return order.reverse();
}

export function overCapacity(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const groups = new Map<string, Group>();
  // A group's key, made once per label set (the route's clusters share their label objects).
  const labelKeys = new WeakMap<Record<string, string>, string>();
  const groupKey = (service: number, labels: Record<string, string>) => {
    let k = labelKeys.get(labels);
    if (k === undefined) labelKeys.set(labels, (k = canonicalJson(labels)));
    return `${service}\u0000${k}`;
  };
  // What one replica serves per second, per deployment: concurrency / E[S].
  const perReplica = s.services.map((svc) => svc.deployments.map((d) => {
    const mean = makeSampler(d.serviceTime).mean;
    return mean > 0 ? (d.concurrency * 1000) / mean : Infinity;
  }));
  const members = (service: number, labels: Record<string, string>) => ctx.podsOf[service].filter((p) => p.replicas > 0 && selects(labels, p.labels));
  const capacityOf = (service: number, labels: Record<string, string>) => members(service, labels).reduce((n, p) => n + p.replicas * perReplica[service][p.deployment], 0);
  const order = callOrder(ctx);
  // The routes of each traffic source, and of each call of each deployment (`callsFrom[service][deployment][call]`).
  const sourceRoutes = s.traffic.map(() => [] as Route[]);
  const callsFrom = s.services.map((svc) => svc.deployments.map(() => new Array<Route | undefined>(svc.calls.length)));
  for (const c of ctx.callers) {
    if (c.kind === 'source') sourceRoutes[c.source].push(c.route.clusters);
    else if (c.from) callsFrom[c.from.service][c.from.deployment][c.from.call] = c.route.clusters;
  }
  // A group's pods with replicas and their sum, for the walk down the call graph.
  const podsOfGroup = new Map<string, { pods: ReturnType<typeof members>; replicas: number }>();

  /**
   * Arrival rate per group (and per service, keyed by its index) caused by the sources `ids`
   * sending together. Arrivals add up linearly, so sources with one sending window are walked
   * down the call graph together.
   */
  const loadOf = (ids: readonly number[]): Map<string, number> => {
    const load = new Map<string, number>();
    // The groups of each service these sources reach, for the walk down the call graph.
    const reached = new Map<number, Set<string>>();
    const add = (service: number, subset: string | undefined, labels: Record<string, string>, rate: number) => {
      const k = groupKey(service, labels);
      if (!groups.has(k)) groups.set(k, { service, subset, labels });
      load.set(k, (load.get(k) ?? 0) + rate);
      load.set(`${service}`, (load.get(`${service}`) ?? 0) + rate);
      let keys = reached.get(service);
      if (keys === undefined) reached.set(service, (keys = new Set()));
      keys.add(k);
    };
    const route = (clusters: Route, rate: number) => {
      const total = clusters.reduce((w, c) => w + c.weight, 0);
      for (const c of clusters) add(c.cluster.service, c.cluster.subset, c.cluster.subsetLabels, (rate * c.weight) / total);
    };
    for (const i of ids) for (const clusters of sourceRoutes[i]) route(clusters, s.traffic[i].ratePerSecond);
    // Down the call graph: a group's arrivals are served by its pods (in proportion to replicas), whose sidecars call on.
    for (const svc of order) {
      const spec = s.services[svc];
      const keys = reached.get(svc);
      if (spec.calls.length === 0 || keys === undefined) continue;
      for (const k of keys) {
        const rate = load.get(k) ?? 0;
        let served = podsOfGroup.get(k);
        if (served === undefined) {
          const pods = members(svc, groups.get(k)!.labels);
          podsOfGroup.set(k, (served = { pods, replicas: pods.reduce((n, p) => n + p.replicas, 0) }));
        }
        if (rate <= 0 || served.replicas === 0) continue;
        for (const p of served.pods) {
          spec.calls.forEach((call, ci) => {
            const clusters = callsFrom[svc][p.deployment][ci];
            if (clusters) route(clusters, (rate * p.replicas * call.probability) / served.replicas);
          });
        }
      }
    }
    return load;
  };
  // Each source's own load, made when a finding names the sources behind it.
  const ownLoads = new Map<number, Map<string, number>>();
  const ownLoad = (i: number) => {
    let l = ownLoads.get(i);
    if (l === undefined) ownLoads.set(i, (l = loadOf([i])));
    return l;
  };
  // Sources by sending window [start, end), in input order.
  const windows = new Map<string, number[]>();
  s.traffic.forEach((t, i) => {
    const w = `${t.startMs}\u0000${ownEndMs(t)}`;
    const ids = windows.get(w);
    if (ids === undefined) windows.set(w, [i]);
    else ids.push(i);
  });
  const together = [...windows.values()];
  const loads = together.map((ids) => (ids.length === 1 ? ownLoad(ids[0]) : loadOf(ids)));

  // λ per key: the largest sum over the sources sending together. A sweep over the windows' starts
  // and ends (an end before a start at the same time: a source sends in [start, end)); a sum can
  // only reach a new high when a window starts, for the keys its sources load.
  const events = together.flatMap((ids, w) => [{ at: s.traffic[ids[0]].startMs, start: true, w }, { at: ownEndMs(s.traffic[ids[0]]), start: false, w }]).filter((e) => Number.isFinite(e.at) || e.start);
  events.sort((a, b) => a.at - b.at || Number(a.start) - Number(b.start) || a.w - b.w);
  const now = new Map<string, number>();
  const worst = new Map<string, { rate: number; at: number }>();
  for (const e of events) {
    for (const [k, r] of loads[e.w]) {
      const v = (now.get(k) ?? 0) + (e.start ? r : -r);
      now.set(k, v);
      if (e.start && v > (worst.get(k)?.rate ?? 0)) worst.set(k, { rate: v, at: e.at });
    }
  }
  const sendingAt = (k: string, at: number) => s.traffic.map((_, i) => i).filter((i) => s.traffic[i].startMs <= at && at < ownEndMs(s.traffic[i]) && (ownLoad(i).get(k) ?? 0) > 0);

  const out: Diagnostic[] = [];
  const describe = (key: string, service: number, subset: string | undefined, labels: Record<string, string>) => {
    const lambda = worst.get(key);
    const spec = s.services[service];
    const capacity = capacityOf(service, labels);
    // No replicas at all is MS0101's (or IST0173's) finding. ρ = 1 exactly is unstable too (M/M/c).
    if (lambda === undefined || capacity <= 0 || !(lambda.rate >= capacity * (1 - 1e-9))) return false;
    const pods = members(service, labels).map((p) => spec.deployments[p.deployment]);
    const replicas = pods.reduce((n, d) => n + d.replicas, 0);
    const conc = [...new Set(pods.map((d) => d.concurrency))].join('/');
    const means = [...new Set(pods.map((d) => makeSampler(d.serviceTime).mean))].map((m) => `${Number(m.toPrecision(3))}ms`).join('/');
    const senders = sendingAt(key, lambda.at).map((i) => `${s.traffic[i].name} ${perSecond(s.traffic[i].ratePerSecond)}`).join(', ');
    const what = `${spec.name}.${spec.namespace}${subset ? ` subset ${subset}` : ''}`;
    out.push(
      finding(
        'MS0108',
        ctx.inScenario(['services', service, 'deployments']),
        `ρ = ${(lambda.rate / capacity).toFixed(2)} ≥ 1: at the scenario's rates about ${perSecond(lambda.rate)} reach ${what} (sources ${senders}, with the calls they cause), and its ${replicas} replica${replicas === 1 ? '' : 's'} × concurrency ${conc} at a mean service time of ${means} serve at most ${perSecond(capacity)}; its queues grow for as long as this load lasts`,
      ),
    );
    return true;
  };
  const overloaded = new Set<number>();
  for (let svc = 0; svc < s.services.length; svc++) if (describe(`${svc}`, svc, undefined, {})) overloaded.add(svc);
  // A subset can be overloaded while its service is not (a route sends it more than its share).
  // Subsets in a fixed order (service, subset name, labels), whatever order the walk met them in.
  const subsets = [...groups].sort(([ka, a], [kb, b]) => a.service - b.service || compareText(a.subset ?? '', b.subset ?? '') || compareText(ka, kb));
  for (const [k, g] of subsets) {
    if (overloaded.has(g.service) || Object.keys(g.labels).length === 0) continue;
    describe(k, g.service, g.subset, g.labels);
  }
  return out;
}
