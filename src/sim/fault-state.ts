/**
 * FaultState: what the active faults do to the run, as lookups the request path makes — which
 * targets are down (and how a connection to them fails), which hops cross a partitioned or
 * degraded link, how an endpoint serves under error injection or slowness. Faults overlap and
 * compose: a target is down while any outage holds it; error rates combine as independent
 * failures (1 − Π(1 − p)); slowness factors multiply; link delays add. Mechanism only: the runner
 * schedules the starts and ends.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random.js';
import type { FaultSide, FaultSpec } from '../model/scenario.js';

/** Where a hop starts or ends, for link faults: its network and region. */
export interface LinkEnd {
  network: string;
  region: string;
}

export class FaultState {
  /** Number of active faults holding each target down. */
  readonly down: Int32Array;
  /** Per endpoint: probability a served request fails (NaN: no injection active), and its status. */
  readonly errorRate: Float64Array;
  readonly errorStatus: Int32Array;
  /** Per endpoint: service-time factor (1: none). */
  readonly slowFactor: Float64Array;
  /** Active partitions and degraded links (most runs: none, so hops skip the check). */
  linkFaultsActive = 0;
  /** Active error injections and slow-endpoint faults (most runs: none, so service skips the lookups). */
  endpointFaultsActive = 0;
  /** Active outages (of endpoints, gateways or sources; most runs: none, so the request path skips `down` and `sourceDown`). */
  outagesActive = 0;
  private readonly active: boolean[];
  private readonly extraDelay: (Sampler | undefined)[];

  /** Number of active outages holding each traffic source's pods down. */
  readonly sourceDown: Int32Array;

  constructor(
    private readonly faults: readonly FaultSpec[],
    private readonly targets: number[][],
    targetCount: number,
    endpointCount: number,
    private readonly sources: number[][] = faults.map(() => []),
    sourceCount = 0,
  ) {
    this.down = new Int32Array(targetCount);
    this.sourceDown = new Int32Array(sourceCount);
    this.errorRate = new Float64Array(endpointCount).fill(NaN);
    this.errorStatus = new Int32Array(endpointCount);
    this.slowFactor = new Float64Array(endpointCount).fill(1);
    this.active = faults.map(() => false);
    this.extraDelay = faults.map((f) => (f.addLatency === undefined ? undefined : makeSampler(f.addLatency)));
  }

  isActive(fault: number): boolean {
    return this.active[fault];
  }

  /** Starts or ends a fault; returns the targets that just went down (none when it ends). */
  setActive(fault: number, active: boolean): number[] {
    if (this.active[fault] === active) return [];
    this.active[fault] = active;
    const f = this.faults[fault];
    const wentDown: number[] = [];
    switch (f.kind) {
      case 'network-partition':
      case 'link-degradation':
        this.linkFaultsActive += active ? 1 : -1;
        break;
      case 'error-injection':
      case 'slow-endpoints':
        this.endpointFaultsActive += active ? 1 : -1;
        for (const e of this.targets[fault]) this.recomputeEndpoint(e);
        break;
      case 'control-plane-outage':
        break;
      default:
        this.outagesActive += active ? 1 : -1;
        for (const src of this.sources[fault]) this.sourceDown[src] += active ? 1 : -1;
        for (const t of this.targets[fault]) {
          this.down[t] += active ? 1 : -1;
          if (active && this.down[t] === 1) wentDown.push(t);
        }
    }
    return wentDown;
  }

  /** Error injection and slowness of endpoint `e` from every active fault on it. */
  private recomputeEndpoint(e: number): void {
    let ok = 1;
    let factor = 1;
    let status = 0;
    this.faults.forEach((f, i) => {
      if (!this.active[i] || !this.actsOn(i, e)) return;
      if (f.kind === 'error-injection') {
        ok *= 1 - f.errorRate;
        if (status === 0) status = f.errorStatus;
      } else if (f.kind === 'slow-endpoints') factor *= f.serviceTimeFactor;
    });
    this.errorRate[e] = status === 0 ? NaN : 1 - ok;
    this.errorStatus[e] = status;
    this.slowFactor[e] = factor;
  }

  /** When the outages holding source `src` down end (Infinity: one lasts to the end of the run). */
  sourceUpAtMs(src: number): number {
    let up = -Infinity;
    for (let i = 0; i < this.faults.length; i++) if (this.active[i] && this.sources[i].includes(src)) up = Math.max(up, this.faults[i].endMs);
    return up;
  }

  /** How a connection to a down target fails: that of the first active fault holding it down. */
  modeOf(target: number): 'refuse' | 'blackhole' {
    for (let i = 0; i < this.active.length; i++) if (this.active[i] && this.actsOn(i, target)) return this.faults[i].mode;
    return 'refuse';
  }

  private readonly targetSets: (Set<number> | undefined)[] = [];

  /** Whether fault `i` acts on `target` (a set per fault: outages can hold tens of thousands). */
  private actsOn(i: number, target: number): boolean {
    return (this.targetSets[i] ??= new Set(this.targets[i])).has(target);
  }

  /**
   * A hop from `from` to `to` under the active link faults: `cut` when a partition separates them
   * or a degraded link loses the connection (drawn on `rng`), and the extra one-way delay.
   */
  link(from: LinkEnd, to: LinkEnd, rng: Rng): { cut: boolean; delayMs: number } {
    let cut = false;
    let delayMs = 0;
    for (let i = 0; i < this.faults.length; i++) {
      if (!this.active[i]) continue;
      const f = this.faults[i];
      if (f.between === undefined || !crosses(f.between, from, to)) continue;
      if (f.kind === 'network-partition') cut = true;
      else {
        if (f.loss > 0 && rng.next() < f.loss) cut = true;
        const d = this.extraDelay[i];
        if (d !== undefined) delayMs += d.sample(rng);
      }
    }
    return { cut, delayMs };
  }

  /** Whether an active network partition separates `a` from `b` (no draws). */
  partitioned(a: LinkEnd, b: LinkEnd): boolean {
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (this.active[i] && f.kind === 'network-partition' && f.between !== undefined && crosses(f.between, a, b)) return true;
    }
    return false;
  }

  /** The extra one-way delay on a hop (for the way back: a loss was decided on the way out). */
  linkDelay(from: LinkEnd, to: LinkEnd, rng: Rng): number {
    let delayMs = 0;
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (!this.active[i] || f.kind !== 'link-degradation' || f.between === undefined || !crosses(f.between, from, to)) continue;
      const d = this.extraDelay[i];
      if (d !== undefined) delayMs += d.sample(rng);
    }
    return delayMs;
  }
}

function onSide(side: FaultSide, end: LinkEnd): boolean {
  return side.kind === 'network' ? end.network === side.name : end.region === side.name;
}

/** Whether a hop goes from one side of `between` to the other (either way). */
function crosses(between: [FaultSide, FaultSide], from: LinkEnd, to: LinkEnd): boolean {
  return (onSide(between[0], from) && onSide(between[1], to)) || (onSide(between[1], from) && onSide(between[0], to));
}
