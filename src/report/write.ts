/**
 * Writes a run's outputs as one result set, all or nothing.
 *
 * The folder the user names (`results/<name>`, `--out DIR`) is a symbolic link to a hidden set
 * folder beside it (`.<name>.meshsim-<pid>-<id>`). A run writes every file into a new set folder,
 * then points the link at it with one rename — the only way to replace a folder atomically with
 * the system calls Node offers. A reader, or a run killed at any instant, therefore finds either
 * the previous complete set or the new complete set, never a mix and never a partial set; the
 * previous set is removed only after the switch. Set folders and links left behind by killed runs
 * are removed by the next run, once the process that made them is gone (or the folder is old).
 *
 * A folder that already exists is replaced only when it is empty or holds an earlier meshsim set;
 * anything else is refused, so `--out .` cannot remove someone's files.
 */
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statfsSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { describeFsError } from '../model/read-input.js';

/** `ENOTDIR: a part of the path is not a directory`: the code (for searching) and its meaning. */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const words = describeFsError(e);
  return code === undefined || words === code ? words : `${code}: ${words}`;
}

/** A result set cannot be written where asked (a user's choice of folder): why, no stack. */
export class ResultSetError extends Error {
  /** `dir`: the result folder as the user named it (set by the exported functions). */
  constructor(message: string, readonly dir = '') {
    super(message);
    this.name = 'ResultSetError';
  }
}

/** Runs `f`, naming `dir` in any ResultSetError it throws. */
function forFolder<T>(dir: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ResultSetError && e.dir === '') throw new ResultSetError(e.message, dir);
    throw e;
  }
}

export interface ResultSetOptions {
  /** This process's id, recorded in set-folder names so later runs know whose they are (default 0). */
  pid?: number;
  /** Whether a process still runs; folders of live processes are never removed (default: assume alive). */
  isAlive?: (pid: number) => boolean;
  /** Wall-clock now (ms); with it, leftovers older than STALE_AFTER_MS are removed even if their pid is reused. */
  nowMs?: number;
}

/** Leftovers older than this are stale whatever their pid says (pids are reused). */
export const STALE_AFTER_MS = 60 * 60 * 1000;

/** File systems that hold no ordinary folders (Linux statfs magic numbers). */
const SPECIAL_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x1cd1: 'devpts',
  0x6165676c: 'pstore',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0xde5e81e4: 'efivarfs',
  0x65735543: 'fusectl',
  0x19800202: 'mqueue',
  0xf97cff8c: 'selinuxfs',
  0x42494e4d: 'binfmt_misc',
  0x6e736673: 'nsfs',
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names of the set folders and temporary links of result folder `base`: `.<base>.meshsim-<pid>-<id>[.link]`. */
function leftoverPattern(base: string): RegExp {
  return new RegExp(`^\\.${escapeRegExp(base)}\\.meshsim-(\\d+)-([A-Za-z0-9]{6})(\\.link)?$`);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ResultSetError(fsReason(e));
  }
}

/**
 * Makes `dir` exist as a folder, creating missing parents one at a time (Node 20's recursive
 * mkdir loops forever under /proc), and refuses special file systems before touching them.
 */
export function ensureFolder(dir: string): void {
  const existing = existingAncestor(dir);
  const missing: string[] = [];
  for (let at = resolve(dir); at !== existing; at = dirname(at)) missing.push(at);
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(m).isDirectory()) continue;
      throw new ResultSetError(`cannot create folder ${m}: ${fsReason(e)}`);
    }
  }
}

/** Creates `<prefix><6 random hex digits>` (mode from the umask, unlike mkdtemp's 0700). */
function makeSetFolder(prefix: string): string {
  for (let attempt = 0; ; attempt++) {
    const path = `${prefix}${randomBytes(3).toString('hex')}`;
    try {
      mkdirSync(path);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
      throw new ResultSetError(`cannot create a folder beside it: ${fsReason(e)}`);
    }
  }
}

