/**
 * Text from input files echoed back to a terminal (diagnostics, the summary table, names) must not
 * be able to drive the terminal: an ESC starts colour or OSC sequences (titles, hyperlinks), a
 * carriage return rewrites the line, bidi overrides reorder what the reader sees, a newline splits
 * a table row. Such characters are shown as visible escapes (`\x1b`, `\r`, `\u{202e}`) instead.
 * Long echoed values are shortened so one huge field cannot flood a log.
 */

/** C0 controls, DEL, C1 controls, bidi marks/embeddings/overrides/isolates, line/paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** True when `s` holds a character that `escapeControl` would rewrite. */
export function hasControl(s: string): boolean {
  return UNSAFE_TEST.test(s);
}

/** `s` with every terminal-controlling character written as a visible escape. */
export function escapeControl(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE, escapeOne) : s;
}

/** `text` of several lines (a report printed to the terminal) with each line escaped; the line ends kept. */
export function escapeControlLines(text: string): string {
  return UNSAFE_TEST.test(text) ? text.split('\n').map(escapeControl).join('\n') : text;
}

/** Longest echo of a user value in a message, in characters. */
export const MAX_ECHO = 80;

/** Shortens `s` to at most `max` characters (keeping the start), marking the cut with `…`. */
export function shorten(s: string, max = MAX_ECHO): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1, bidi controls, U+2028/2029)
 * written as \u escapes: the same JSON value, safe to print to a terminal.
 */
export function escapeJsonText(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
