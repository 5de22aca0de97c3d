/**
 * Reads an input file (scenario, policy file, plug-in module) safely: only a regular file, at most
 * LIMITS.fileBytes. A path may name anything — `/dev/zero` never ends, a FIFO blocks forever, a
 * directory cannot be read — so the kind of file is checked before it is opened and the read
 * itself stops at the limit, whatever the file claims its size is (files under /proc claim 0).
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from './diagnostics.js';
import { LIMITS } from './limits.js';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** A file-system error code in words. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? 'cannot be read' : (READ_ERRORS[code] ?? code);
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Which limit a file is read under: user-written inputs, or files meshsim wrote and reads back. */
export type InputKind = 'input' | 'results';

const LIMIT_OF: Record<InputKind, { bytes: number; name: string; files: string }> = {
  input: { bytes: LIMITS.fileBytes, name: 'fileBytes', files: 'input files' },
  results: { bytes: LIMITS.resultFileBytes, name: 'resultFileBytes', files: 'results files (summary.json, CSVs, sweep points)' },
};

/** The bytes of a regular file of at most LIMITS.fileBytes (or .resultFileBytes), or why not. */
export function readInputBytes(path: string, kind: InputKind = 'input'): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  const limit = LIMIT_OF[kind].bytes;
  const LIMIT_TEXT = `${limit / 1024 / 1024} MiB`;
  const rule = `${LIMIT_OF[kind].files} may be at most ${LIMIT_TEXT} (README "Input limits", ${LIMIT_OF[kind].name})`;
  if (path.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  if (!st.isFile()) return { ok: false, reason: `it is ${kindOf(st)}, not a regular file` };
  if (st.size > limit) return { ok: false, reason: `it is ${st.size} bytes; ${rule}` };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  try {
    // The file may have been swapped after the stat: check the opened one too.
    if (!fstatSync(fd).isFile()) return { ok: false, reason: 'it is not a regular file' };
    const buf = Buffer.alloc(Math.min(limit + 1, Math.max(st.size + 1, 64 * 1024)));
    let filled = 0;
    let grown = buf;
    for (;;) {
      if (filled === grown.length) {
        if (grown.length > limit) break;
        const bigger = Buffer.alloc(Math.min(limit + 1, grown.length * 2));
        grown.copy(bigger, 0, 0, filled);
        grown = bigger;
      }
      const n = readSync(fd, grown, filled, grown.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    if (filled > limit) return { ok: false, reason: `it is larger than ${LIMIT_TEXT}; ${rule}` };
    return { ok: true, bytes: grown.subarray(0, filled) };
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  } finally {
    closeSync(fd);
  }
}

/** The text (UTF-8) of a regular file of at most LIMITS.fileBytes (or .resultFileBytes), or why not. */
export function readInputFile(path: string, kind: InputKind = 'input'): ReadResult {
  const r = readInputBytes(path, kind);
  return r.ok ? { ok: true, text: r.bytes.toString('utf8') } : r;
}

/**
 * The text of a file the user named (a thresholds file, a baseline, a results folder's files), or
 * an InputError `file: error: (file): cannot read <what>: <reason>` (exit 2, nothing run).
 */
export function readInputText(path: string, what: string, kind: InputKind = 'input'): string {
  const r = readInputFile(path, kind);
  if (!r.ok) throw new InputError([{ severity: 'error', file: path, path: '(file)', message: `cannot read ${what}: ${r.reason}` }]);
  return r.text;
}
