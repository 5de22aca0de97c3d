/**
 * Nesting depth of YAML/JSON input. The yaml parser, the converters and the validators recurse
 * once per level, so a file such as `description: [[[[…` thousands deep would exhaust the stack
 * (or, worse, V8's regular-expression compiler, which aborts the process). Before parsing,
 * `nestingScan` bounds the depth from the raw text in one linear pass; after parsing,
 * `deepestNode` finds the exact first node beyond the limit so the error can name its line.
 *
 * The scan over-counts in odd corners (a plain scalar continued on ever deeper indented lines), so
 * it only guards the parser, with a generous multiple of the limit; the exact check enforces it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';

/** Offset of the first character at which the text may nest deeper than `limit`, or -1. */
export function nestingScan(text: string, limit: number): number {
  const indents: number[] = [];
  let flow = 0;
  // Per open flow collection: implicit keys (`k:`) since its last `,`. A second one before a comma
  // (`{a: b: c`, or `k: v` lines inside an unclosed `[`) nests a mapping: the parser recurses.
  const colons: number[] = [];
  let extra = 0;
  let quote: '"' | "'" | '' = '';
  let blockScalarParent = -1; // indent of the line that opened a `|` or `>` scalar, or -1
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let i = pos;
    while (i < end && text[i] === ' ') i++;
    const indent = i - pos;
    const blank = i >= end || text[i] === '\r' || (text[i] === '#' && quote === '' && flow === 0);
    if (blockScalarParent >= 0) {
      if (blank || indent > blockScalarParent) {
        pos = end + 1;
        continue;
      }
      blockScalarParent = -1;
    }
    if (quote === '' && flow === 0 && !blank) {
      if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i))) indents.length = 0;
      while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
    }
    let depth = indents.length + flow + extra;
    // Compact nested sequences and complex keys: `- - - x`, `? - x`.
    if (quote === '' && flow === 0) {
      while (i < end && (text[i] === '-' || text[i] === '?') && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) {
        depth++;
        i += 2;
        while (i < end && text[i] === ' ') i++;
      }
    }
    if (depth > limit) return pos + indent;
    const contentStart = i;
    let contentEnd = end;
    for (; i < end; i++) {
      const c = text[i];
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = '';
        continue;
      }
      if (quote === "'") {
        if (c === "'") {
          if (text[i + 1] === "'") i++;
          else quote = '';
        }
        continue;
      }
      const prev = i === contentStart ? ' ' : text[i - 1];
      const tokenStart = prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',' || (flow > 0 && prev === ':');
      if (c === '#' && (prev === ' ' || prev === '\t' || i === contentStart)) {
        contentEnd = i;
        break;
      }
      if ((c === '"' || c === "'") && tokenStart) quote = c;
      else if ((c === '[' || c === '{') && tokenStart) {
        flow++;
        colons.push(0);
        if (depth + 1 > limit) return i;
        depth++;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
        const nested = Math.max(0, colons.pop()! - 1);
        extra -= nested;
        depth -= 1 + nested;
      } else if (c === ',' && flow > 0) {
        const nested = Math.max(0, colons[colons.length - 1] - 1);
        extra -= nested;
        depth -= nested;
        colons[colons.length - 1] = 0;
      } else if (c === ':' && flow > 0) {
        const next = i + 1 < end ? text[i + 1] : ' ';
        const indicator = next === ' ' || next === '\t' || next === '\r' || next === ',' || next === ']' || next === '}' || prev === '"' || prev === "'";
        if (indicator && ++colons[colons.length - 1] > 1) {
          extra++;
          if (++depth > limit) return i;
        }
      }
    }
    if (quote === '' && flow === 0) {
      // A block scalar (`key: |`, `- >-`): its content lines are text, whatever their indentation.
      if (endsWithBlockScalarIndicator(text, contentStart, contentEnd)) blockScalarParent = indent;
    }
    pos = end + 1;
  }
  return -1;
}

