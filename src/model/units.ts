/**
 * Quantities as people write them: durations (`250ms`, `1m`, `1h30m`, Go/Istio style), sizes
 * (`4KiB`, `1.5MB`) and rates (`500/s`, `30000/m`). Internally meshsim uses milliseconds, bytes and
 * requests per second. Each parser returns undefined for text it does not understand, so the
 * caller can report the field path.
 */

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go-style duration (`1h2m3.5s`, `250ms`, `0.5s`), as Istio's API accepts, into ms.
 * A bare number is read as milliseconds.
 */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const s = input.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    pos = re.lastIndex;
  }
  return total;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Parses `512B`, `4KiB`, `1.5MB` (SI and binary units) into bytes; a bare number is bytes. */
export function parseSize(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(input);
  if (!m) return undefined;
  const unit = m[2] === '' ? 'b' : m[2].toLowerCase();
  const mult = SIZE_UNITS[unit];
  return mult === undefined ? undefined : Number(m[1]) * mult;
}

const RATE_UNITS: Record<string, number> = { ms: 1000, s: 1, sec: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600 };

/** Parses `500/s`, `30000/m`, `2/ms`, `1e6/h` into requests per second; a bare number is per second. */
export function parseRate(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(input);
  if (!m) return undefined;
  const mult = m[2] === undefined ? 1 : RATE_UNITS[m[2].toLowerCase()];
  return mult === undefined ? undefined : Number(m[1]) * mult;
}

/** Formats milliseconds compactly for tables (`0.42ms`, `12.3ms`, `1.20s`). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms >= 100) return `${ms.toFixed(0)}ms`;
  if (ms >= 10) return `${ms.toFixed(1)}ms`;
  return `${ms.toFixed(2)}ms`;
}
