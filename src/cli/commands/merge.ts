/**
 * `meshsim merge <sweep folder>... [--out DIR]`: combines the folders of a sweep's shards into one
 * and writes its tidy and aggregate CSVs (see src/sweep/merge.ts).
 */
import type { CommandModule } from 'yargs';
import { escapeControl } from '../../model/escape.js';
import { checkOutputFolder } from '../../report/write.js';
import { flagError } from '../../sweep/definition.js';
import { SweepFolderError } from '../../sweep/folder.js';
import { mergeSweeps } from '../../sweep/merge.js';
import type { CommandContext } from '../context.js';

const COMMAND = 'meshsim merge';

interface MergeArgs {
  folders: string[];
  out?: string;
}

export function mergeCommand(ctx: CommandContext): CommandModule<object, MergeArgs> {
  return {
    command: 'merge <folders..>',
    describe: 'Merge the folders of a sharded sweep (meshsim sweep --shard) and write its CSVs',
    builder: (y) =>
      y
        .positional('folders', { type: 'string', array: true, demandOption: true, describe: 'sweep folders (one per shard)' })
        .option('out', { type: 'string', describe: 'merged sweep folder (default: the only folder given, merged in place)' }) as never,
    handler: (a) => {
      const folders = a.folders.map(String);
      if (a.out === undefined && folders.length > 1) throw flagError(COMMAND, '--out', `name the merged folder (--out DIR) when merging ${folders.length} folders`);
      const out = a.out ?? folders[0];
      checkOutputFolder(out);
      let r;
      try {
        r = mergeSweeps(folders, out);
      } catch (e) {
        if (e instanceof SweepFolderError) throw flagError(COMMAND, 'folders', e.message);
        throw e;
      }
      ctx.io.out(`${escapeControl(`merged ${folders.length} folder${folders.length === 1 ? '' : 's'} into ${out}: ${r.points.toLocaleString('en-US')} points (${r.copied} copied)`)}\nwrote ${escapeControl(r.written.join(', '))}\n`);
    },
  };
}
