/**
 * Reads an input file (scenario, policy file, plug-in module) safely: only a regular file, at most
 * LIMITS.fileBytes. A path may name anything — `/dev/zero` never ends, a FIFO blocks forever, a
 * directory cannot be read — so the kind of file is checked before it is opened and the read
 * itself stops at the limit, whatever the file claims its size is (files under /proc claim 0).
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
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

const LIMIT_TEXT = `${LIMITS.fileBytes / 1024 / 1024} MiB`;

/** The bytes of a regular file of at most LIMITS.fileBytes, or why not. */
export function readInputBytes(path: string, limit = LIMITS.fileBytes): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  if (path.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  if (!st.isFile()) return { ok: false, reason: `it is ${kindOf(st)}, not a regular file` };
  if (st.size > limit) return { ok: false, reason: `it is ${st.size} bytes; input files may be at most ${LIMIT_TEXT} (README "Input limits")` };
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
    if (filled > limit) return { ok: false, reason: `it is larger than ${LIMIT_TEXT}; input files may be at most ${LIMIT_TEXT} (README "Input limits")` };
    return { ok: true, bytes: grown.subarray(0, filled) };
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  } finally {
    closeSync(fd);
  }
}

/** The text (UTF-8) of a regular file of at most LIMITS.fileBytes, or why not. */
export function readInputFile(path: string): ReadResult {
  const r = readInputBytes(path);
  return r.ok ? { ok: true, text: r.bytes.toString('utf8') } : r;
}
