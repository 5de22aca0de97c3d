/**
 * When and how much the traffic sources send, from the qualified scenario (the runner's rules:
 * a source sends from `start` until its end, or until its own `requests`, and the run stops every
 * source once the total `requests` is reached). Poisson sources: the mean.
 */
import type { Scenario, TrafficSpec } from '../model/scenario.js';

/** Requests source `t` sends on its own: rate × sending window, capped by its `requests`. */
export function ownRequests(t: TrafficSpec): number {
  return Math.min(t.maxRequests, (t.ratePerSecond * Math.max(0, t.endMs - t.startMs)) / 1000);
}

/** When source `t` stops sending on its own: its end, or when its `requests` are sent. */
export function ownEndMs(t: TrafficSpec): number {
  return Math.min(t.endMs, t.startMs + (t.maxRequests / t.ratePerSecond) * 1000);
}

/**
 * When the last request starts (Infinity: never), given the run's total cap `requests`: the
 * sources' own ends, or the time the expected requests sent by all of them reach the cap
 * (the sum of their rates changes as sources start and stop).
 */
export function sendingEndMs(s: Scenario, requests: number): number {
  const own = s.traffic.map(ownEndMs);
  const end = Math.max(0, ...own);
  if (!Number.isFinite(requests)) return end;
  // Breakpoints where the total rate changes, then walk them until `requests` are sent.
  const times = [...new Set(s.traffic.flatMap((t, i) => [t.startMs, own[i]]))].filter(Number.isFinite).sort((a, b) => a - b);
  let sent = 0;
  for (let k = 0; k < times.length; k++) {
    const from = times[k];
    const to = k + 1 < times.length ? times[k + 1] : Infinity;
    const rate = s.traffic.reduce((r, t, i) => r + (t.startMs <= from && from < own[i] ? t.ratePerSecond : 0), 0) / 1000;
    if (rate <= 0) continue;
    if (sent + rate * (to - from) >= requests) return Math.min(end, from + (requests - sent) / rate);
    sent += rate * (to - from);
  }
  return end;
}