/** True when `dir` is a folder of meshsim outputs written before result sets were links. */
function isPlainResultFolder(dir: string): boolean {
  try {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { schema?: unknown };
    return typeof summary.schema === 'string' && summary.schema.startsWith('meshsim.summary/');
  } catch {
    return false;
  }
}

/** Removes set folders and links that killed runs left beside `target`. */
function removeLeftovers(parent: string, base: string, keep: string | undefined, opts: ResultSetOptions): void {
  const pattern = leftoverPattern(base);
  const self = opts.pid ?? 0;
  const isAlive = opts.isAlive ?? (() => true);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || name === keep) continue;
    const pid = Number(m[1]);
    const path = join(parent, name);
    const st = lstatOrUndefined(path);
    if (!st) continue;
    const old = opts.nowMs !== undefined && opts.nowMs - st.mtimeMs > STALE_AFTER_MS;
    if (!old && (pid === self || isAlive(pid))) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

/** What is at a result folder's place now: nothing, our link to a set, an empty folder, or an earlier plain set. */
interface TargetState {
  target: string;
  parent: string;
  base: string;
  previousSet: string | undefined;
  replaceFolder: 'empty' | 'plain-set' | undefined;
}

function inspectTarget(dir: string): TargetState {
  const target = resolve(dir);
  const parent = dirname(target);
  const base = basename(target);
  if (base === '' || parent === target) throw new ResultSetError('that is not a folder a result set can replace; name a folder');
  const st = lstatOrUndefined(target);
  let previousSet: string | undefined;
  let replaceFolder: TargetState['replaceFolder'];
  if (st?.isSymbolicLink()) {
    let to: string;
    try {
      to = readlinkSync(target);
    } catch (e) {
      throw new ResultSetError(`cannot read the link: ${fsReason(e)}`);
    }
    if (!leftoverPattern(base).test(to)) throw new ResultSetError('it is a symbolic link that meshsim did not make; remove it or choose another folder');
    previousSet = to;
  } else if (st?.isDirectory()) {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch (e) {
      throw new ResultSetError(`cannot read the folder: ${fsReason(e)}`);
    }
    if (entries.length === 0) replaceFolder = 'empty';
    else if (isPlainResultFolder(target)) replaceFolder = 'plain-set';
    else throw new ResultSetError('the folder holds files that are not a meshsim result set, and meshsim replaces the whole folder on every run: choose an empty or new folder');
  } else if (st) {
    throw new ResultSetError('it exists and is not a folder');
  }
  return { target, parent, base, previousSet, replaceFolder };
}

/** The nearest existing folder at or above `dir`, refused if it is on a special file system. */
function existingAncestor(dir: string): string {
  let at = resolve(dir);
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ResultSetError(`${fsReason(e)} (at ${at})`);
    }
    if (st) {
      if (!st.isDirectory()) throw new ResultSetError(`ENOTDIR: ${at} is not a folder`);
      break;
    }
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  let fsType: number | undefined;
  try {
    fsType = Number(statfsSync(at).type);
  } catch {
    fsType = undefined;
  }
  const special = fsType === undefined ? undefined : SPECIAL_FILE_SYSTEMS[fsType];
  if (special !== undefined) throw new ResultSetError(`${at} is on a special file system (${special}), which holds no ordinary folders; choose another folder`);
  return at;
}

/**
 * Checks, before a run, that `dir` can receive a result set (nothing is created): fails fast on
 * special file systems, files in the way and folders holding other files.
 */
export function checkResultFolder(dir: string): void {
  forFolder(dir, () => existingAncestor(inspectTarget(dir).parent));
}

/**
 * Checks, before any work, that files can be written into folder `dir` beside what it holds (a
 * sweep folder, a capacity plan, a report's charts): nothing is created. Fails fast on special file
 * systems (where Node 20's recursive mkdir never returns), empty paths and files in the way.
 */
export function checkOutputFolder(dir: string): void {
  forFolder(dir, () => {
    if (dir === '') throw new ResultSetError('the path is empty; name a folder');
    existingAncestor(dir);
  });
}

