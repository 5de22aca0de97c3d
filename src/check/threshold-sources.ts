/**
 * Where thresholds come from: the scenario's `checks:` list, a thresholds file (YAML: a list of
 * strings, or a mapping with a `checks:` list) and `--threshold` arguments. Every threshold keeps
 * its origin (file, line, column, field path), so a parse error reads
 * `ci/thresholds.yaml:4:5: error: checks[1]: "p99 < 12xs": ...` and exits 2 before anything runs.
 */
import { Diagnostics, formatPath, InputError, type Locator } from '../model/diagnostics.js';
import { readInputText } from '../model/read-input.js';
import { parseYamlDocuments } from '../model/yaml-source.js';
import { parseThreshold, ThresholdSyntaxError, type Threshold } from './grammar.js';

export interface Origin {
  file: string;
  line?: number;
  column?: number;
  path: string;
}

export interface PlacedThreshold {
  threshold: Threshold;
  origin: Origin;
}

interface RawThreshold {
  text: unknown;
  file: string;
  locate?: Locator;
  path: (string | number)[];
}

/** Parses every raw threshold; throws one InputError listing all that are wrong. */
export function parseAll(raw: RawThreshold[]): PlacedThreshold[] {
  const diags = new Diagnostics();
  const out: PlacedThreshold[] = [];
  for (const r of raw) {
    if (typeof r.text !== 'string') {
      diags.error(r.file, r.locate, r.path, `expected a threshold as text, such as "p99 < 120ms", got ${Array.isArray(r.text) ? 'a list' : r.text === null ? 'null' : typeof r.text}`);
      continue;
    }
    try {
      const threshold = parseThreshold(r.text);
      const pos = r.locate?.(r.path);
      out.push({ threshold, origin: { file: r.file, line: pos?.line, column: pos?.column, path: formatPath(r.path) } });
    } catch (e) {
      if (!(e instanceof ThresholdSyntaxError)) throw e;
      diags.error(r.file, r.locate, r.path, `"${r.text}": ${e.message} (at character ${e.column})`);
    }
  }
  if (diags.hasErrors) throw new InputError(diags.items);
  return out;
}

/** A file named by the user: a regular file under the input limit (never /dev/zero or a FIFO). */
function readText(file: string, what: string): string {
  return readInputText(file, what);
}

/** The `checks:` list of a scenario file (already validated by the schema: a list of strings). */
export function scenarioThresholds(file: string): RawThreshold[] {
  const diags = new Diagnostics();
  const [doc] = parseYamlDocuments(readText(file, 'scenario'), file, diags);
  const checks = (doc?.data as { checks?: unknown } | undefined)?.checks;
  if (!Array.isArray(checks)) return [];
  return checks.map((text, i) => ({ text, file, locate: doc.locate, path: ['checks', i] }));
}

/** A thresholds file: a YAML list of strings, or a mapping with a `checks:` list. */
export function fileThresholds(file: string): RawThreshold[] {
  const diags = new Diagnostics();
  const docs = parseYamlDocuments(readText(file, 'thresholds file'), file, diags);
  if (diags.hasErrors) throw new InputError(diags.items);
  const doc = docs[0];
  const data = doc?.data;
  if (Array.isArray(data)) return data.map((text, i) => ({ text, file, locate: doc.locate, path: [i] }));
  if (data !== null && typeof data === 'object' && Array.isArray((data as { checks?: unknown }).checks)) {
    return ((data as { checks: unknown[] }).checks).map((text, i) => ({ text, file, locate: doc.locate, path: ['checks', i] }));
  }
  throw new InputError([{ severity: 'error', file, line: 1, column: 1, path: '(root)', message: 'expected a list of thresholds, or a mapping with a "checks:" list (e.g. checks: ["p99 < 120ms", "errorRate < 0.1%"])' }]);
}

/** Thresholds given on the command line (`--threshold "p99 < 120ms"`). */
export function argumentThresholds(texts: string[]): RawThreshold[] {
  return texts.map((text, i) => ({ text, file: '(command line)', path: ['threshold', i] }));
}
