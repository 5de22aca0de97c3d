/**
 * What every check of the analyzer reads: the loaded scenario, its Istio resources, and the calls
 * it makes — each traffic source's and each service's outgoing calls — routed the way the
 * simulator routes them (the same xDS translation: VirtualService, DestinationRule, locality
 * setting), so a check sees the clusters a proxy would get, not a re-derivation of them.
 *
 * Built once per analysis; the checks are pure functions of it.
 */
import type { Diagnostic, FieldPath, Locator } from '../model/diagnostics.js';
import { formatPath } from '../model/diagnostics.js';
import { shorten } from '../model/escape.js';
import { findDestinationRule, type EffectiveDestinationRule } from '../istio/lookup.js';
import type { LoadedScenario } from '../model/load.js';
import type { Scenario } from '../model/scenario.js';
import type { ResourceMeta } from '../istio/envelope.js';
import { podLabels, podNode, sourceNode } from '../xds/workload-node.js';
import { istioBehaviour } from '../xds/istio-behaviour.js';
import type { EnvoyRoute } from '../xds/route.js';
import { XdsTranslator, type ProxyNode } from '../xds/translator.js';
import { check } from './catalogue.js';

export interface AnalyzeOptions {
  /** `--requests`: the run's total request count, instead of the scenario's `requests`. */
  requests?: number;
}

/** A place in an input file: a file, its locator and a field path in it. */
export interface Where {
  file: string;
  locate?: Locator;
  path: FieldPath;
}

/** One kind of call the scenario makes, routed as the calling proxy routes it. */
export interface Caller {
  /** A traffic source (index into scenario.traffic), or a service's outgoing call. */
  kind: 'source' | 'call';
  source: number;
  /** For a call: the calling service and deployment, and the call's index in its `calls`. */
  from?: { service: number; deployment: number; call: number };
  node: ProxyNode;
  /** The mesh of the calling pods ('' for users outside every mesh). */
  mesh: string;
  /** The called service (index into scenario.services). */
  service: number;
  port: number | undefined;
  /** The field that names the call: `traffic[i].to`, `users[i].to` or `services[i].calls[j].service`. */
  where: Where;
  /** The route the calling proxy gets (clusters with weight > 0). */
  route: EnvoyRoute;
}

/** Does a pod with `labels` carry every label of `selector` (labels.Instance.SubsetOf)? */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A deployment's pods: their labels (computed once: checks match selectors against them often). */
export interface Pods {
  service: number;
  deployment: number;
  replicas: number;
  labels: Record<string, string>;
}

export class AnalysisContext {
  readonly scenario: Scenario;
  /** Every deployment of every service, with its pods' labels; `podsOf[service]` the service's. */
  readonly podsOf: readonly (readonly Pods[])[];
  readonly translator: XdsTranslator;
  /** The run's total request cap: --requests, else the scenario's `requests` (Infinity: none). */
  readonly requests: number;
  readonly callers: readonly Caller[];
  private readonly meshOfCluster: Map<string, string>;
  private readonly rules = new Map<string, EffectiveDestinationRule | undefined>();

  constructor(readonly loaded: LoadedScenario, options: AnalyzeOptions = {}) {
    const s = loaded.scenario;
    this.scenario = s;
    this.requests = options.requests ?? s.maxRequests;
    this.meshOfCluster = new Map(s.clusters.map((c) => [c.name, c.mesh]));
    this.podsOf = s.services.map((svc, si) => svc.deployments.map((d, di) => ({ service: si, deployment: di, replicas: d.replicas, labels: podLabels(s, svc, d) })));
    this.translator = new XdsTranslator({ services: s.services, istio: s.istio, behaviour: istioBehaviour(s.istioVersion), connectTimeoutMs: s.connectTimeoutMs });
    this.callers = this.buildCallers();
  }

  /** The scenario field of traffic source `i` (workload sources are `traffic`, then come `users`). */
  sourcePath(i: number): FieldPath {
    const workloads = this.scenario.traffic.filter((t) => t.origin === 'workload').length;
    return i < workloads ? ['traffic', i] : ['users', i - workloads];
  }

  inScenario(path: FieldPath): Where {
    return { file: this.scenario.file, locate: this.loaded.locate, path };
  }

  inResource(r: ResourceMeta, path: FieldPath): Where {
    return { file: r.file, locate: r.locate, path: [...r.prefix, ...path] };
  }

  meshOf(cluster: string): string {
    return this.meshOfCluster.get(cluster) ?? '';
  }

  /** Replicas of `service` whose pods carry every label of `selector` (empty: all of them). */
  replicas(service: number, selector: Record<string, string> = {}): number {
    return this.podsOf[service].reduce((n, p) => n + (selects(selector, p.labels) ? p.replicas : 0), 0);
  }

  /** The DestinationRule a sidecar in `namespace` applies to `service` (istio/lookup.ts), looked up once. */
  destinationRule(service: number, namespace: string): EffectiveDestinationRule | undefined {
    const key = `${service}\u0000${namespace}`;
    if (!this.rules.has(key)) this.rules.set(key, findDestinationRule(this.scenario.istio, this.scenario.services[service].fqdn, namespace));
    return this.rules.get(key);
  }

  private buildCallers(): Caller[] {
    const s = this.scenario;
    const out: Caller[] = [];
    s.traffic.forEach((t, i) => {
      if (t.service < 0) return;
      const node = sourceNode(s, t);
      const where = this.inScenario([...this.sourcePath(i), 'to']);
      out.push({ kind: 'source', source: i, node, mesh: this.meshOf(t.cluster), service: t.service, port: t.port, where, route: this.translator.route(node, t.service, t.port) });
    });
    s.services.forEach((svc, si) => {
      svc.calls.forEach((c, ci) => {
        if (c.service < 0) return;
        svc.deployments.forEach((d, di) => {
          const node = podNode(s, svc, d);
          const where = this.inScenario(['services', si, 'calls', ci, 'service']);
          out.push({ kind: 'call', source: -1, from: { service: si, deployment: di, call: ci }, node, mesh: this.meshOf(d.cluster), service: c.service, port: c.port, where, route: this.translator.route(node, c.service, c.port) });
        });
      });
    });
    return out;
  }
}

const MAX_MESSAGE = 1000;

/** A finding of check `code` at `where`: its level and (unless given) its fix come from the catalogue. */
export function finding(code: string, where: Where, message: string, hint?: string): Diagnostic {
  const c = check(code);
  const pos = where.locate?.(where.path);
  return {
    severity: c.level,
    file: where.file,
    ...(pos ? { line: pos.line, column: pos.column } : {}),
    path: formatPath(where.path),
    // As Diagnostics.add does: a finding naming thousands of sources stays one readable line.
    message: shorten(message, MAX_MESSAGE),
    code: c.code,
    hint: shorten(hint ?? c.fix, MAX_MESSAGE),
  };
}

/** `a, b and c` */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