/**
 * Checks, before any work, that file `file` can be written (a report, a JUnit or Markdown file):
 * its folder passes checkOutputFolder and the file itself, if it exists, is a regular file. With
 * `devices`, a path under /dev (/dev/null, /dev/stdout, a pipe behind /dev/fd/N) is accepted too,
 * for outputs written in place; a named pipe elsewhere would block the write forever.
 */
export function checkOutputFile(file: string, options: { devices?: boolean } = {}): void {
  forFolder(file, () => {
    if (file === '' || /[\\/]$/.test(file)) throw new ResultSetError('name a file, not a folder');
    const path = resolve(file);
    let st: Stats | undefined;
    try {
      st = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new ResultSetError(fsReason(e));
    }
    if (st?.isDirectory()) throw new ResultSetError('it is a folder; name a file');
    const device = options.devices === true && path.startsWith('/dev/') && st !== undefined && (st.isCharacterDevice() || st.isFIFO());
    if (st && !st.isFile() && !device) throw new ResultSetError(`it exists and is not a regular file${options.devices ? ' (nor a device under /dev)' : ''}`);
    if (!device) existingAncestor(dirname(path));
  });
}

/**
 * Writes `files` as the result set at `dir` (see the module comment). Returns the written paths
 * as `dir/<name>`. Throws ResultSetError when `dir` cannot hold a result set.
 */
export function writeResultSet(dir: string, files: Record<string, string>, opts: ResultSetOptions = {}): string[] {
  return forFolder(dir, () => writeSet(dir, files, opts));
}

function writeSet(dir: string, files: Record<string, string>, opts: ResultSetOptions): string[] {
  const { target, parent, base, previousSet, replaceFolder } = inspectTarget(dir);
  ensureFolder(parent);
  removeLeftovers(parent, base, previousSet, opts);

  const prefix = join(parent, `.${base}.meshsim-${opts.pid ?? 0}-`);
  const set = makeSetFolder(prefix);
  const link = `${set}.link`;
  // An earlier plain folder of results is moved aside (its name marks it as a leftover).
  const aside = `${prefix}old${basename(set).slice(-3)}`;
  let movedAside = false;
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(set, name), content);
    symlinkSync(basename(set), link);
    if (replaceFolder === 'empty') rmdirSync(target);
    if (replaceFolder === 'plain-set') {
      renameSync(target, aside);
      movedAside = true;
    }
    // The switch: one rename replaces the link, so the folder holds the old set or the new one.
    renameSync(link, target);
  } catch (e) {
    if (movedAside) renameSync(aside, target);
    rmSync(link, { force: true });
    rmSync(set, { recursive: true, force: true });
    throw new ResultSetError(fsReason(e));
  }
  if (previousSet !== undefined) rmSync(join(parent, previousSet), { recursive: true, force: true });
  if (movedAside) rmSync(aside, { recursive: true, force: true });
  return Object.keys(files).map((name) => join(dir, name));
}

/** The former name of writeResultSet. */
export const writeOutputsAtomically = writeResultSet;

/**
 * Writes files into `dir` beside whatever it holds (a report next to results, a capacity plan):
 * each file is written under a temporary name and renamed into place, so none is ever half-written.
 * Unlike a result set, the folder is not replaced. Returns the paths written.
 */
export function writeFilesBeside(dir: string, files: Record<string, string>): string[] {
  return forFolder(dir, () => writeBeside(dir, files));
}

function writeBeside(dir: string, files: Record<string, string>): string[] {
  ensureFolder(dir);
  return Object.entries(files).map(([name, content]) => {
    const path = join(dir, name);
    const tmp = join(dir, `.${name}.meshsim-tmp-${randomBytes(4).toString('hex')}`);
    try {
      writeFileSync(tmp, content);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new ResultSetError(`cannot write ${path}: ${fsReason(e)}`);
    }
    return path;
  });
}
