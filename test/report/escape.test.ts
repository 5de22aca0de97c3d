/**
 * Markdown escaping of names from scenarios and results (report.md, check --markdown): Markdown
 * syntax is neutralised, a line break becomes a space, and other control characters are shown as
 * the terminal shows them instead of being written raw.
 */
import { describe, expect, it } from 'vitest';
import { escMd } from '../../src/report/html/escape.js';

describe('escMd', () => {
  it.each([
    ['a|b', 'a\\|b'], // a cell break
    ['*x* [l](u)', '\\*x\\* \\[l\\](u)'],
    ['<b>', '&lt;b&gt;'],
    ['a\r\nb\nc', 'a b c'], // line breaks: one space each
    ['a\u001b[31mb', 'a\\\\x1b\\[31mb'], // ESC: visible, its backslash escaped for Markdown
    ['a\u0000\tb\u202e', 'a\\\\x00\\\\tb\\\\u{202e}'],
    [42, '42'],
  ])('%j → %j', (input, want) => {
    expect(escMd(input)).toBe(want);
  });
});
