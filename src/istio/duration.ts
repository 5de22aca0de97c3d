/**
 * Istio durations: protobuf `Duration` fields written as Go duration strings (`10s`, `1m30s`,
 * `250ms`). The CRD schema accepts a string that CEL `duration()` parses; Istio's webhook then
 * requires at least 1ms and millisecond precision (agent.ValidateDuration). A bare number is not
 * a duration for Istio (Go's time.ParseDuration needs a unit), unlike meshsim's own scenario files.
 */
import { parseDuration } from '../model/units.js';

/** Go time.ParseDuration syntax (decimal numbers with units, optional sign) or `0`. */
export const GO_DURATION_PATTERN = /^[-+]?((\d+(\.\d+)?(ns|us|µs|μs|ms|s|m|h))+|0)$/;

/** The longest Go time.Duration (int64 nanoseconds), in ms. */
const GO_MAX_DURATION_MS = 9_223_372_036_854.775807;

export type DurationResult = { ms: number } | { error: string };

/**
 * Converts an Istio duration string to milliseconds.
 * `allowZero` is for the few fields Istio lets be `0s` (connectionPool.tcp.idleTimeout, cookie ttl).
 * Example: `parseIstioDuration('1m30s')` → `{ ms: 90000 }`; `'500us'` → error (ms precision).
 */
export function parseIstioDuration(text: string, opts: { allowZero?: boolean } = {}): DurationResult {
  const s = text.trim();
  if (!GO_DURATION_PATTERN.test(s)) return { error: `"${text}" is not a duration (write e.g. 10ms, 1s, 5m, 1h30m)` };
  const negative = s.startsWith('-');
  const body = s.replace(/^[-+]/, '').replace(/μs/g, 'µs');
  const abs = body === '0' ? 0 : parseDuration(body);
  if (abs === undefined) return { error: `"${text}" is not a duration (write e.g. 10ms, 1s, 5m, 1h30m)` };
  // Go time.ParseDuration (src/time/format.go) fails with "invalid duration" past int64 nanoseconds.
  if (abs > GO_MAX_DURATION_MS) return { error: `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}" is out of range: Go durations end at 2562047h47m16.854775807s (about 292 years)` };
  const ms = negative ? -abs : abs;
  if (opts.allowZero && ms === 0) return { ms: 0 };
  // agent.ValidateDuration: dur < 1ms is rejected ("duration must be greater than 1ms")
  if (ms < 1) return { error: `duration must be at least 1ms, got "${text}"` };
  // agent.ValidateDuration: dur % time.Millisecond != 0 is rejected
  if (Math.abs(ms - Math.round(ms)) > 1e-9) return { error: `only durations to ms precision are supported, got "${text}"` };
  return { ms: Math.round(ms) };
}

/** The value in ms of a duration already validated (undefined when absent or invalid). */
export function durationMs(text: string | undefined, opts: { allowZero?: boolean } = {}): number | undefined {
  if (text === undefined) return undefined;
  const r = parseIstioDuration(text, opts);
  return 'ms' in r ? r.ms : undefined;
}
