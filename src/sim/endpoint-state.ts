/**
 * The dynamic state of endpoints: busy servers, a FIFO queue (linked through the request pool),
 * and the integrals needed for utilisation and Little's law. Mechanism only: what to do when a
 * request arrives, starts or finishes is decided by the runner.
 */
import type { EndpointRow, GatewayRow } from './result.js';
import type { World } from './world.js';

export class EndpointState {
  readonly busy: Int32Array;
  readonly queueLength: Int32Array;
  readonly maxQueue: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly served: Float64Array;
  /** ∫ busy servers dt (ms), up to lastChange. */
  readonly busyArea: Float64Array;
  /** ∫ (busy + queued) dt (ms), up to lastChange. */
  readonly inSystemArea: Float64Array;
  readonly lastChange: Float64Array;

  constructor(n: number) {
    this.busy = new Int32Array(n);
    this.queueLength = new Int32Array(n);
    this.maxQueue = new Int32Array(n);
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n).fill(-1);
    this.served = new Float64Array(n);
    this.busyArea = new Float64Array(n);
    this.inSystemArea = new Float64Array(n);
    this.lastChange = new Float64Array(n);
  }

  /** Accumulates the integrals up to `now`; call before changing busy or queueLength. */
  advance(e: number, now: number): void {
    const dt = now - this.lastChange[e];
    if (dt > 0) {
      this.busyArea[e] += this.busy[e] * dt;
      this.inSystemArea[e] += (this.busy[e] + this.queueLength[e]) * dt;
      this.lastChange[e] = now;
    }
  }

  enqueue(e: number, req: number, next: Int32Array): void {
    next[req] = -1;
    if (this.tail[e] < 0) this.head[e] = req;
    else next[this.tail[e]] = req;
    this.tail[e] = req;
    const q = ++this.queueLength[e];
    if (q > this.maxQueue[e]) this.maxQueue[e] = q;
  }

  /** Removes and returns the request at the head of the queue, or -1. */
  dequeue(e: number, next: Int32Array): number {
    const r = this.head[e];
    if (r < 0) return -1;
    this.head[e] = next[r];
    if (this.head[e] < 0) this.tail[e] = -1;
    this.queueLength[e]--;
    return r;
  }

  /** Per-gateway-replica rows at the end of a run (`endMs`): the same statistics as endpoints. */
  gatewayRows(w: World, endMs: number): GatewayRow[] {
    const out: GatewayRow[] = [];
    for (const t of w.targets) {
      const g = t.gateway;
      if (g === undefined) continue;
      this.advance(t.id, endMs);
      out.push({
        name: t.name,
        kind: g.kind,
        cluster: g.cluster,
        locality: w.localities.name(t.locality),
        served: this.served[t.id],
        utilisation: endMs > 0 ? this.busyArea[t.id] / (g.concurrency * endMs) : 0,
        meanInSystem: endMs > 0 ? this.inSystemArea[t.id] / endMs : 0,
        maxQueue: this.maxQueue[t.id],
      });
    }
    return out;
  }

  /** Per-endpoint rows at the end of a run (`endMs`): served, utilisation, mean number at the endpoint. */
  rows(w: World, endMs: number): EndpointRow[] {
    return w.endpoints.map((ep) => {
      this.advance(ep.id, endMs);
      const svc = w.scenario.services[ep.service];
      return {
        name: ep.name,
        service: `${svc.name}.${svc.namespace}`,
        cluster: ep.cluster,
        locality: w.localities.name(ep.locality),
        served: this.served[ep.id],
        utilisation: endMs > 0 ? this.busyArea[ep.id] / (ep.concurrency * endMs) : 0,
        meanInSystem: endMs > 0 ? this.inSystemArea[ep.id] / endMs : 0,
        maxQueue: this.maxQueue[ep.id],
      };
    });
  }
}
