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
  const groupKey = (service: number, labels: Record<string, string>) => `${service}\u0000${canonicalJson(labels)}`;
  // What one replica serves per second, per deployment: concurrency / E[S].
  const perReplica = s.services.map((svc) => svc.deployments.map((d) => {
    const mean = makeSampler(d.serviceTime).mean;
    return mean > 0 ? (d.concurrency * 1000) / mean : Infinity;
  }));
  const members = (service: number, labels: Record<string, string>) => ctx.podsOf[service].filter((p) => p.replicas > 0 && selects(labels, p.labels));
  const capacityOf = (service: number, labels: Record<string, string>) => members(service, labels).reduce((n, p) => n + p.replicas * perReplica[service][p.deployment], 0);
  const order = callOrder(ctx);
  const callsFrom = new Map<string, (typeof ctx.callers)[number]>();
  for (const c of ctx.callers) if (c.from) callsFrom.set(`${c.from.service}\u0000${c.from.deployment}\u0000${c.from.call}`, c);

  /** Arrival rate per group (and per service, keyed by its index) caused by source `i` alone. */
  const loadOf = (i: number): Map<string, number> => {
    const load = new Map<string, number>();
    // The groups of each service this source reaches, for the walk down the call graph.
    const reached = new Map<number, Set<string>>();
    const add = (service: number, subset: string | undefined, labels: Record<string, string>, rate: number) => {
      const k = groupKey(service, labels);
      if (!groups.has(k)) groups.set(k, { service, subset, labels });
      load.set(k, (load.get(k) ?? 0) + rate);
      load.set(`${service}`, (load.get(`${service}`) ?? 0) + rate);
      reached.set(service, (reached.get(service) ?? new Set()).add(k));
    };
    const route = (clusters: (typeof ctx.callers)[number]['route']['clusters'], rate: number) => {
      const total = clusters.reduce((w, c) => w + c.weight, 0);
      for (const c of clusters) add(c.cluster.service, c.cluster.subset, c.cluster.subsetLabels, (rate * c.weight) / total);
    };
    for (const c of ctx.callers) if (c.kind === 'source' && c.source === i) route(c.route.clusters, s.traffic[i].ratePerSecond);
    // Down the call graph: a group's arrivals are served by its pods (in proportion to replicas), whose sidecars call on.
    for (const svc of order) {
      const spec = s.services[svc];
      const keys = reached.get(svc);
      if (spec.calls.length === 0 || keys === undefined) continue;
      for (const k of keys) {
        const g = groups.get(k)!;
        const rate = load.get(k) ?? 0;
        const pods = members(svc, g.labels);
        const replicas = pods.reduce((n, p) => n + p.replicas, 0);
        if (rate <= 0 || replicas === 0) continue;
        for (const p of pods) {
          spec.calls.forEach((call, ci) => {
            const caller = callsFrom.get(`${svc}\u0000${p.deployment}\u0000${ci}`);
            if (caller) route(caller.route.clusters, (rate * p.replicas * call.probability) / replicas);
          });
        }
      }
    }
    return load;
  };
  const loads = s.traffic.map((_, i) => loadOf(i));

  // λ per key: the largest sum over the sources sending together. A sweep over the sources' starts
  // and ends (an end before a start at the same time: a source sends in [start, end)); a sum can
  // only reach a new high when a source starts, for the keys that source loads.
  const events = s.traffic.flatMap((t, i) => [{ at: t.startMs, start: true, i }, { at: ownEndMs(t), start: false, i }]).filter((e) => Number.isFinite(e.at) || e.start);
  events.sort((a, b) => a.at - b.at || Number(a.start) - Number(b.start) || a.i - b.i);
  const now = new Map<string, number>();
  const worst = new Map<string, { rate: number; at: number }>();
  for (const e of events) {
    for (const [k, r] of loads[e.i]) {
      const v = (now.get(k) ?? 0) + (e.start ? r : -r);
      now.set(k, v);
      if (e.start && v > (worst.get(k)?.rate ?? 0)) worst.set(k, { rate: v, at: e.at });
    }
  }
  const sendingAt = (k: string, at: number) => s.traffic.map((_, i) => i).filter((i) => s.traffic[i].startMs <= at && at < ownEndMs(s.traffic[i]) && (loads[i].get(k) ?? 0) > 0);

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
  for (const [k, g] of groups) {
    if (overloaded.has(g.service) || Object.keys(g.labels).length === 0) continue;
    describe(k, g.service, g.subset, g.labels);
  }
  return out;
}
