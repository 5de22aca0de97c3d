/**
 * summary.json `warnings[]`: each load warning carries its analyzer code (`IST0130`, `IST0131`,
 * `MS0110`: the checks made while loading) or `code: null` when it has none (a field meshsim does
 * not simulate), beside the file, line, path and message it always had; the text summary shows
 * the code as the terminal diagnostics do (`[IST0130]`), the report in a column of its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/html/build-report.js';
import { readAllResults } from '../../src/report/html/results.js';
import { writeOutputsAtomically } from '../../src/report/write.js';
import { simulateText } from '../../src/run.js';
import { base, vs } from '../analysis/fixtures.js';
import { tempDir } from './fixtures.js';

describe('summary.json warnings carry their code', () => {
  const doc = base();
  doc.requests = 200;
  doc.policies = [
    vs('web', {
      hosts: ['web'],
      http: [
        { match: [{ sourceNamespace: 'shop' }], route: [{ destination: { host: 'web' } }] },
        { match: [{ sourceNamespace: 'shop' }], route: [{ destination: { host: 'web' } }], mirror: { host: 'web' } },
        { route: [{ destination: { host: 'web' } }] },
        { match: [{ sourceNamespace: 'y' }], route: [{ destination: { host: 'web' } }] },
      ],
    }),
  ];
  const out = simulateText(stringify(doc), 'scenario.yaml');

  it('a coded warning has its code; an uncoded one has code: null; the other fields are as before', () => {
    const w = out.summary.warnings;
    expect(w.map((x) => [x.path, x.code])).toEqual([
      ['spec.http[1].match[0]', 'IST0131'],
      ['spec.http[1]', 'IST0130'],
      ['spec.http[3].match[0]', 'IST0130'],
      ['spec.http[1].mirror', null],
    ]);
    for (const x of w) expect(Object.keys(x)).toEqual(['file', 'line', 'path', 'message', 'code']);
    expect(JSON.parse(out.files['summary.json']).warnings[0]).toMatchObject({ file: 'scenario.yaml', code: 'IST0131', message: expect.stringMatching(/match/) });
  });

  it('the text summary names the code after the message', () => {
    expect(out.text).toMatch(/\nwarning: scenario\.yaml:\d+: spec\.http\[3\]\.match\[0\]: .*rule #3 not used.* \[IST0130\]\n/);
    expect(out.text).toMatch(/\nwarning: scenario\.yaml:\d+: spec\.http\[1\]\.mirror: [^\n[]*\n/);
  });

  it('the report lists the code beside each warning, and still reads a summary written before codes (no code field)', () => {
    const dir = join(tempDir(), 'results');
    writeOutputsAtomically(dir, out.files);
    const md = buildReport(readAllResults([dir])).markdown;
    expect(md).toContain('| file | line | field | warning | code |');
    // (Markdown escapes the brackets and the #.)
    expect(md).toMatch(/\| spec\.http\\\[3\\\]\.match\\\[0\\\] \| virtualService rule \\#3 not used [^|\n]* \| IST0130 \|\n/);
    expect(md).toMatch(/\| spec\.http\\\[1\\\]\.mirror \| [^|\n]* \|   \|\n/); // no code: an empty cell
    const old = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    for (const w of old.warnings) delete w.code;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(old, null, 2));
    expect(buildReport(readAllResults([dir])).markdown).toMatch(/\| spec\.http\\\[3\\\]\.match\\\[0\\\] \| virtualService rule \\#3 not used [^|\n]* \|   \|\n/);
  });
});
