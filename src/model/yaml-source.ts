/**
 * Reads YAML (or JSON, which is YAML) keeping positions, so every later problem can name its line.
 *
 * A file may hold several documents (`---`), as Kubernetes manifests do. Each document comes back
 * as plain data plus a locator from field paths to line/column. Syntax errors become diagnostics.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, visit, type Document, type Node as YamlNode } from 'yaml';
import { formatPath, type Diagnostics, type FieldPath, type Locator } from './diagnostics.js';
import { groupDigits, LIMITS } from './limits.js';
import { countItems, dataShape, deepestNode, nestingScan } from './nesting.js';

/** A syntax problem: the yaml library's errors and the duplicate keys found here. */
interface SyntaxProblem {
  code: string;
  pos: [number, number];
  message: string;
}

const NESTING_MESSAGE = `lists and mappings are nested deeper than ${LIMITS.nesting} levels here; meshsim reads at most ${LIMITS.nesting} levels (README "Input limits")`;

const PRESCAN_MESSAGE = `YAML syntax error: lists and mappings are nested deeper than ${LIMITS.nesting} levels from here, or a "[" or "{" is left open with "key: value" lines after it (each nests a level); meshsim reads at most ${LIMITS.nesting} levels (README "Input limits")`;

/** 1-based line and column of `offset`, counted directly (for problems found before parsing). */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Keys that appear twice in one mapping. The yaml library can check this itself, but compares
 * every key with every other (a mapping of 20,000 keys takes seconds); a set per mapping is linear.
 * Keys are compared as the JavaScript objects will hold them (`1` and `"1"` collide).
 */
function duplicateKeys(doc: Document.Parsed): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const it of map.items) {
        if (!isScalar(it.key)) continue;
        const k = String(it.key.value);
        const r = it.key.range;
        if (seen.has(k) && r) out.push({ code: 'DUPLICATE_KEY', pos: [r[0], r[1]], message: 'Map keys must be unique' });
        seen.add(k);
      }
    },
  });
  return out;
}

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

/** The field path of the deepest node whose source range contains `offset` (for syntax errors). */
function pathAtOffset(node: unknown, offset: number, path: (string | number)[] = []): (string | number)[] {
  const contains = (n: unknown): boolean => {
    const r = (n as YamlNode | null | undefined)?.range;
    return r !== undefined && r !== null && r[0] <= offset && offset < r[2];
  };
  if (isMap(node)) {
    for (const it of node.items) {
      if (!isScalar(it.key)) continue;
      const key = String(it.key.value);
      if (contains(it.key)) return [...path, key];
      if (contains(it.value)) {
        // An error at the very start of a value is about the value as a whole (e.g. `a: b: c`).
        if ((it.value as YamlNode).range?.[0] === offset) return [...path, key];
        return pathAtOffset(it.value, offset, [...path, key]);
      }
    }
  } else if (isSeq(node)) {
    const i = node.items.findIndex(contains);
    if (i >= 0) return pathAtOffset(node.items[i], offset, [...path, i]);
  }
  return path;
}

/** The yaml library's message, made to name the likely mistake. */
function syntaxMessage(e: SyntaxProblem, path: FieldPath): string {
  const msg = e.message.split('\n')[0];
  if (/Maximum call stack/i.test(msg)) return NESTING_MESSAGE;
  if (e.code === 'DUPLICATE_KEY') return `field "${String(path[path.length - 1] ?? '?')}" appears twice in one mapping; keep one`;
  if (e.code === 'MISSING_CHAR' && /quote/i.test(msg)) return `unclosed quote: the quoted value starting here has no closing ${/'/.test(msg) ? "'" : '"'}`;
  if (e.code === 'MULTILINE_IMPLICIT_KEY') return 'YAML syntax error: this line is indented more than the field above it (fields of one mapping must line up)';
  if (e.code === 'TAB_AS_INDENT') return `YAML syntax error: ${msg} (indent with spaces)`;
  if (/^(BLOCK_AS_IMPLICIT_KEY|BAD_INDENT|MISSING_CHAR)$/.test(e.code) && !/^Flow/.test(msg)) {
    return `YAML syntax error: ${msg} (check the indentation of this line and the next: fields of one mapping must line up; quote values that contain ": ")`;
  }
  return `YAML syntax error: ${msg}`;
}

