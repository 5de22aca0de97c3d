/**
 * The cost table of a run: bytes and USD by path class, by route (source cluster → destination
 * cluster, per service), by device, in total, and each extrapolated to USD per 30-day month at the
 * simulated rate. Plain data for the report formatters; nothing is rounded here.
 *
 * A route is a hop's pair of ends: a call user → ingress (cluster1) → east-west gateway (cluster2)
 * → pod gives the routes internet → cluster1, cluster1 → cluster2 and cluster2 → cluster2.
 */
import type { Cloud } from './geography.js';
import { costOfHop, type HopCost, type HopEnd, type HopTraffic } from './hop-cost.js';
import { COST_PATH_CLASSES, type CostPathClass } from './path-class.js';
import type { Pricing } from './pricing.js';
import type { Device } from './table-schema.js';

/** A 30-day month, the unit of USD/month figures. */
export const SECONDS_PER_MONTH = 30 * 24 * 3600;

export interface CostLine {
  requests: number;
  requestBytes: number;
  responseBytes: number;
  transferUsd: number;
  processingUsd: number;
  usd: number;
  /** usd × SECONDS_PER_MONTH / measured seconds. */
  usdPerMonth: number;
}

export interface PathClassCost extends CostLine {
  pathClass: CostPathClass;
}

export interface RouteCost extends CostLine {
  /** Source cluster, or `internet`. */
  source: string;
  /** Destination cluster, or `internet`. */
  destination: string;
  service: string;
}

export interface DeviceCost {
  device: Device;
  cloud: Cloud;
  processedBytes: number;
  usd: number;
  usdPerMonth: number;
}

export interface PricesUsed {
  cloud: Cloud;
  asOf: string;
  sources: string[];
}

export interface CostTable {
  /** Simulated seconds the bytes were counted over (after warmup). */
  measuredSeconds: number;
  /** SECONDS_PER_MONTH / measuredSeconds (0 when nothing was measured). */
  monthFactor: number;
  total: CostLine;
  /** Every class, in COST_PATH_CLASSES order (zero rows included, so tables line up). */
  byPathClass: PathClassCost[];
  /** Sorted by source, destination, service. */
  byRoute: RouteCost[];
  /** Sorted by device, cloud. */
  byDevice: DeviceCost[];
  prices: PricesUsed[];
}

type Sums = Omit<CostLine, 'usdPerMonth'>;
const zero = (): Sums => ({ requests: 0, requestBytes: 0, responseBytes: 0, transferUsd: 0, processingUsd: 0, usd: 0 });

function add(s: Sums, hop: HopTraffic, c: HopCost): void {
  s.requests += hop.requests;
  s.requestBytes += hop.requestBytes;
  s.responseBytes += hop.responseBytes;
  s.transferUsd += c.transferUsd;
  s.processingUsd += c.processingUsd;
  s.usd += c.usd;
}

const endName = (e: HopEnd) => (e === 'internet' ? 'internet' : e.cluster);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Collects hops; `table()` returns the cost table. Hops may be added in any order. */
export class CostAccumulator {
  private readonly total = zero();
  private readonly classes = new Map<CostPathClass, Sums>(COST_PATH_CLASSES.map((c) => [c, zero()]));
  private readonly routes = new Map<string, { source: string; destination: string; service: string; sums: Sums }>();
  private readonly devices = new Map<string, { device: Device; cloud: Cloud; processedBytes: number; usd: number }>();

  constructor(private readonly pricing: Pricing) {}

  add(hop: HopTraffic): HopCost {
    const c = costOfHop(this.pricing, hop);
    add(this.total, hop, c);
    add(this.classes.get(c.pathClass)!, hop, c);
    const source = endName(hop.from);
    const destination = endName(hop.to);
    const rk = `${source}\u0000${destination}\u0000${hop.service}`;
    let r = this.routes.get(rk);
    if (r === undefined) this.routes.set(rk, (r = { source, destination, service: hop.service, sums: zero() }));
    add(r.sums, hop, c);
    for (const d of c.devices) {
      const dk = `${d.device}\u0000${d.cloud}`;
      let x = this.devices.get(dk);
      if (x === undefined) this.devices.set(dk, (x = { device: d.device, cloud: d.cloud, processedBytes: 0, usd: 0 }));
      x.processedBytes += d.processedBytes;
      x.usd += d.usd;
    }
    return c;
  }

  table(measuredSeconds: number): CostTable {
    const monthFactor = measuredSeconds > 0 ? SECONDS_PER_MONTH / measuredSeconds : 0;
    const line = (s: Sums): CostLine => ({ ...s, usdPerMonth: s.usd * monthFactor });
    return {
      measuredSeconds,
      monthFactor,
      total: line(this.total),
      byPathClass: COST_PATH_CLASSES.map((pathClass) => ({ pathClass, ...line(this.classes.get(pathClass)!) })),
      byRoute: [...this.routes.values()]
        .sort((a, b) => cmp(a.source, b.source) || cmp(a.destination, b.destination) || cmp(a.service, b.service))
        .map((r) => ({ source: r.source, destination: r.destination, service: r.service, ...line(r.sums) })),
      byDevice: [...this.devices.values()]
        .sort((a, b) => cmp(a.device, b.device) || cmp(a.cloud, b.cloud))
        .map((d) => ({ ...d, usdPerMonth: d.usd * monthFactor })),
      prices: [...this.pricing.tables.values()]
        .sort((a, b) => cmp(a.cloud, b.cloud))
        .map((t) => ({ cloud: t.cloud, asOf: t.asOf, sources: t.sources.map((s) => s.url) })),
    };
  }
}

/** The cost table of `hops` counted over `measuredSeconds` of simulated time. */
export function costTable(pricing: Pricing, hops: Iterable<HopTraffic>, measuredSeconds: number): CostTable {
  const acc = new CostAccumulator(pricing);
  for (const h of hops) acc.add(h);
  return acc.table(measuredSeconds);
}
