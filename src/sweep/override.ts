/**
 * Applies field overrides to the scenario document before it is validated, so every overridden
 * value is checked exactly as if the user had written it. The YAML document is parsed once and
 * cloned per point; re-printing keeps every line where it was (long flow mappings are not folded,
 * flow brackets keep their spacing), so errors still point at the user's lines.
 */
import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostics.js';
import { formatPath } from '../model/diagnostics.js';
import { InputError } from '../model/diagnostics.js';
import { loadScenarioText, type LoadedScenario } from '../model/load.js';
import type { ConcretePath } from './resolve-path.js';

export interface Override {
  path: ConcretePath;
  value: unknown;
  /** How the user asked for it, for messages: `--set traffic[0].rate=100/s`. */
  label: string;
}

/** A scenario text parsed once, from which overridden variants are printed. */
export class ScenarioBase {
  private readonly doc: Document.Parsed;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.doc = parseDocument(text, { uniqueKeys: true });
  }

  /** The scenario text with the overrides applied (the text itself when there are none). */
  apply(overrides: readonly Override[]): string {
    if (overrides.length === 0) return this.text;
    const d = this.doc.clone();
    for (const o of overrides) d.setIn(o.path, d.createNode(o.value, { flow: true }));
    return d.toString({ lineWidth: 0, flowCollectionPadding: false });
  }

  /**
   * Loads the scenario with the overrides applied. Errors name the override that caused them
   * (an error on or around an overridden field) or, for any other error, every override of the
   * variant (a combination the scenario's cross-checks reject).
   */
  load(overrides: readonly Override[]): LoadedScenario {
    return this.blame(overrides, () => loadScenarioText(this.apply(overrides), this.file));
  }

  /** Runs `f`; an InputError it throws (loading, Istio cross-checks) names the overrides. */
  blame<T>(overrides: readonly Override[], f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof InputError) || overrides.length === 0) throw e;
      throw new InputError(e.diagnostics.map((d) => annotate(d, overrides, this.file)));
    }
  }
}

function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
}

function annotate(d: Diagnostic, overrides: readonly Override[], file: string): Diagnostic {
  if (d.severity !== 'error' || / \((from|with) --set /.test(d.message)) return d;
  const own = d.file === file ? overrides.filter((o) => related(d.path, formatPath(o.path))) : [];
  const cause = own.length > 0 ? own : overrides;
  const how = own.length > 0 ? 'from' : 'with';
  return { ...d, message: `${d.message} (${how} ${cause.map((o) => o.label).join(' ')})` };
}