/** Where an unclosed quoted scalar starts (the yaml library reports where the file ends). */
function unclosedQuoteStart(doc: Document.Parsed, offset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const r = node.range;
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && r && r[0] < offset && offset <= r[2]) {
        start = r[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

/** Converts a document to plain data; unresolved or exploding aliases become diagnostics. */
function toData(doc: Document.Parsed, file: string, lc: LineCounter, diags: Diagnostics): { ok: true; data: unknown } | { ok: false } {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError) {
      diags.items.push({ severity: 'error', file, line: 1, column: 1, path: '(syntax)', message: NESTING_MESSAGE });
      return { ok: false };
    }
    let offset: number | undefined;
    let path: (string | number)[] = [];
    visit(doc, {
      Alias(_key, node) {
        if (node.resolve(doc) === undefined && node.range) {
          offset = node.range[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (offset !== undefined) path = pathAtOffset(doc.contents, offset);
    const pos = offset !== undefined ? lc.linePos(offset) : undefined;
    const unresolved = /Unresolved alias/.test((e as Error).message);
    diags.items.push({
      severity: 'error',
      file,
      line: pos?.line ?? 1,
      column: pos?.col ?? 1,
      path: path.length > 0 ? formatPath(path) : '(syntax)',
      message: unresolved
        ? 'YAML alias refers to an anchor that is not defined before it (define `&name` before using `*name`)'
        : 'YAML aliases expand too much (more than 100 alias expansions, README "Input limits"): write the repeated parts out, or use fewer aliases',
    });
    return { ok: false };
  }
  const shape = dataShape(data, LIMITS.nesting);
  if (shape !== 'ok') {
    diags.items.push({
      severity: 'error',
      file,
      line: 1,
      column: 1,
      path: '(syntax)',
      message: shape === 'cycle'
        ? 'a YAML alias refers to a list or mapping that contains it (a cycle); meshsim needs plain, finite data'
        : `YAML aliases nest lists and mappings deeper than ${LIMITS.nesting} levels; meshsim reads at most ${LIMITS.nesting} levels (README "Input limits")`,
    });
    return { ok: false };
  }
  return { ok: true, data };
}

/** Parses every document of a YAML/JSON text. Syntax errors are added to `diags`; bad documents are skipped. */
export function parseYamlDocuments(text: string, file: string, diags: Diagnostics): SourceDocument[] {
  // Guard the parser (its time grows with the values, its recursion with the nesting) with linear scans.
  const items = countItems(text);
  if (items > LIMITS.yamlItems) {
    diags.items.push({
      severity: 'error',
      file,
      line: 1,
      column: 1,
      path: '(file)',
      message: `the file holds about ${groupDigits(items)} values (lines and list items); meshsim reads at most ${groupDigits(LIMITS.yamlItems)} per file (README "Input limits")`,
    });
    return [];
  }
  const deep = nestingScan(text, 4 * LIMITS.nesting);
  if (deep >= 0) {
    diags.items.push({ severity: 'error', file, ...positionOf(text, deep), path: '(syntax)', message: PRESCAN_MESSAGE });
    return [];
  }
  const lc = new LineCounter();
  let docs: unknown;
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    // The parser recursed too deep on a shape the scan did not foresee: still the user's file.
    if (!(e instanceof RangeError)) throw e;
    diags.items.push({ severity: 'error', file, line: 1, column: 1, path: '(syntax)', message: PRESCAN_MESSAGE });
    return [];
  }
  const out: SourceDocument[] = [];
  const list = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
  for (const doc of list) {
    const tooDeep = deepestNode(doc.contents, LIMITS.nesting);
    if (tooDeep) {
      const pos = lc.linePos(tooDeep.offset);
      diags.items.push({ severity: 'error', file, line: pos.line, column: pos.col, path: formatPath(tooDeep.path), message: NESTING_MESSAGE });
      continue;
    }
    const problems: SyntaxProblem[] = [...doc.errors.map((e) => ({ code: e.code, pos: e.pos, message: e.message })), ...duplicateKeys(doc)];
    if (problems.length > 0) {
      // One mistake often yields several errors at one place: a line indented too far makes the
      // value above it a multi-line key; that error (pointing at the misplaced line) says it best.
      const multiline = new Set(problems.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
      const seen = new Set<number>();
      for (const e of problems) {
        if (seen.has(e.pos[0]) || (e.code !== 'MULTILINE_IMPLICIT_KEY' && multiline.has(e.pos[0]))) continue;
        seen.add(e.pos[0]);
        let offset = e.pos[0];
        if (e.code === 'MISSING_CHAR' && /quote/i.test(e.message)) offset = unclosedQuoteStart(doc, offset) ?? offset;
        let path = pathAtOffset(doc.contents, offset);
        if (e.code === 'MULTILINE_IMPLICIT_KEY') {
          const lastLine = text.lastIndexOf('\n', e.pos[1] - 1) + 1;
          const indent = /[ \t]*/y;
          indent.lastIndex = lastLine;
          offset = Math.max(offset, lastLine + (indent.exec(text)?.[0].length ?? 0));
          path = path.slice(0, -1);
        }
        const pos = lc.linePos(offset);
        diags.items.push({
          severity: 'error',
          file,
          line: pos.line,
          column: pos.col,
          path: path.length > 0 ? formatPath(path) : '(syntax)',
          message: syntaxMessage(e, path),
        });
      }
      continue;
    }
    if (doc.contents === null) continue; // empty document, e.g. a trailing `---`
    const converted = toData(doc, file, lc, diags);
    if (converted.ok) out.push({ file, data: converted.data, locate: makeLocator(doc.contents, lc) });
  }
  return out;
}
