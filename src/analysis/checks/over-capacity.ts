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
import { finding, podLabels, selects, type AnalysisContext } from '../context.js';
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
  // Work one replica-second can do, per deployment: concurrency / E[S] (requests/s per replica).
  const perReplica = s.services.map((svc) => svc.deployments.map((d) => {
    const mean = makeSampler(d.serviceTime).mean;
    return mean > 0 ? (d.concurrency * 1000) / mean : Infinity;
  }));
  const capacityOf = (service: number, labels: Record<string, string>) =>
    s.services[service].deployments.reduce((n, d, i) => n + (d.replicas > 0 && selects(labels, podLabels(s.services[service], d)) ? d.replicas * perReplica[service][i] : 0), 0);
  const order = callOrder(ctx);
  const callsFrom = new Map<string, (typeof ctx.callers)[number]>();
  for (const c of ctx.callers) if (c.from) callsFrom.set(`${c.from.service}\u0000${c.from.deployment}\u0000${c.from.call}`, c);

  /** Arrival rate per group caused by source `i` alone. */
  const loadOf = (i: number): Map<string, number> => {
    const load = new Map<string, number>();
    const add = (service: number, subset: string | undefined, labels: Record<string, string>, rate: number) => {
      const k = groupKey(service, labels);
      if (!groups.has(k)) groups.set(k, { service, subset, labels });
      load.set(k, (load.get(k) ?? 0) + rate);
    };
    const route = (clusters: (typeof ctx.callers)[number]['route']['clusters'], rate: number) => {
      const total = clusters.reduce((w, c) => w + c.weight, 0);
      for (const c of clusters) add(c.cluster.service, c.cluster.subset, c.cluster.subsetLabels, (rate * c.weight) / total);
    };
    for (const c of ctx.callers) if (c.kind === 'source' && c.source === i) route(c.route.clusters, s.traffic[i].ratePerSecond);
    // Down the call graph: a group's arrivals are served by its deployments (by replicas), whose sidecars call on.
    for (const svc of order) {
      const spec = s.services[svc];
      if (spec.calls.length === 0) continue;
      for (const [k, rate] of [...load]) {
        const g = groups.get(k)!;
        if (g.service !== svc || rate <= 0) continue;
        const members = spec.deployments.map((d, di) => ({ d, di })).filter(({ d }) => d.replicas > 0 && selects(g.labels, podLabels(spec, d)));
        const replicas = members.reduce((n, m) => n + m.d.replicas, 0);
        for (const { d, di } of members) {
          spec.calls.forEach((call, ci) => {
            const caller = callsFrom.get(`${svc}\u0000${di}\u0000${ci}`);
            if (caller) route(caller.route.clusters, (rate * d.replicas * call.probability) / replicas);
          });
        }
      }
    }
    return load;
  };
  const loads = s.traffic.map((_, i) => loadOf(i));
  // λ per group and per service: the largest sum over the sources sending together.
  const instants = [...new Set(s.traffic.map((t) => t.startMs))];
  const active = (i: number, t: number) => s.traffic[i].startMs <= t && t < ownEndMs(s.traffic[i]);
  const worst = new Map<string, { rate: number; sources: number[] }>();
  for (const t of instants) {
    const now = new Map<string, { rate: number; sources: number[] }>();
    loads.forEach((load, i) => {
      if (!active(i, t)) return;
      for (const [k, r] of load) {
        const g = groups.get(k)!;
        for (const key of [k, `${g.service}`]) {
          const e = now.get(key) ?? { rate: 0, sources: [] };
          e.rate += r;
          if (!e.sources.includes(i)) e.sources.push(i);
          now.set(key, e);
        }
      }
    });
    for (const [k, e] of now) if (e.rate > (worst.get(k)?.rate ?? 0)) worst.set(k, e);
  }
  const out: Diagnostic[] = [];
  const describe = (service: number, subset: string | undefined, labels: Record<string, string>, lambda: { rate: number; sources: number[] }) => {
    const spec = s.services[service];
    const capacity = capacityOf(service, labels);
    // No replicas at all is MS0101's (or IST0173's) finding.
    if (capacity <= 0 || !(lambda.rate >= capacity)) return false;
    const members = spec.deployments.filter((d) => d.replicas > 0 && selects(labels, podLabels(spec, d)));
    const replicas = members.reduce((n, d) => n + d.replicas, 0);
    const conc = [...new Set(members.map((d) => d.concurrency))].join('/');
    const means = [...new Set(members.map((d) => makeSampler(d.serviceTime).mean))].map((m) => `${Number(m.toPrecision(3))}ms`).join('/');
    const senders = lambda.sources.map((i) => `${s.traffic[i].name} ${perSecond(s.traffic[i].ratePerSecond)}`).join(', ');
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
  for (let svc = 0; svc < s.services.length; svc++) {
    const lambda = worst.get(`${svc}`);
    if (lambda && describe(svc, undefined, {}, lambda)) overloaded.add(svc);
  }
  // A subset can be overloaded while its service is not (a route sends it more than its share).
  for (const [k, g] of groups) {
    if (overloaded.has(g.service) || Object.keys(g.labels).length === 0) continue;
    const lambda = worst.get(k);
    if (lambda) describe(g.service, g.subset, g.labels, lambda);
  }
  return out;
}
