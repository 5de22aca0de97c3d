import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../src/report/html/csv-parse.js';

describe('CSV reading', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n"x,y","say ""hi"""\r\n', [['a', 'b'], ['x,y', 'say "hi"']]],
    ['a,,c\n', [['a', '', 'c']]],
    ['"multi\nline",z', [['multi\nline', 'z']]],
  ])('%j', (text, expected) => {
    expect(parseCsvRecords(text)).toEqual(expected);
  });

  it('reads back what csv-stringify writes (any text, commas, quotes, newlines)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }), (rows) => {
        const text = stringify([['h1', 'h2'], ...rows]);
        expect(parseCsv('# provenance\n' + text).rows).toEqual(rows.map(([a, b]) => ({ h1: a, h2: b })));
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  it('keeps the # comment lines apart', () => {
    const t = parseCsv('# meshsim 0.1.0 scenario=x\nk,v\n1,2\n');
    expect(t.comments).toEqual(['meshsim 0.1.0 scenario=x']);
    expect(t.header).toEqual(['k', 'v']);
    expect(t.rows).toEqual([{ k: '1', v: '2' }]);
  });
});
