/**
 * Reads YAML (or JSON, which is YAML) keeping positions, so every later problem can name its line.
 *
 * A file may hold several documents (`---`), as Kubernetes manifests do. Each document comes back
 * as plain data plus a locator from field paths to line/column. Syntax errors become diagnostics.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import type { Diagnostics, FieldPath, Locator } from './diagnostics.js';

export interface SourceDocument {
  file: string;
  data: unknown;
  locate: Locator;
}

function nodeAt(root: unknown, path: FieldPath): { node: YamlNode | undefined; keyNode?: YamlNode } {
  let node = root as YamlNode | undefined;
  let keyNode: YamlNode | undefined;
  for (const p of path) {
    if (node === undefined) return { node: undefined };
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(p));
      if (!pair) return { node: undefined, keyNode: node as YamlNode };
      keyNode = pair.key as YamlNode;
      node = (pair.value ?? pair.key) as YamlNode;
    } else if (isSeq(node) && typeof p === 'number') {
      const item = node.items[p];
      if (item === undefined) return { node: undefined, keyNode: node as YamlNode };
      keyNode = undefined;
      node = item as YamlNode;
    } else {
      return { node: undefined, keyNode: node };
    }
  }
  return { node, keyNode };
}

function makeLocator(contents: unknown, lc: LineCounter): Locator {
  return (path) => {
    // Walk as deep as the path exists; point at the deepest existing node (its key if it has one).
    for (let depth = path.length; depth >= 0; depth--) {
      const { node, keyNode } = nodeAt(contents, path.slice(0, depth));
      const target = depth === path.length ? (keyNode ?? node) : (node ?? keyNode);
      const offset = target?.range?.[0];
      if (offset !== undefined) {
        const pos = lc.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
}

/** Parses every document of a YAML/JSON text. Syntax errors are added to `diags`; bad documents are skipped. */
export function parseYamlDocuments(text: string, file: string, diags: Diagnostics): SourceDocument[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const out: SourceDocument[] = [];
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0];
        diags.items.push({
          severity: 'error',
          file,
          line: pos?.line,
          column: pos?.col,
          path: '(syntax)',
          message: `YAML syntax error: ${e.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    if (doc.contents === null) continue; // empty document, e.g. a trailing `---`
    out.push({ file, data: doc.toJS({ maxAliasCount: 100 }), locate: makeLocator(doc.contents, lc) });
  }
  return out;
}
