/**
 * Reads the CSV files meshsim writes (RFC 4180: quoted fields with "" escapes, CRLF or LF line
 * ends; `#` comment lines before the header). Small on purpose: the report reads meshsim's own
 * outputs, so one header row and string cells are all it needs.
 */

export interface CsvTable {
  header: string[];
  /** Rows as records keyed by header name (missing cells, and columns missing from the header, are ''). */
  rows: Record<string, string>[];
  /** The leading `#` comment lines, without the `#`. */
  comments: string[];
}

/** Splits CSV text into records of cells. */
export function parseCsvRecords(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/**
 * A row whose missing columns read as '' (an empty cell), like its missing cells: a CSV from
 * another meshsim version, or edited by hand, may lack a column a section reads, and every
 * reader already treats '' as "no value".
 */
function withEmptyCells(row: Record<string, string>): Record<string, string> {
  return new Proxy(row, { get: (target, key) => (typeof key === 'string' && !Object.hasOwn(target, key) && !(key in Object.prototype) ? '' : Reflect.get(target, key)) });
}

export function parseCsv(text: string): CsvTable {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  let skip = 0;
  while (skip < lines.length && lines[skip].startsWith('#')) comments.push(lines[skip++].slice(1).trim());
  const records = parseCsvRecords(lines.slice(skip).join('\n')).filter((r) => !(r.length === 1 && r[0] === ''));
  const header = records[0] ?? [];
  const rows = records.slice(1).map((r) => withEmptyCells(Object.fromEntries(header.map((h, j) => [h, r[j] ?? '']))));
  return { header, rows, comments };
}
