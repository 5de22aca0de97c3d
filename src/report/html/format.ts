/**
 * Number formatting and axis ticks for the report, locale-free (the same bytes on every machine):
 * "nice" linear ticks (1, 2, 5 × 10^k), logarithmic ticks, byte units, percentages.
 */

/** Formats a number with at most `digits` significant decimals, no exponent, no trailing zeros. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(6, digits - 1 - Math.floor(Math.log10(abs)));
  const s = x.toFixed(Math.max(0, Math.min(decimals, 6)));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Integer with thin-space thousands separators (locale-free). */
export function fmtInt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const s = Math.round(Math.abs(x)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return x < 0 ? `-${s}` : s;
}

export function fmtPct(share: number, digits = 3): string {
  return Number.isFinite(share) ? `${fmt(share * 100, digits)} %` : '–';
}

export interface ByteUnit {
  name: string;
  divisor: number;
}

/** The binary unit that keeps `max` bytes between 1 and 1024. */
export function byteUnit(max: number): ByteUnit {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (i < units.length - 1 && max >= 1024 ** (i + 1)) i++;
  return { name: units[i], divisor: 1024 ** i };
}

export function fmtBytes(bytes: number): string {
  const u = byteUnit(bytes);
  return `${fmt(bytes / u.divisor)} ${u.name}`;
}

/** About `count` round ticks covering [min, max]: steps of 1, 2 or 5 × 10^k. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let i = Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) out.push(roundTo(i * step, step));
  return out;
}

/** The interval [min, max] widened to the nice ticks around it. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!(max > min)) return max > 0 ? [0, max * 1.1 || 1] : [min - 1, min + 1];
  const t = niceTicks(min, max, count);
  const step = t.length > 1 ? t[1] - t[0] : 1;
  return [Math.min(t[0], roundTo(Math.floor(min / step) * step, step)), Math.max(t[t.length - 1], roundTo(Math.ceil(max / step) * step, step))];
}

/** Ticks at 1, 2, 5 × 10^k inside [min, max] (both > 0). */
export function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(k < 0 ? Number(v.toFixed(-k)) : v);
    }
  }
  return out;
}

function roundTo(x: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(x.toFixed(decimals));
}
