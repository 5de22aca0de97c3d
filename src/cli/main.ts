#!/usr/bin/env node
/**
 * The `meshsim` executable: runs the CLI (cli.ts) on the process's arguments and sets the exit
 * code. If anything ends the process before the command settled (plug-in code slipping past the
 * process.exit guard), the exit code is forced to 2: never 0 without results. A closed output
 * pipe (`| head`) ends the output quietly.
 */
import { hideBin } from 'yargs/helpers';
import { EXIT_USAGE, runCli } from './cli.js';
import { tuneV8 } from './v8-tuning.js';

tuneV8();

// A reader that stops early (`meshsim schema | head`) closes the pipe: not an error of meshsim's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

let settled = false;
process.on('exit', (code) => {
  if (settled || code !== 0) return;
  process.stderr.write('meshsim: the process was ended before the command finished (by plug-in code?); no results were written.\n');
  process.exitCode = EXIT_USAGE;
});

runCli(hideBin(process.argv), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then((code) => {
  settled = true;
  process.exitCode = code;
});
