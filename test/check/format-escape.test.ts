/**
 * The check report's files (Markdown for a pull request, JUnit XML for CI) show control
 * characters from user-supplied names (scenario, service, threshold text, paths) as the terminal
 * output does — visible escapes such as `\x1b` — and never raw; the JUnit file stays valid XML 1.0.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkJunit, checkMarkdown, checkText } from '../../src/check/format.js';
import type { CheckReport } from '../../src/check/outcome.js';

/** Characters that must never reach a file raw (a newline is the formatters' own line break). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
/** Characters XML 1.0 does not allow at all (§2.2 Char), even written as a character reference. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A character reference to a C0 control: as forbidden in XML 1.0 as the character itself. */
const C0_REFERENCE = /&#(x0*[0-8bcefBCEF]|x0*1[0-9a-fA-F]|0*([0-8]|1[1-9]|2\d|3[01]));/;

/** A report whose every user-supplied string carries `bad`. */
function report(bad: string): CheckReport {
  return {
    subject: `results/${bad}shop`,
    suites: [
      {
        name: `thresholds: shop${bad}`,
        notes: [`scenario ${bad}a differs`],
        cases: [
          { name: `p99(service=web${bad}) < 1ms`, passed: false, value: `5 ms${bad}`, limit: `< 1 ms${bad}`, message: `p99 of web${bad} is 5 ms`, origin: `t${bad}.yaml:3` },
          { name: `share(${bad}) > 1%`, passed: true, value: '0 %', limit: '> 1 %', message: 'ok' },
        ],
        detail: { header: [`metric${bad}`, 'value'], rows: [[`p99${bad}`, '5']] },
      },
    ],
  };
}

describe('check report files escape control characters from names', () => {
  const BAD = '\u001b[31m\u0000\r\u0007\u0085\u202e\u2028';

  it('Markdown: no raw control character; each is written as the terminal shows it (\\x1b, \\r, \\u{202e})', () => {
    const md = checkMarkdown(report(BAD));
    expect(md).not.toMatch(RAW_CONTROL);
    // Markdown escapes the backslash of the visible escape, so it renders as `\x1b[31m`.
    expect(md).toContain('web\\\\x1b\\[31m\\\\x00\\\\r\\\\x07\\\\x85\\\\u{202e}\\\\u{2028}');
  });

  it('JUnit: no raw control character, no reference to a C0 control, the escapes visible, valid XML characters only', () => {
    const xml = checkJunit(report(BAD));
    expect(xml).not.toMatch(RAW_CONTROL);
    expect(xml).not.toMatch(C0_REFERENCE);
    expect(xml).not.toMatch(NOT_XML_CHAR);
    expect(xml).toContain('name="p99(service=web\\x1b[31m\\x00\\r\\x07\\x85\\u{202e}\\u{2028}) &lt; 1ms"');
    // The failure's body keeps its own line breaks; the name's characters are escaped inside it.
    expect(xml).toContain('>p99(service=web\\x1b[31m\\x00\\r\\x07\\x85\\u{202e}\\u{2028}) &lt; 1ms\nmeasured: 5 ms\\x1b[31m');
  });

  it('the text output escapes the same way (a newline in a name cannot split a line)', () => {
    const text = checkText(report('\n\u001b'));
    expect(text).toContain('PASS  share(\\n\\x1b) > 1%: ok');
    expect(text).not.toMatch(RAW_CONTROL);
  });

  it('a name made of any characters gives valid XML and Markdown without raw controls (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const xml = checkJunit(report(s));
        expect(xml).not.toMatch(NOT_XML_CHAR);
        expect(xml).not.toMatch(RAW_CONTROL);
        expect(checkMarkdown(report(s))).not.toMatch(RAW_CONTROL);
      }),
      { seed: 20240611, numRuns: 200 },
    );
  });
});
