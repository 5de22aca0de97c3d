/**
 * Renders a CheckReport: plain text for the terminal and CI logs, JUnit XML (testsuites /
 * testsuite / testcase / failure, as CI systems read it) and Markdown for a pull request.
 * Deterministic: no timestamps or durations. Every string of the report may carry user input
 * (scenario and service names, threshold text, paths): in all three outputs its control
 * characters are shown as the terminal shows them (`\x1b`, `\r`, `\u{202e}`; model/escape.ts).
 */
import { escapeControl } from '../model/escape.js';
import { escMd } from '../report/html/escape.js';
import { counts, type CheckCase, type CheckReport, type CheckSuite } from './outcome.js';

function escapeCase(c: CheckCase): CheckCase {
  return { ...c, name: escapeControl(c.name), value: escapeControl(c.value), limit: escapeControl(c.limit), message: escapeControl(c.message), ...(c.origin !== undefined ? { origin: escapeControl(c.origin) } : {}) };
}

function escapeSuite(s: CheckSuite): CheckSuite {
  return {
    name: escapeControl(s.name),
    cases: s.cases.map(escapeCase),
    ...(s.detail ? { detail: { header: s.detail.header.map(escapeControl), rows: s.detail.rows.map((row) => row.map(escapeControl)) } } : {}),
    ...(s.notes ? { notes: s.notes.map(escapeControl) } : {}),
  };
}

/** The report with every string's control characters written as visible escapes. */
function escapeReport(r: CheckReport): CheckReport {
  return { subject: escapeControl(r.subject), suites: r.suites.map(escapeSuite) };
}

export function checkText(report: CheckReport): string {
  const r = escapeReport(report);
  const lines: string[] = [`meshsim check: ${r.subject}`];
  for (const s of r.suites) {
    lines.push('', s.name);
    for (const n of s.notes ?? []) lines.push(`  note: ${n}`);
    for (const c of s.cases) lines.push(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.message}${c.origin && !c.passed ? `  (${c.origin})` : ''}`);
  }
  const { passed, failed } = counts(r);
  lines.push('', `${passed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Characters XML 1.0 allows nowhere, not even as a character reference (§2.2 Char): C0 controls
 * but tab, LF and CR; U+FFFE, U+FFFF; a surrogate without its pair.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for XML content or a quoted attribute (of an escaped report: see escapeReport). */
function x(text: string): string {
  // What escapeReport leaves that XML still forbids (U+FFFE, a lone surrogate) is escaped the same way.
  return text.replace(NOT_XML_CHAR, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`).replace(/[&<>"']/g, (c) => XML[c]);
}

export function checkJunit(report: CheckReport): string {
  const r = escapeReport(report);
  const { passed, failed } = counts(r);
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="meshsim check" tests="${passed + failed}" failures="${failed}" errors="0">`];
  for (const s of r.suites) {
    const f = s.cases.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${x(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0">`);
    for (const c of s.cases) {
      const open = `    <testcase classname="${x(`meshsim.check.${s.name.split(':')[0]}`)}" name="${x(c.name)}"`;
      if (c.passed) out.push(`${open}/>`);
      else {
        out.push(`${open}>`);
        out.push(`      <failure message="${x(c.message)}" type="regression">${x(`${c.name}\nmeasured: ${c.value}\nlimit: ${c.limit}${c.origin ? `\nwritten at: ${c.origin}` : ''}`)}</failure>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

export function checkMarkdown(report: CheckReport): string {
  const r = escapeReport(report);
  const { passed, failed } = counts(r);
  const cell = (s: string) => escMd(s) || ' ';
  const parts = [`### ${failed === 0 ? '✅' : '❌'} meshsim check: ${escMd(r.subject)} — ${passed} passed, ${failed} failed`];
  for (const s of r.suites) {
    parts.push(`#### ${escMd(s.name)}`);
    for (const n of s.notes ?? []) parts.push(`> note: ${escMd(n)}`);
    parts.push(['| | check | measured | limit |', '|---|---|---:|---:|', ...s.cases.map((c) => `| ${c.passed ? '✅' : '❌'} | ${cell(c.name)} | ${cell(c.value)} | ${cell(c.limit)} |`)].join('\n'));
    const failing = s.cases.filter((c) => !c.passed);
    if (failing.length > 0) parts.push(failing.map((c) => `- ❌ ${escMd(c.message)}${c.origin ? ` (${escMd(c.origin)})` : ''}`).join('\n'));
    if (s.detail) {
      parts.push(`<details><summary>details</summary>\n\n${[`| ${s.detail.header.map(cell).join(' | ')} |`, `|${s.detail.header.map(() => '---').join('|')}|`, ...s.detail.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')}\n\n</details>`);
    }
  }
  return parts.join('\n\n') + '\n';
}
