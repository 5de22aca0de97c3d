/** Warnings met while loading each scenario (fields meshsim does not simulate, ...). */
import { section, type Block, type SectionBuilder } from '../model.js';
import type { ResultSet } from '../results.js';

function table(r: ResultSet): Block | undefined {
  const w = Array.isArray(r.summary.warnings) ? r.summary.warnings : [];
  if (w.length === 0) return undefined;
  return {
    kind: 'table',
    title: r.label,
    // `code` (an analyzer code, or none) is absent from summaries written before it was added.
    table: { header: ['file', 'line', 'field', 'warning', 'code'], rows: w.map((x) => [String(x.file), x.line === null || x.line === undefined ? '' : String(x.line), String(x.path), String(x.message), typeof x.code === 'string' ? x.code : '']) },
  };
}

export const warningsSection: SectionBuilder = (results) => section('warnings', 'Warnings', 'What the results do not show: configuration meshsim read but does not simulate.', results.map(table));
