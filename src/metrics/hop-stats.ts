/**
 * Per-hop traffic: requests and bytes on each kind of hop — from a cluster and locality (or the
 * internet, for users) to a target's cluster and locality, the kind of target it reached, for one
 * service. A call through a gateway counts on every hop it crossed; a one-hop call on exactly one,
 * so for one-hop traffic these rows carry the same bytes as the routes. Egress cost is priced
 * from these rows.
 */
import { grown } from '../engine/typed-arrays.js';

export interface HopKey {
  /** Kubernetes cluster the hop leaves from ('' for users outside the mesh). */
  fromCluster: string;
  fromLocality: string;
  toCluster: string;
  toLocality: string;
  /** What the hop reached: `endpoint`, or a gateway kind (`ingress`, `eastwest`, `egress`). */
  toKind: string;
  /** The service the call is for (`<name>.<namespace>`). */
  service: string;
  pathClass: string;
}

export interface HopRow extends HopKey {
  requests: number;
  requestBytes: number;
  responseBytes: number;
}

export class HopStats {
  private readonly keys: HopKey[] = [];
  private readonly index = new Map<string, number>();
  private requests = new Float64Array(16);
  private requestBytes = new Float64Array(16);
  private responseBytes = new Float64Array(16);

  /** Interns a hop kind; returns its index. */
  hop(key: HopKey): number {
    const k = `${key.fromCluster}|${key.fromLocality}|${key.toCluster}|${key.toLocality}|${key.toKind}|${key.service}`;
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(k, i);
      if (i >= this.requests.length) {
        this.requests = grown(this.requests, 2 * i, Float64Array);
        this.requestBytes = grown(this.requestBytes, 2 * i, Float64Array);
        this.responseBytes = grown(this.responseBytes, 2 * i, Float64Array);
      }
    }
    return i;
  }

  /** The key of hop row `hop` (as interned by `hop`). */
  keyOf(hop: number): HopKey {
    return this.keys[hop];
  }

  record(hop: number, reqBytes: number, respBytes: number): void {
    this.requests[hop]++;
    this.requestBytes[hop] += reqBytes;
    this.responseBytes[hop] += respBytes;
  }

  rows(): HopRow[] {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return this.keys
      .map((k, i) => ({ ...k, requests: this.requests[i], requestBytes: this.requestBytes[i], responseBytes: this.responseBytes[i] }))
      .filter((r) => r.requests > 0)
      .sort((a, b) => cmp(a.fromLocality, b.fromLocality) || cmp(a.toLocality, b.toLocality) || cmp(a.toKind, b.toKind) || cmp(a.fromCluster, b.fromCluster) || cmp(a.toCluster, b.toCluster) || cmp(a.service, b.service));
  }
}
