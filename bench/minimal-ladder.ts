/**
 * The minimal loop's ladder (issue 11): bench/minimal-loop.ts's queueing model, hand-written the
 * same way (typed-array heap, typed-array request state, seedrandom's Alea called directly), with
 * meshsim's modelled work added one step at a time, so the price of what meshsim models — not of
 * how it is built — can be measured:
 *
 *   0  the yardstick's model: a zone by its cumulative weight, an endpoint of it at random
 *   1  + least request: Envoy's P2C, two draws in the zone and the endpoint with fewer active
 *        requests (active counts kept per endpoint, up at the pick, down at the response)
 *   2  + priority and locality: the priority draw, then the zone by an EDF over the six effective
 *        locality weights (Envoy's locality-weighted pick), instead of a cumulative draw
 *   3  + the metrics meshsim reports for every request: three latency histograms (route, source,
 *        interval; 8-bit counters as meshsim's), route and hop counters (requests, bytes), the
 *        latency breakdown, time-weighted in-flight and per-endpoint busy/in-system integrals,
 *        per-interval destination counts
 *
 * `scale` multiplies the endpoints per zone and the request rate, as bench/endpoints-one.ts does to
 * the canonical scenario (same load per endpoint: 100 is 3,600 endpoints, 1000 is 36,000), so the
 * price of holding many endpoints and many requests in flight can be measured without meshsim.
 *
 *   node dist/bench/minimal-ladder.js <level> [requests=1000000] [scale=1]   → {level, scale, requests, events, cpuS, wallS, meanMs}
 */
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';

const ARRIVAL = 0;
const AT_ENDPOINT = 1;
const SERVICE_DONE = 2;
const RESPONSE = 3;

const ZONES = 6;
const SERVERS = 4;
const SERVICE_MEAN_MS = 10;
/** Per source zone, at scale 1 (1,440 requests/s). */
const INTERARRIVAL_MS_AT_SCALE_1 = 1000 / 1440;
const INTERVAL_MS = 1000;

/** Zone weights of a source zone (the canonical effective split 80:15:2:2:1:1). */
function zoneWeights(from: number): Float64Array {
  const w = new Float64Array(ZONES);
  const region = from >> 1;
  const next = (region + 1) % 3;
  const last = (region + 2) % 3;
  w[from] = 80;
  w[from ^ 1] = 15;
  w[next * 2] = 2;
  w[next * 2 + 1] = 2;
  w[last * 2] = 1;
  w[last * 2 + 1] = 1;
  return w;
}

/** A latency histogram as meshsim's (log-linear, 1,024 sub-buckets, 8-bit counters with carries). */
const SUB = 1024;
const BUCKETS = 2 * SUB + 21 * SUB;
class Histogram {
  low = new Uint8Array(BUCKETS);
  high: Float64Array | null = null;
  count = 0;
  sum = 0;
  max = 0;
  min = Infinity;
  static bucket(ms: number): number {
    let us = Math.round(ms * 1000);
    if (us < 0) us = 0;
    if (us < 2 * SUB) return us;
    const v = us > 2 ** 31 - 1 ? 2 ** 31 - 1 : us;
    const shift = 31 - Math.clz32(v) - 10;
    return 2 * SUB + (shift - 1) * SUB + ((v >>> shift) - SUB);
  }
  record(i: number, ms: number): void {
    const c = this.low[i] + 1;
    if (c < 256) this.low[i] = c;
    else {
      (this.high ??= new Float64Array(BUCKETS))[i]++;
      this.low[i] = 0;
    }
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
  }
  reset(): void {
    this.low.fill(0);
    this.high = null;
    this.count = 0;
    this.sum = 0;
    this.max = 0;
    this.min = Infinity;
  }
  quantile(q: number): number {
    const rank = Math.max(1, Math.ceil(q * this.count));
    let acc = 0;
    for (let i = 0; i < BUCKETS; i++) {
      acc += this.low[i] + (this.high === null ? 0 : 256 * this.high[i]);
      if (acc >= rank) return i;
    }
    return BUCKETS;
  }
}

