/**
 * The yardstick of issue 11: a minimal hand-written JavaScript loop of the canonical benchmark's
 * queueing model, with nothing of meshsim in it, so anyone can measure how close meshsim comes to
 * what plain JS does for the same model (`npm run bench` prints the ratio; target ≥ 0.8×).
 *
 * The model, as scenarios/bench/canonical.yaml: 6 zones (3 regions × 2), 6 endpoints per zone,
 * each serving 4 requests at once with exponential service times of mean 10 ms and an unbounded
 * FIFO queue; Poisson clients in every zone at 1,440/s; each request picks a destination zone with
 * the canonical effective split (own zone 80, the region's other zone 15, one other region 2 + 2,
 * the last 1 + 1) and then an endpoint of that zone uniformly at random (no least request, no
 * outlier detection, no metrics but the mean latency); one-way delay 0.1 ms in the zone, 1 ms across
 * zones, 30 ms across regions, there and back. Four events per request, like meshsim's: arrival,
 * at endpoint, service done, response back.
 *
 * What it keeps minimal but not naive: the event queue is a binary heap in typed arrays (no object
 * per event), request state is in typed arrays with a free list, and random numbers come from the
 * same generator meshsim uses (seedrandom's Alea), called directly.
 *
 *   node dist/bench/minimal-loop.js [requests=1000000]   → {requests, events, cpuS, wallS, meanMs}
 */
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';

const ARRIVAL = 0;
const AT_ENDPOINT = 1;
const SERVICE_DONE = 2;
const RESPONSE = 3;

const ZONES = 6;
const PER_ZONE = 6;
const ENDPOINTS = ZONES * PER_ZONE;
const SERVERS = 4;
const SERVICE_MEAN_MS = 10;
const INTERARRIVAL_MEAN_MS = 1000 / 1440;

export interface MinimalResult {
  requests: number;
  events: number;
  meanMs: number;
}

/** One-way delay (ms) between zones a and b: zone z is in region z >> 1. */
function delayMs(a: number, b: number): number {
  return a === b ? 0.1 : a >> 1 === b >> 1 ? 1 : 30;
}

/** Cumulative destination-zone weights per source zone (the canonical effective split 80:15:2:2:1:1). */
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
  const c = new Float64Array(ZONES);
  let acc = 0;
  for (let z = 0; z < ZONES; z++) c[z] = acc += w[z] / 100;
  c[ZONES - 1] = 1;
  return c;
}

export function runMinimal(requests: number, seed = 1): MinimalResult {
  // Event heap: time and payload (kind | id << 2), struct of arrays.
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

  // Requests: slot → start time, source zone, endpoint; free list of slots.
  let slots = 1024;
  let startMs = new Float64Array(slots);
  let fromZone = new Int32Array(slots);
  let endpointOf = new Int32Array(slots);
  let free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  const alloc = (): number => {
    if (free.length === 0) {
      const old = slots;
      slots *= 2;
      const s = new Float64Array(slots);
      s.set(startMs);
      startMs = s;
      const f = new Int32Array(slots);
      f.set(fromZone);
      fromZone = f;
      const e = new Int32Array(slots);
      e.set(endpointOf);
      endpointOf = e;
      free = Array.from({ length: slots - old }, (_, i) => slots - 1 - i);
    }
    return free.pop()!;
  };

  // Endpoints: busy servers and a FIFO ring of waiting request slots each.
  const busy = new Int32Array(ENDPOINTS);
  const queues: number[][] = Array.from({ length: ENDPOINTS }, () => []);
  const heads = new Int32Array(ENDPOINTS);

  const arrivalRng = seedrandom.alea(`minimal:${seed}:arrivals`);
  const pickRng = seedrandom.alea(`minimal:${seed}:pick`);
  const serviceRng = seedrandom.alea(`minimal:${seed}:service`);
  const weights = Array.from({ length: ZONES }, (_, z) => zoneWeights(z));
  const delay = new Float64Array(ZONES * ZONES);
  for (let a = 0; a < ZONES; a++) for (let b = 0; b < ZONES; b++) delay[a * ZONES + b] = delayMs(a, b);

  let now = 0;
  let generated = 0;
  let done = 0;
  let events = 0;
  let latencySum = 0;

  const serve = (req: number): void => {
    push(now - SERVICE_MEAN_MS * Math.log(1 - serviceRng()), SERVICE_DONE | (req << 2));
  };

  for (let z = 0; z < ZONES; z++) push(-INTERARRIVAL_MEAN_MS * Math.log(1 - arrivalRng()), ARRIVAL | (z << 2));

  while (size > 0) {
    // Pop the earliest event.
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
        // Destination zone by weight, then an endpoint of that zone at random.
        const w = weights[id];
        const u = pickRng();
        let zone = 0;
        while (w[zone] <= u) zone++;
        const e = zone * PER_ZONE + ((pickRng() * PER_ZONE) | 0);
        const req = alloc();
        startMs[req] = now;
        fromZone[req] = id;
        endpointOf[req] = e;
        push(now + delay[id * ZONES + zone], AT_ENDPOINT | (req << 2));
        break;
      }
      case AT_ENDPOINT: {
        const e = endpointOf[id];
        if (busy[e] < SERVERS) {
          busy[e]++;
          serve(id);
        } else {
          queues[e].push(id);
        }
        break;
      }
      case SERVICE_DONE: {
        const e = endpointOf[id];
        const q = queues[e];
        if (heads[e] < q.length) {
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
        latencySum += now - startMs[id];
        done++;
        free.push(id);
        break;
      }
    }
  }
  return { requests: done, events, meanMs: latencySum / done };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = runMinimal(n);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ ...r, wallS, cpuS: (c.user + c.system) / 1e6 }) + '\n');
}
