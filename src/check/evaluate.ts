/** Thresholds against one result: a suite with one case per threshold. Unavailable data is bad input. */
import { InputError, type Diagnostic } from '../model/diagnostics.js';
import type { ResultSet } from '../report/html/results.js';
import { compare } from './grammar.js';
import { formatValue } from './metric-defs.js';
import { measure } from './measure.js';
import type { CheckSuite } from './outcome.js';
import type { PlacedThreshold } from './threshold-sources.js';

export function where(o: PlacedThreshold['origin']): string {
  return o.line !== undefined ? `${o.file}:${o.line}:${o.column ?? 1}` : `${o.file} ${o.path}`;
}

export function evaluateThresholds(thresholds: PlacedThreshold[], result: ResultSet, suiteName = `thresholds: ${result.label}`): CheckSuite {
  const missing: Diagnostic[] = [];
  const cases = thresholds.map(({ threshold: t, origin }) => {
    const m = measure(t, result);
    if (!m.available) {
      missing.push({ severity: 'error', file: origin.file, line: origin.line, column: origin.column, path: origin.path, message: `"${t.text}": ${m.reason}` });
      return undefined;
    }
    const passed = compare(m.value, t.op, t.limit);
    const value = formatValue(t.metric.kind, m.value);
    const limit = `${t.op} ${formatValue(t.metric.kind, t.limit)}`;
    return {
      name: t.text,
      passed,
      value,
      limit,
      message: `${t.metric.name} of ${m.subject} is ${value}${passed ? '' : `, not ${limit}`}`,
      origin: where(origin),
    };
  });
  if (missing.length > 0) throw new InputError(missing);
  return { name: suiteName, cases: cases.filter((c) => c !== undefined) };
}
