/**
 * `meshsim report <results-dir>... [--out report.html]`: one self-contained HTML report (and its
 * Markdown twin) of one or more results directories, side by side. Also used by `run --report`.
 */
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../../model/diagnostics.js';
import { escapeControl } from '../../model/escape.js';
import { readAllResults } from '../../report/html/results.js';
import { reportPaths, writeReport } from '../../report/html/write-report.js';
import { checkOutputFile, checkOutputFolder, ResultSetError } from '../../report/write.js';
import type { CommandContext } from '../context.js';

/** Checks, before anything is read, that a report can be written at `out` (and its twin and charts beside it). */
export function checkReportPath(out: string): void {
  const paths = reportPaths(out);
  checkOutputFile(paths.html);
  checkOutputFile(paths.markdown);
  checkOutputFolder(paths.chartsDir);
}

/** Writes the report of `dirs` to `out`; returns what it wrote. Write failures are user errors. */
export function reportTo(dirs: string[], out: string): string[] {
  const results = readAllResults(dirs);
  try {
    return writeReport(results, out);
  } catch (e) {
    // A file-system error is the output path's; anything else is a bug and stays one (exit 1).
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof ResultSetError || typeof code !== 'string') throw e;
    throw new InputError([{ severity: 'error', file: out, path: '(output)', message: `cannot write the report: ${code}` }]);
  }
}

/** Where `meshsim run --report` and a one-directory `meshsim report` put the page. */
export function defaultReportPath(dirs: string[]): string {
  return dirs.length === 1 ? join(dirs[0], 'report.html') : 'report.html';
}

interface ReportArgs {
  results: string[];
  out?: string;
}

export function reportCommand(ctx: CommandContext): CommandModule<object, ReportArgs> {
  return {
    command: 'report <results..>',
    describe: 'Write an HTML report (and a Markdown twin) of one or more results directories',
    builder: (y: Argv) =>
      y
        .positional('results', { type: 'string', array: true, demandOption: true, describe: 'results directories written by meshsim run (shown side by side)' })
        .option('out', { type: 'string', describe: 'HTML file to write (default: <dir>/report.html for one directory, ./report.html for several); the .md twin and <name>-charts/ go beside it' }) as unknown as Argv<ReportArgs>,
    handler: (a) => {
      const out = a.out ?? defaultReportPath(a.results);
      checkReportPath(out);
      const wrote = reportTo(a.results, out);
      ctx.io.out(`wrote ${escapeControl(wrote.join(', '))}\n`);
    },
  };
}
