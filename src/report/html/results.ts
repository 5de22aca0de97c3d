/**
 * Reads a results directory (what `meshsim run` wrote) for the report and the CI gate:
 * summary.json (`meshsim.summary/v1`, required) and whichever CSV files are there. Sections and
 * checks use what is present and skip what is not, so results of older or newer meshsim
 * versions (with fewer or more files and fields) still read. Problems are user errors
 * (InputError: file, line, field path), never stack traces.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Diagnostics, InputError, type Locator } from '../../model/diagnostics.js';
import { readInputText } from '../../model/read-input.js';
import { parseYamlDocuments } from '../../model/yaml-source.js';
import { SUMMARY_SCHEMA, type Summary } from '../summary.js';
import { parseCsv, type CsvTable } from './csv-parse.js';

/** The CSV files a results directory may hold (absent ones are skipped). */
export const RESULT_TABLES = ['routes', 'timeline', 'endpoints', 'ejections', 'latency', 'populations', 'timeline-destinations'] as const;
export type ResultTable = (typeof RESULT_TABLES)[number];

/** summary.json as read: the v1 fields, any of which a section must treat as possibly absent except the core. */
export type SummaryData = Summary & Record<string, unknown>;

export interface ResultSet {
  /** Directory (or summary.json file) as the user named it. */
  source: string;
  /** Short unique name shown in the report: the scenario name, with the directory if two share it. */
  label: string;
  summary: SummaryData;
  tables: Partial<Record<ResultTable, CsvTable>>;
}

function fail(file: string, locate: Locator | undefined, path: (string | number)[], message: string): never {
  const d = new Diagnostics();
  d.error(file, locate, path, message);
  throw new InputError(d.items);
}

/** Reads and checks a summary.json (the file itself, e.g. a committed baseline). */
export function readSummary(file: string): SummaryData {
  return parseSummary(readInputText(file, 'summary (a meshsim summary.json)', 'results'), file);
}

/** The fields every consumer relies on, with their types. */
const REQUIRED: [string[], string][] = [
  [['scenario', 'name'], 'string'],
  [['requests', 'counted'], 'number'],
  [['requests', 'failed'], 'number'],
  [['latencyMs'], 'object'],
];

function fieldAt(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** True when `data` is a summary every consumer can read (the fast path: no located errors needed). */
function isSummary(data: unknown): data is SummaryData {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || (data as Record<string, unknown>).schema !== SUMMARY_SCHEMA) return false;
  return REQUIRED.every(([path, type]) => {
    const v = fieldAt(data, path);
    return typeof v === type && v !== null && !(type === 'object' && Array.isArray(v));
  });
}

/**
 * Parses summary.json text; checks the schema tag and the fields every consumer relies on. A
 * summary meshsim wrote is read as JSON (fast, whatever its size within the results limit); the
 * YAML reader, which knows lines and columns, is used only to say where something is wrong.
 */
export function parseSummary(text: string, file: string): SummaryData {
  try {
    const data = JSON.parse(text) as unknown;
    if (isSummary(data)) return data;
  } catch {
    // Not JSON: the YAML reader says where (or reads it, YAML being a superset).
  }
  const diags = new Diagnostics();
  const docs = parseYamlDocuments(text, file, diags);
  if (diags.hasErrors) throw new InputError(diags.items);
  const doc = docs[0];
  const data = doc?.data as Record<string, unknown> | undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(file, doc?.locate, [], 'expected a meshsim summary.json object');
  if (data.schema !== SUMMARY_SCHEMA) {
    fail(file, doc.locate, ['schema'], `expected "${SUMMARY_SCHEMA}" (a summary.json written by meshsim run), got ${data.schema === undefined ? 'no schema field' : JSON.stringify(data.schema)}`);
  }
  for (const [path, type] of REQUIRED) {
    const v = fieldAt(data, path);
    if (typeof v !== type || v === null || (type === 'object' && Array.isArray(v))) fail(file, doc.locate, path, `required field is missing or not a ${type}`);
  }
  return data as SummaryData;
}

/** Reads a results directory; `source` may also name its summary.json. */
export function readResults(source: string): ResultSet {
  let dir = source;
  if (existsSync(source) && statSync(source).isFile()) dir = join(source, '..');
  else if (!existsSync(source)) fail(source, undefined, [], 'no such results directory');
  const summaryFile = join(dir, 'summary.json');
  if (!existsSync(summaryFile)) fail(dir, undefined, [], 'no summary.json here: name a directory written by `meshsim run`');
  const summary = readSummary(summaryFile);
  const tables: Partial<Record<ResultTable, CsvTable>> = {};
  for (const t of RESULT_TABLES) {
    const f = join(dir, `${t}.csv`);
    if (existsSync(f)) tables[t] = parseCsv(readInputText(f, `${t}.csv`, 'results'));
  }
  return { source, label: summary.scenario.name, summary, tables };
}

/** Reads several results; labels stay unique (the directory is added where names repeat). */
export function readAllResults(sources: string[]): ResultSet[] {
  const sets = sources.map(readResults);
  return uniqueLabels(sets);
}

export function uniqueLabels(sets: ResultSet[]): ResultSet[] {
  const count = new Map<string, number>();
  for (const s of sets) count.set(s.label, (count.get(s.label) ?? 0) + 1);
  const withDir = sets.map((s) => {
    if ((count.get(s.label) ?? 0) < 2) return s;
    const where = basename(s.source.replace(/[\\/]+$/, '')) || s.source;
    return where === s.label ? s : { ...s, label: `${s.label} (${where})` };
  });
  // Still the same (same directory name twice): number them.
  const used = new Map<string, number>();
  return withDir.map((s) => {
    const k = (used.get(s.label) ?? 0) + 1;
    used.set(s.label, k);
    return k === 1 ? s : { ...s, label: `${s.label} #${k}` };
  });
}

/** A numeric cell ('' or text ⇒ NaN). */
export function num(row: Record<string, string>, key: string): number {
  const v = row[key];
  return v === undefined || v === '' ? NaN : Number(v);
}

/** A result from files in memory (a run that was not written to disk), e.g. `meshsim check scenario.yaml`. */
export function resultsFromFiles(files: Record<string, string>, source: string): ResultSet {
  const summary = parseSummary(files['summary.json'], `${source} (summary.json)`);
  const tables: Partial<Record<ResultTable, CsvTable>> = {};
  for (const t of RESULT_TABLES) if (files[`${t}.csv`] !== undefined) tables[t] = parseCsv(files[`${t}.csv`]);
  return { source, label: summary.scenario.name, summary, tables };
}