export function runLadder(level: number, requests: number, scale = 1, seed = 1): { requests: number; events: number; meanMs: number } {
  const PER_ZONE = 6 * scale;
  const ENDPOINTS = ZONES * PER_ZONE;
  const INTERARRIVAL_MEAN_MS = INTERARRIVAL_MS_AT_SCALE_1 / scale;
  const leastRequest = level >= 1;
  const localityEdf = level >= 2;
  const metrics = level >= 3;

  let cap = 1024;
  let heapT = new Float64Array(cap);
  let heapP = new Int32Array(cap);
  let size = 0;
  const push = (t: number, p: number): void => {
    if (size === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(heapT);
      heapT = t2;
      const p2 = new Int32Array(cap);
      p2.set(heapP);
      heapP = p2;
    }
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapT[parent] <= t) break;
      heapT[i] = heapT[parent];
      heapP[i] = heapP[parent];
      i = parent;
    }
    heapT[i] = t;
    heapP[i] = p;
  };

  let slots = 1024;
  let startMs = new Float64Array(slots);
  let arrivedMs = new Float64Array(slots);
  let queueMs = new Float64Array(slots);
  let serviceMs = new Float64Array(slots);
  let fromZone = new Int32Array(slots);
  let endpointOf = new Int32Array(slots);
  let free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  const alloc = (): number => {
    if (free.length === 0) {
      const old = slots;
      slots *= 2;
      const g = <T extends Float64Array | Int32Array>(a: T, make: new (n: number) => T): T => {
        const b = new make(slots);
        b.set(a);
        return b;
      };
      startMs = g(startMs, Float64Array);
      arrivedMs = g(arrivedMs, Float64Array);
      queueMs = g(queueMs, Float64Array);
      serviceMs = g(serviceMs, Float64Array);
      fromZone = g(fromZone, Int32Array);
      endpointOf = g(endpointOf, Int32Array);
      free = Array.from({ length: slots - old }, (_, i) => slots - 1 - i);
    }
    return free.pop()!;
  };

  const busy = new Int32Array(ENDPOINTS);
  const active = new Int32Array(ZONES * ENDPOINTS); // per source zone (its proxy) × endpoint
  const queues: number[][] = Array.from({ length: ENDPOINTS }, () => []);
  const heads = new Int32Array(ENDPOINTS);

  const arrivalRng = seedrandom.alea(`ladder:${seed}:arrivals`);
  const pickRng = seedrandom.alea(`ladder:${seed}:pick`);
  const serviceRng = seedrandom.alea(`ladder:${seed}:service`);
  const u32 = (): number => ((pickRng() * 0x100000000) | 0) >>> 0;
  const weights = Array.from({ length: ZONES }, (_, z) => zoneWeights(z));
  const cumulative = weights.map((w) => {
    const c = new Float64Array(ZONES);
    let acc = 0;
    for (let z = 0; z < ZONES; z++) c[z] = acc += w[z] / 100;
    c[ZONES - 1] = 1;
    return c;
  });
  // Per source zone, an EDF over the zones: deadline and insertion order, linear scan (six entries).
  const edfDeadline = weights.map((w) => Float64Array.from(w, (x) => 1 / x));
  const edfOrder = weights.map(() => Float64Array.from({ length: ZONES }, (_, z) => z));
  const edfNow = new Float64Array(ZONES);
  let edfNext = ZONES;
  const edfPick = (src: number): number => {
    const d = edfDeadline[src];
    const o = edfOrder[src];
    let best = 0;
    for (let z = 1; z < ZONES; z++) if (d[z] < d[best] || (d[z] === d[best] && o[z] < o[best])) best = z;
    edfNow[src] = d[best];
    d[best] = edfNow[src] + 1 / weights[src][best];
    o[best] = edfNext++;
    return best;
  };
  const delay = new Float64Array(ZONES * ZONES);
  for (let a = 0; a < ZONES; a++) for (let b = 0; b < ZONES; b++) delay[a * ZONES + b] = a === b ? 0.1 : a >> 1 === b >> 1 ? 1 : 30;

  // Metrics (level 3).
  const routeHist = Array.from({ length: ZONES * ZONES }, () => new Histogram());
  const sourceHist = Array.from({ length: ZONES }, () => new Histogram());
  const intervalHist = new Histogram();
  const routeRequests = new Float64Array(ZONES * ZONES);
  const routeRequestBytes = new Float64Array(ZONES * ZONES);
  const routeResponseBytes = new Float64Array(ZONES * ZONES);
  const hopRequests = new Float64Array(ZONES * ZONES);
  const hopRequestBytes = new Float64Array(ZONES * ZONES);
  const hopResponseBytes = new Float64Array(ZONES * ZONES);
  const destination = new Float64Array(ZONES);
  const busyArea = new Float64Array(ENDPOINTS);
  const inSystemArea = new Float64Array(ENDPOINTS);
  const lastChange = new Float64Array(ENDPOINTS);
  const queued = new Int32Array(ENDPOINTS);
  let inFlight = 0;
  let inFlightArea = 0;
  let lastInFlight = 0;
  let networkMs = 0;
  let queueSum = 0;
  let serviceSum = 0;
  let intervalEnd = INTERVAL_MS;
  let quantileSink = 0;
  const advance = (e: number, now: number): void => {
    const dt = now - lastChange[e];
    if (dt > 0) {
      busyArea[e] += busy[e] * dt;
      inSystemArea[e] += (busy[e] + queued[e]) * dt;
      lastChange[e] = now;
    }
  };

  let now = 0;
  let generated = 0;
  let done = 0;
  let events = 0;
  let latencySum = 0;

  const serve = (req: number): void => {
    const d = -SERVICE_MEAN_MS * Math.log(1 - serviceRng());
    if (metrics) {
      queueMs[req] += now - arrivedMs[req];
      serviceMs[req] += d;
    }
    push(now + d, SERVICE_DONE | (req << 2));
  };

  for (let z = 0; z < ZONES; z++) push(-INTERARRIVAL_MEAN_MS * Math.log(1 - arrivalRng()), ARRIVAL | (z << 2));

  while (size > 0) {
    now = heapT[0];
    const p = heapP[0];
    const n = --size;
    if (n > 0) {
      const t = heapT[n];
      const q = heapP[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && heapT[c + 1] < heapT[c]) c++;
        if (t <= heapT[c]) break;
        heapT[i] = heapT[c];
        heapP[i] = heapP[c];
        i = c;
      }
      heapT[i] = t;
      heapP[i] = q;
    }
    events++;
    const id = p >> 2;
    switch (p & 3) {
      case ARRIVAL: {
        if (generated >= requests) break;
        generated++;
        if (generated < requests) push(now - INTERARRIVAL_MEAN_MS * Math.log(1 - arrivalRng()), ARRIVAL | (id << 2));
        let zone = 0;
        if (localityEdf) {
          const hash = u32();
          if ((hash % 100) + 1 > 100) zone = -1; // the priority choice (one priority: always P0)
          zone = edfPick(id);
        } else {
          const w = cumulative[id];
          const u = pickRng();
          while (w[zone] <= u) zone++;
        }
        let e: number;
        if (leastRequest) {
          const act = id * ENDPOINTS;
          e = zone * PER_ZONE + (u32() % PER_ZONE);
          const other = zone * PER_ZONE + (u32() % PER_ZONE);
          if (active[act + other] < active[act + e]) e = other;
          active[act + e]++;
        } else {
          e = zone * PER_ZONE + ((pickRng() * PER_ZONE) | 0);
        }
        const req = alloc();
        startMs[req] = now;
        fromZone[req] = id;
        endpointOf[req] = e;
        if (metrics) {
          inFlightArea += inFlight * (now - lastInFlight);
          lastInFlight = now;
          inFlight++;
          queueMs[req] = 0;
          serviceMs[req] = 0;
        }
        push(now + delay[id * ZONES + zone], AT_ENDPOINT | (req << 2));
        break;
      }
      case AT_ENDPOINT: {
        const e = endpointOf[id];
        if (metrics) {
          arrivedMs[id] = now;
          advance(e, now);
        }
        if (busy[e] < SERVERS) {
          busy[e]++;
          serve(id);
        } else {
          queues[e].push(id);
          queued[e]++;
        }
        break;
      }
      case SERVICE_DONE: {
        const e = endpointOf[id];
        if (metrics) advance(e, now);
        const q = queues[e];
        if (heads[e] < q.length) {
          queued[e]--;
          serve(q[heads[e]++]);
          if (heads[e] === q.length) {
            q.length = 0;
            heads[e] = 0;
          }
        } else {
          busy[e]--;
        }
        const zone = (e / PER_ZONE) | 0;
        push(now + delay[zone * ZONES + fromZone[id]], RESPONSE | (id << 2));
        break;
      }
      case RESPONSE: {
        const e = endpointOf[id];
        const src = fromZone[id];
        if (leastRequest) active[src * ENDPOINTS + e]--;
        const latency = now - startMs[id];
        latencySum += latency;
        if (metrics) {
          const dst = (e / PER_ZONE) | 0;
          const route = src * ZONES + dst;
          const b = Histogram.bucket(latency);
          routeHist[route].record(b, latency);
          sourceHist[src].record(b, latency);
          if (now >= intervalEnd) {
            quantileSink += intervalHist.quantile(0.5) + intervalHist.quantile(0.99);
            intervalHist.reset();
            destination.fill(0);
            intervalEnd += INTERVAL_MS;
          }
          intervalHist.record(b, latency);
          destination[dst]++;
          routeRequests[route]++;
          routeRequestBytes[route] += 512;
          routeResponseBytes[route] += 1024;
          hopRequests[route]++;
          hopRequestBytes[route] += 512;
          hopResponseBytes[route] += 1024;
          networkMs += latency - queueMs[id] - serviceMs[id];
          queueSum += queueMs[id];
          serviceSum += serviceMs[id];
          inFlightArea += inFlight * (now - lastInFlight);
          lastInFlight = now;
          inFlight--;
        }
        done++;
        free.push(id);
        break;
      }
    }
  }
  if (metrics && quantileSink + networkMs + queueSum + serviceSum + inFlightArea < 0) throw new Error('unreachable: keeps the metrics live');
  return { requests: done, events, meanMs: latencySum / done };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const level = Number(process.argv[2] ?? 0);
  const n = Number(process.argv[3] ?? 1_000_000);
  const scale = Number(process.argv[4] ?? 1);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = runLadder(level, n, scale);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ level, scale, ...r, wallS, cpuS: (c.user + c.system) / 1e6 }) + '\n');
}
