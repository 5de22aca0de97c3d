/**
 * The cost of one hop's traffic: request bytes sent caller → callee and response bytes sent back,
 * each priced by its own direction (billing.ts), plus per-GB processing by the cloud devices the
 * hop passes (a load balancer in front of a gateway, a NAT gateway on the way out, ...).
 *
 * A hop here is what the simulator counts: for one service, from a zone of a cluster (or the
 * internet) to a zone of a cluster (or the internet), with request/response byte totals.
 *
 *   // 1,000 requests with 1 MB responses across two AWS zones:
 *   // 1e9 response bytes × ($0.01 out + $0.01 in)/GB = $0.02 (requests of 0 bytes cost nothing)
 */
import { BYTES_PER_GB } from './price-table.js';
import { tableOf, transferPricePerGb } from './billing.js';
import type { Cloud } from './geography.js';
import { classifyPath, INTERNET, type CostPathClass, type Site } from './path-class.js';
import type { Pricing } from './pricing.js';
import { DEVICES, type Device } from './table-schema.js';

/** One end of a hop: a zone of a cluster, or the internet (users, external services). */
export type HopEnd = { cluster: string; zone: string } | 'internet';

/** Istio gateway kinds; a hop to an ingress or east-west gateway passes the cloud load balancer in front of it. */
export type GatewayKind = 'ingress' | 'eastwest' | 'egress';

/** One hop's traffic, as the simulator totals it. */
export interface HopTraffic {
  /** The caller's end: request bytes flow from → to, response bytes to → from. */
  from: HopEnd;
  to: HopEnd;
  /** The service called (its name as outputs show it, e.g. `reviews.bookinfo`). */
  service: string;
  requests: number;
  requestBytes: number;
  responseBytes: number;
  /** The hop reaches a gateway of this kind. */
  toGateway?: GatewayKind;
  /** Devices passed besides those `pricing.devices` implies (e.g. a transit gateway, a private endpoint). */
  via?: readonly Device[];
}

export interface DeviceCharge {
  device: Device;
  /** The cloud whose table prices it (the side the device runs on). */
  cloud: Cloud;
  processedBytes: number;
  usd: number;
}

export interface HopCost {
  pathClass: CostPathClass;
  /** Request bytes, caller → callee. */
  requestUsd: number;
  /** Response bytes, callee → caller. */
  responseUsd: number;
  transferUsd: number;
  devices: DeviceCharge[];
  processingUsd: number;
  usd: number;
}

/** The site of a hop end (its cluster's cloud, continent and region). */
export function siteOf(pricing: Pricing, end: HopEnd): Site {
  if (end === 'internet') return INTERNET;
  const c = pricing.clusters.get(end.cluster);
  if (c === undefined) throw new Error(`meshsim: cluster "${end.cluster}" has no pricing (was qualifyPricing given every cluster?)`);
  return { kind: 'cloud', cloud: c.cloud, continent: c.continent, region: c.region, zone: end.zone };
}

/**
 * Which side runs a device, and so whose cloud bills it: a NAT gateway carries the caller's
 * outbound connections; a transit gateway bills the sending attachment; a private endpoint is the
 * consumer's (the caller's); a load balancer sits in front of the callee. A side on the internet
 * runs nothing, so the other side does.
 */
const DEVICE_SIDE: Record<Device, 'from' | 'to'> = { nat: 'from', 'load-balancer': 'to', 'transit-gateway': 'from', 'private-link': 'from' };

/** The devices a hop passes, in DEVICES order, each once. */
export function devicesOnHop(pricing: Pricing, hop: HopTraffic, cls: CostPathClass): Device[] {
  const on = new Set<Device>(hop.via ?? []);
  if (hop.toGateway === 'ingress') for (const d of pricing.devices.ingress) on.add(d);
  if (hop.toGateway === 'eastwest') for (const d of pricing.devices.eastwest) on.add(d);
  // Leaving its cloud from inside: to the internet, or to another cloud over public addresses.
  if (hop.from !== 'internet' && (cls === 'internet' || cls === 'cross-cloud')) for (const d of pricing.devices.internet) on.add(d);
  return DEVICES.filter((d) => on.has(d));
}

/** The cloud of `side`, or of `other` when `side` is the internet (one of them is in a cloud). */
function cloudOf(side: Site, other: Site): Cloud {
  const s = side.kind === 'cloud' ? side : other;
  if (s.kind !== 'cloud') throw new Error('meshsim: a device on a path with no cloud end');
  return s.cloud;
}

export function costOfHop(pricing: Pricing, hop: HopTraffic): HopCost {
  const from = siteOf(pricing, hop.from);
  const to = siteOf(pricing, hop.to);
  if (from.kind === 'internet' && to.kind === 'internet') throw new Error('meshsim: a hop from the internet to the internet is not mesh traffic');
  const pathClass = classifyPath(from, to);
  const requestUsd = (hop.requestBytes / BYTES_PER_GB) * transferPricePerGb(pricing, from, to, pathClass);
  const responseUsd = (hop.responseBytes / BYTES_PER_GB) * transferPricePerGb(pricing, to, from, pathClass);
  // Devices process both directions: AWS NAT and LB bill "data processed"; Cloud NAT and GCP load
  // balancers bill inbound and outbound (Cloud NAT pricing; Cloud Load Balancing pricing).
  const processedBytes = hop.requestBytes + hop.responseBytes;
  const devices = devicesOnHop(pricing, hop, pathClass).map((device): DeviceCharge => {
    const cloud = DEVICE_SIDE[device] === 'from' ? cloudOf(from, to) : cloudOf(to, from);
    return { device, cloud, processedBytes, usd: (processedBytes / BYTES_PER_GB) * tableOf(pricing, cloud).processing[device] };
  });
  const processingUsd = devices.reduce((a, d) => a + d.usd, 0);
  const transferUsd = requestUsd + responseUsd;
  return { pathClass, requestUsd, responseUsd, transferUsd, devices, processingUsd, usd: transferUsd + processingUsd };
}
