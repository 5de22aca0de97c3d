/**
 * The catalogue of checks is the README's table, row for row, and every check has its tests:
 * a code with no test file mentioning it fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/analysis/catalogue.js';

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

describe('the analyzer catalogue', () => {
  it('the README table lists every check: code, name, level, meaning, fix', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const c of ALL_CHECKS) {
      expect(readme).toContain(`| \`${c.code}\` ${c.name} | ${c.level} | ${c.meaning}${c.stage === 'load' ? ' *(load)*' : ''} | ${cap(c.fix)}. |`);
    }
  });

  it('codes are unique, Istio\'s IST or meshsim\'s MS, and each is exercised by a test', () => {
    const codes = ALL_CHECKS.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^(IST|MS)\d{4}$/);
    const tests = readdirSync('test/analysis').filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts').map((f) => readFileSync(`test/analysis/${f}`, 'utf8')).join('\n');
    expect(codes.filter((c) => !tests.includes(`'${c}'`) && !tests.includes(`${c} `))).toEqual([]);
  });
});
