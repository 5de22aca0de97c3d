/**
 * Canonical JSON: object keys sorted, no whitespace. Two values that differ only in key order or
 * formatting give the same text — used for scenario hashes and to compare Istio match conditions
 * as Istio's validation does (pkg/config/validation asJSON).
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