/** True when text[from, to) ends with `|` or `>` (plus `-`, `+`, digits) at a value position. */
function endsWithBlockScalarIndicator(text: string, from: number, to: number): boolean {
  let j = to - 1;
  while (j >= from && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j--;
  while (j >= from && (text[j] === '-' || text[j] === '+' || (text[j] >= '0' && text[j] <= '9'))) j--;
  if (j < from || (text[j] !== '|' && text[j] !== '>')) return false;
  const before = j === from ? ' ' : text[j - 1];
  return before === ' ' || before === '\t' || before === ':';
}

/**
 * An upper estimate of the values in a YAML/JSON text: its non-blank lines plus its commas. The
 * yaml parser costs a few microseconds per value, so this bounds its time before it starts.
 */
export function countItems(text: string): number {
  let items = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!blank) items++;
      blank = true;
    } else if (c === 44) {
      items++;
      blank = false;
    } else if (c !== 32 && c !== 9 && c !== 13) blank = false;
  }
  return blank ? items : items + 1;
}

export interface DeepNode {
  /** Source offset of the node. */
  offset: number;
  /** Field path from the document's root to the node. */
  path: (string | number)[];
}

/** The first node (in document order) nested deeper than `limit` lists/mappings, if any. */
export function deepestNode(root: unknown, limit: number): DeepNode | undefined {
  const stack: { node: unknown; depth: number; path: (string | number)[] }[] = [{ node: root, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > limit) return { offset: (node as YamlNode).range?.[0] ?? 0, path };
      const children: { node: unknown; depth: number; path: (string | number)[] }[] = [];
      node.items.forEach((it, idx) => {
        if (isPair(it)) {
          const key = isScalar(it.key) ? String(it.key.value) : '?';
          children.push({ node: it.value, depth: depth + 1, path: [...path, key] });
        } else {
          children.push({ node: it, depth: depth + 1, path: [...path, idx] });
        }
      });
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
    } else if (isAlias(node) || isScalar(node)) {
      continue;
    }
  }
  return undefined;
}

/**
 * Checks plain data after aliases were expanded: an alias may put a deep subtree deeper still, or
 * refer to a list or mapping that contains it (`a: &x [*x]` gives a cycle, which every later
 * step would follow forever). Iterative, and linear in the number of distinct objects.
 */
export function dataShape(data: unknown, limit: number): 'ok' | 'too-deep' | 'cycle' {
  // height(v): levels of lists/mappings from v down; computed post-order with memo.
  const height = new Map<object, number>();
  const onPath = new Set<object>();
  const stack: { v: object; children: unknown[]; next: number; max: number }[] = [];
  const enter = (v: unknown): 'ok' | 'cycle' | 'done' => {
    if (v === null || typeof v !== 'object') return 'done';
    if (height.has(v)) return 'done';
    if (onPath.has(v)) return 'cycle';
    if (stack.length + 1 > limit) return 'ok'; // caught below as too deep
    onPath.add(v);
    stack.push({ v, children: Array.isArray(v) ? v : Object.values(v as Record<string, unknown>), next: 0, max: 0 });
    return 'ok';
  };
  if (enter(data) === 'done') return 'ok';
  while (stack.length > 0) {
    if (stack.length > limit) return 'too-deep';
    const top = stack[stack.length - 1];
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (child !== null && typeof child === 'object' && height.has(child)) {
        top.max = Math.max(top.max, height.get(child)!);
        if (stack.length + height.get(child)! > limit) return 'too-deep';
        continue;
      }
      if (enter(child) === 'cycle') return 'cycle';
      continue;
    }
    stack.pop();
    onPath.delete(top.v);
    const h = top.max + 1;
    height.set(top.v, h);
    if (stack.length > 0) stack[stack.length - 1].max = Math.max(stack[stack.length - 1].max, h);
  }
  return 'ok';
}
