/**
 * Renders a CheckReport: plain text for the terminal and CI logs, JUnit XML (testsuites /
 * testsuite / testcase / failure, as CI systems read it) and Markdown for a pull request.
 * Deterministic: no timestamps or durations.
 */
import { escMd } from '../report/html/escape.js';
import { counts, type CheckReport } from './outcome.js';

export function checkText(r: CheckReport): string {
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

function x(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => XML[c]);
}

export function checkJunit(r: CheckReport): string {
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

export function checkMarkdown(r: CheckReport): string {
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
