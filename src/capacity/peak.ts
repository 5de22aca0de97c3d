/**
 * `--peak 2x`: the factor applied to every traffic source's rate (`2x`, `1.5x`, `150%` or `2`).
 * The scenario's rates are rewritten as requests per second times the factor, before validation.
 */
import { parseRate } from '../model/units.js';
import type { Override } from '../sweep/override.js';

/** The factor of `--peak`, or undefined if it is not a positive number, `Nx` or `N%`. */
export function parsePeak(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(x|%)?\s*$/i.exec(text);
  if (!m) return undefined;
  const f = m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]);
  return f > 0 ? f : undefined;
}

/** Overrides multiplying the rate of each source (`rates` as written in the document). */
export function peakOverrides(rates: readonly (string | number)[], factor: number, label: string): Override[] {
  return rates.map((r, i) => ({ path: ['traffic', i, 'rate'], value: (parseRate(r) ?? 0) * factor, label }));
}
